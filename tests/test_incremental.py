"""Incremental builds: only what changed is rendered, and the result is always a clean build's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build.publish import private_dir
from generator.build.run import build
from generator.build.state import STATE_FILE, state_path
from generator.problems import ProblemsFound
from generator.theme import theme_dir

from .conftest import SITE_YAML, write

NOWS = [datetime(2026, 10, 1, 9), datetime(2026, 11, 5, 9), datetime(2026, 11, 25, 19),
        datetime(2026, 12, 20, 9)]
SLUGS = ["alpha", "beta", "gamma"]
METAS = [
    "title: Draft {slug}\n",
    "title: Draft {slug}\ncomment_period:\n  opens: 2026-11-01\n  closes: 2026-11-30\n",
    "title: Draft {slug}\nhearings:\n  - id: h1\n    date: 2026-11-25 18:00:00\n"
    "    place: Council Chambers\n",
]
BODIES = [
    "## Section 1. Scope\n\nThis applies to {word}.\n\n## Section 2. Fees\n\n"
    "A fee under section 1 is $10.\n",
    "## Section 1. Scope\n\nThis applies to {word} and more.\n\n(a) one;\n\n(b) two.\n",
    "## Section 1. Purpose\n\nText about {word}.\n\n## Section 3. Other\n\nSee section 1.\n",
]
WORDS = ["hosts", "guests", "platforms"]
TEMPLATES = ["draft.html", "version.html", "home.html", "redline.html", "base.html",
             "_redline.html", "_versions.html", "_draft_meta.html"]


def version_text(number: int, body: int, word: int) -> str:
    return (f"---\nlabel: Version {number}\ndate: 2026-10-{number:02d}\n---\n\n"
            + BODIES[body].format(word=WORDS[word]))


def edited_template(name: str, mark: int) -> str:
    source = (theme_dir() / name).read_text(encoding="utf-8")
    if "{% extends" in source and "{% block main %}" in source:
        return source.replace("{% block main %}", f"{{% block main %}}<!-- edit {mark} -->", 1)
    return f"<!-- edit {mark} -->\n" + source


def versions_of(root: Path, slug: str) -> list[Path]:
    return sorted((root / "drafts" / slug / "versions").glob("*.md"))


def apply(root: Path, op: tuple) -> None:
    kind, slug, a, b = op
    folder = root / "drafts" / slug
    if kind == "draft":  # add a draft, or change its draft.yaml
        write(folder / "draft.yaml", METAS[a % len(METAS)].format(slug=slug))
        if not versions_of(root, slug):
            write(folder / "versions" / "01-introduced.md", version_text(1, b, 0))
    elif kind == "delete-draft":
        if len([d for d in (root / "drafts").iterdir()]) > 1:
            shutil.rmtree(folder, ignore_errors=True)
    elif kind == "version" and folder.exists():  # edit one version's text
        files = versions_of(root, slug)
        target = files[a % len(files)]
        write(target, version_text(int(target.name[:2]), b, a % len(WORDS)))
    elif kind == "add-version" and folder.exists():
        number = int(versions_of(root, slug)[-1].name[:2]) + 1
        write(folder / "versions" / f"{number:02d}-reading.md", version_text(number, b, a % 3))
    elif kind == "delete-version" and folder.exists():
        files = versions_of(root, slug)
        if len(files) > 1:
            files[a % len(files)].unlink()
    elif kind == "template":
        path = root / "templates" / TEMPLATES[a]
        if b == 0:
            path.unlink(missing_ok=True)
        else:
            write(path, edited_template(TEMPLATES[a], b))


def rendered(site: Path) -> dict[str, bytes]:
    """Every file of a build but Pagefind's index, whose file names change from run to run."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and "pagefind" not in p.relative_to(site).parts
            and p.name != STATE_FILE}


def start(root: Path) -> None:
    write(root / "site.yaml", SITE_YAML)
    apply(root, ("draft", "alpha", 1, 0))
    apply(root, ("add-version", "alpha", 1, 1))


operations = st.tuples(
    st.sampled_from(["draft", "delete-draft", "version", "version", "add-version",
                     "delete-version", "template"]),
    st.sampled_from(SLUGS), st.integers(0, len(TEMPLATES) - 1), st.integers(0, 2))
