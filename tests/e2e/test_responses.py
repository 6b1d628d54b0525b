"""What we heard and what we did, in a browser: a reader goes from the draft page (and from a
provision) to the responses, sees every element of one, and follows its redline link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_a_reader_opens_the_responses_from_the_draft_page(page: Page, site_url, shot):
    page.goto(site_url + "drafts/consumer-data-privacy/")
    page.get_by_role("link", name="What we heard and what we did").click()
    expect(page).to_have_url(site_url + "drafts/consumer-data-privacy/responses/")
    expect(page.locator("h1")).to_have_text("What we heard and what we did")
    response = page.locator("#response-r-universal-opt-out")
    expect(response.locator("h3")).to_have_text(
        "Require businesses to honor universal opt-out signals such as Global Privacy Control")
    for element in ("The suggestion and who made it", "Handled by", "Supervised by", "Plan",
                    "Result", "Satisfaction"):
        expect(response.locator("dt", has_text=element)).to_be_visible()
    expect(response).to_contain_text("one suggestion, sent by 3 people")
    expect(response.locator(".tag--key")).to_have_text("Key suggestion")
    expect(response.locator(".response__timeline li")).to_have_count(3)
    # The response flagged for a public report is listed at the top, and leads to it.
    flagged = page.locator(".responses-flagged")
    flagged.get_by_role("link", name="Keep the 30-day cure period permanent for small "
                                     "businesses").click()
    expect(page).to_have_url(re.compile(r"#response-r-cure-period$"))
    shot("responses")
    response.get_by_role("link", name=re.compile("See the change")).click()
    expect(page).to_have_url(site_url + "drafts/consumer-data-privacy/compare/"
                                        "01-introduced..02-committee-substitute/")


def test_a_provision_links_to_its_responses(page: Page, site_url):
    page.goto(site_url + "drafts/consumer-data-privacy/")
    link = page.locator("#sec_4 > .response-count")
    expect(link).to_have_text("1 response")
    link.click()
    expect(page).to_have_url(site_url + "drafts/consumer-data-privacy/responses/#on-sec_4")
    expect(page.locator("#on-sec_4-title")).to_be_in_viewport()


def test_the_chinese_page_shows_the_responses_in_chinese(page: Page, site_url, shot):
    page.goto(site_url + "zh-Hans/drafts/waste-sorting/")
    page.get_by_role("link", name="意见办理情况").click()
    expect(page.locator("h1")).to_have_text("意见办理情况")
    response = page.locator("#response-r-wushi")
    expect(response.locator("dt", has_text="承办单位和承办人")).to_be_visible()
    expect(response.locator(".response__timeline")).to_contain_text("2026年8月20日")
    shot("zh-responses")
