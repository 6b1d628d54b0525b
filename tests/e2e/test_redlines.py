"""A committee clerk in Chromium: read a redline in three views, compare two chosen versions,
share a comparison by its address, print a redline in English and in Chinese."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build

from .conftest import ARTIFACTS, BUILT_AT, serving_folder

pytestmark = pytest.mark.e2e


def test_switch_between_the_three_views(page: Page, site_url, shot):
    page.goto(site_url + "drafts/short-term-rentals/")
    page.get_by_role("link", name=re.compile(r"provisions amended")).first.click()
    expect(page).to_have_url(re.compile(r"/compare/02-first-reading\.\.03-second-reading/$"))
    views = page.get_by_role("navigation", name="View")
    expect(views.get_by_role("link", name="Inline")).to_have_attribute("aria-current", "page")
    expect(page.locator(".redline .rl-new del").first).to_be_visible()
    shot("redline-inline")

    views.get_by_role("link", name="Side by side").click()
    expect(page).to_have_url(re.compile(r"/compare/02-first-reading\.\.03-second-reading/#side-by-side$"))
    expect(views.get_by_role("link", name="Side by side")).to_have_attribute("aria-current", "page")
    expect(page.locator("table.rl-table")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Second reading")).to_be_visible()
    shot("redline-side-by-side")

    page.get_by_role("navigation", name="View").get_by_role("link", name="Changes only").click()
    expect(page.locator(".rl-fold").first).to_contain_text("unchanged provisions")
    expect(page.locator("tr.same").filter(has_text="Purpose")).to_be_hidden()
    shot("redline-changes")
    page.go_back()  # each view is an address of its own, in the history too
    expect(page.get_by_role("columnheader", name="Second reading")).to_be_visible()


def test_compare_two_chosen_versions(page: Page, site_url, shot):
    page.goto(site_url + "drafts/short-term-rentals/compare/")
    page.get_by_label("From").select_option("01-introduced")
    page.get_by_label("To").select_option("03-second-reading")
    page.get_by_label("View").select_option("changes")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"/compare/01-introduced\.\.03-second-reading/#changes$"))
    expect(page.locator(".redline")).to_contain_text("750")


def test_compare_a_pair_drawn_in_the_browser(page: Page, site_url, shot):
    # 01 against 03 of the four-version privacy bill is not a page: the script draws it.
    page.goto(site_url + "drafts/consumer-data-privacy/compare/")
    page.get_by_label("From").select_option("01-introduced")
    page.get_by_label("To").select_option("03-third-reading")
    page.get_by_role("button", name="Compare").click()
    result = page.locator("#compare-result")
    expect(result.get_by_role("heading", level=2)).to_have_text(
        re.compile(r"^Changes from Introduced \(.+\) to Third reading \(.+\)$"))
    penalty = result.locator(".rl-new p").filter(has_text="civil penalty of not more than")
    expect(penalty.locator("del").first).to_contain_text("7")
    expect(penalty.locator("ins").first).to_contain_text("12")
    page.get_by_label("View").select_option("side-by-side")
    page.get_by_role("button", name="Compare").click()
    expect(result.get_by_role("table")).to_be_visible()
    page.get_by_label("View").select_option("changes")
    page.get_by_role("button", name="Compare").click()
    expect(result.locator(".rl-fold").first).to_be_visible()
    shot("compare-in-browser")


# ---------------------------------------------------------------- a comparison's own address


def test_a_comparison_drawn_in_the_browser_has_an_address_that_can_be_shared(page: Page, site_url,
                                                                           browser, shot):
    page.goto(site_url + "drafts/consumer-data-privacy/compare/")
    page.get_by_label("From").select_option("01-introduced")
    page.get_by_label("To").select_option("03-third-reading")
    page.get_by_label("View").select_option("changes")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"/compare/\?old=01-introduced&new=03-third-reading&view=changes$"))
    result = page.locator("#compare-result")
    # Like a pre-rendered page: its heading with dates, the summary, the legend.
    expect(result.get_by_role("heading", level=2)).to_contain_text("Changes from Introduced (")
    expect(result.locator(".rl-summary")).to_have_text(re.compile(r"\d+ provisions? amended"))
    expect(result.locator(".rl-legend del")).to_have_text("struck text")
    expect(result.locator(".rl-fold").first).to_be_visible()
    drawn = result.locator(".redline").inner_text()

    page.reload()  # the same address shows the same comparison
    expect(result.locator(".redline")).to_have_class(re.compile("redline--changes"))
    assert result.locator(".redline").inner_text() == drawn
    expect(page.get_by_label("From")).to_have_value("01-introduced")
    expect(page.get_by_label("View")).to_have_value("changes")

    other = browser.new_page()  # sent to someone else
    try:
        other.goto(page.url)
        expect(other.locator("#compare-result .redline")).to_be_visible()
        assert other.locator("#compare-result .redline").inner_text() == drawn
    finally:
        other.close()

    page.get_by_label("View").select_option("inline")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"view=inline$"))
    page.go_back()  # the browser's history walks back through the comparisons
    expect(result.locator(".redline")).to_have_class(re.compile("redline--changes"))
    shot("compare-in-browser-by-address")


def test_an_address_naming_a_pre_rendered_pair_opens_its_page(page: Page, site_url):
    page.goto(site_url + "drafts/short-term-rentals/compare/?old=02-first-reading"
              "&new=03-second-reading&view=side-by-side")
    expect(page).to_have_url(re.compile(r"/compare/02-first-reading\.\.03-second-reading/#side-by-side$"))


# ---------------------------------------------------------------- folds, headings, widths


def test_changes_only_folds_lead_to_the_unchanged_provisions_by_keyboard(page: Page, site_url, shot):
    page.goto(site_url + "drafts/short-term-rentals/compare/02-first-reading..03-second-reading/#changes")
    purpose = page.locator("#rl-sec_1")
    expect(purpose).to_be_hidden()
    fold = page.locator(".rl-fold a").first
    expect(fold).to_have_text(re.compile(r"^\d+ unchanged provisions$"))
    fold.focus()
    expect(fold).to_be_focused()
    page.keyboard.press("Enter")  # the inline view, at the first of them
    expect(page).to_have_url(re.compile(r"#rl-preamble$"))
    expect(purpose).to_be_visible()
    # Headings keep their style (and role) among the unchanged and the changed provisions.
    expect(purpose.get_by_role("heading", level=3)).to_have_text("Section 1 Purpose")
    expect(page.locator(".redline tr:not(.same) h3").first).to_be_visible()
    shot("redline-changes-fold-followed")
    page.go_back()
    expect(purpose).to_be_hidden()


def test_side_by_side_uses_the_width_of_a_desktop_and_stacks_on_a_phone(page: Page, site_url, shot):
    url = site_url + "drafts/short-term-rentals/compare/01-introduced..02-first-reading/#side-by-side"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    table = page.locator("table.rl-table")
    text_width = page.locator("main h1").bounding_box()["width"]
    assert table.bounding_box()["width"] > 1100 > text_width  # wider than the reading column
    old, new = page.locator("#rl-sec_5 .rl-old"), page.locator("#rl-sec_5 .rl-new")
    assert old.bounding_box()["y"] == new.bounding_box()["y"]  # two columns
    expect(new.locator("table.rl-grid")).to_be_visible()
    expect(page.locator(".rl-side").first).to_be_hidden()
    shot("redline-side-by-side-1280")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url)
    a, b = old.bounding_box(), new.bounding_box()
    assert b["y"] >= a["y"] + a["height"] - 1  # the new version under the old one
    assert abs(a["x"] - b["x"]) < 2 and b["width"] > 300
    expect(old.locator(".rl-side")).to_have_text("Introduced")  # each says which it is
    expect(new.locator(".rl-side")).to_have_text("First reading")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    fees = new.locator("table.rl-grid")  # a fee table stays a table, its cells side by side
    expect(fees.get_by_role("columnheader", name="Annual renewal")).to_be_visible()
    cells = fees.locator("tbody tr").first.locator("td")
    assert cells.nth(0).bounding_box()["y"] == cells.nth(1).bounding_box()["y"]
    shot("redline-side-by-side-360")


# ---------------------------------------------------------------- tables, in pages and drawn


@pytest.fixture(scope="module")
def rentals_url(tmp_path_factory):
    """The rentals ordinance with a fourth reading, so Introduced against Second reading is
    drawn in the browser (it is neither a previous nor a current pair)."""
    from ..conftest import REPO

    root = tmp_path_factory.mktemp("rentals")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts" / "short-term-rentals", root / "drafts" / "short-term-rentals")
    versions = root / "drafts" / "short-term-rentals" / "versions"
    third = (versions / "03-second-reading.md").read_text(encoding="utf-8")
    (versions / "04-third-reading.md").write_text(
        third.replace("label: Second reading", "label: Third reading")
        .replace("| Late renewal surcharge | — | $50 |\n", ""), encoding="utf-8")
    build(root, now=BUILT_AT)
    with serving_folder(root / "site") as url:
        yield url + "drafts/short-term-rentals/compare/"


def test_a_fee_table_is_drawn_as_a_table_with_its_changed_cell(page: Page, rentals_url, shot):
    page.goto(rentals_url + "03-second-reading..04-third-reading/")
    grid = page.locator("#rl-sec_6 .rl-new table.rl-grid")
    expect(grid.get_by_role("columnheader", name="Annual renewal")).to_be_visible()
    struck = grid.locator("tr.rl-tr--repealed")
    expect(struck).to_contain_text("Late renewal surcharge")
    expect(struck.locator(".rl-tag")).to_have_text("Struck")
    shot("redline-table-row-struck")

    page.goto(rentals_url + "?old=01-introduced&new=03-second-reading&view=inline")
    grid = page.locator("#compare-result .rl-new table.rl-grid")
    changed = grid.locator("tr.rl-tr--amended")
    expect(changed).to_have_count(1)
    expect(changed.locator("td").nth(1).locator("del")).to_contain_text("$300")
    expect(changed.locator("td").nth(1).locator("ins")).to_contain_text("$400")
    expect(page.locator("#compare-result h3.rl-heading").first).to_be_visible()
    page.get_by_label("View").select_option("side-by-side")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#compare-result .rl-new table.rl-grid ins")).to_contain_text("$400")
    expect(page.locator("#compare-result .rl-old table.rl-grid del")).to_contain_text("$300")
    shot("compare-in-browser-table")


# ---------------------------------------------------------------- on paper


PRINT_STYLE = """(sel) => {
  const del = document.querySelector(sel + " del"), ins = del.nextElementSibling;
  const before = getComputedStyle(del, "::before"), after = getComputedStyle(del, "::after");
  return {before: before.content, after: after.content,
          line: getComputedStyle(del).textDecorationLine,
          style: getComputedStyle(del).textDecorationStyle,
          background: getComputedStyle(del).backgroundColor,
          gap: ins && ins.tagName === "INS" ? parseFloat(getComputedStyle(ins).marginLeft) : null};
}"""


def _print_shots(page: Page, name: str) -> None:
    """The whole page as printed, and a close view of its first changes, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.locator(".redline tr.amended:has(.rl-new p del)").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}-close.png"))


