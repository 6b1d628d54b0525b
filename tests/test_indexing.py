"""What a cold build spends besides parsing and rendering (build/run.py, render/search.py,
build/workers.py): each bundle of search documents indexed as soon as its drafts' search
documents are written (before their other pages), the largest bundle's drafts rendered
first, a split site's bundles one at a time; no Pagefind left running by a build that fails; the templates compiled once before the render processes fork; and Python's
full garbage collections made rare for the build."""

from __future__ import annotations

import gc
import os
import select
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest

from generator import fingerprints
from generator.build import workers
from generator.build.run import build
from generator.content.loader import load_project
from generator.memory import FULL_COLLECTION_EVERY, tune_collector
from generator.render import search
from generator.render.page import Page

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def recorded(monkeypatch) -> list[tuple[str, str]]:
    """What a build then does, in order: ("search", its draft's slug) for each search
    document written, ("pdf", its draft's slug) for each PDF (first: seconds to print),
    ("page", its draft's slug) for each other page, ("index", the bundle) for each Pagefind
    started."""
    events: list[tuple[str, str]] = []
    write_page = workers._write_page
    real_popen = search.subprocess.Popen

    def writing(job, page):
        kind = ("search" if page.output.startswith(search.SEARCH_DOCS)
                else "pdf" if page.pdf else "page")
        events.append((kind, page.draft.slug if page.draft else ""))
        return write_page(job, page)

    def indexing(command, **kwargs):  # (subprocess's own: other callers pass through)
        if "--site" in command:
            events.append(("index", Path(command[command.index("--site") + 1]).name))
        return real_popen(command, **kwargs)

    monkeypatch.setattr(workers, "_write_page", writing)
    monkeypatch.setattr(search.subprocess, "Popen", indexing)
    return events


def test_a_bundle_is_indexed_while_the_drafts_pages_are_still_rendered(examples,
                                                                      monkeypatch):
    """A process of its own writes every draft's search documents before any draft's other
    pages (but its hearings' packets, printed first), the English bundles' (the examples'
    most Markdown) first, so their Pagefinds run while the drafts' other pages are
    written."""
    events = recorded(monkeypatch)
    site = build(examples, now=NOW, jobs=1, clean=True).out
    started = [name for kind, name in events if kind == "index"]
    assert sorted(started) == ["_-en", "_-zh", "zh-Hans-en", "zh-Hans-zh"]
    assert set(started[:2]) == {"_-en", "zh-Hans-en"}
    english = ("short-term-rentals", "consumer-data-privacy")
    last_english_search = max(i for i, (kind, slug) in enumerate(events)
                              if kind == "search" and slug in english)
    last_search = max(i for i, (kind, _slug) in enumerate(events) if kind == "search")
    first_page = min(i for i, (kind, slug) in enumerate(events) if kind == "page" and slug)
    first_index = events.index(("index", started[0]))
    assert last_english_search < first_index < last_search < first_page
    for prefix in ("", "zh-Hans/"):
        for bundle in ("en", "zh"):
            assert (site / prefix / "pagefind" / bundle / "pagefind.js").is_file()
            assert not (site / prefix / "pagefind" / bundle / "pagefind-ui.js").exists()


def test_a_render_process_tells_the_build_once_a_drafts_search_documents_are_written(
        examples, monkeypatch):
    """A forked process renders a draft's search documents first and says so before it
    writes the draft's other pages (its bundle may then be indexed), once per draft."""
    project = load_project(examples, parse=False).project
    draft = project.drafts[0]
    pages = [Page(f"drafts/{draft.slug}/{i}.html", "draft.html", draft=draft) for i in range(3)]
    pages.insert(1, Page(f"{search.SEARCH_DOCS}_-en/drafts/{draft.slug}/index.html",
                         "search_document.html", draft=draft))
    events: list[tuple[str, str]] = []
    monkeypatch.setattr(workers, "_write_page",
                        lambda job, page: events.append(("page", page.output)))
    monkeypatch.setattr(workers, "text_problems", lambda draft: [])
    job = workers.RenderJob({}, project.config, NOW, Path("."), pages, {draft.slug: draft},
                            forget=False, ahead=frozenset({1}),
                            tell=lambda slug: events.append(("told", slug)))
    groups = [group for _slug, group in workers.batches(pages, None, job.ahead)]
    assert groups == [[1], [0, 2, 3]]
    assert workers.analyse_and_render(job, (draft.slug, groups)) == ([], 4)
    assert events == [("page", pages[1].output), ("told", draft.slug)] + [
        ("page", pages[i].output) for i in (0, 2, 3)]
    told = []
    monkeypatch.undo()
    monkeypatch.setattr(search.Indexer, "written", lambda self, slug: told.append(slug))
    build(examples, now=NOW, jobs=2, clean=True)  # (the processes' messages, in the build)
    assert sorted(told) == sorted({d.name for d in (examples / "drafts").iterdir()} | {""})


