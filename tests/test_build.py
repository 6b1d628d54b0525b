"""`docket build`: the pages a reader gets, and a site/ that is never half written."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from generator.build import run as build_module
from generator.build.publish import private_dir
from generator.build.run import MARKER, build
from generator.build.state import STATE_FILE, BuildState
from generator.cli import main
from generator.problems import ProblemsFound
from generator.render.search import UNUSED_ASSETS

from .conftest import write
from .sitecheck import broken_links, read

NOW = datetime(2026, 11, 28, 12, 0)


@pytest.fixture
def built(built_copy) -> Path:
    """The site of this test's own copy of the examples, built at NOW (the project is its
    parent folder)."""
    return built_copy(NOW) / "site"


@pytest.fixture
def site(built_examples) -> Path:
    """The examples built at NOW, shared by the tests that only read the site."""
    return built_examples(NOW) / "site"


def test_the_examples_build_into_every_page(examples):
    result = build(examples, now=NOW)
    site = examples / "site"
    assert result.drafts >= 3
    assert (site / "index.html").exists() and (site / "404.html").exists()
    for folder in (examples / "drafts").iterdir():
        assert (site / "drafts" / folder.name / "index.html").exists()
        for version in (folder / "versions").glob("*.md"):
            assert (site / "drafts" / folder.name / version.stem / "index.html").exists()
    written = [p for top in (site, private_dir(site))  # (the search documents are beside it)
               for p in top.rglob("*")
               if p.suffix in (".html", ".json", ".xml", ".csv", ".txt", ".pdf", ".ics")
               and "pagefind" not in p.relative_to(top).parts]  # the search index is not a page
    assert result.pages == len(written)
    assert result.summary().startswith(f"Built {result.drafts} drafts, {result.versions} versions")


def test_every_internal_link_and_anchor_resolves(site):
    assert broken_links(site) == []


def test_no_request_leaves_the_site(site):
    for page in site.rglob("*.html"):
        for resource in read(page).resources:
            assert not re.match(r"^(https?:)?//", resource), (page, resource)
    css = next((site / "static").glob("style.*.css")).read_text()
    assert "url(http" not in css and "@import" not in css


def test_assets_are_fingerprinted(site):
    (css,) = (site / "static").glob("style.*.css")
    assert re.fullmatch(r"style\.[0-9a-f]{10}\.css", css.name)
    assert (
        f'href="../../static/{css.name}"'
        in (site / "drafts" / "short-term-rentals" / "index.html").read_text()
    )


def test_provisions_have_ids_and_permalinks(site):
    html = (site / "drafts" / "short-term-rentals" / "index.html").read_text()
    ids = read(site / "drafts" / "short-term-rentals" / "index.html").ids
    assert "sec_1" in ids and "sec_2" in ids
    assert re.search(r'<a class="pl" href="#sec_2" aria-label="Permalink to Section 2">§</a>', html)


def test_chinese_draft_is_marked_as_chinese(site):
    html = (site / "drafts" / "waste-sorting" / "index.html").read_text()
    assert '<html lang="en">' in html
    assert re.search(r'<article class="draft-text"[^>]* lang="zh-Hans"', html)
    assert 'id="art_1"' in html


def test_a_drafts_version_labels_are_marked_in_its_language_on_its_page(site):
    """The versions table, the line of changes and the table of contents name versions and
    provisions as the draft does (一审稿, 第六章 附则): a screen reader reading them in the
    interface's voice spells them out."""
    html = (site / "drafts" / "waste-sorting" / "index.html").read_text()
    for label in ("一审稿", "二审稿"):
        assert re.search(f'<a href="[^"]*" lang="zh-Hans">{label}</a>', html), label
    assert ('<p class="changes-line">Changes in <span lang="zh-Hans">二审稿</span> from '
            '<span lang="zh-Hans">一审稿</span>:') in html
    assert ('<nav class="toc" aria-labelledby="toc-title" lang="zh-Hans">\n'
            '<h2 id="toc-title" lang="en">Contents</h2>') in html  # its entries are headings
    english = (site / "drafts" / "short-term-rentals" / "index.html").read_text()
    assert re.search(r'<a href="[^"]*">Second reading</a>', english)  # the interface's own


