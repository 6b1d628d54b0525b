"""Search on a site whose documents are split into several bundles per language, as a large
site's are (render/search.py, ``BUNDLE_BYTES``): the example site built with bundles so small
that each draft is in a bundle of its own, and every search test of the single-bundle site
run again on it (``site_url`` is this one here), with a search that needs two bundles."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.build.run import build
from generator.render import search

from .conftest import (
    ARTIFACTS,
    BUILT_AT,
    add_later_versions,
    add_published_comments,
    serving_folder,
)
from .test_search_and_languages import (  # noqa: F401  (collected again here, on this site)
    test_a_chinese_result_opens_its_article_and_names_it,
    test_a_filter_narrows_the_results,
    test_a_result_opens_the_provision_it_found,
    test_results_from_earlier_versions_are_listed_apart,
    test_search_finds_english_words_with_their_stems,
    test_search_finds_two_chinese_characters,
)
from .test_search_comments import (  # noqa: F401
    test_a_chinese_comment_is_found_in_chinese,
    test_a_comment_on_the_whole_draft_opens_on_the_drafts_comment_list,
    test_a_pending_comment_is_not_found,
    test_a_published_comment_is_found_and_opens_on_its_provisions_page,
)

pytestmark = pytest.mark.e2e

# With the browser suite's extra readings, the English drafts hold 126 kB of Markdown: at
# 6 kB a bundle, English is dealt into 32 bundles (the bill in en.12, the ordinance in
# en.20), Chinese (27 kB) into 8 (the regulation in zh.5).
SMALL = 6_000
BUNDLES = "en.12 en.20 zh.5"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> str:
    from ..conftest import REPO

    root = tmp_path_factory.mktemp("e2e-split")
    (root / "site.yaml").write_bytes((REPO / "site.yaml").read_bytes())
    shutil.copytree(REPO / "drafts", root / "drafts")
    add_later_versions(root / "drafts" / "consumer-data-privacy" / "versions")
    add_published_comments(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "BUNDLE_BYTES", SMALL)
        build(root, now=BUILT_AT)
    with serving_folder(root / "site") as url:
        yield url


def search_for(page: Page, query: str) -> list[str]:
    """Type a query and wait for its own results (not the last query's, still shown while
    the new one runs): their addresses."""
    page.get_by_label("Words or phrases, in any language").fill(query)
    expect(page.locator("#search-status")).to_have_text(
        re.compile(rf"^\d+ results? for {query}$"), timeout=10_000)
    expect(page.locator(".search-result").first).to_be_visible()  # (drawn all at once)
    return [a.get_attribute("href") for a in page.locator(".search-result__title a").all()]


@pytest.fixture
def shot(page):
    """Screenshots of the tests run again here, apart from the single-bundle site's."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"split-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def test_the_search_page_merges_every_bundle_and_finds_words_in_each(page: Page, site_url,
                                                                     shot):
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "pagefind-entry" in r.url else None)
    page.goto(site_url + "search/")
    expect(page.locator("#search")).to_have_attribute("data-bundles", BUNDLES)
    found = search_for(page, "personal")  # in the privacy bill (en.12) ...
    assert any(h.startswith("/drafts/consumer-data-privacy/") for h in found)
    found = search_for(page, "registrations")  # ... and in the ordinance (en.20)
    assert any(h.startswith("/drafts/short-term-rentals/#") for h in found)
    assert sorted(re.search(r"pagefind/([^/]+)/", u).group(1) for u in loaded) == sorted(
        BUNDLES.split())
    # A word in both English drafts: the results of two bundles, in one list.
    found = search_for(page, "notice")
    drafts = {h.split("/")[2] for h in found}
    assert {"consumer-data-privacy", "short-term-rentals"} <= drafts
    shot("search-two-bundles")
    # The filters are the merged bundles': each draft's committee, in one list.
    page.locator("summary", has_text="Committee").click()
    labels = " ".join(page.locator("#search-filters details[open] label").all_text_contents())
    assert all(name in labels for name in ("Commerce", "Housing", "春田市"))