def test_a_split_site_indexes_each_bundle_once_its_drafts_are_written_one_at_a_time(
        examples, monkeypatch):
    """A site large enough to be split indexes a bundle as soon as its drafts' pages are
    written, while the other drafts are rendered, but one bundle at a time: one Pagefind's
    memory beside the render processes', whatever the number of bundles."""
    monkeypatch.setattr(search, "BUNDLE_BYTES", 6_000)
    runs: list[tuple[str, object, bool]] = []  # (bundle, its run, another was running)
    real_popen = search.subprocess.Popen

    def indexing(command, **kwargs):
        alongside = any(run.poll() is None for _name, run, _alongside in runs)
        run = real_popen(command, **kwargs)
        if "--site" in command:
            name = Path(command[command.index("--site") + 1]).name
            events.append(("index", name))
            runs.append((name, run, alongside))
        return run

    events = recorded(monkeypatch)
    monkeypatch.setattr(search.subprocess, "Popen", indexing)
    site = build(examples, now=NOW, jobs=1, clean=True).out
    assert len(runs) == 6
    assert not any(alongside for _name, _run, alongside in runs)
    project = load_project(examples, parse=False).project
    config = project.config
    parts = search.search_parts(project.drafts, config)
    for name, _run, _alongside in runs:
        drafts = {d.slug for d in project.drafts
                  if search.bundle_of(d, config, parts) == name.rpartition("-")[2]}
        started = events.index(("index", name))
        # (this bundle's Pagefind after its drafts' search documents)
        assert all(slug not in drafts for kind, slug in events[started:] if kind == "search")
    first = events.index(("index", runs[0][0]))
    assert first < max(i for i, (kind, _slug) in enumerate(events) if kind == "search")
    for name, _run, _alongside in runs:
        assert (site / search.bundle_output(name) / "pagefind.js").is_file()


def test_a_queued_bundle_is_indexed_as_soon_as_the_pagefind_before_it_ends(tmp_path,
                                                                          monkeypatch):
    """One Pagefind at a time on a split site: the next bundle made ready waits in a queue,
    and starts when the run before it ends (its descriptor readable: ``sentinels``), not
    when yet another bundle is made ready, which may be a whole bundle's drafts later."""
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    held = tmp_path / "pagefind"  # (a Pagefind that ends when let go: ``release``)
    held.write_text(f"#!/bin/sh\nread line < '{gate}'\n", encoding="utf-8")
    held.chmod(held.stat().st_mode | stat.S_IXUSR)

    def release() -> None:  # (opening the gate waits for the run to read it)
        with gate.open("w", encoding="utf-8") as f:
            f.write("go\n")

    monkeypatch.setattr(search, "executable", lambda: held)
    names = ["_-en.0", "_-en.1", "_-en.2"]
    indexer = search.Indexer(tmp_path / "docs", tmp_path / "site", names)
    try:
        indexer.ready("_-en.0")
        indexer.ready("_-en.1")  # (queued: one at a time)
        assert [run[0] for run in indexer.running] == ["_-en.0"]
        (fd,) = indexer.sentinels()
        assert select.select([fd], [], [], 0)[0] == []  # (still running)
        release()
        assert select.select([fd], [], [], 60)[0] == [fd]  # (the run ended)
        indexer.poll()
        assert [run[0] for run in indexer.running] == ["_-en.1"]
        assert indexer.indexed == ["_-en.0"]
        release()
        assert indexer.finish() == ["_-en.0", "_-en.1"]
        assert indexer.sentinels() == []
    finally:
        indexer.close()


def test_the_render_processes_wait_on_what_runs_beside_them_too(examples, monkeypatch):
    """While the forked processes render, the build also waits on the sentinels of what
    runs beside them (``Workers``' ``beside``: the Pagefinds) and polls it when one is
    readable; in one process, it is polled after each task."""
    project = load_project(examples, parse=False).project
    drafts = {d.slug: d for d in project.drafts}
    pages = [Page(f"drafts/{slug}/{i}.html", "draft.html", draft=drafts[slug])
             for slug in drafts for i in range(2)]

    class Beside:
        def __init__(self) -> None:
            self.read, self.write = os.pipe()
            os.write(self.write, b"x")  # (readable at once: a Pagefind that ended)
            self.polls = 0

        def sentinels(self) -> list[int]:
            return [self.read] if not self.polls else []

        def poll(self) -> None:
            self.polls += 1

    monkeypatch.setattr(workers, "_write_page", lambda job, page: None)
    for jobs in (2, 1):
        beside = Beside()
        job = workers.RenderJob({}, project.config, NOW, Path("."), pages, drafts,
                                forget=False)
        with workers.Workers(job, jobs, None, None, beside) as running:
            assert sum(running.render()) == len(pages)
        assert beside.polls == (1 if jobs == 2 else len(drafts))
        os.close(beside.read)
        os.close(beside.write)


