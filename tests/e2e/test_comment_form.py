"""A person at the comment form: correcting it with the mouse after errors, and seeing the
provision they comment on (its citation in the heading, its text above the comment box).

The examples are built with the Chinese draft's period opened, so an English and a Chinese
draft both take comments, and served as static files: nothing here is sent.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build

from ..conftest import REPO
from .conftest import ARTIFACTS, serving_folder

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
    with serving_folder(root / "site") as url:
        yield url


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


def quoted(page: Page) -> list[str]:
    """The quoted provision's lines, as the reader sees them."""
    return page.locator("#c-provision-text p").all_inner_texts()


def test_the_provision_commented_on_is_cited_and_quoted(page: Page, site):
    page.clock.set_fixed_time(NOW)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "draft.json" in r.url else None)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site + "drafts/short-term-rentals/")
    page.get_by_role("link", name="Comment on this provision: Section 3(b)").click()
    expect(page).to_have_url(re.compile(r"/comment/\?provision=sec_3__subsec_b$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Comment on Section 3(b)")
    quote = page.get_by_role("figure")
    expect(quote).to_be_visible()
    expect(quote.locator("figcaption")).to_have_text(
        "The text of Section 3(b), as it reads now:")
    text = quote.locator("blockquote")
    expect(text).to_have_attribute("lang", "en")
    assert quoted(page) == [
        "(b) A host shall display the registration number issued under Section 4 in every "
        "advertisement or listing for the short-term rental, including any listing on a "
        "booking platform."]
    expect(quote.get_by_role("link", name="Read it in the draft")).to_have_attribute(
        "href", re.compile(r"/drafts/short-term-rentals/#sec_3__subsec_b$"))
    # It sits between the choice of provision and the comment box.
    order = page.evaluate("""() => ['c-provision', 'c-provision-quote', 'c-comment']
        .map((id) => document.getElementById(id).getBoundingClientRect().top)""")
    assert order == sorted(order)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "comment-provision-en-1280.png"), full_page=True)

    # Another provision from the list: the heading and the quote follow. A section is quoted
    # with its subsections; words that look like markup stay words.
    select = page.get_by_label("What are you commenting on?")
    select.select_option("sec_2")
    expect(heading).to_contain_text("Comment on Section 2")
    expect(quote.locator("figcaption")).to_have_text("The text of Section 2, as it reads now:")
    expect(text.locator("p").first).to_have_text("Section 2. Definitions\nIn this ordinance:")
    expect(text).to_contain_text('(b) "Director" means')
    select.select_option("sec_2__subsec_i")
    expect(heading).to_contain_text("Comment on Section 2(i)")
    assert quoted(page) == [MARKUP]
    expect(text.locator("img, b")).to_have_count(0)
    assert dialogs == []
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "comment-provision-en-360.png"), full_page=True)

    # Back to the draft as a whole: no provision named or quoted.
    select.select_option("")
    expect(heading).to_contain_text("Comment on this draft")
    expect(quote).to_be_hidden()
    assert len(fetched) == 1, fetched  # the texts are loaded once, however often one chooses


def test_a_chinese_article_is_quoted_with_its_paragraphs(page: Page, site):
    page.clock.set_fixed_time(NOW)
    page.goto(site + "zh-Hans/drafts/waste-sorting/comment/?provision=art_2")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("对第二条提出意见")
    quote = page.get_by_role("figure")
    expect(quote.locator("figcaption")).to_have_text("第二条现行文本：")
    expect(quote.locator("blockquote")).to_have_attribute("lang", "zh-Hans")
    lines = quoted(page)
    assert len(lines) == 2
    assert lines[0].startswith("第二条\u3000本市行政区域内生活垃圾的源头减量")
    assert lines[1].startswith("本条例所称生活垃圾")
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "comment-provision-zh-Hans-360.png"), full_page=True)
    page.get_by_label("您的意见针对哪一部分？").select_option("art_2__para_2")
    expect(heading).to_contain_text("对第二条第二款提出意见")
    assert quoted(page) == [lines[1]]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "comment-provision-zh-Hans-1280.png"), full_page=True)


def test_an_english_draft_quoted_in_the_chinese_interface_keeps_its_language(page: Page, site):
    page.clock.set_fixed_time(NOW)
    page.goto(site + "zh-Hans/drafts/short-term-rentals/comment/?provision=sec_3__subsec_b")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("对Section 3(b)提出意见")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(heading.locator("#comment-subject span")).to_have_attribute("lang", "en")
    expect(page.locator("#c-provision-text")).to_have_attribute("lang", "en")
    expect(page.locator("#c-provision-text")).to_contain_text("(b) A host shall display")


def test_a_long_part_is_quoted_in_part_with_a_link_to_the_rest(page: Page, site):
    page.clock.set_fixed_time(datetime(2027, 1, 4, 18, 0, tzinfo=UTC))  # its period is open
    page.goto(site + "drafts/consumer-data-privacy/comment/?provision=part_I")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment on Part I")
    expect(page.locator("#c-provision-text p")).to_have_count(13)  # twelve lines, then "…"
    expect(page.locator("#c-provision-text p").last).to_have_text("…")
    expect(page.get_by_role("link", name="Read the rest in the draft")).to_have_attribute(
        "href", re.compile(r"/drafts/consumer-data-privacy/#part_I$"))


def test_without_javascript_the_list_still_says_which_provision(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "drafts/short-term-rentals/comment/?provision=sec_3__subsec_b")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment on this draft")
    expect(page.locator("#c-provision-quote")).to_be_hidden()
    select = page.get_by_label("What are you commenting on?")
    select.select_option("sec_3__subsec_b")
    expect(select).to_have_value("sec_3__subsec_b")
    context.close()


def test_a_page_opened_without_a_provision_loads_no_texts(page: Page, site):
    page.clock.set_fixed_time(NOW)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "draft.json" in r.url else None)
    page.goto(site + "drafts/consumer-data-privacy/comment/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#c-provision-quote")).to_be_hidden()
    assert fetched == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", INTERFACES)
def test_a_quoted_and_corrected_form_passes_axe(browser, site, language, width):
    """The states this file adds to the comment page, under the same axe rules as every
    page type (tests/e2e/test_accessibility.py): a provision quoted, then a form being
    corrected after errors. (axe is injected as an inline script, which the pages' own
    Content-Security-Policy refuses: the test's browser context bypasses it.)"""
    from .test_accessibility import axe_violations

    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    words = INTERFACES[language]
    provision = "sec_3__subsec_b" if language == "en" else "art_2"
    page.clock.set_fixed_time(NOW)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + words["prefix"] + f"drafts/{words['draft']}/comment/?provision={provision}")
    expect(page.locator("#c-provision-quote")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#comment-form button[type=submit]").click()
    page.locator("#c-name").fill("Ada Park")
    page.locator("#c-name").blur()
    expect(page.locator("#c-name-error")).to_have_text(words["fixed"])
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    context.close()
