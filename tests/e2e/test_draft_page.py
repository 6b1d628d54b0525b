"""A reader of a draft's page in Chromium: a Chinese article's controls, a link to one of its
款, what a phone shows first, and the hearings.

Screenshots are saved in test-results/ (``draft-*.png``) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build

from ..conftest import REPO
from .conftest import ARTIFACTS, BUILT_AT, serving_folder

pytestmark = pytest.mark.e2e

WHILE_OPEN = datetime(2026, 8, 15, 17, 0, tzinfo=UTC)  # the Chinese draft takes comment
BUILT = BUILT_AT.replace(tzinfo=ZoneInfo("America/Chicago"))  # the shared site's clock


@pytest.fixture(scope="module")
def open_site(tmp_path_factory):
    """The examples built (and served) while the Chinese draft is open for comment."""
    root = tmp_path_factory.mktemp("chinese-open")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    build(root, now=WHILE_OPEN)
    with serving_folder(root / "site") as url:
        yield url


def save(page: Page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def visible_in(page: Page, selector: str) -> list[str]:
    """The accessible names of the links matching ``selector`` that a reader can see."""
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.checkVisibility())"
                  ".map(e => e.getAttribute('aria-label'))")


@pytest.mark.parametrize("interface", ["", "zh-Hans/"])
def test_a_chinese_article_has_one_permalink_and_one_comment_link(page: Page, open_site,
                                                                  interface):
    page.clock.set_fixed_time(WHILE_OPEN)  # the page re-checks the period by this clock
    page.goto(open_site + interface + "drafts/waste-sorting/")
    article = page.locator("#art_12")  # 第十二条: three 款
    expect(article.locator(".pv-para")).to_have_count(3)
    assert len(visible_in(page, "#art_12 a.pl")) == 1
    assert len(visible_in(page, "#art_12 a.cl")) == 1
    comment = "提意见" if interface else "Comment"
    first_line = article.locator(":scope > b").bounding_box()
    # On the article's first line: its number, one "§" and one comment link, nothing more.
    on_line = page.evaluate(
        """([top, bottom]) => [...document.querySelectorAll('#art_12 a')]
            .filter(a => a.checkVisibility())
            .filter(a => { const r = a.getBoundingClientRect();
                           return r.top < bottom && r.bottom > top; })
            .map(a => a.textContent)""",
        [first_line["y"], first_line["y"] + first_line["height"]])
    assert sorted(on_line) == sorted(["§", comment])
    name = "第十二条的固定链接" if interface else "Permalink to 第十二条"
    expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    said = "对此条文提出意见：第十二条" if interface else "Comment on this provision: 第十二条"
    expect(page.get_by_role("link", name=said, exact=True)).to_be_visible()
    # Every control of the page is named by a citation, never by an id such as art_12__para_1.
    names = visible_in(page, "a.pl, a.cl")
    assert names and not [n for n in names if "_" in n]
    article.scroll_into_view_if_needed()
    save(page, f"draft-chinese-article-controls{'-zh' if interface else ''}")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_link_to_an_articles_first_paragraph_shows_the_article_number(browser, site_url,
                                                                      width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_url + "zh-Hans/drafts/waste-sorting/#art_11__para_1")
    target = page.locator("#art_11__para_1")
    expect(target).to_be_in_viewport()
    number = page.locator("#art_11 > b")
    expect(number).to_have_text("第十一条")
    expect(number).to_be_in_viewport()
    # Not merely there but seen: the highlighted 款 does not paint over it.
    box = number.bounding_box()
    assert box["y"] >= 0
    topmost = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.pv > b, .pv')"
        ".textContent.trim()", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert topmost == "第十一条"
    permalink = page.locator("#art_11 > a.pl")
    pbox = permalink.bounding_box()
    topmost = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).className",
        [pbox["x"] + pbox["width"] / 2, pbox["y"] + pbox["height"] / 2])
    assert topmost == "pl"
    save(page, f"draft-chinese-paragraph-target-{width}")
    context.close()


def test_on_a_phone_the_deadline_and_comment_button_come_before_the_metadata(browser,
                                                                           site_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.clock.set_fixed_time(BUILT)
    page.goto(site_url + "drafts/short-term-rentals/")
    deadline = page.get_by_role("status").filter(has_text="Open for comment")
    button = page.get_by_role("link", name="Comment on this draft")
    meta = page.locator("dl.draft-meta")
    expect(deadline).to_be_visible()
    expect(button).to_be_visible()
    top = meta.bounding_box()["y"]
    assert deadline.bounding_box()["y"] + deadline.bounding_box()["height"] <= top
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= top
    expect(deadline).to_be_in_viewport()  # on the first screen, after the title and summary
    save(page, "draft-phone-first-screen")
    context.close()


@pytest.mark.parametrize("interface", ["", "zh-Hans/"])
def test_hearings_show_witnesses_and_whether_upcoming_or_held(page: Page, site_url,
                                                              interface):
    zh = bool(interface)
    page.goto(site_url + interface + "drafts/short-term-rentals/")  # hearing on Dec 8, 2026
    hearing = page.locator("#hearing-h1")
    expect(hearing.locator(".tag")).to_have_text("即将举行" if zh else "Upcoming")
    # Grouped by position, each list named by both labels ("Witnesses Against").
    expect(hearing.locator("ul.witnesses").get_by_role("listitem")).to_have_count(4)
    against = hearing.get_by_role("list", name="陈述人 反对" if zh else "Witnesses Against")
    expect(against).to_have_text("Priya Natarajan, Springfield Hosts Alliance")
    neutral = hearing.get_by_role("list", name="陈述人 中立" if zh else "Witnesses Neutral")
    expect(neutral).to_have_text("Walter Osei, Springfield Fire Marshal")
    expect(hearing.locator(".hearing__sublabel")).to_have_text(
        ["支持", "反对", "中立", "介绍情况"] if zh else
        ["For", "Against", "Neutral", "Informational"])
    page.goto(site_url + interface + "drafts/waste-sorting/")  # hearing on Aug 18, 2026
    hearing = page.locator("#hearing-h1")
    expect(hearing.locator(".tag")).to_have_text("已举行" if zh else "Held")
    expect(hearing.locator("ul.witnesses").get_by_role("listitem")).to_have_count(5)
    favour = hearing.get_by_role("list", name="陈述人 支持" if zh else "Witnesses For")
    expect(favour.get_by_role("listitem")).to_have_text(["林晓雯，锦江街道办事处主任",
                                                         "陈雅琴，市民代表"])
    expect(hearing.get_by_text(re.compile("人民大道88号）（春田市人大常委会"))).to_be_visible()
    hearing.scroll_into_view_if_needed()
    save(page, f"draft-hearings{'-zh' if zh else ''}")


@pytest.fixture(scope="module")
def long_words_site(tmp_path_factory):
    """A German law as the statute book writes them: a title of one long compound word, and
    a list indented four spaces, which Markdown reads as a code block (``<pre>``)."""
    root = tmp_path_factory.mktemp("long-words")
    (root / "site.yaml").write_text(
        "title: Bundesgesetze\nbase_url: https://example.org/\nlanguage: en\n"
        "timezone: Europe/Berlin\n", encoding="utf-8")
    versions = root / "drafts" / "pbefg" / "versions"
    versions.mkdir(parents=True)
    (root / "drafts" / "pbefg" / "draft.yaml").write_text(
        "title: Personenbeförderungsgesetzänderungsverordnung\nlanguage: de\n"
        "summary: Kraftfahrzeughaftpflichtversicherungsunternehmensverordnung\n",
        encoding="utf-8")
    (versions / "01-fassung.md").write_text(
        "---\nlabel: Fassung 2021\ndate: 2021-08-02\n---\n\n## § 1 Geltungsbereich\n\n"
        "(1) Den Vorschriften unterliegen:\n\n"
        "    *   a)  eine Übersichtskarte, in der die Linienführung und die Haltestellen "
        "eingezeichnet sind, im Maßstab 1 : 25 000 oder 1 : 50 000\n", encoding="utf-8")
    build(root, now=datetime(2026, 11, 28, 12, 0))
    with serving_folder(root / "site") as url:
        yield url


@pytest.mark.parametrize("path", ["", "drafts/pbefg/"])
def test_at_320_px_long_words_and_indented_text_wrap_rather_than_scroll_the_page(
        browser, long_words_site, path):
    """WCAG 1.4.10 (reflow) asks for 320 CSS px: what a 1280 px screen shows at 400 %."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(long_words_site + path)
    expect(page.get_by_text("Personenbeförderungsgesetzänderungsverordnung").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    save(page, f"draft-long-words-320{'-draft' if path else ''}", full_page=True)
    context.close()
