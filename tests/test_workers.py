"""The processes a build renders in (build/workers.py): each holds one draft's parsed texts
at a time, not its share of the site's; a text with an error publishes nothing."""

from __future__ import annotations

import gc
import os
import signal
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.build import workers
from generator.build.run import build
from generator.model import Version
from generator.problems import ProblemsFound
from generator.render.pages import Comparison

from .conftest import write

NOW = datetime(2026, 11, 28, 12, 0)


def test_a_render_process_holds_no_parsed_text_of_a_draft_it_is_done_with(
        examples, tmp_path, monkeypatch):
    """When a forked process starts on a draft, it holds no parsed text of the drafts it did
    before: each was let go once its pages were written (3,000 laws of the statute book's
    size took each render process 790 MB when it kept them from analysis to rendering)."""
    record = tmp_path / "held.txt"
    parse = workers.text_problems

    def counting(draft):
        # (only this project's: the test process may hold other tests' projects, with drafts
        # of the same names, and a forked process inherits them)
        # (the model a forked process shares is frozen out of its collector, and
        # gc.get_objects does not list frozen objects: seen with it thawed)
        frozen = gc.get_freeze_count()
        gc.unfreeze()
        objects = gc.get_objects()
        if frozen:
            gc.freeze()
        held = {v.path.parent.parent.name for v in objects
                if isinstance(v, Version) and v._parsed is not None
                and v.path.is_relative_to(examples)}
        # ... nor what its comparisons worked out from them (their redlines and memo keep
        # both versions' trees), although the build's page list keeps the comparisons
        held |= {c.draft.slug for c in objects
                 if isinstance(c, Comparison) and c.old.path.is_relative_to(examples)
                 and ("redline" in c.__dict__ or c.memo.outlines or c.memo.diffs)}
        with record.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {draft.slug} {' '.join(sorted(held))}\n")
        return parse(draft)

    monkeypatch.setattr(workers, "text_problems", counting)  # (the forked processes' too)
    build(examples, now=NOW, jobs=2, clean=True)  # (every page rendered: a redline too)
    done: dict[str, set[str]] = {}  # process -> the drafts it analysed so far
    for line in record.read_text(encoding="utf-8").splitlines():
        pid, slug, *held = line.split()
        assert not done.get(pid, set()) & set(held), line
        done.setdefault(pid, set()).add(slug)
    assert sorted(s for slugs in done.values() for s in slugs) == sorted(
        p.name for p in (examples / "drafts").iterdir())
    assert max(len(slugs) for slugs in done.values()) > 1  # (a process did two drafts)


def test_a_text_error_in_a_parallel_build_publishes_nothing_and_reports_every_draft(
        examples):
    site = build(examples, now=NOW, jobs=2).out
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    for slug in ("short-term-rentals", "waste-sorting"):
        versions = sorted((examples / "drafts" / slug / "versions").glob("*.md"))
        text = versions[-1].read_text(encoding="utf-8")
        twice = "## Section 1. Again\n\nTwice.\n" if slug == "short-term-rentals" else (
            "第一条　重复。\n")
        write(versions[-1], text + "\n" + twice + "\n" + twice)
    with pytest.raises(ProblemsFound) as caught:
        build(examples, now=NOW, jobs=2)
    errors = {Path(p.path).parts[1] for p in caught.value.problems if p.is_error}
    assert errors == {"short-term-rentals", "waste-sorting"}  # each draft's, all at once
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_left_to_choose_a_build_takes_a_process_per_core_it_may_run_on():
    """``docket build`` without ``-j`` (the suite's own builds render in one process: see
    one_render_process in conftest.py)."""
    from generator.build import workers

    real = workers.default_jobs.__wrapped__
    assert real() == len(os.sched_getaffinity(0))


def test_writing_pages_makes_each_folder_once_and_writes_what_the_page_renders_to(
        tmp_path, monkeypatch):
    """``_write_page`` remembers the folders it made (a build writes thousands of pages into
    a few thousand folders): each is asked for once, nested ones with their parents, and
    every page holds exactly its rendered text, in UTF-8, or a PDF's bytes."""
    made: list[str] = []
    makedirs = os.makedirs
    inside: list[str] = []  # (os.makedirs makes a missing parent by calling itself)

    def recording(path, *args, **kwargs):
        if not inside:
            made.append(os.path.relpath(path, tmp_path))
        inside.append(path)
        try:
            return makedirs(path, *args, **kwargs)
        finally:
            inside.pop()

    rendered = {"index.html": "home\n", "drafts/a/index.html": "§ 1 第一条\n",
                "drafts/a/v1/index.html": "v1", "drafts/a/feed.xml": "<feed/>",
                "drafts/b/compare/x..y/index.html": "x" * 100_000,
                "drafts/a/packet.pdf": b"%PDF-1.7\xff"}
    monkeypatch.setattr(workers, "page_text", lambda envs, config, now, page: rendered[page.output])
    monkeypatch.setattr(workers.os, "makedirs", recording)
    job = workers.RenderJob({}, None, NOW, tmp_path, [], {}, forget=False)  # type: ignore[arg-type]
    for output in [*rendered, "drafts/a/index.html"]:  # (a page written again: same bytes)
        workers._write_page(job, workers.Page(output, "x.html"))
    assert made == ["drafts/a", "drafts/a/v1", "drafts/b/compare/x..y"]
    for output, content in rendered.items():
        expected = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (tmp_path / output).read_bytes() == expected
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file()) == sorted(rendered)