def test_home_groups_drafts_by_comment_status(project):
    for slug, opens, closes in [
        ("open-one", "2026-11-01", "2027-01-15"),
        ("closing-one", "2026-11-01", "2026-12-01"),
        ("upcoming-one", "2026-12-15", "2027-02-15"),
        ("closed-one", "2026-08-01", "2026-08-31"),
    ]:
        write(
            project / "drafts" / slug / "draft.yaml",
            f"title: {slug}\ncomment_period: {{opens: {opens}, closes: {closes}}}\n",
        )
        write(
            project / "drafts" / slug / "versions" / "01-introduced.md",
            "---\nlabel: Introduced\ndate: 2026-10-01\n---\n\n## Section 1\n\nText.\n",
        )
    build(project, now=NOW)
    html = (project / "site" / "index.html").read_text()
    order = [html.index(f'id="group-{g}"') for g in ("closing", "open", "upcoming", "closed")]
    assert order == sorted(order)
    section = html[html.index('id="group-closing"') : html.index('id="group-open"')]
    assert "closing-one" in section and "December 1, 2026, 11:59 PM CST" in section
    assert "Comments open December 15, 2026, 12:00 AM CST" in html


def test_a_draft_with_errors_is_not_published_and_site_is_untouched(built):
    examples = built.parent
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    write(examples / "drafts" / "short-term-rentals" / "draft.yaml", "title: [broken\n")
    with pytest.raises(ProblemsFound) as caught:
        build(examples, now=NOW)
    assert "drafts/short-term-rentals/draft.yaml:1: YAML syntax error" in str(
        caught.value.problems[0]
    )
    after = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert after == before


def test_an_interrupted_build_leaves_the_previous_site(built, monkeypatch):
    examples = built.parent
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "swap_in", explode)
    with pytest.raises(KeyboardInterrupt):  # clean: with nothing changed, nothing is swapped
        build(examples, now=NOW, clean=True)
    after = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert after == before
    assert not list(examples.glob(".site.tmp-*"))


def test_the_replaced_site_is_deleted_in_the_background_and_leftovers_never_clash(built):
    examples = built.parent
    import os
    import time

    stale = examples / f".site.tmp-{os.getpid()}"  # an interrupted build of the same pid
    (stale / "drafts").mkdir(parents=True)
    result = build(examples, now=NOW, clean=True)
    assert (result.out / "drafts" / "short-term-rentals" / "index.html").is_file()
    for _ in range(100):  # the old tree and the leftover go, without the build waiting
        if not [p for p in examples.iterdir() if p.name.startswith(".site.")
                and p != private_dir(built)]:
            break
        time.sleep(0.1)
    assert [p.name for p in examples.iterdir() if p.name.startswith(".site.")] == [
        private_dir(built).name]  # Docket's own files: beside the site, never in it


def test_the_site_holds_only_public_files(built):
    """Nothing in site/ a reader should not get: the build state, the marker and the search
    documents Pagefind reads are beside it, after a clean build (the copy's) and an
    incremental one."""
    examples = built.parent
    for edit in range(2):
        if edit:
            version = examples / "drafts" / "short-term-rentals" / "versions" / "01-introduced.md"
            version.write_text(version.read_text(encoding="utf-8") + "\nAdded.\n",
                               encoding="utf-8")
            result = build(examples, now=NOW)
            assert result.rendered is None or result.rendered > 0
        site = examples / "site"
        state = BuildState.read(site)
        public = {rel for rel in state.files if not rel.startswith(".")}
        on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        assert on_disk == public  # every file a page, an asset, open data or the index
        hidden = [p for p in site.rglob("*") if p.name.startswith(".")]
        assert hidden == []
        beside = private_dir(site)
        assert (beside / STATE_FILE).is_file() and (beside / MARKER).is_file()
        assert any((beside / ".docket-search").rglob("index.html"))
        assert (site / "pagefind").is_dir()  # the index made from them is public
        # (and of Pagefind's files only what the search page loads: not its own interfaces)
        assert list((site / "pagefind").rglob("pagefind.js"))
        assert not [p for p in (site / "pagefind").rglob("*") if p.name in UNUSED_ASSETS]


def test_refuses_to_overwrite_a_directory_that_is_not_a_build(examples):
    precious = examples / "precious"
    write(precious / "notes.txt", "do not delete")
    with pytest.raises(ProblemsFound):
        build(examples, out=precious, now=NOW)
    assert (precious / "notes.txt").exists()
    with pytest.raises(ProblemsFound):
        build(examples, out=examples, now=NOW)


