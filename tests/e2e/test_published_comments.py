"""Published comments in a browser: markup a commenter typed is shown as text on its
provision's comment page and never runs; the draft page leads there from the provision."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import XSS_COMMENT

pytestmark = pytest.mark.e2e


def test_a_comment_with_markup_shows_as_text_on_its_provisions_page(page: Page, site_url, shot):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site_url + "drafts/short-term-rentals/")
    count = page.locator("#sec_6 > .comment-count")
    expect(count).to_have_text("1 comment")
    count.click()
    expect(page).to_have_url(site_url + "drafts/short-term-rentals/comments/sec_6/")
    expect(page.locator("h1")).to_have_text("Comments on Section 6")
    text = page.locator(".published-comment__text")
    expect(text).to_have_count(1)
    expect(text).to_have_text(XSS_COMMENT)
    assert page.locator(".published-comment img").count() == 0
    assert "Not yet moderated." not in page.content()
    shot("provision-comments")
    page.goto(site_url + "drafts/short-term-rentals/comments/")
    expect(page.locator(".published-comment")).to_have_count(2)
    shot("comments")
    assert dialogs == []
