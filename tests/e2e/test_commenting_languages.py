"""Commenting from every interface language of a two-language site, with and without script.

The intake service has one address (``/api/comments``) whatever the page's language; the
form tells it the reader's language, so the receipt and the refusals speak it. The examples
build English at the root and Chinese under ``/zh-Hans/``; the Chinese draft's comment
period is opened here so both an English and a Chinese draft take comments.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build
from generator.serve.published import with_intake

from ..conftest import REPO
from .conftest import ARTIFACTS, serving

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)  # noon in Springfield (America/Chicago)
TRACKING = re.compile(r"DKT-2026-[0-9A-Z]{4}-[0-9A-Z]{4}")
# What each interface says on the receipt, and the reader's language prefix.
INTERFACES = {
    "en": {"prefix": "", "received": "Comment received", "send": "Send comment"},
    "zh-Hans": {"prefix": "zh-Hans/", "received": "意见已收到", "send": "提交意见"},
}
DRAFTS = ["short-term-rentals", "waste-sorting"]  # an English and a Chinese draft


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(site URL, database path): the examples, with the Chinese draft open for comment."""
    root = tmp_path_factory.mktemp("languages")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    with (root / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("  rate_limit: off   # every test here posts from the same address\n")
    shutil.copytree(REPO / "drafts", root / "drafts")
    meta = root / "drafts" / "waste-sorting" / "draft.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2026-08-01", "2026-11-01")
                    .replace("2026-08-31", "2027-01-31"), encoding="utf-8")
    build(root, now=NOW)
    db = root / "comments.db"
    app = with_intake(root, db, root / "site", clock=lambda: NOW)
    with serving(app) as url:
        yield url, db


def stored(db, tracking: str) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM submissions WHERE tracking = ?", (tracking,)).fetchone()
    assert row is not None, f"{tracking} is not in the database"
    return dict(row)


def fill(page: Page, comment: str) -> None:
    """The form by its fields' ids, which are the same in every language."""
    page.locator("#c-comment").fill(comment)
    page.locator("#c-name").fill("Lin Xiaowen")
    page.locator("#c-email").fill("lin@example.org")
    page.locator("#c-respondent_type-individual").check()


@pytest.mark.parametrize("draft", DRAFTS)
@pytest.mark.parametrize("language", INTERFACES)
def test_comment_from_each_interface_language_with_javascript(page: Page, served, language,
                                                              draft):
    url, db = served
    words = INTERFACES[language]
    page.clock.set_fixed_time(NOW)
    page.goto(url + words["prefix"] + f"drafts/{draft}/comment/")
    action = page.locator("#comment-form").evaluate("form => form.action")
    assert action == url + f"api/comments?lang={language}"  # one address for every language
    comment = f"From the {language} interface on {draft}."
    fill(page, comment)
    page.get_by_role("button", name=words["send"]).click()
    receipt = page.locator("#comment-receipt")
    expect(receipt).to_be_visible()
    expect(receipt.get_by_role("heading")).to_have_text(words["received"])
    tracking = page.locator("#comment-tracking").inner_text()
    assert TRACKING.fullmatch(tracking)
    assert stored(db, tracking)["comment"] == comment

    # The in-place receipt leads to its permanent page, in the same language.
    link = page.locator("#comment-receipt-link")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(rf"/api/comments/{tracking}"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["received"])
    expect(page.locator(".tracking")).to_have_text(tracking)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"receipt-{language}-{draft}.png"), full_page=True)


@pytest.mark.parametrize("draft", DRAFTS)
@pytest.mark.parametrize("language", INTERFACES)
def test_comment_from_each_interface_language_without_javascript(browser, served, language,
                                                                 draft):
    url, db = served
    words = INTERFACES[language]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + words["prefix"] + f"drafts/{draft}/comment/")
    comment = f"No script, {language} interface, {draft}."
    fill(page, comment)
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["received"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    tracking = page.locator(".tracking").inner_text()
    assert stored(db, tracking)["comment"] == comment
    expect(page.locator(".receipt__text")).to_have_text(comment)
    # Its links stay in the reader's language.
    back = page.locator("main a").last
    back.click()
    expect(page).to_have_url(url + words["prefix"] + f"drafts/{draft}/")
    context.close()


def test_the_receipt_page_switches_language_and_has_the_site_navigation(page: Page, served):
    url, _db = served
    page.clock.set_fixed_time(NOW)
    page.goto(url + "zh-Hans/drafts/short-term-rentals/comment/")
    fill(page, "A receipt to read in both languages.")
    page.get_by_role("button", name="提交意见").click()
    expect(page.locator("#comment-tracking")).to_have_text(TRACKING)  # the answer is in
    tracking = page.locator("#comment-tracking").inner_text()
    page.goto(url + f"api/comments/{tracking}?lang=zh-Hans")
    nav = page.get_by_role("navigation", name="网站")
    expect(nav.get_by_role("link", name="搜索")).to_be_visible()
    nav.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment received")
    expect(page.locator(".tracking")).to_have_text(tracking)


@pytest.mark.parametrize("language", INTERFACES)
def test_a_mistyped_tracking_number_says_so(page: Page, served, language):
    url, _ = served
    answer = page.goto(url + f"api/comments/DKT-2026-0000-0000?lang={language}")
    assert answer is not None and answer.status == 404
    heading = {"en": "No comment with this number", "zh-Hans": "没有此编号的意见"}[language]
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("body")).not_to_contain_text("not sent")
    expect(page.locator("body")).not_to_contain_text("未能提交")


@pytest.mark.parametrize(
    ("failure", "english", "chinese"),
    [
        ("503", "had a problem (error 503)", "出现问题（错误 503）"),
        ("405", "refused it (error 405)", "拒绝了该提交（错误 405）"),
        ("network", "could not be reached", "无法连接意见服务"),
    ],
)
@pytest.mark.parametrize("language", INTERFACES)
def test_a_failed_submission_says_what_failed(page: Page, served, language, failure, english,
                                             chinese):
    """An HTTP error is named as one; only a request that got no answer is a network problem."""
    url, _ = served
    page.clock.set_fixed_time(NOW)

    def answer(route):
        if failure == "network":
            route.abort("connectionrefused")
        else:
            route.fulfill(status=int(failure), content_type="text/plain", body="Nope")

    page.route(re.compile(r"/api/comments"), answer)
    page.goto(url + INTERFACES[language]["prefix"] + "drafts/short-term-rentals/comment/")
    fill(page, "This one will not arrive.")
    page.get_by_role("button", name=INTERFACES[language]["send"]).click()
    summary = page.locator("#comment-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(english if language == "en" else chinese)
    if failure != "network":
        expect(summary).not_to_contain_text("connection" if language == "en" else "网络")


def test_the_services_own_refusal_is_shown_in_the_readers_language(page: Page, served):
    """A 4xx with a reason: the reason, in Chinese, beside the field it concerns."""
    url, _ = served
    page.clock.set_fixed_time(NOW)
    page.goto(url + "zh-Hans/drafts/short-term-rentals/comment/")
    fill(page, "Valid in the browser, refused by the service.")
    # A provision the page offered but the service no longer knows (a newer version).
    page.locator("#c-provision").evaluate(
        "s => { s.add(new Option('sec_99', 'sec_99')); s.value = 'sec_99'; }")
    page.get_by_role("button", name="提交意见").click()
    summary = page.locator("#comment-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("中没有条文“sec_99”")