def test_rebuilding_replaces_the_previous_build(built):
    examples = built.parent
    stale = built / "drafts" / "waste-sorting" / "index.html"
    assert stale.exists()
    shutil.rmtree(examples / "drafts" / "waste-sorting")  # withdrawn: its pages go
    build(examples, now=NOW)
    assert not stale.exists()
    assert (private_dir(built) / MARKER).exists() and not (built / MARKER).exists()


def test_project_templates_override_the_theme(built):
    examples = built.parent  # (a clean build with overrides: the next test)
    write(
        examples / "templates" / "404.html",
        "{% extends 'base.html' %}{% block main %}<h1>Gone fishing</h1>{% endblock %}",
    )
    build(examples, now=NOW)
    assert "Gone fishing" in (examples / "site" / "404.html").read_text()


def test_a_project_template_changes_the_markup_of_provisions_and_redline_rows(built):
    examples = built.parent  # (the clean build below: what a first build with them writes)
    write(examples / "templates" / "fragments" / "provision.html",
          '<article class="clause" id="{{ provision.id }}" data-level="{{ heading_level }}">'
          "<p>{{ citation }}</p>{{ comment }}{{ body }}</article>\n")
    write(examples / "templates" / "fragments" / "redline_row.html",
          '<div class="change change--{{ row.status }}" id="{{ anchor }}">{{ number }} '
          "{{ tags }}{{ heading or '' }}{{ blocks }}</div>\n")
    site = build(examples, now=NOW).out
    draft = (site / "drafts" / "short-term-rentals" / "index.html").read_text()
    assert '<article class="clause" id="sec_3"' in draft and 'class="pv ' not in draft
    assert 'class="cl"' in draft  # the pieces it was given: the comment link
    assert "<p>Sec. 3</p>" in draft or "<p>Section 3" in draft
    redline = (site / "drafts/short-term-rentals/compare/02-first-reading..03-second-reading"
               / "index.html").read_text()
    assert 'class="change change--amended"' in redline and 'class="rl-heading"' not in redline
    assert "<ins>" in redline or "<del>" in redline  # struck and inserted words, as given
    clean = build(examples, out=examples / "clean", now=NOW, clean=True).out
    assert (clean / "drafts" / "short-term-rentals" / "index.html").read_text() == draft
    (examples / "templates" / "fragments" / "provision.html").unlink()
    build(examples, now=NOW)  # the theme's markup again, on every page that showed it
    draft = (site / "drafts" / "short-term-rentals" / "index.html").read_text()
    assert 'class="pv ' in draft and "clause" not in draft


def test_text_from_drafts_is_escaped(project):
    write(
        project / "drafts" / "x" / "draft.yaml",
        'title: "<script>alert(1)</script>"\nsummary: "<b>bold</b>"\n',
    )
    write(
        project / "drafts" / "x" / "versions" / "01-a.md",
        "---\nlabel: '<i>label</i>'\ndate: 2026-10-01\n---\n\n## Section 1. <em>x</em>\n\n<img src=x onerror=alert(1)>\n",
    )
    build(project, now=NOW)
    for page in (project / "site").rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "<img src=x" not in html and "<i>label" not in html
        assert "<b>bold" not in html and "<em>x" not in html


def test_cli_build_prints_a_summary_and_fails_on_errors(built, capsys):
    examples = built.parent
    assert main(["--root", str(examples), "build", "--now", "2026-11-28T12:00"]) == 0
    assert re.search(
        r"Built \d+ drafts, \d+ versions, \d+ pages in [\d.]+ s", capsys.readouterr().out
    )
    write(examples / "drafts" / "short-term-rentals" / "draft.yaml", "title: x\nbogus: 1\n")
    assert main(["--root", str(examples), "build"]) == 1
    assert "drafts/short-term-rentals/draft.yaml:2: unknown key 'bogus'" in capsys.readouterr().err


def test_new_creates_a_draft_that_checks_clean(project, capsys):
    assert (
        main(["--root", str(project), "new", "parking-permits", "--title", "Parking Permits"]) == 0
    )
    assert main(["--root", str(project), "check"]) == 0
    assert main(["--root", str(project), "new", "parking-permits"]) == 1
    assert "already exists" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:  # wrong usage (see test_new.py)
        main(["--root", str(project), "new", "Bad Name"])
    assert done.value.code == 2


