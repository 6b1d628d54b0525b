"""A large site's search documents split into bundles of bounded size (render/search.py):
each draft in one bundle of its language, the same one from build to build; only its bundle
indexed again when it changes; and an incremental build's bundles a clean build's."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build.publish import private_dir
from generator.build.run import build
from generator.content.loader import load_project
from generator.render import search
from generator.render.search import BUNDLE_BYTES, bundle_of, bundles, draft_bytes, search_parts

from .conftest import REPO, write
from .test_incremental import NOWS, built_step_by_step, operations, rendered, start

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# The examples' English drafts hold 80 kB of Markdown, the Chinese one 27 kB: at 6 kB a
# bundle, English is dealt into 16 bundles (the two drafts into en.4 and en.12), Chinese 8.
SMALL = 6_000


def entries(site: Path) -> dict[str, int]:
    """Each bundle of the site's search page (``pagefind/en.4``): how many pages it indexes."""
    found = {}
    for entry in sorted(site.glob("**/pagefind/*/pagefind-entry.json")):
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        found[entry.parent.relative_to(site).as_posix()] = sum(
            lang["page_count"] for lang in languages.values())
    return found


def in_both(*names: str) -> set[str]:
    """The bundles' folders in each interface of the examples (English, and Chinese below
    ``zh-Hans/``)."""
    return {f"{prefix}pagefind/{name}" for prefix in ("", "zh-Hans/") for name in names}


def index_files(site: Path, folder: str) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino
            for p in (site / folder).rglob("*") if p.is_file()}


def test_a_small_site_has_one_bundle_per_language(examples):
    project = load_project(examples, parse=False).project
    assert search_parts(project.drafts, project.config) == {"en": 1, "zh": 1}
    assert bundles(project) == ["en", "zh"]


def test_a_language_is_split_into_a_power_of_two_of_bundles_each_within_the_bound(
        examples, monkeypatch):
    monkeypatch.setattr(search, "BUNDLE_BYTES", SMALL)
    project = load_project(examples, parse=False).project
    config = project.config
    parts = search_parts(project.drafts, config)
    assert parts == {"en": 16, "zh": 8}
    sizes: dict[str, int] = {}
    for draft in project.drafts:
        sizes[search.draft_language(draft, config)] = (
            sizes.get(search.draft_language(draft, config), 0) + draft_bytes(draft))
    for lang, n in parts.items():  # the fewest that keep the mean within the bound
        assert sizes[lang] <= n * SMALL and sizes[lang] > n // 2 * SMALL
    assert {d.slug: bundle_of(d, config, parts) for d in project.drafts} == {
        "consumer-data-privacy": "en.12", "short-term-rentals": "en.4", "waste-sorting": "zh.5"}
    assert bundles(project) == ["en.4", "en.12", "zh.5"]  # the site's language first


def test_a_draft_stays_in_its_bundle_while_the_number_of_bundles_stays(project):
    """Adding a draft moves no other draft to another bundle (the hash is of its slug)."""
    for n in range(40):
        write(project / "drafts" / f"law-{n}" / "draft.yaml", f"title: Law {n}\n")
        write(project / "drafts" / f"law-{n}" / "versions" / "01-introduced.md",
              "---\nlabel: Introduced\ndate: 2026-10-01\n---\n\n## Section 1\n\n"
              + "Words of the law. " * 50 + "\n")
    loaded = load_project(project, parse=False).project
    size = sum(draft_bytes(d) for d in loaded.drafts)
    parts = {"en": 8}
    before = {d.slug: bundle_of(d, loaded.config, parts) for d in loaded.drafts}
    assert len(set(before.values())) > 4  # dealt out, not all in one
    assert search_parts(loaded.drafts, loaded.config) == {"en": 1}  # (at the real bound)
    assert size < BUNDLE_BYTES
    write(project / "drafts" / "law-new" / "draft.yaml", "title: New\n")
    write(project / "drafts" / "law-new" / "versions" / "01-introduced.md",
          "---\nlabel: Introduced\ndate: 2026-10-01\n---\n\nText.\n")
    again = load_project(project, parse=False).project
    after = {d.slug: bundle_of(d, again.config, parts) for d in again.drafts}
    assert {slug: after[slug] for slug in before} == before


@pytest.fixture(scope="module")
def split_examples(tmp_path_factory) -> Path:
    """The examples built at NOW with SMALL bundles, once for the tests of this module (read
    only: a test that changes it takes a copy)."""
    root = tmp_path_factory.mktemp("split-examples") / "examples"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "BUNDLE_BYTES", SMALL)
        build(root, now=NOW)
    return root