def test_a_redline_prints_legibly_without_colour_in_english(page: Page, site_url):
    page.set_viewport_size({"width": 760, "height": 900})
    page.goto(site_url + "drafts/short-term-rentals/compare/02-first-reading..03-second-reading/")
    page.emulate_media(media="print")
    style = page.evaluate(PRINT_STYLE, ".redline .rl-new p")
    # Struck text is bracketed as well as struck (a mark that needs no colour), and a
    # replacement stands apart from what it replaces: "[$500] $750", never "$500$750".
    assert (style["before"], style["after"], style["line"]) == ('"["', '"]"', "line-through")
    assert style["background"] in ("rgba(0, 0, 0, 0)", "transparent")
    assert style["gap"] and style["gap"] > 3
    _print_shots(page, "redline-print-en")
    page.emulate_media(media="screen")
    assert page.evaluate(PRINT_STYLE, ".redline .rl-new p")["before"] == "none"


def test_a_chinese_redline_keeps_its_deletions_visible_in_print(page: Page, site_url):
    page.set_viewport_size({"width": 760, "height": 900})
    page.goto(site_url + "drafts/waste-sorting/compare/01-first-review..02-second-review/")
    page.emulate_media(media="print")
    style = page.evaluate(PRINT_STYLE, ".redline .rl-new p")
    # A strike through 一 disappears into the stroke: the brackets stay visible.
    assert (style["before"], style["after"], style["line"]) == ('"〔"', '"〕"', "line-through")
    assert style["background"] in ("rgba(0, 0, 0, 0)", "transparent")
    _print_shots(page, "redline-print-zh")