def test_the_command_builds_with_its_modules_frozen_and_leaves_the_collector_as_it_was(
        built, monkeypatch):
    """What importing made is kept out of the cyclic collector's walks during the build
    (cli.lasting), and given back to it after: main may run again in the same process."""
    import gc

    seen = []
    real = build_module.build

    def build(*args, **kwargs):
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "build", build)
    assert main(["--root", str(built.parent), "build", "--clean", "-q"]) == 0
    (enabled, frozen), = seen
    assert enabled and frozen > 10_000  # the modules' objects, at least
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_command_freezes_what_its_process_holds_as_it_ends(monkeypatch):
    """``docket`` (cli.run) exits with main's code, what the process holds frozen: the
    interpreter's collection at exit does not walk it."""
    import gc

    from generator import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    with pytest.raises(SystemExit) as done:
        cli.run()
    try:
        assert done.value.code == 3
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_docket_has_pydantic_look_for_no_plugins_unless_told_to(project, monkeypatch):
    """Looking for plugins reads every installed distribution's entry points, at the first
    validator pydantic builds: the command line tells it not to, as Docket has none."""
    from pydantic.plugin import _loader

    def scan(**_kwargs):
        raise AssertionError("pydantic read the installed distributions' entry points")

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert main(["--root", str(project), "check"]) == 0
    monkeypatch.setattr(_loader, "_plugins", None)  # as in a new process
    monkeypatch.setattr(_loader, "entry_points", scan)
    assert list(_loader.get_plugins()) == []
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some_plugin")  # the user's word stands
    assert main(["--root", str(project), "check"]) == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "some_plugin"


def test_help_and_version(capsys):
    for argv in (
        ["--help"],
        ["build", "--help"],
        ["check", "--help"],
        ["new", "--help"],
        ["--version"],
    ):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
    assert "docket 0." in capsys.readouterr().out


def test_ids_of_unchanged_provisions_are_the_same_in_every_version(examples):
    from generator.content.loader import load_project

    project = load_project(examples).project
    waste = next(d for d in project.drafts if d.slug == "waste-sorting")
    first, second = waste.versions
    # 第一条 to 第十二条 keep their numbers in the second review draft.
    for n in range(1, 13):
        assert f"art_{n}" in first.index and f"art_{n}" in second.index
        assert first.index[f"art_{n}"].label == second.index[f"art_{n}"].label
    rentals = next(d for d in project.drafts if d.slug == "short-term-rentals")
    common = set.intersection(*(set(v.index) for v in rentals.versions))
    assert {"sec_1", "sec_2", "sec_2__subsec_a", "sec_4__subsec_b__para_4"} <= common


def test_hearing_times_name_the_zone_and_all_day_hearings_show_a_date(project):
    write(project / "drafts" / "x" / "draft.yaml", """
        title: X
        hearings:
          - {id: h1, date: 2026-12-08 18:00:00, place: Hall}
          - {id: h2, date: 2026-12-09, place: Annex}
    """)
    write(project / "drafts" / "x" / "versions" / "01-a.md", "---\nlabel: A\ndate: 2026-10-01\n---\n\nText.\n")
    build(project, now=NOW)
    html = (project / "site" / "drafts" / "x" / "index.html").read_text()
    assert "December 8, 2026, 6:00 PM CST" in html
    assert "<strong>December 9, 2026</strong>" in html


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(examples, site, tmp_path):
    serial, parallel = site, tmp_path / "parallel"  # (the shared build is a serial one)
    build(examples, out=parallel, now=NOW, jobs=2)
    # Pagefind names its filter files by hashes that change from run to run, whatever the
    # input: the search index is compared by what it finds (tests/e2e/test_search.py).
    def rendered(site):
        return sorted(p.relative_to(site) for p in site.rglob("*")
                      if p.is_file() and "pagefind" not in p.relative_to(site).parts
                      and p.name != STATE_FILE)  # the build state records when files were written

    files = rendered(serial)
    assert files == rendered(parallel)
    for name in files:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("line", "message"), [
    ("<p>{{ broken( }}</p>", "template syntax error"),
    ("<p>{{ nothing.here }}</p>", "'nothing' is undefined"),
])
def test_a_broken_template_is_a_problem_with_its_file_and_line(examples, jobs, line, message):
    write(examples / "templates" / "404.html",
          f'{{% extends "base.html" %}}\n{{% block main %}}\n{line}\n{{% endblock %}}\n')
    with pytest.raises(ProblemsFound) as caught:
        build(examples, now=NOW, jobs=jobs)  # with 2 jobs, raised in a render worker
    problem = caught.value.problems[0]
    assert problem.path.endswith("templates/404.html") and problem.line == 3
    assert message in problem.message