def test_a_build_that_fails_while_a_bundle_is_indexed_stops_its_pagefind(examples, tmp_path,
                                                                       monkeypatch):
    """A Pagefind still running when a page fails is killed and waited for before the
    build's folder is deleted: none is left writing into it."""
    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    slow.chmod(slow.stat().st_mode | stat.S_IXUSR)
    runs = []
    real_popen = search.subprocess.Popen

    def indexing(command, **kwargs):
        run = real_popen(command, **kwargs)
        if "--site" in command:
            runs.append(run)
        return run

    write_page = workers._write_page

    def failing(job, page):
        if runs:  # a bundle is being indexed: the next page fails
            raise RuntimeError("a page failed")
        return write_page(job, page)

    monkeypatch.setattr(search, "executable", lambda: slow)
    monkeypatch.setattr(search.subprocess, "Popen", indexing)
    monkeypatch.setattr(workers, "_write_page", failing)
    with pytest.raises(RuntimeError, match="a page failed"):
        build(examples, now=NOW, jobs=1, clean=True)
    assert runs
    assert all(run.returncode == -9 for run in runs)  # killed, and waited for
    assert not list(examples.glob(".site.tmp-*"))


def test_the_drafts_of_the_largest_bundle_are_rendered_first(examples):
    project = load_project(examples, parse=False).project
    documents = {"_-en": {"short-term-rentals", "consumer-data-privacy"},
                 "_-zh": {"waste-sorting"}}
    order = search.render_order(project, documents)
    assert order == {"short-term-rentals": 0, "consumer-data-privacy": 0, "waste-sorting": 1}
    drafts = {d.slug: d for d in project.drafts}
    pages = [Page(f"drafts/{slug}/{i}.html", "draft.html", draft=drafts[slug])
             for slug, count in (("waste-sorting", 5), ("short-term-rentals", 2),
                                 ("consumer-data-privacy", 3)) for i in range(count)]
    pages.append(Page("drafts/short-term-rentals/packet.pdf", "packet.html", pdf=True,
                      draft=drafts["short-term-rentals"]))
    assert [slug for slug, _batch in workers.batches(pages, order)] == [
        "short-term-rentals", "consumer-data-privacy", "short-term-rentals", "waste-sorting"]
    # (without an order: the PDF, then the largest group first)
    assert [slug for slug, _batch in workers.batches(pages)] == [
        "short-term-rentals", "waste-sorting", "consumer-data-privacy", "short-term-rentals"]


def test_templates_are_compiled_before_the_render_processes_fork(examples, tmp_path,
                                                                monkeypatch):
    """Each render process would otherwise compile every template again."""
    record = tmp_path / "compiled.txt"
    compile_template = jinja2.Environment.compile

    def compiling(self, source, name=None, filename=None, raw=False, defer_init=False):
        with record.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {name}\n")
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compiling)
    monkeypatch.delenv("DOCKET_TEMPLATE_CACHE", raising=False)  # (compiled, not loaded)
    # ... and not loaded from the theme's folder beside Docket's modules either, which a
    # build that may write bytecode fills (fingerprints.theme_folder)
    monkeypatch.setattr(fingerprints, "theme_cache_folder", lambda: tmp_path / "no-theme")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    build(examples, now=NOW, jobs=2, clean=True)
    lines = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    assert {pid for pid, _name in lines} == {str(os.getpid())}
    assert {"draft.html", "base.html", "_macros.html"} <= {name for _pid, name in lines}


def test_a_build_and_its_render_processes_run_full_garbage_collections_rarely(
        examples, tmp_path, monkeypatch):
    """Each full collection walks every object a process holds: the entry point sets the
    collector (``tune_collector``, as ``docket`` and the test session do), and a build's
    render processes run full collections at most once in ``FULL_COLLECTION_EVERY`` middle
    ones, as it does; the build leaves the setting as it found it."""
    record = tmp_path / "thresholds.txt"
    parse = workers.text_problems

    def recording(draft):
        with record.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {gc.get_threshold()[2]}\n")
        return parse(draft)

    monkeypatch.setattr(workers, "text_problems", recording)
    tune_collector()
    before = gc.get_threshold()
    assert before[2] == FULL_COLLECTION_EVERY
    build(examples, now=NOW, jobs=2, clean=True)
    assert gc.get_threshold() == before
    seen = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    assert {pid for pid, _every in seen} - {str(os.getpid())}  # (the forked processes')
    assert {int(every) for _pid, every in seen} == {FULL_COLLECTION_EVERY}
