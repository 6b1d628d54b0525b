"""A reader searches in English and in Chinese, follows a result to the provision it found,
narrows by a filter, switches the interface language, and subscribes to feeds that parse as
Atom."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

ATOM = "{http://www.w3.org/2005/Atom}"


def search(page: Page, query: str) -> list[str]:
    """Type a query into the search box; the addresses of the results."""
    box = page.get_by_label(re.compile("Words or phrases|输入词语"))
    box.fill(query)
    results = page.locator(".search-result__title a")
    expect(results.first).to_be_visible(timeout=10_000)
    return [a.get_attribute("href") for a in results.all()]


def test_search_finds_english_words_with_their_stems(page: Page, site_url, shot):
    page.goto(site_url + "search/")
    found = search(page, "registrations")
    assert any(href.startswith("/drafts/short-term-rentals/#") for href in found)
    assert not any("waste-sorting" in href for href in found)
    expect(page).to_have_url(re.compile(r"\?q=registrations$"))  # a search can be shared
    shot("search-english")


def test_search_finds_two_chinese_characters(page: Page, site_url, shot):
    page.goto(site_url + "search/")
    found = search(page, "罚款")  # "fine": in the articles on penalties, nowhere else
    assert found and all(href.startswith("/drafts/waste-sorting/") for href in found)
    expect(page.locator(".search-result mark").first).to_have_text("罚款")
    page.goto(site_url + "zh-Hans/search/?q=投放")
    results = page.locator(".search-result__title a")
    expect(results.first).to_have_attribute("href", re.compile(r"^/zh-Hans/drafts/waste-sorting/"))
    shot("search-chinese")


def test_a_result_opens_the_provision_it_found(page: Page, site_url, shot):
    page.goto(site_url + "search/")
    found = search(page, "extinguisher")  # in Section 4(b)(5) of the rentals draft only
    assert found[0] == "/drafts/short-term-rentals/#sec_4__subsec_b__para_5"
    result = page.locator("#search-current .search-result__title a")
    expect(result).to_have_count(1)
    expect(result).to_have_text("Section 4(b)(5) · Short-Term Rental Registration Ordinance")
    shot("search-result-provision")
    result.click()
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/#sec_4__subsec_b__para_5$"))
    provision = page.locator("#sec_4__subsec_b__para_5")
    expect(provision).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "sec_4__subsec_b__para_5"


def test_a_chinese_result_opens_its_article_and_names_it(page: Page, site_url):
    page.goto(site_url + "zh-Hans/search/?q=沥干水分")
    result = page.locator("#search-current .search-result__title a").first
    expect(result).to_contain_text("第十一条第一款第三项", timeout=10_000)
    expect(result).to_have_attribute(
        "href", "/zh-Hans/drafts/waste-sorting/#art_11__para_1__item_3")
    result.click()
    expect(page.locator("#art_11__para_1__item_3")).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "art_11__para_1__item_3"


def test_results_from_earlier_versions_are_listed_apart(page: Page, site_url, shot):
    """The party limit was struck at second reading: its words are found in the earlier
    versions, under their own heading, and open the provision in that version."""
    page.goto(site_url + "search/?q=party")
    earlier = page.locator("#search-earlier")
    expect(earlier.get_by_role("heading", name="In earlier versions")).to_be_visible(
        timeout=10_000)
    hrefs = [a.get_attribute("href") for a in earlier.locator(".search-result__title a").all()]
    assert "/drafts/short-term-rentals/01-introduced/#sec_6__subsec_c" in hrefs
    expect(earlier.locator(".search-result__version").first).to_contain_text(
        re.compile("Introduced|First reading"))
    current = page.locator("#search-current .search-result__title a")
    assert not any("short-term-rentals" in (a.get_attribute("href") or "")
                   for a in current.all())
    shot("search-earlier-versions")
    earlier.get_by_role("link", name=re.compile("^Section 6\\(c\\)")).first.click()
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/0\d-[a-z-]+/#sec_6__subsec_c$"))
    expect(page.locator("#sec_6__subsec_c")).to_be_in_viewport()


def test_a_filter_narrows_the_results(page: Page, site_url):
    page.goto(site_url + "search/?q=notice")
    expect(page.locator(".search-result").first).to_be_visible(timeout=10_000)
    before = page.locator(".search-result").count()
    said = page.locator("#search-status").text_content() or ""
    page.locator("summary", has_text="Comment status").click()
    page.get_by_label(re.compile(r"^Open for comment")).check()
    expect(page.locator("#search-status")).not_to_have_text(said)
    # The status says "Searching" first, then the new count while the old results are
    # cleared and the new ones fetched: wait for the other drafts' results to go, then
    # for the rentals draft's to be drawn (reading the list at once raced the drawing).
    titles = page.locator(".search-result__title a")
    others = titles.and_(page.locator(':not([href^="/drafts/short-term-rentals/"])'))
    expect(others).to_have_count(0)
    expect(titles.first).to_be_visible()
    expect(others).to_have_count(0)
    expect(page.locator(".search-result")).not_to_have_count(before)


def test_without_javascript_the_search_page_says_why_and_lists_the_drafts(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "search/")
    expect(page.get_by_text("Search needs JavaScript")).to_be_visible()
    expect(page.get_by_role("link", name="Consumer Data Privacy Act")).to_be_visible()
    context.close()


def test_switch_the_interface_language_on_the_same_page(page: Page, site_url, shot):
    page.goto(site_url + "drafts/waste-sorting/")
    switch = page.get_by_role("link", name="简体中文")
    expect(switch).to_have_attribute("hreflang", "zh-Hans")
    switch.click()
    expect(page).to_have_url(re.compile(r"/zh-Hans/drafts/waste-sorting/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("link", name="跳到主要内容")).to_be_attached()
    expect(page.get_by_role("heading", name="版本", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("征求意见已于2026年8月31日 23:59 北美中部夏令时间截止")
    shot("draft-chinese-interface")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/drafts/waste-sorting/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # An English draft in the Chinese interface keeps its text marked as English.
    page.goto(site_url + "zh-Hans/drafts/short-term-rentals/")
    expect(page.locator("article.draft-text")).to_have_attribute("lang", "en")
    expect(page.get_by_role("status")).to_contain_text("意见提交截止时间：2027年1月15日 23:59 北美中部标准时间")


def test_feeds_parse_as_atom(page: Page, site_url):
    page.goto(site_url + "drafts/short-term-rentals/")
    href = page.get_by_role("link", name="Atom feed of this draft").get_attribute("href")
    for url in (page.url + href, site_url + "feed.xml", site_url + "zh-Hans/feed.xml"):
        response = page.request.get(url)
        assert response.ok, url
        feed = ET.fromstring(response.body())
        assert feed.tag == ATOM + "feed"
        assert feed.findall(ATOM + "entry"), url


def test_after_an_edit_and_docket_build_search_finds_the_new_words(page: Page, tmp_path, shot):
    """The drafter's loop without ``serve``: edit a version, run ``docket build`` (which
    publishes in place and indexes again only the bundle that changed), search."""
    import shutil

    from generator.build.run import build

    from ..conftest import REPO
    from .conftest import BUILT_AT, serving_folder

    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    build(root, now=BUILT_AT)
    version = sorted((root / "drafts" / "short-term-rentals" / "versions").glob("*.md"))[-1]
    text = version.read_text(encoding="utf-8")
    at = text.index("\n\n", text.index("\n---\n") + 5)
    version.write_text(text[:at] + " Zymurgy permits are exempt." + text[at:], encoding="utf-8")
    result = build(root, now=BUILT_AT)
    assert 0 < result.rendered < result.pages  # incremental, not a new tree
    with serving_folder(root / "site") as base:
        url = base + "search/"
        page.goto(url)
        found = search(page, "zymurgy")
        assert found and found[0].startswith("/drafts/short-term-rentals/")
        expect(page.locator(".search-result mark").first).to_have_text("Zymurgy")
        shot("search-after-incremental-build")
        page.goto(url)  # a fresh page: no results of the last query on screen
        assert any(href.startswith("/drafts/short-term-rentals/")
                   for href in search(page, "registrations"))  # as before
