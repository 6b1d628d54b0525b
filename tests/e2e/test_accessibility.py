"""Every page type for every reader: axe-core finds no WCAG 2.1 A/AA violation at desktop and
phone widths, nothing is fetched from another host, a draft page stays within its byte budget,
and reading, comparing and commenting all work from the keyboard alone.

axe-core comes from the axe-playwright-python wheel (axe.min.js) and is injected into each
page as a script: nothing is fetched for it. Screenshots of every page at both widths are
saved in test-results/ for a person to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = {"desktop": 1280, "phone": 360}
BUDGET = 50 * 1024  # a draft page's own HTML, CSS and JS, without the draft's text

REDLINE = "drafts/short-term-rentals/compare/01-introduced..02-first-reading/"
PAGES = {  # name -> address below the site root
    "home": "",
    "draft": "drafts/short-term-rentals/",
    "draft-chinese": "drafts/waste-sorting/",
    "version": "drafts/short-term-rentals/01-introduced/",
    "redline-inline": REDLINE,
    "redline-side-by-side": REDLINE + "#side-by-side",
    "redline-changes": REDLINE + "#changes",
    "compare": "drafts/consumer-data-privacy/compare/",
    "comment": "drafts/short-term-rentals/comment/",
    "comments": "drafts/short-term-rentals/comments/",
    "provision-comments": "drafts/short-term-rentals/comments/sec_6/",
    "responses": "drafts/consumer-data-privacy/responses/",
    "privacy": "privacy/",
    "lookup": "lookup/#DKT-2026-E2E1-TEST",
    "packet": "drafts/short-term-rentals/hearings/h1/",
    "zh-packet": "zh-Hans/drafts/waste-sorting/hearings/h1/",
    "report": "report/",
    "search": "search/?q=registration",
    "not-found": "no-such-draft/",
    "zh-home": "zh-Hans/",
    "zh-draft": "zh-Hans/drafts/waste-sorting/",
    "zh-redline": "zh-Hans/drafts/waste-sorting/compare/01-first-review..02-second-review/",
    "zh-comment": "zh-Hans/drafts/short-term-rentals/comment/",
    "zh-comments": "zh-Hans/drafts/short-term-rentals/comments/",
    "zh-provision-comments": "zh-Hans/drafts/short-term-rentals/comments/sec_6/",
    "zh-responses": "zh-Hans/drafts/waste-sorting/responses/",
    "zh-search": "zh-Hans/search/?q=垃圾",
    "zh-lookup": "zh-Hans/lookup/",
}


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def settle(page: Page, name: str) -> None:
    """Wait for what scripts draw: search results, a pair drawn on the compare page."""
    if name == "lookup":
        expect(page.locator("#lookup-result")).to_be_visible(timeout=10_000)
    if name.endswith("search"):
        expect(page.locator(".search-result").first).to_be_visible(timeout=10_000)
    if name == "compare":
        page.select_option("#compare-old", "01-introduced")
        page.select_option("#compare-new", "03-third-reading")
        page.get_by_role("button", name="Compare").click()
        expect(page.locator("#compare-result tbody tr:not(.rl-fold)").first).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_passes_axe_and_stays_on_its_origin(browser, served_url, width):
    # Every page's content security policy refuses inline script, axe's included: let axe in
    # (test_security.py checks the pages under their policy).
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900},
                                  bypass_csp=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    origin = urlsplit(served_url).netloc
    problems = {}
    for name, path in PAGES.items():
        page.goto(served_url + path)
        settle(page, name)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        if found := axe_violations(page):
            problems[name] = found
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:  # WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS px and up
            problems.setdefault(name, []).append(f"scrolls sideways by {overflow}px")
    context.close()
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    foreign = [u for u in requests if not u.startswith("data:") and urlsplit(u).netloc != origin]
    assert foreign == []


def test_a_comment_receipt_passes_axe(browser, served_url):
    """The confirmation page the intake service answers a form sent without JavaScript."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_url + "drafts/short-term-rentals/comment/")
    page.get_by_label("Your comment").fill("Please keep the cap on nights.")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("An individual").check()
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment received")
    receipt = page.url
    context.close()
    # The receipt's content security policy allows no script: let axe in for the check.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(receipt)
        page.screenshot(path=str(ARTIFACTS / f"comment-received-{width}.png"), full_page=True)
        assert axe_violations(page) == []
    context.close()


def test_a_draft_page_stays_within_its_budget(page: Page, site_url):
    sizes: dict[str, int] = {}

    def record(response):
        if response.request.resource_type in ("document", "stylesheet", "script"):
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(site_url + "drafts/short-term-rentals/")
    page.wait_for_load_state("networkidle")
    text = page.evaluate(
        "new TextEncoder().encode(document.querySelector('article.draft-text').outerHTML).length"
    )
    own = sum(sizes.values()) - text
    assert own <= BUDGET, f"{own} bytes of HTML, CSS and JS besides the text: {sizes}"


def focus_ring(page: Page) -> bool:
    """Whether the focused element shows a focus indicator (an outline or a ring)."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
               || s.boxShadow !== 'none'; }"""
    )


def tab_to(page: Page, pattern: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text or label matches, checking each stop shows
    where the focus is."""
    wanted = re.compile(pattern)
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => { const e = document.activeElement; return (e.getAttribute('aria-label') "
            "|| e.labels?.[0]?.textContent || e.textContent || '').trim(); }"
        )
        assert focus_ring(page), f"no visible focus on {label!r}"
        if wanted.search(label):
            return
    raise AssertionError(f"Tab never reached {pattern!r}")


def test_read_compare_and_comment_by_keyboard_alone(page: Page, served_url):
    page.goto(served_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert focus_ring(page)
    page.keyboard.press("Enter")
    tab_to(page, r"^Short-Term Rental Registration Ordinance$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/drafts/short-term-rentals/$"))

    tab_to(page, r"^Compare any two versions$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/compare/$"))
    # The form appears once its script has run (it needs it); wait as a reader would.
    expect(page.get_by_label("From")).to_be_visible()
    tab_to(page, r"^From$")  # the From list: choose the first version with the arrow keys
    page.keyboard.press("Home")
    tab_to(page, r"^Compare$")
    page.keyboard.press("Enter")  # a pre-rendered pair: its redline page opens
    expect(page).to_have_url(re.compile(r"/compare/01-introduced\.\.03-second-reading/$"))
    expect(page.locator(".rl-table tbody tr:not(.rl-fold)").first).to_be_visible()

    page.goto(served_url + "drafts/short-term-rentals/")
    tab_to(page, r"^Comment on this draft$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/comment/$"))
    tab_to(page, r"^Your comment$")
    page.keyboard.type("The fee should be lower for owner-occupied homes.")
    tab_to(page, r"^Full name$")
    page.keyboard.type("Grace Hopper")
    tab_to(page, r"^Email address$")
    page.keyboard.type("grace@example.org")
    tab_to(page, r"^An individual$")
    page.keyboard.press("Space")
    tab_to(page, r"^Send comment$")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile("Your tracking number is"))).to_be_visible()