def test_a_drafts_trees_go_with_their_last_reference_not_with_the_collector(examples):
    """Parsing, ids and comparing two versions leave no reference cycle that holds a tree:
    once a render process forgets a draft, its provisions are freed at once. Held by cycles
    (the recursive closures of ``Provision.walk``, ``ids.scoped`` and the redline's unpaired
    provisions), every forgotten tree waited for the collector, whose young collections
    walked them again and again: about 1.5 of each render process's 16 CPU seconds on the
    1,000 synthetic drafts, 0.4 since."""
    from generator.content.loader import load_project, text_problems
    from generator.model import Fragment, Provision
    from generator.redline import compare

    project = load_project(examples, parse=False).project
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # (what a collection finds unreachable is kept, to look at)
    try:
        for draft in project.drafts:
            text_problems(draft)
            for old, new in zip(draft.versions, draft.versions[1:], strict=False):
                compare(old.root, new.root).rows  # noqa: B018 (the rows are worked out lazily)
            for version in draft.versions:
                version.forget()
        gc.collect()
        held = [o for o in gc.garbage if isinstance(o, Provision | Fragment)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert sum(len(d.versions) for d in project.drafts) > len(project.drafts)  # (compared)
    assert not held


def test_drawing_a_versions_text_contents_and_open_data_leaves_no_reference_cycle(examples):
    """A version's text (``text_html``), its table of contents and its open data rows are
    each drawn in a walk that leaves nothing for the collector: as recursive closures
    (each a cycle of the function and its cell) they left about 600 objects a synthetic
    draft, most of the garbage a render process's collections found, so they ran every 60
    drafts or so, each through all that was young (the draft being parsed with it)."""
    from generator.content.loader import load_project
    from generator.render.fragments import Strings, text_html
    from generator.render.opendata import provisions
    from generator.render.page import version_citations
    from generator.render.pages import table_of_contents

    project = load_project(examples).project
    strings = Strings.translated(lambda message: message)
    versions = [v for d in project.drafts for v in d.versions]
    for version in versions:
        version_citations(version)  # (worked out first: kept with the text, not garbage)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        drawn = 0
        for version in versions:
            drawn += len(text_html(version.root, strings, "comment/",
                                   version_citations(version), {}, {}))
            drawn += len(table_of_contents(version)) + len(provisions(version, {}))
        found = gc.collect()
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert drawn > 10_000
    assert found == 0


def test_render_processes_end_when_the_build_dies():
    """A build killed with SIGKILL says nothing to its render processes: its ends of their
    pipes close, and that must end them. They used to hold those ends themselves (forked
    with them), wait for a task forever and keep the build's lock on the project's folder,
    so every later build of the site waited for ever."""
    pool = workers.Workers(SimpleNamespace(), 2, None)
    processes = list(pool._processes)
    try:
        assert len(processes) == 2
        for conn in pool._conns:  # what the build's death does
            conn.close()
        for process in processes:
            process.join(timeout=10)
        assert [process.exitcode for process in processes] == [0, 0]  # (and no traceback)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()


def test_ctrl_c_ends_a_waiting_render_process_without_a_traceback(capfd):
    """Ctrl-C in a terminal interrupts the whole process group: the build says
    "interrupted" once; its render processes stop quietly, not each with a traceback."""
    pool = workers.Workers(SimpleNamespace(), 2, None)
    processes = list(pool._processes)
    try:
        for conn in pool._conns:  # each waits for a task once it has answered one (one it
            conn.send(("no such task", None))  # does not know: its answer is an error)
            assert conn.recv()[0] == "error"
        for process in processes:
            os.kill(process.pid, signal.SIGINT)
        for process in processes:
            process.join(timeout=10)
        assert [process.exitcode for process in processes] == [0, 0]
        assert "Traceback" not in capfd.readouterr().err
    finally:
        pool.close()
