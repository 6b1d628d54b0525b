"""Published comments are found by search as their own kind of result, named for the
provision they are on and opening the comment on that provision's comment page; a pending
comment is not found. In English and in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def type_query(page: Page, query: str) -> None:
    page.get_by_label(re.compile("Words or phrases|输入词语")).fill(query)
    expect(page.locator("#search-status")).not_to_have_text(re.compile("Searching|正在搜索"),
                                                             timeout=10_000)
    expect(page.locator("#search-status")).not_to_be_empty()


def test_a_published_comment_is_found_and_opens_on_its_provisions_page(page: Page, site_url,
                                                                      shot):
    page.goto(site_url + "search/")
    type_query(page, "hosts")  # in the published comment on Section 6, not in any draft
    comments = page.locator("#search-comments")
    expect(comments).to_be_visible()
    link = comments.locator(".search-result__title a")
    expect(link).to_have_count(1)
    expect(link).to_have_text("Comment on Section 6 · Short-Term Rental Registration Ordinance")
    expect(link).to_have_attribute(
        "href", "/drafts/short-term-rentals/comments/sec_6/#DKT-2026-E2E1-TEST")
    expect(comments.locator(".search-result__excerpt mark")).to_have_text(re.compile("^hosts"))
    shot("search-comments")
    link.click()
    expect(page).to_have_url(
        site_url + "drafts/short-term-rentals/comments/sec_6/#DKT-2026-E2E1-TEST")
    expect(page.locator("#DKT-2026-E2E1-TEST .published-comment__text")).to_contain_text(
        "for small hosts")


def test_a_comment_on_the_whole_draft_opens_on_the_drafts_comment_list(page: Page, site_url):
    page.goto(site_url + "search/?q=registry")
    link = page.locator("#search-comments .search-result__title a")
    expect(link).to_have_text(re.compile(r"^Comment on the draft as a whole · "))
    expect(link).to_have_attribute(
        "href", "/drafts/short-term-rentals/comments/#DKT-2026-E2E2-TEST")


def test_a_pending_comment_is_not_found(page: Page, site_url):
    page.goto(site_url + "search/")
    type_query(page, "moderated")  # only in the comment on Section 6 still pending
    expect(page.locator("#search-status")).to_have_text("No results for moderated")
    expect(page.locator("#search-comments")).to_be_hidden()
    page.goto(site_url + "zh-Hans/search/")
    type_query(page, "自行车棚")  # only in the pending comment on the Chinese draft
    expect(page.locator("#search-comments")).to_be_hidden()  # (its characters are in drafts)
    expect(page.locator("#search-comments .search-result")).to_have_count(0)


def test_a_chinese_comment_is_found_in_chinese(page: Page, site_url, shot):
    page.goto(site_url + "zh-Hans/search/")
    type_query(page, "旧衣")
    comments = page.locator("#search-comments")
    expect(comments.locator("h2")).to_have_text("已公布的意见中")
    link = comments.locator(".search-result__title a")
    expect(link).to_have_count(1)
    expect(link).to_have_text(re.compile(r"^对第二条提出意见 · "))
    expect(link).to_have_attribute(
        "href", "/zh-Hans/drafts/waste-sorting/comments/art_2/#DKT-2026-E2Z4-TEST")
    expect(comments.locator(".search-result__excerpt")).to_contain_text("旧衣物回收箱")
    shot("search-comments-chinese")
