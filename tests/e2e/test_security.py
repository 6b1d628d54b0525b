"""What a hostile draft can do to a reader's browser: nothing. Markup typed into any field of a
draft (title, summary, topics, committee, sponsors, number, headings, provision text) stays
text on every page, the search page included, where Pagefind's own UI once ran it; an image
on another host is never loaded; every page carries a Content-Security-Policy under which it
runs without a violation, and which refuses an inline script that gets in anyway."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from ..conftest import REPO
from .conftest import BUILT_AT, serving_folder

pytestmark = pytest.mark.e2e

ALERT = "<img src=x onerror=alert(document.domain)>"
SCRIPT = "<script>alert('script')</script>"
SVG = '"><svg onload=alert(1)>'
AWAY = '<img src="https://evil.example/beacon.gif">'
PAYLOADS = f"{ALERT} {SCRIPT} {SVG} {AWAY}"
WORD = "Quokkas"  # a word found only in the hostile draft, to search for


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_DRAFT = f"""\
title: {yaml_text(f"{WORD} Act {ALERT}")}
number: {yaml_text(f"Bill {SVG}")}
sponsors: [{yaml_text(f"Member {SCRIPT}")}, {yaml_text(AWAY)}]
committee: {yaml_text(f"Committee {ALERT}")}
status: {yaml_text(f"In committee {SVG}")}
summary: {yaml_text(f"Summary {PAYLOADS}")}
topics: [{yaml_text(ALERT)}, {yaml_text(SCRIPT)}, {yaml_text(f"Topic {SVG}")}]
comment_period:
  opens: 2026-11-01
  closes: 2027-01-15
"""

VERSION = """\
---
label: {label}
date: {date}
note: {note}
---

Preamble {payloads} {word}.

## Section 1. Scope {alert}

This act protects {word} from {payloads}.

## Section 2. Records

(a) A record of {word} is kept. {script}

