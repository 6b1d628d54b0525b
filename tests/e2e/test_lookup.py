"""A commenter follows their comment in Chromium: sends it, looks the number up before and
after it is imported, published and answered, reads the response, and rates it.

The examples are built and served with the intake service (what ``docket serve`` runs), the
service's clock and the browser's pinned to the build's time. Between the steps the test does
what staff do: ``docket comments import --from local``, ``publish``, a responses.yaml entry,
``docket build``.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build
from generator.cli import main
from generator.serve.published import with_intake

from ..conftest import REPO
from .conftest import ARTIFACTS, serving
from .test_accessibility import axe_violations
from .test_commenting import fill_in

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
SLUG = "short-term-rentals"
RESPONSE = """\
- id: r-title-numbers
  answers: {{comments: [{number}]}}
  summary: Show the registration number in a listing's title
  handled_by: {{unit: Department of Neighborhood Services, person: Renata Vasquez}}
  supervised_by: {{unit: Committee on Housing and Neighborhoods, person: Council Member Okafor}}
  plan: Consider with the platform rules before the third reading.
  result: not-accepted
  reason: Platforms limit the length of a title; Section 3(b) keeps the number in the text.
  date: 2026-11-28
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(site URL, project root) of the examples served with the intake service."""
    root = tmp_path_factory.mktemp("lookup")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    build(root, now=NOW)
    app = with_intake(root, root / "comments.db", root / "site", clock=lambda: NOW)
    with serving(app) as url:
        yield url, root


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def ratings(root) -> list[tuple]:
    with sqlite3.connect(root / "comments.db") as db:
        return db.execute("SELECT tracking, rating, remark FROM ratings ORDER BY id").fetchall()


def test_send_look_up_read_the_response_and_rate_it(page: Page, browser, served):
    url, root = served
    page.clock.set_fixed_time(NOW)
    page.goto(url + f"drafts/{SLUG}/comment/?provision=sec_3__subsec_b")
    fill_in(page, "Listings should show the number in the title, not only in the text.")
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator("#comment-receipt")).to_be_visible()
    number = page.locator("#comment-tracking").inner_text()
    assert re.fullmatch(r"DKT-2026-[0-9A-Z]{4}-[0-9A-Z]{4}", number)

    # Received, not yet imported: the static records do not have it; the intake does. The
    # receipt leads there with the number filled in.
    page.get_by_role("link", name="Follow your comment with this number").click()
    expect(page).to_have_url(re.compile(r"/lookup/#" + re.escape(number) + "$"))
    expect(page.get_by_label("Tracking number")).to_have_value(number)
    status = page.locator("#lookup-status")
    expect(status).to_contain_text(f"Your comment {number} was received on November 28, 2026")
    expect(status).to_contain_text("has not been entered in the record yet")
    expect(page.locator("#lookup-result")).to_be_hidden()

    # Staff import it, publish it, answer it, and build.
    assert main(["--root", str(root), "comments", "import", "--from", "local",
                 str(root / "comments.db")]) == 0
    assert main(["--root", str(root), "comments", "publish", SLUG, number]) == 0
    answers = root / "drafts" / SLUG / "responses.yaml"
    kept = answers.read_text(encoding="utf-8") if answers.exists() else ""
    answers.write_text(kept + RESPONSE.format(number=number), encoding="utf-8")
    build(root, now=NOW)

    # Typed loosely, as people do: lower case, spaces, a letter O for a zero.
    page.goto(url + "lookup/")
    page.get_by_label("Tracking number").fill(" " + number.lower().replace("-", " ").replace("0", "o"))
    page.get_by_role("button", name="Look up").click()
    result = page.locator("#lookup-result")
    expect(result).to_be_visible(timeout=10_000)
    expect(result).to_be_focused()
    expect(page).to_have_url(re.compile(r"/lookup/#" + re.escape(number) + "$"))
    expect(page.locator("#lookup-state")).to_have_text(re.compile(r"^Answered"))
    expect(page.locator("#lookup-provision")).to_have_text("Section 3(b)")
    expect(page.locator("#lookup-draft")).to_have_text("Short-Term Rental Registration Ordinance")
    expect(page.locator("#lookup-summary")).to_have_text(
        "Show the registration number in a listing's title")
    expect(page.locator("#lookup-outcome")).to_have_text("Not accepted")
    expect(page.locator("#lookup-reason")).to_contain_text("Platforms limit the length")
    link = page.get_by_role("link", name="Read the response on the page of responses")
    assert link.get_attribute("href") == f"../drafts/{SLUG}/responses/#response-r-title-numbers"
    shot(page, "lookup-answered")

    rating = page.get_by_role("region", name="Rate the response")
    expect(rating).to_be_visible()
    rating.get_by_label("Dissatisfied").check()
    rating.get_by_label("Remark (optional)").fill("Nobody asked the hosts <b>first</b>.")
    rating.get_by_role("button", name="Send the rating").click()
    expect(page.locator("#rating-status")).to_have_text("Thank you: your rating was received.")
    shot(page, "lookup-rated")
    assert ratings(root) == [(number, "dissatisfied", "Nobody asked the hosts <b>first</b>.")]

    # The number in the fragment (as the notice's link gives it) looks it up at once.
    page.goto("about:blank")
    page.goto(url + f"lookup/#{number}")
    expect(page.locator("#lookup-outcome")).to_have_text("Not accepted", timeout=10_000)

    # The answered record with its rating form, on a phone, for axe (let in past the policy).
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 900})
    phone = context.new_page()
    phone.goto(url + f"lookup/#{number}")
    expect(phone.locator("#rating")).to_be_visible(timeout=10_000)
    shot(phone, "lookup-answered-360")
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    context.close()

    # Staff import the rating and build: the responses page shows the rate and the mark.
    assert main(["--root", str(root), "comments", "import", "--from", "local",
                 str(root / "comments.db")]) == 0
    build(root, now=NOW)
    page.goto(url + f"drafts/{SLUG}/responses/#response-r-title-numbers")
    answer = page.locator("#response-r-title-numbers")
    expect(answer).to_contain_text("0 % satisfied (1 rating)")
    expect(answer).to_contain_text("To be reported publicly")
    expect(answer).to_contain_text("Under closer supervision")
    expect(page.get_by_role("link", name="Show the registration number in a listing's title")
           ).to_be_visible()  # listed at the top, among those to be reported publicly
    shot(page, "lookup-responses-after-rating")


def test_an_unknown_number_finds_nothing_and_says_why(page: Page, served):
    url, _ = served
    page.clock.set_fixed_time(NOW)
    page.goto(url + "zh-Hans/lookup/#DKT-2026-ZZZZ-ZZZZ")
    expect(page.locator("#lookup-status")).to_contain_text("记录中尚无查询编号为 DKT-2026-ZZZZ-ZZZZ 的意见",
                                                           timeout=10_000)
    expect(page.locator("#lookup-result")).to_be_hidden()
    expect(page.locator("#rating")).to_be_hidden()


def test_without_javascript_the_page_says_what_it_needs(browser, served):
    url, _ = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "lookup/")
    expect(page.locator("#lookup-fallback")).to_be_visible()
    expect(page.locator("#lookup-fallback")).to_contain_text("needs JavaScript")
    expect(page.locator("#lookup-form")).to_be_hidden()
    context.close()
