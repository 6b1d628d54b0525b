"""A commenter in Chromium: from a provision to the form, a submission, its tracking number.

The built example site and the intake service run as one application (what ``docket serve``
runs) under uvicorn on a free loopback port; the service's clock and the browser's are both
pinned to the build's time, so the comment periods are what the examples say.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build
from generator.serve.published import with_intake

from ..conftest import REPO
from .conftest import ARTIFACTS, serving

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)  # noon in Springfield (America/Chicago)
LATER = datetime(2027, 1, 16, 12, 0, tzinfo=UTC)  # the day after short-term-rentals closes


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(site URL, database path) of the examples served with the intake service."""
    root = tmp_path_factory.mktemp("commenting")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    build(root, now=NOW)
    db = root / "comments.db"
    app = with_intake(root, db, root / "site", clock=lambda: NOW)
    with serving(app) as url:
        yield url, db


def stored(db: Path, tracking: str) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM submissions WHERE tracking = ?", (tracking,)).fetchone()
    assert row is not None, f"{tracking} is not in the database"
    return dict(row)


def screenshot(page: Page, name: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def fill_in(page: Page, comment: str) -> None:
    page.get_by_label("Your comment").fill(comment)
    page.get_by_label("Full name").fill("Priya Natarajan")
    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("On behalf of an organisation").check()
    page.get_by_label("Organisation (optional)").fill("Springfield Hosts Alliance")
    page.get_by_label("Town, neighbourhood or postcode (optional)").fill("62704")
    page.get_by_label("Oppose").check()
    page.get_by_label("You may publish my name with my comment").check()


def test_comment_on_a_provision_and_get_a_tracking_number(page: Page, served):
    url, db = served
    page.clock.set_fixed_time(NOW)
    page.goto(url + "drafts/short-term-rentals/")
    page.get_by_role("link", name="Comment on this provision: Section 3(b)").click()
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/comment/\?provision=sec_3__subsec_b$"))
    expect(page.get_by_label("What are you commenting on?")).to_have_value("sec_3__subsec_b")
    comment = "Listings should show the number <b>in the title</b>, not only in the text."
    fill_in(page, comment)
    expect(page.locator("#c-comment-count")).to_have_text(f"You have {20_000 - len(comment):,} characters left")
    screenshot(page, "comment-form-filled", 1280)
    page.get_by_role("button", name="Send comment").click()
    receipt = page.locator("#comment-receipt")
    expect(receipt).to_be_visible()
    expect(receipt).to_be_focused()
    tracking = page.locator("#comment-tracking").inner_text()
    assert re.fullmatch(r"DKT-2026-[0-9A-Z]{4}-[0-9A-Z]{4}", tracking)
    expect(page.locator("#comment-form")).to_be_hidden()
    screenshot(page, "comment-received", 1280)
    screenshot(page, "comment-received", 360)
    row = stored(db, tracking)
    assert row["provision"] == "sec_3__subsec_b"
    assert row["draft"] == "short-term-rentals" and row["version"] == "03-second-reading"
    assert row["comment"] == comment and row["respondent_type"] == "organisation"
    assert row["publish_name"] == 1 and row["position"] == "oppose" and row["late"] == 0


def test_inline_validation_names_each_problem(page: Page, served):
    url, db = served
    page.clock.set_fixed_time(NOW)
    page.goto(url + "drafts/short-term-rentals/comment/")
    screenshot(page, "comment-form", 360)
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Send comment").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    for message in ("Enter your comment", "Enter your full name",
                    "Enter an email address in the right format",
                    "Choose how you are responding"):
        expect(summary).to_contain_text(message)
    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("right format"))
    screenshot(page, "comment-form-errors", 1280)
    screenshot(page, "comment-form-errors", 360)
    summary.get_by_role("link", name="Enter your full name").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    page.get_by_label("Full name").fill("Ada Park")
    page.get_by_label("Full name").blur()
    expect(page.get_by_label("Full name")).not_to_have_attribute("aria-invalid", "true")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM submissions WHERE name = ''").fetchone()[0] == 0


def test_the_form_works_without_javascript(browser, served):
    url, db = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "drafts/short-term-rentals/comment/?provision=sec_7")
    select = page.get_by_label("What are you commenting on?")
    expect(select).to_have_value("")  # no script to preselect: the list is there to choose from
    select.select_option("sec_7")
    fill_in(page, "No script needed.")
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment received")
    tracking = page.locator(".tracking").inner_text()
    assert stored(db, tracking)["provision"] == "sec_7"
    expect(page.locator(".receipt__text")).to_have_text("No script needed.")
    screenshot(page, "comment-receipt-page", 1280)
    context.close()


def test_a_closed_draft_shows_no_form(page: Page, served):
    url, _ = served
    page.clock.set_fixed_time(NOW)
    page.goto(url + "drafts/waste-sorting/")
    expect(page.locator("a.cl")).to_have_count(0)
    page.goto(url + "drafts/waste-sorting/comment/")
    expect(page.get_by_role("status")).to_have_text(re.compile("no longer accepted"))
    expect(page.locator("form")).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(0)


def test_the_browser_clock_closes_a_form_built_while_open(page: Page, served):
    url, _ = served
    page.clock.set_fixed_time(LATER)  # the page was built before the deadline
    page.goto(url + "drafts/short-term-rentals/comment/")
    expect(page.get_by_role("status")).to_have_text(
        re.compile("Comments closed on January 15, 2027.* no longer accepted"))
    expect(page.locator("#comment-form")).to_be_hidden()
    page.goto(url + "drafts/short-term-rentals/")
    expect(page.locator("a.cl").first).to_be_hidden()
    expect(page.get_by_text("The comment period has closed")).to_be_visible()
