"""A person at the comment form: correcting it with the mouse after errors, and seeing the
provision they comment on (its citation in the heading, its text above the comment box).

The examples are built with the Chinese draft's period opened, so an English and a Chinese
draft both take comments, and served as static files: nothing here is sent.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from generator.build import build

from ..conftest import REPO
from .conftest import ARTIFACTS, Quiet

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)  # noon in Springfield (America/Chicago)
# A provision whose words look like markup: it must be quoted as text, never as HTML.
MARKUP = '(i) A listing titled <img src=x onerror="alert(1)"> or <b>bold</b> is still a listing.'

# Each interface on a draft in its own language: the words the tests look for.
INTERFACES = {
    "en": {"prefix": "", "draft": "short-term-rentals", "fixed": "Fixed",
           "summary": "There is a problem"},
    "zh-Hans": {"prefix": "zh-Hans/", "draft": "waste-sorting", "fixed": "已改正",
                "summary": "存在问题"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """The examples, the Chinese draft open for comment, served statically."""
    root = tmp_path_factory.mktemp("comment-form")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    meta = root / "drafts" / "waste-sorting" / "draft.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2026-08-01", "2026-11-01")
                    .replace("2026-08-31", "2027-01-31"), encoding="utf-8")
    current = root / "drafts" / "short-term-rentals" / "versions" / "03-second-reading.md"
    text = current.read_text(encoding="utf-8")
    anchor = "(h) "  # the last subsection of the definitions gets a ninth, made of markup
    at = text.index("\n", text.index(anchor))
    current.write_text(text[:at] + "\n\n" + MARKUP + text[at:], encoding="utf-8")
    build(root, now=NOW)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def settled(page: Page) -> None:
    """Let what the script does after a click (it waits for the button's release) run."""
    page.evaluate("() => new Promise((done) => setTimeout(() => requestAnimationFrame(done)))")


def top_of(page: Page, selector: str) -> float:
    """Where an element is on the page (not in the viewport), so scrolling does not count."""
    return page.locator(selector).evaluate(
        "el => el.getBoundingClientRect().top + window.scrollY")


def click_with_the_mouse(page: Page, selector: str) -> tuple[dict, dict, dict]:
    """Press and release the mouse on a control as a person does; its bounding box before
    the press, while the button is down and after the release (once the page has settled)."""
    control = page.locator(selector)
    control.scroll_into_view_if_needed()  # scrolling does not blur the field being typed in
    before = control.bounding_box()
    page.mouse.move(before["x"] + before["width"] / 2, before["y"] + before["height"] / 2)
    page.mouse.down()
    held = control.bounding_box()
    page.mouse.up()
    settled(page)
    return before, held, control.bounding_box()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", INTERFACES)
def test_correcting_the_form_with_the_mouse_moves_nothing(page: Page, site, language, width):
    words = INTERFACES[language]
    page.clock.set_fixed_time(NOW)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + words["prefix"] + f"drafts/{words['draft']}/comment/")
    page.locator("#c-email").fill("not an address")
    page.locator("#comment-form button[type=submit]").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(4)
    button_at = top_of(page, "#comment-form button[type=submit]")

    # Type into a field that had an error, then go straight to a radio button or checkbox
    # below it: the mouse-down blurs the field, which fires its change event.
    for text_field, typed, control in [
        ("#c-comment", "The fee is too high for hosted rentals.", "#c-position-oppose"),
        ("#c-name", "Ada Park", "#c-respondent_type-individual"),
        ("#c-email", "ada@example.org", "#c-publish_name"),
    ]:
        page.locator(text_field).click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(typed)
        before, held, after = click_with_the_mouse(page, control)
        assert held == before, f"{control} moved under the pointer: {before} -> {held}"
        assert after == before, f"{control} moved after the click: {before} -> {after}"
        expect(page.locator(control)).to_be_checked()
        # The corrected field says so, to sight and to assistive technology alike.
        expect(page.locator(text_field)).not_to_have_attribute("aria-invalid", "true")
        error = page.locator(f"{text_field}-error")
        expect(error).to_have_text(words["fixed"])
        expect(page.locator(text_field)).not_to_have_accessible_description(
            re.compile(words["fixed"]))
    # The radio group fixed by the click, and the whole form: nothing moved.
    expect(page.locator("#c-respondent_type-error")).to_have_text(words["fixed"])
    expect(page.locator("#c-respondent_type-individual")).not_to_have_attribute(
        "aria-invalid", "true")
    assert top_of(page, "#comment-form button[type=submit]") == button_at
    # The summary still lists what was wrong, each entry struck and marked as fixed.
    expect(summary.locator("li.is-fixed")).to_have_count(4)
    expect(summary.get_by_role("link").first).to_have_accessible_name(re.compile("fixed|已改正"))
    page.screenshot(path=str(ARTIFACTS / f"comment-form-corrected-{language}-{width}.png"),
                    full_page=True)

    # Made wrong again, a field shows its error again, in the same place.
    page.locator("#c-name").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    before, held, after = click_with_the_mouse(page, "#c-position-support")
    assert held == before == after
    expect(page.locator("#c-position-support")).to_be_checked()
    expect(page.locator("#c-name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#c-name-error")).not_to_have_text(words["fixed"])
    expect(summary.locator("li.is-fixed")).to_have_count(3)

    # The next submit settles the form: only what is still wrong is listed.
    page.locator("#comment-form button[type=submit]").click()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page.locator("#c-comment-error")).to_be_hidden()