# ---------------------------------------------------------------- long words on a phone


LONG_WORDS = """---
label: {label}
date: 2026-10-0{day}
---

## § 1 Anwendungsbereich

Dieses Gesetz gilt für die {word} nach https://example.org/{path}.
"""


@pytest.fixture(scope="module")
def long_words_url(tmp_path_factory):
    """A German law with a compound longer than a phone's line and a long address, in two
    versions (the address amended)."""
    root = tmp_path_factory.mktemp("long-words")
    (root / "site.yaml").write_text("title: Entwürfe\nlanguage: en\ntimezone: Europe/Berlin\n",
                                    encoding="utf-8")
    draft = root / "drafts" / "gesetz"
    (draft / "versions").mkdir(parents=True)
    (draft / "draft.yaml").write_text("title: Gesetz\nlanguage: de\n", encoding="utf-8")
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzes"
    for n, label, path in ((1, "Entwurf", "a" * 80), (2, "Zweiter Entwurf", "b" * 80)):
        (draft / "versions" / f"0{n}-v.md").write_text(
            LONG_WORDS.format(label=label, day=n, word=word, path=path), encoding="utf-8")
    build(root, now=BUILT_AT)
    with serving_folder(root / "site") as url:
        yield url + "drafts/gesetz/"


@pytest.mark.parametrize("where", ["", "compare/01-v..02-v/", "compare/01-v..02-v/#side-by-side"])
def test_a_word_longer_than_a_phones_line_breaks_instead_of_scrolling_the_page(
        page: Page, long_words_url, where):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(long_words_url + where)
    expect(page.locator("main")).to_contain_text("Rindfleischetikettierung")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