def test_a_split_site_indexes_each_bundle_and_its_search_page_merges_them(split_examples):
    site = split_examples / "site"
    counts = entries(site)
    # Each English draft's page and its earlier versions' pages in its own bundle (the
    # privacy bill's comments are not published: no comment document).
    assert set(counts) == in_both("en.4", "en.12", "zh.5")
    assert counts["pagefind/en.4"] == 3  # the ordinance: its draft page, two earlier versions
    assert not (site / "pagefind" / "en").exists()
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-bundles="en.4 en.12 zh.5"' in page
    docs = private_dir(site) / ".docket-search"
    assert sorted(p.name for p in docs.iterdir()) == [
        "_-en.12", "_-en.4", "_-zh.5", "zh-Hans-en.12", "zh-Hans-en.4", "zh-Hans-zh.5"]


def test_an_edit_indexes_again_only_the_bundle_of_its_draft(split_examples, tmp_path,
                                                            monkeypatch):
    monkeypatch.setattr(search, "BUNDLE_BYTES", SMALL)
    examples = tmp_path / "examples"
    shutil.copytree(split_examples, examples, symlinks=True)  # (files and times as built)
    site = examples / "site"
    privacy, rentals = index_files(site, "pagefind/en.12"), index_files(site, "pagefind/en.4")
    ordinance = examples / "drafts" / "short-term-rentals" / "versions" / "03-second-reading.md"
    write(ordinance, ordinance.read_text(encoding="utf-8") + "\n## Section 99. Test\n\nNew.\n")
    build(examples, now=NOW)
    assert index_files(site, "pagefind/en.12") == privacy  # the last build's files, linked
    assert index_files(site, "pagefind/en.4") != rentals


def test_a_site_growing_past_the_bound_is_dealt_into_more_bundles(examples, monkeypatch):
    """The old bundles' indexes and documents go; the build is a clean one's. At 40 kB a
    bundle, the ordinance alone (37 kB) is one English bundle; with the privacy bill (80 kB
    in all) English is dealt into four (both drafts in en.0)."""
    monkeypatch.setattr(search, "BUNDLE_BYTES", 40_000)
    bill = examples / "drafts" / "consumer-data-privacy"
    aside = examples.parent / "bill"
    shutil.move(bill, aside)
    site = build(examples, now=NOW).out
    assert set(entries(site)) == in_both("en", "zh")
    shutil.move(aside, bill)
    build(examples, now=NOW)
    assert set(entries(site)) == in_both("en.0", "zh")
    clean = build(examples, out=examples.parent / "clean", now=NOW, clean=True).out
    assert entries(site) == entries(clean)
    assert rendered(site) == rendered(clean)
    assert (rendered(private_dir(site) / ".docket-search")
            == rendered(private_dir(clean) / ".docket-search"))
    shutil.rmtree(bill)
    build(examples, now=NOW)
    assert set(entries(site)) == in_both("en", "zh")
    assert not (site / "pagefind" / "en.0").exists()


TINY = 300  # bytes a bundle: drafts growing and shrinking change how many there are


@pytest.fixture(scope="module")
def split_start(tmp_path_factory) -> Path:
    """The project every sequence starts from (``start``), built once at NOWS[0] with
    TINY bundles: each example takes a copy, files and times as the build left them."""
    root = tmp_path_factory.mktemp("split-start") / "project"
    root.mkdir()
    start(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "BUNDLE_BYTES", TINY)
        build(root, now=NOWS[0])
    return root


@pytest.mark.long
@settings(max_examples=5, deadline=None,  # (5 still catch a draft's clock ignored)
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.lists(operations, min_size=1, max_size=3),
                                st.sampled_from(NOWS)), min_size=1, max_size=3))
def test_an_incremental_build_with_split_bundles_writes_what_a_clean_build_writes(
        tmp_path_factory, split_start, steps):
    """As ``test_an_incremental_build_writes_what_a_clean_build_writes``, with bundles so
    small that drafts growing and shrinking change how many there are."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "BUNDLE_BYTES", TINY)
        root = tmp_path_factory.mktemp("split") / "project"
        clean = built_step_by_step(root, split_start, steps)
        site = root / "site"
        assert entries(site) == entries(clean)
        assert rendered(site) == rendered(clean)
        assert (rendered(private_dir(site) / ".docket-search")
                == rendered(private_dir(clean) / ".docket-search"))
