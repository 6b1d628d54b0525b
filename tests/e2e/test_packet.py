"""A reader finds a hearing's packet from the draft page: the packet's page, its PDF and the
calendar file, in Chromium. Screenshots (``packet-*.png``) are saved in test-results/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_a_reader_opens_a_hearings_packet_from_the_draft_page(page: Page, site_url: str, shot):
    page.goto(site_url + "drafts/short-term-rentals/")
    hearing = page.locator("#hearing-h1")
    hearing.get_by_role("link", name="Hearing packet").click()
    expect(page).to_have_url(site_url + "drafts/short-term-rentals/hearings/h1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Short-Term Rental Registration Ordinance")
    contents = page.get_by_role("navigation", name="Contents")
    for section in ("Agenda and witnesses", "Text under consideration: Second reading",
                    "Changes from First reading", "Summary of public comments",
                    "Responses to comments", "Appendix: published comments by provision"):
        expect(contents.get_by_role("link", name=section)).to_be_visible()
    contents.get_by_role("link", name="Changes from First reading").click()
    expect(page.locator("#packet-redline del").first).to_be_visible()
    expect(page.get_by_text("Upcoming", exact=True)).to_be_visible()
    # The appendix: the published comment carrying markup is text, as on the comment pages.
    expect(page.locator("#packet-appendix")).to_contain_text("<img src=x onerror=alert(1)>")
    shot("packet-page")
    pdf = page.get_by_role("link", name="Download the packet (PDF)")
    response = page.request.get(site_url + "drafts/short-term-rentals/hearings/h1/packet.pdf")
    assert pdf.get_attribute("href").endswith("hearings/h1/packet.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")
    ics = page.request.get(site_url + "drafts/short-term-rentals/hearings.ics")
    assert ics.ok and ics.body().startswith(b"BEGIN:VCALENDAR\r\n")


def test_the_chinese_interface_links_the_one_pdf(page: Page, site_url: str, shot):
    page.goto(site_url + "zh-Hans/drafts/waste-sorting/")
    page.locator("#hearing-h1").get_by_role("link", name="听证会材料").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("春田市生活垃圾分类管理条例")
    href = page.get_by_role("link", name="下载听证会材料（PDF）").get_attribute("href")
    assert not href.startswith("zh-Hans") and "zh-Hans" not in href
    response = page.request.get(page.url + href)
    assert response.ok and response.body().startswith(b"%PDF-")
    shot("packet-page-zh")
