"""A reader in Chromium: open a draft, follow a provision permalink and a cross-reference."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_home_lists_drafts_by_comment_status(page: Page, site_url, shot):
    page.goto(site_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Springfield Legislative Drafts")
    for group in ("Open for comment", "Upcoming comment periods", "Comment period closed"):
        expect(page.get_by_role("heading", name=group)).to_be_visible()
    shot("home")
    page.get_by_role("link", name=re.compile("Short-Term Rental")).first.click()
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/$"))


def test_follow_a_permalink_and_a_cross_reference(page: Page, site_url, shot):
    page.goto(site_url + "drafts/short-term-rentals/")
    expect(page.get_by_role("status")).to_contain_text("Open for comment")
    permalink = page.locator("#sec_2 > h2 a.pl")
    permalink.click()
    expect(page).to_have_url(re.compile(r"#sec_2$"))
    expect(page.locator("#sec_2")).to_be_in_viewport()
    xref = page.locator("a.xref").first
    target = xref.get_attribute("href")
    assert target and target.startswith("#")
    xref.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()
    shot("draft-after-xref")


def test_chinese_draft_cross_reference(page: Page, site_url, shot):
    page.goto(site_url + "drafts/waste-sorting/")
    expect(page.locator("article.draft-text")).to_have_attribute("lang", "zh-Hans")
    xref = page.locator("article a.xref").first
    target = xref.get_attribute("href")
    xref.click()
    expect(page.locator(target)).to_be_in_viewport()
    shot("draft-chinese")


def test_versions_are_listed_and_open(page: Page, site_url):
    page.goto(site_url + "drafts/short-term-rentals/")
    page.get_by_role("link", name="Introduced", exact=True).click()
    expect(page.get_by_role("note")).to_contain_text("This is an earlier version")
    page.get_by_role("link", name=re.compile("Read the current version")).click()
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/$"))


def test_the_site_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "drafts/short-term-rentals/")
    page.locator("#sec_2 > h2 a.pl").click()
    expect(page).to_have_url(re.compile(r"#sec_2$"))
    context.close()


def test_skip_link_is_first_for_keyboard_users(page: Page, site_url):
    page.goto(site_url + "drafts/short-term-rentals/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_the_current_versions_address_leads_to_the_draft_page(page: Page, site_url, shot):
    """Its text is the draft page's: the version's own address is not a second copy."""
    page.goto(site_url + "drafts/short-term-rentals/03-second-reading/")
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/$"))
    expect(page.locator("#sec_2")).to_be_visible()
    versions = page.get_by_role("region", name="Versions")
    current = versions.get_by_role("link", name="Second reading")
    expect(current).to_have_attribute("href", re.compile(r"drafts/short-term-rentals/$"))
    versions.get_by_role("link", name="Introduced").click()  # an earlier one has its page
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/01-introduced/$"))
    expect(page.get_by_role("note")).to_contain_text("This is an earlier version")
    shot("earlier-version")