NOTHING = ("delete-version", "gamma", 0, 0)  # gamma does not exist: no file changes


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    """The project every sequence starts from (``start``), built once at NOWS[0]. Each
    example takes a copy, files and times as the build left them (as ``cp -a`` copies a
    project): what building it again would give, without the build."""
    root = tmp_path_factory.mktemp("incremental-start") / "project"
    root.mkdir()
    start(root)
    build(root, now=NOWS[0])
    return root


# Each build of even this small project costs a few tenths of a second: the random sequences are fewer than they were (8: a selection that ignores a
# draft's or the listings' clock is still caught), and these sequences, which between them
# change every kind of input a page has, are always among them.
@pytest.mark.long
@example(steps=[  # an included template edited, then its override removed
    ([("template", "", TEMPLATES.index("_redline.html"), 1)], NOWS[1]),
    ([("template", "", TEMPLATES.index("base.html"), 2),
      ("template", "", TEMPLATES.index("_redline.html"), 0)], NOWS[1])])
@example(steps=[  # only the clock: alpha's comment period opens, closes
    ([NOTHING], NOWS[1]), ([NOTHING], NOWS[2]), ([NOTHING], NOWS[3])])
@example(steps=[  # a draft comes, another goes; versions are added (four: a pair of them
    # is compared only in compare/data.json), one deleted, one edited
    ([("draft", "beta", 2, 1), ("add-version", "alpha", 0, 2), ("add-version", "alpha", 1, 1)],
     NOWS[2]),
    ([("delete-version", "alpha", 0, 0), ("version", "beta", 1, 2)], NOWS[2]),
    ([("delete-draft", "alpha", 0, 0), ("draft", "beta", 1, 0)], NOWS[3])])
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.lists(operations, min_size=1, max_size=3),
                                st.sampled_from(NOWS)), min_size=1, max_size=4))
def test_an_incremental_build_writes_what_a_clean_build_writes(tmp_path_factory, started,
                                                               steps):
    root = tmp_path_factory.mktemp("incremental") / "project"
    clean = built_step_by_step(root, started, steps)
    assert rendered(root / "site") == rendered(clean)


def built_step_by_step(root: Path, started: Path, steps: list) -> Path:
    """``started`` copied to ``root``, each step's edits made and built at its time (an
    incremental build each); then ``root`` built clean beside it: that site's folder."""
    shutil.copytree(started, root, symlinks=True)
    for ops, now in steps:
        for op in ops:
            apply(root, op)
        build(root, now=now)
    return build(root, out=root.parent / f"{root.name}-clean", now=steps[-1][1],
                 clean=True).out


def test_an_edit_renders_only_that_drafts_pages_and_the_listings(project):
    start(project)
    apply(project, ("draft", "beta", 0, 0))
    first = build(project, now=NOWS[1])
    assert first.rendered == first.pages
    assert build(project, now=NOWS[1]).rendered == 0  # nothing changed: nothing to do
    site = project / "site"
    untouched = site / "drafts" / "alpha" / "index.html"
    before = untouched.stat()
    apply(project, ("version", "beta", 0, 2))
    edited = build(project, now=NOWS[1])
    assert 0 < edited.rendered < edited.pages
    # The untouched draft's pages are the previous build's files, left as they were.
    after = untouched.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    apply(project, ("template", "", TEMPLATES.index("redline.html"), 1))
    redlines = build(project, now=NOWS[1])
    assert 0 < redlines.rendered < redlines.pages  # only alpha has two versions to compare


def test_time_passing_a_deadline_rerenders_what_shows_it(project):
    start(project)  # alpha takes comments from November 1 to 30
    build(project, now=NOWS[1])
    page = project / "site" / "drafts" / "alpha" / "index.html"
    before = page.stat().st_ino
    later = build(project, now=NOWS[1].replace(hour=10))  # no date or deadline crossed
    assert later.rendered == 0  # not even the feeds: they never print the build's clock
    assert page.stat().st_ino == before  # the previous build's file, linked
    build(project, now=NOWS[3])
    assert page.stat().st_ino != before
    assert "closed" in page.read_text().lower()


