"""A committee clerk in Chromium: read a redline in three views, compare two chosen versions."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_switch_between_the_three_views(page: Page, site_url, shot):
    page.goto(site_url + "drafts/short-term-rentals/")
    page.get_by_role("link", name=re.compile(r"provisions amended")).first.click()
    expect(page).to_have_url(re.compile(r"/compare/02-first-reading\.\.03-second-reading/$"))
    views = page.get_by_role("navigation", name="View")
    expect(views.get_by_role("link", name="Inline")).to_have_attribute("aria-current", "page")
    expect(page.locator(".redline del").first).to_be_visible()
    shot("redline-inline")

    views.get_by_role("link", name="Side by side").click()
    expect(page.get_by_role("table")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Second reading")).to_be_visible()
    shot("redline-side-by-side")

    page.get_by_role("navigation", name="View").get_by_role("link", name="Changes only").click()
    expect(page.locator(".rl-fold").first).to_contain_text("unchanged provisions")
    expect(page.locator(".rl-row--unchanged:not(.rl-row--moved)").filter(has_text="Purpose")).to_have_count(0)
    shot("redline-changes")


def test_compare_two_chosen_versions(page: Page, site_url, shot):
    page.goto(site_url + "drafts/short-term-rentals/compare/")
    page.get_by_label("From").select_option("01-introduced")
    page.get_by_label("To").select_option("03-second-reading")
    page.get_by_label("View").select_option("changes")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"/compare/01-introduced\.\.03-second-reading/changes/$"))
    expect(page.locator(".redline")).to_contain_text("750")


def test_compare_a_pair_drawn_in_the_browser(page: Page, site_url, shot):
    # 01 against 03 of the four-version privacy bill is not a page: the script draws it.
    page.goto(site_url + "drafts/consumer-data-privacy/compare/")
    page.get_by_label("From").select_option("01-introduced")
    page.get_by_label("To").select_option("03-third-reading")
    page.get_by_role("button", name="Compare").click()
    result = page.locator("#compare-result")
    expect(result.get_by_role("heading")).to_have_text("Changes from Introduced to Third reading")
    penalty = result.locator(".rl-text").filter(has_text="civil penalty of not more than")
    expect(penalty.locator("del").first).to_contain_text("7")
    expect(penalty.locator("ins").first).to_contain_text("12")
    page.get_by_label("View").select_option("side-by-side")
    page.get_by_role("button", name="Compare").click()
    expect(result.get_by_role("table")).to_be_visible()
    page.get_by_label("View").select_option("changes")
    page.get_by_role("button", name="Compare").click()
    expect(result.locator(".rl-fold").first).to_be_visible()
    shot("compare-in-browser")