(b) The seal is ![seal](https://tracker.example/pixel.gif) and a
[link elsewhere](https://elsewhere.example/page) stays a link.
"""


def hostile_version(label: str, date: str, extra: str = "") -> str:
    return VERSION.format(label=yaml_text(f"{label} {ALERT}"), date=date,
                          note=yaml_text(f"Changed {SVG}"), payloads=PAYLOADS + extra,
                          word=WORD, alert=ALERT, script=SCRIPT)


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    """The example project with a draft whose every field carries markup, in two versions."""
    from generator.build.run import build

    root = tmp_path_factory.mktemp("hostile")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    draft = root / "drafts" / "hostile"
    (draft / "versions").mkdir(parents=True)
    (draft / "draft.yaml").write_text(HOSTILE_DRAFT, encoding="utf-8")
    (draft / "versions" / "01-introduced.md").write_text(
        hostile_version("Introduced", "2026-10-01", " Wombats"), encoding="utf-8")
    (draft / "versions" / "02-amended.md").write_text(
        hostile_version("Amended", "2026-10-20"), encoding="utf-8")
    build(root, now=BUILT_AT)
    return root


@pytest.fixture(scope="module")
def hostile_url(hostile_root) -> Iterator[str]:
    with serving_folder(hostile_root / "site") as url:
        yield url


class Watch:
    """What a page did that it must not: dialogs raised, requests to other hosts, CSP
    violations and console errors."""

    def __init__(self, page: Page, origin: str):
        self.dialogs: list[str] = []
        self.away: list[str] = []
        self.console: list[str] = []
        self.violations: list[str] = []
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self._request(r.url, origin))
        page.on("console", lambda m: m.type in ("error", "warning") and self.console.append(
            f"{page.url}: {m.text}"))
        page.expose_function("docketViolation", lambda text: self.violations.append(text))
        # Listen before any of the page's own scripts run (an init script is not inline
        # script of the page: the CSP does not apply to it).
        page.add_init_script("""
            window.docketViolations = [];
            document.addEventListener('securitypolicyviolation', e => {
                const said = location.pathname + ': ' + e.violatedDirective + ' ' + e.blockedURI;
                window.docketViolations.push(said);
                window.docketViolation(said);
            });""")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, url: str, origin: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != origin:
            self.away.append(url)


def watch(page: Page, url: str) -> Watch:
    return Watch(page, urlsplit(url).netloc)


def test_the_search_page_shows_every_hostile_field_as_text(page: Page, hostile_url, shot):
    seen = watch(page, hostile_url)
    page.goto(hostile_url + f"search/?q={WORD.lower()}")
    results = page.locator(".search-result a")
    expect(results.first).to_be_visible(timeout=10_000)
    # Both versions are found, and every filter is open so its labels are drawn.
    expect(page.locator(".search-result")).to_have_count(2)
    for summary in page.locator("#search-filters summary").all():
        summary.click()
    expect(page.locator("#search-filters").get_by_text(ALERT).first).to_be_visible()
    expect(page.locator(".search-result__title").first).to_contain_text(ALERT)
    # A filter whose value is markup still filters.
    page.locator("#search-filters label", has_text=f"Topic {SVG}").click()
    expect(page.locator(".search-result").first).to_be_visible()
    page.goto(hostile_url + "search/?q=wombats")  # words only in the earlier version
    expect(page.locator(".search-result").first).to_be_visible(timeout=10_000)
    shot("search-hostile")
    assert not page.locator("#search img, #search svg, #search script").count()
    assert seen.dialogs == []
    assert seen.away == []


@pytest.mark.parametrize("path", ["", "search/?q=quokkas", "drafts/hostile/", "drafts/hostile/01-introduced/",
                                  "drafts/hostile/compare/01-introduced..02-amended/",
                                  "drafts/hostile/comment/", "zh-Hans/drafts/hostile/",
                                  "zh-Hans/search/?q=quokkas"])
def test_no_page_runs_or_loads_what_a_draft_typed(page: Page, hostile_url, path):
    seen = watch(page, hostile_url)
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    assert seen.dialogs == []
    assert seen.away == []
    assert seen.violations == []


def test_an_image_on_another_host_is_a_link_not_a_load(page: Page, hostile_url, shot):
    seen = watch(page, hostile_url)
    page.goto(hostile_url + "drafts/hostile/")
    page.wait_for_load_state("networkidle")
    assert seen.away == []
    seal = page.locator("#sec_2__subsec_b").get_by_role("link", name="seal")
    expect(seal).to_have_attribute("href", "https://tracker.example/pixel.gif")
    assert not page.locator("#sec_2__subsec_b img").count()
    expect(page.get_by_role("link", name="link elsewhere")).to_have_attribute(
        "href", "https://elsewhere.example/page")
    shot("hostile-draft")



# ------------------------------------------------------------------ the content security policy

POLICY_PAGES = [  # every page type of the example site, below its root
    "", "drafts/short-term-rentals/", "drafts/waste-sorting/",
    "drafts/short-term-rentals/01-introduced/",
    "drafts/short-term-rentals/compare/01-introduced..02-first-reading/",
    "drafts/short-term-rentals/compare/01-introduced..02-first-reading/#side-by-side",
    "drafts/short-term-rentals/compare/01-introduced..02-first-reading/side-by-side/",
    "drafts/short-term-rentals/comment/", "privacy/", "search/?q=registration",
    "no-such-draft/", "zh-Hans/", "zh-Hans/drafts/waste-sorting/",
    "zh-Hans/drafts/short-term-rentals/comment/", "zh-Hans/search/?q=垃圾",
]


def test_every_page_runs_under_its_policy_without_a_violation(page: Page, served_url):
    seen = watch(page, served_url)
    for path in POLICY_PAGES:
        page.goto(served_url + path)
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        expect(policy).to_have_count(1)
        assert "script-src 'self'" in policy.get_attribute("content"), path
        if "search" in path:  # Pagefind's WebAssembly and worker ran under the policy
            expect(page.locator(".search-result").first).to_be_visible(timeout=10_000)
        page.wait_for_load_state("networkidle")
    # The compare page draws a pair that is not pre-rendered, rows nested by depth.
    page.goto(served_url + "drafts/consumer-data-privacy/compare/")
    page.select_option("#compare-old", "01-introduced")
    page.select_option("#compare-new", "03-third-reading")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#compare-result tbody tr:not(.rl-fold)").first).to_be_visible()
    assert page.locator('#compare-result tr[data-depth="1"]').count()
    # The comment form posts with fetch and shows the tracking number in place.
    page.goto(served_url + "drafts/short-term-rentals/comment/")
    page.get_by_label("Your comment").fill("Keep the cap on nights.")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("An individual").check()
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator("#comment-tracking")).to_have_text(re.compile(r"\w{4,}"))
    assert seen.violations == []
    assert [m for m in seen.console if "Content Security Policy" in m] == []
    assert seen.dialogs == [] and seen.away == []


def test_an_inline_script_that_gets_in_is_refused(page: Page, site_url):
    watch(page, site_url)
    page.goto(site_url + "drafts/short-term-rentals/")
    page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = 1';
        document.body.appendChild(s);
        const d = document.createElement('div');
        d.innerHTML = '<img src="data:," onerror="window.injected = 2" onload="window.injected = 3">';
        document.body.appendChild(d);
    }""")
    # Both refusals are reported (the script, then the handlers), and nothing ran.
    page.wait_for_function("window.docketViolations.length >= 2")
    assert page.evaluate("window.injected") is None
    reported = page.evaluate("window.docketViolations")
    assert all("script-src" in v for v in reported), reported