PERIODS = {  # (as of November 10, 2026) a period closed, one open, one upcoming, and a
    # hearing given as a bare date on the day of the builds
    "closed": "comment_period:\n  opens: 2026-09-01\n  closes: 2026-10-01\n",
    "open": "comment_period:\n  opens: 2026-11-01\n  closes: 2026-12-31\n",
    "upcoming": "comment_period:\n  opens: 2027-01-01\n  closes: 2027-02-01\n",
    "hearing-today": "hearings:\n  - id: h1\n    date: 2026-11-10\n    place: City Hall\n",
}


@pytest.mark.parametrize("later", [datetime(2026, 11, 10, 13, 30), datetime(2026, 11, 10, 23)])
def test_a_build_with_nothing_changed_renders_nothing_whatever_the_periods(project, later):
    for slug, meta in PERIODS.items():
        write(project / "drafts" / slug / "draft.yaml", f"title: Draft {slug}\n{meta}")
        write(project / "drafts" / slug / "versions" / "01-introduced.md", version_text(1, 0, 0))
        write(project / "drafts" / slug / "versions" / "02-reading.md", version_text(2, 1, 1))
    first = build(project, now=datetime(2026, 11, 10, 9))
    assert first.rendered is None or first.rendered == first.pages
    again = build(project, now=later)  # the clock moved, past no date or deadline
    assert (again.rendered, again.pages) == (0, first.pages)
    # The hearing's day ends: the pages that said "upcoming" (and only they) are rendered.
    held = build(project, now=datetime(2026, 11, 10, 23, 59, 59))
    assert 0 < held.rendered < held.pages
    assert "Held" in (project / "site" / "drafts" / "hearing-today" / "index.html").read_text()


def test_a_page_edited_by_hand_is_rebuilt(project):
    start(project)
    build(project, now=NOWS[1])
    page = project / "site" / "drafts" / "alpha" / "index.html"
    page.write_text("tampered", encoding="utf-8")
    build(project, now=NOWS[1])
    assert "tampered" not in page.read_text()


@pytest.mark.parametrize("clean", [False, True])
def test_a_build_refuses_to_delete_a_file_it_did_not_write(project, clean):
    start(project)
    build(project, now=NOWS[1])
    extra = project / "site" / "drafts" / "alpha" / "notes.txt"
    extra.write_text("mine", encoding="utf-8")
    database = project / "site" / "comments.db"
    database.write_bytes(b"SQLite format 3\0")
    with pytest.raises(ProblemsFound) as refused:
        build(project, now=NOWS[2], clean=clean)
    assert [str(p) for p in refused.value.problems] == [
        "site/comments.db: not written by Docket: a build replaces site/ and would delete it; "
        "move it out of site/ (or delete it), then build again",
        "site/drafts/alpha/notes.txt: not written by Docket: a build replaces site/ and would "
        "delete it; move it out of site/ (or delete it), then build again"]
    assert extra.read_text() == "mine" and database.exists()
    extra.unlink()
    database.unlink()
    build(project, now=NOWS[2], clean=clean)  # nothing foreign left: the build goes on


def test_a_version_rewritten_with_its_old_times_is_still_read_again(project):
    start(project)
    version = versions_of(project, "alpha")[-1]
    old = version.stat().st_mtime_ns - 3_600_000_000_000  # an hour ago: not "racy"
    os.utime(version, ns=(old, old))
    build(project, now=NOWS[1])
    text = version.read_text(encoding="utf-8")
    swapped = text.replace("guests", "hosts!")  # the same length
    assert len(swapped) == len(text) and swapped != text
    version.write_text(swapped, encoding="utf-8")
    os.utime(version, ns=(old, old))  # size and mtime as before; only ctime tells
    assert build(project, now=NOWS[1]).rendered > 0
    page = (project / "site" / "drafts" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "hosts!" in page


def test_a_version_added_with_its_folders_time_set_back_is_still_built(project):
    start(project)
    versions = project / "drafts" / "alpha" / "versions"
    old = versions.stat().st_mtime_ns - 3_600_000_000_000  # an hour ago: not "racy"
    os.utime(versions, ns=(old, old))
    build(project, now=NOWS[1])  # the folder is listed, and its listing kept
    assert build(project, now=NOWS[1]).rendered == 0  # (answered from the kept listing)
    write(versions / "03-reading.md", version_text(3, 2, 0))
    os.utime(versions, ns=(old, old))  # its modification time as before; only ctime tells
    assert build(project, now=NOWS[1]).rendered > 0
    assert (project / "site" / "drafts" / "alpha" / "03-reading" / "index.html").is_file()


def test_docket_build_with_nothing_to_do_loads_no_templates_or_parser(project):
    start(project)
    build(project, now=NOWS[1])
    script = ("import sys; from generator.cli import main; "
              f"code = main(['--root', {str(project)!r}, 'build', '--now', "
              f"{NOWS[1].isoformat()!r}]); "
              "print(sorted(m for m in ('jinja2', 'markdown_it', 'rich', 'yaml') "
              "if m in sys.modules)); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert "(0 rendered, the others unchanged)" in done.stdout
    assert done.stdout.strip().endswith("[]")


def test_a_process_that_builds_again_parses_only_the_versions_that_changed(project, monkeypatch):
    from generator.provisions import parser

    start(project)
    apply(project, ("draft", "beta", 0, 0))
    build(project, now=NOWS[1])
    seen = []
    real = parser.parse_version
    monkeypatch.setattr(parser, "parse_version", lambda *a: seen.append(a[1]) or real(*a))
    beta = project / "drafts" / "beta" / "versions" / "01-introduced.md"
    beta.write_text(version_text(1, 2, 0) + f"\nSection 4. Unique to {project}.\n")
    build(project, now=NOWS[1])
    assert seen == ["drafts/beta/versions/01-introduced.md"]


def test_parsed_versions_are_kept_on_disk_one_per_version_file(project):
    start(project)
    build(project, now=NOWS[1])
    (cache,) = (project / ".docket-cache").glob("parsed-*")
    assert len(list(cache.glob("*.pickle"))) == 2
    apply(project, ("delete-version", "alpha", 0, 0))
    apply(project, ("version", "alpha", 0, 2))
    build(project, now=NOWS[1])
    assert len(list(cache.glob("*.pickle"))) == 1  # entries no file has any more are gone


def _index_files(site: Path, folder: str) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino
            for p in (site / folder).rglob("*") if p.is_file()}


def test_a_search_bundle_is_indexed_again_only_when_its_documents_change(built_copy):
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    examples = built_copy(now)  # the examples, built at ``now``
    site = examples / "site"
    english, chinese = _index_files(site, "pagefind/en"), _index_files(site, "pagefind/zh")
    assert english and chinese
    regulation = examples / "drafts" / "waste-sorting" / "versions" / "02-second-review.md"
    text = regulation.read_text(encoding="utf-8")
    write(regulation, text + "\n第九十九条　本条为测试新增。\n")
    build(examples, now=now)
    # The English bundle is the last build's, linked; the Chinese one was made again.
    assert _index_files(site, "pagefind/en") == english
    assert _index_files(site, "pagefind/zh") != chinese
    assert "测试新增" in (private_dir(site) / ".docket-search" / "_-zh" / "drafts" / "waste-sorting"
                         / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(examples / "drafts" / "consumer-data-privacy")  # a draft gone: its bundle too
    build(examples, now=now)
    assert _index_files(site, "pagefind/en") != english


def test_a_build_loads_again_only_the_drafts_whose_files_changed(project, monkeypatch):
    from generator.content import loader

    start(project)
    apply(project, ("draft", "beta", 0, 0))
    build(project, now=NOWS[1])
    loaded: list[str] = []
    real = loader.load_draft
    monkeypatch.setattr(loader, "load_draft",
                        lambda reader, folder, tz: loaded.append(folder.name) or real(
                            reader, folder, tz))
    apply(project, ("version", "beta", 0, 2))
    build(project, now=NOWS[1])
    assert loaded == ["beta"]
    for kept in (project / ".docket-cache").glob("drafts-*/*.pickle"):
        kept.write_bytes(b"not a pickle")  # a damaged cache is read from the files again
    apply(project, ("version", "beta", 0, 1))
    edited = build(project, now=NOWS[1])
    assert sorted(loaded) == ["alpha", "beta", "beta"]
    assert 0 < edited.rendered < edited.pages


def test_a_damaged_stat_cache_only_means_reading_the_files_again(project):
    start(project)
    build(project, now=NOWS[1])
    cache = project / ".docket-cache" / "inputs.json"
    for damage in ('{"format": 1, "entries": {"x": 5}}', "[1, 2", ""):
        cache.write_text(damage, encoding="utf-8")
        assert build(project, now=NOWS[1]).rendered == 0
    paths = json.loads(cache.read_text(encoding="utf-8"))["entries"]
    for bad in ({p: 5 for p in paths}, {p: [*e[:4], "soon", 7] for p, e in paths.items()}):
        cache.write_text(json.dumps({"format": 1, "entries": bad}), encoding="utf-8")
        assert build(project, now=NOWS[1]).rendered == 0


def test_a_damaged_build_state_means_a_clean_build(project):
    start(project)
    first = build(project, now=NOWS[1])
    state = state_path(project / "site")
    data = json.loads(state.read_text(encoding="utf-8"))
    for field, value in (("files", []), ("pages", {"index.html": 3}), ("counts", "x"),
                         ("folders", {"drafts": "later"})):
        state.write_text(json.dumps({**data, field: value}), encoding="utf-8")
        again = build(project, now=NOWS[1])
        assert again.rendered == again.pages == first.pages  # all of it, and no crash
    data = json.loads(state.read_text(encoding="utf-8"))  # (the site's now)
    for field, value in (("moments", {"alpha": [["t", "soon"]]}), ("timezone", "Nowhere/Else"),
                         ("moments", {"alpha": [5]})):
        state.write_text(json.dumps({**data, field: value}), encoding="utf-8")
        assert build(project, now=NOWS[1]).rendered == 0  # not read: a build, not a crash
    state.write_text('{"format": 4, "key": ', encoding="utf-8")
    assert build(project, now=NOWS[1]).rendered == first.pages


def test_a_text_that_does_not_parse_stops_the_build_before_any_page_is_rendered(
        project, monkeypatch):
    from generator.build import workers

    start(project)
    write(project / "drafts" / "alpha" / "versions" / "01-introduced.md",
          "---\nlabel: One\ndate: 2026-10-01\n---\n\n## Section 1. A\n\nText.\n\n"
          "## Section 1. B\n\nAgain.\n")
    written = []
    monkeypatch.setattr(workers, "_write_page", lambda *a: written.append(a[-1].output))
    with pytest.raises(ProblemsFound) as caught:
        build(project, now=NOWS[1], jobs=1)
    assert "duplicate provision number" in str(caught.value.problems)
    assert written == []  # analysed first: nothing was rendered


def test_a_template_edit_renders_every_draft_again_and_analyses_none(project, monkeypatch):
    from generator.build import workers

    start(project)
    write(project / "drafts" / "beta" / "draft.yaml", "title: Beta\n")
    write(project / "drafts" / "beta" / "versions" / "01-introduced.md",
          "---\nlabel: One\ndate: 2026-10-01\n---\n")  # a warning: the version has no text
    first = build(project, now=NOWS[1])
    assert any("the version has no text" in str(p) for p in first.problems)
    analysed = []
    real = workers.text_problems
    monkeypatch.setattr(workers, "text_problems", lambda d: analysed.append(d.slug) or real(d))
    write(project / "templates" / "draft.html", edited_template("draft.html", 1))
    again = build(project, now=NOWS[1], jobs=1)
    assert again.rendered and analysed == []  # the texts did not change: nor did the analysis
    assert again.problems == first.problems  # its warnings, from the last build's record
    (project / "drafts" / "beta" / "versions" / "01-introduced.md").write_text(
        "---\nlabel: One\ndate: 2026-10-01\n---\n\n## Section 1. Now\n\nSome text.\n")
    third = build(project, now=NOWS[1], jobs=1)
    assert analysed == ["beta"]  # the draft that changed, only
    assert not any("the version has no text" in str(p) for p in third.problems)
