"""The processes a build analyses and renders in: this one on a small site, else a few
forked from it, each holding a draft's parsed texts only while it renders the draft.

Analysing a draft (``analyse.py``) parses its texts; rendering its pages needs the parsed
texts again. A forked process therefore renders a draft's pages as soon as it has parsed
its texts without an error, and then lets them go: every text is parsed once per build, no
parsed text is ever sent between processes (pickling one costs a third of parsing it), and
a process holds one draft's texts at a time, not its share of the whole site's (on the
statute book's first 3,000 laws, 790 MB each). The pages written so are only kept if the whole
analysis finds no error (the build raises, and its folder is deleted, otherwise); once one
draft has an error, the drafts after it are only analysed, for their problems. The model is
shared with the forked processes copy-on-write, never pickled; what comes back is problems
and page counts.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from ..content.loader import text_problems
from ..model import Draft, SiteConfig
from ..problems import Problem, has_errors
from ..render.output import Interfaces, page_text
from ..render.page import Page
from ..render.pages import forget_comparisons
from .caches import ParsedTexts

PARALLEL_FROM_PAGES = 200


def _write_page(job: RenderJob, page: Page) -> None:
    """Render a page and write it below the job's folder.

    Each folder is made once per process (``job.folders``): a build writes thousands of
    pages into a few thousand folders, and asking for an existing folder again costs two
    system calls and an exception. The bytes go out with one ``os.write`` loop rather than
    through a text file object, which costs a few more system calls (and its buffering) for
    a file written at once.
    """
    folder = page.output.rpartition("/")[0]
    base = os.fspath(job.tmp)
    if folder and folder not in job.folders:
        os.makedirs(f"{base}/{folder}", exist_ok=True)
        job.folders.add(folder)
    content = page_text(job.envs, job.config, job.now, page)
    data = content if isinstance(content, bytes) else content.encode("utf-8")  # (a PDF: bytes)
    fd = os.open(f"{base}/{page.output}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC,
                 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@dataclass
class RenderJob:
    """What analysing and rendering a build's pages needs, in this process or in each
    worker (forked with it: the whole model shared copy-on-write, never pickled)."""

    envs: Interfaces
    config: SiteConfig
    now: datetime
    tmp: Path
    pages: list[Page]
    drafts: dict[str, Draft]
    forget: bool  # drop each draft's parsed text once its pages are written
    # Draft slug -> its place in the render order (``batches``; 0 if not given): run.py
    # puts first the drafts whose search documents are indexed first (``search.Indexer``).
    order: dict[str, int] = field(default_factory=dict)
    # The pages (indices) written before the other pages of their drafts: the search
    # documents, which Pagefind waits for (``batches``).
    ahead: frozenset[int] = frozenset()
    # In a forked process, told a draft's slug once its pages ``ahead`` are written, while
    # its other pages still are (``Workers``: so Pagefind need not wait for them).
    tell: Callable[[str], None] | None = None
    # The folders below ``tmp`` this process has made (``_write_page``): each made once.
    folders: set[str] = field(default_factory=set)


def analyse_draft(job: RenderJob, slug: str) -> list[Problem]:
    """Parse every version of the draft (kept, for its pages); what parsing found."""
    return text_problems(job.drafts[slug])


def render_batch(job: RenderJob, batch: list[int]) -> int:
    """Render pages (all of one draft's, or the site-wide ones); returns how many."""
    for i in batch:
        _write_page(job, job.pages[i])
    draft = job.pages[batch[0]].draft
    # Keep a worker's memory to what it still renders (a packet goes first: the draft's other
    # pages, in this worker too, still need its texts).
    if draft is not None and job.forget and not job.pages[batch[0]].pdf:
        forget(draft, [job.pages[i] for i in batch])
    return len(batch)


def analyse_and_render(job: RenderJob, argument: tuple[str, list[list[int]]]
                       ) -> tuple[list[Problem], int]:
    """Parse a draft's texts and, if they have no error, render its pages (``batches``:
    its packets first) while they are parsed; then let them go. What parsing found, and how
    many pages were written."""
    slug, draft_batches = argument
    problems = analyse_draft(job, slug)
    written = 0
    if not has_errors(problems):
        for batch in draft_batches:
            for i in batch:
                _write_page(job, job.pages[i])
            written += len(batch)
            if job.tell is not None and batch[0] in job.ahead:
                job.tell(slug)
    if job.forget:
        forget(job.drafts[slug], [job.pages[i] for batch in draft_batches for i in batch])
    return problems, written


def forget(draft: Draft, pages: list[Page]) -> None:
    """Let a draft's parsed texts go (and what was worked out from them, kept by them), and
    what its ``pages``' comparisons worked out from them (kept by the build's page list)."""
    for version in draft.versions:
        version.forget()
    forget_comparisons(pages)


TASKS: dict[str, Callable[[RenderJob, Any], Any]] = {"analyse": analyse_draft,
                                                     "render": render_batch,
                                                     "analyse+render": analyse_and_render}


def batches(pages: list[Page], order: dict[str, int] | None = None,
            ahead: frozenset[int] = frozenset()) -> list[tuple[str, list[int]]]:
    """Page indices grouped by the draft they show ("" for site-wide pages), each with its
    draft's slug: each PDF (a hearing's packet: seconds to print) a batch of its own, before
    all others, then each draft's pages ``ahead`` (its search documents) a batch of their
    own, before every draft's other pages, then by the drafts' ``order`` (its place, 0 if
    not given), then the largest group first.

    One process renders all of a draft's pages, so it has its draft's texts parsed once, and
    a version's text, rendered once per process (``version_text``), serves every page that
    shows it. A packet goes first to the process that analysed its draft, while the others
    render the rest.
    """
    groups: dict[tuple[str, str, bool], list[int]] = {}
    for i, page in enumerate(pages):
        slug = page.draft.slug if page.draft is not None else ""
        groups.setdefault((slug, page.output if page.pdf else "", i in ahead), []).append(i)
    order = order or {}
    ordered = sorted(groups.items(), key=lambda kv: (not kv[0][1], not kv[0][2],
                                                     order.get(kv[0][0], 0), -len(kv[1])))
    return [(slug, batch) for (slug, _pdf, _ahead), batch in ordered]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Beside(Protocol):
    """What runs beside the render processes and wants attention once one of its
    processes ends (``search.Indexer``: the next bundle's Pagefind started)."""

    def sentinels(self) -> list[int]: ...

    def poll(self) -> None: ...


class WorkerFailed(RuntimeError):
    """A worker process died without an answer (killed, out of memory)."""


def _worker(conn: Connection, job: RenderJob, texts: ParsedTexts | None,
            builds_ends: list[Connection]) -> None:
    """A worker's life: take a task, answer ("ok", result) or ("error", exception).

    ``builds_ends``: the build's ends of the pipes forked so far, this one's included,
    closed first: a build killed outright never says goodbye, and only its ends closing
    ends its workers; one holding them waited for ever, keeping the build's lock."""
    for end in builds_ends:
        end.close()
    if texts is not None:
        texts.memory = False  # what it parses is kept on the versions, for their pages
    job.tell = lambda slug: conn.send(("ahead", slug))  # (an answer follows: the task's)
    try:
        _serve(conn, job)
    except (KeyboardInterrupt, EOFError, BrokenPipeError):
        # Ctrl-C reaches the whole process group, and the build says it was interrupted;
        # or the build is gone: either way, stop quietly
        return


def _serve(conn: Connection, job: RenderJob) -> None:
    """Take tasks until told to stop."""
    while True:
        task = conn.recv()
        if task is None:
            return
        kind, argument = task
        try:
            answer: tuple[str, Any] = ("ok", TASKS[kind](job, argument))
        except BaseException as exc:  # handed to the build, which raises it
            answer = ("error", exc)
        try:
            conn.send(answer)
        except Exception:  # an exception that does not pickle: its text, then
            conn.send(("error", RuntimeError("".join(traceback.format_exception(answer[1])))))


class Workers:
    """Where a build analyses drafts and renders pages: ``analyse`` then ``render``.

    With more than one job, that many processes forked from this one; each renders a
    draft's pages as it analyses the draft (while no draft has shown an error), the rest
    of the pages (the site-wide ones) in ``render``. Else this process does it all, the
    analysis first.
    """

    def __init__(self, job: RenderJob, jobs: int, texts: ParsedTexts | None,
                 written: Callable[[str], None] | None = None,
                 beside: Beside | None = None):
        """``written``: told each draft's slug ("" for the site-wide pages) once its pages
        ``job.ahead`` are written (all its pages, if it has none), in this process, as it
        happens: a forked process tells it before it writes the draft's other pages.
        ``beside``: what runs beside the render processes (the build's Pagefinds), polled
        as soon as one of its ``sentinels`` is readable (in one process: after each task)."""
        self.job = job
        self._written_draft = written or (lambda slug: None)
        self._beside = beside
        self._told: set[str] = set()  # drafts ``written`` was told of
        forking = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
        job.forget = forking  # a worker renders each draft once: then its texts can go
        self._conns: list[Connection] = []
        self._processes: list[Any] = []
        self._holds: dict[str, int] = {}  # draft slug -> the worker that analysed it
        self._rendered: set[str] = set()  # drafts whose pages were written as analysed
        self._written = 0  # how many pages that was
        self._failed = False  # a draft had an error: the others are only analysed
        if forking:
            context = multiprocessing.get_context("fork")
            # What this process holds (the whole model) is out of the forked processes'
            # garbage collection: each collection would walk it, and writing its objects'
            # collector fields copies every memory page they are on into the process.
            gc.freeze()
            try:
                for _ in range(jobs):
                    parent, child = context.Pipe()
                    process = context.Process(
                        target=_worker, args=(child, job, texts, [*self._conns, parent]),
                        daemon=True)
                    process.start()
                    child.close()
                    self._conns.append(parent)
                    self._processes.append(process)
            finally:
                gc.unfreeze()  # (here it is collected as before)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.send(None)
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        for conn in self._conns:
            conn.close()
        self._conns, self._processes = [], []

    def analyse(self, slugs: list[str]) -> Iterator[tuple[str, list[Problem]]]:
        """Each draft's slug and what parsing its texts found, as they are done; with
        forked processes, each draft's pages are written as it is analysed (those with a
        packet to print first, as ``batches`` orders them)."""
        if not self._conns:
            for slug in slugs:
                yield slug, analyse_draft(self.job, slug)
            return
        by_draft: dict[str, list[list[int]]] = {}
        for slug, group in batches(self.job.pages, self.job.order, self.job.ahead):
            if slug:
                by_draft.setdefault(slug, []).append(group)
        wanted = set(slugs)
        order = [slug for slug in by_draft if slug in wanted]
        order += [slug for slug in slugs if slug not in by_draft]
        tasks = [(None, ("analyse+render", (slug, by_draft.get(slug, [])))) for slug in order]
        for worker, (_kind, (slug, _groups)), (problems, written) in self._run(tasks):
            self._holds[slug] = worker
            if has_errors(problems):
                self._failed = True
            elif not self._failed:  # (else the build stops: its pages are not published)
                self._rendered.add(slug)
                self._written += written
                self._tell(slug)  # (if its process had not: it has no page ahead)
            yield slug, problems

    def _tell(self, slug: str) -> None:
        """Draft ``slug``'s pages ahead are written: ``written`` is told, once."""
        if slug not in self._told and not self._failed:
            self._told.add(slug)
            self._written_draft(slug)

    def _only_analyse(self, task: tuple[str, Any]) -> tuple[str, Any]:
        """Once a draft has an error no page will be published: the others are parsed
        for their problems, their pages not written."""
        kind, argument = task
        if self._failed and kind == "analyse+render":
            return "analyse+render", (argument[0], [])
        return task

    def render(self) -> Iterator[int]:
        """Write the job's pages below its folder, a batch at a time (a draft's pages, or
        the site-wide ones), each by the process that analysed its draft if one did: how
        many pages each batch was (first, those written as their drafts were analysed)."""
        if self._written:
            yield self._written
        tasks: list[tuple[int | None, tuple[str, Any]]] = []
        slug_of: dict[int, str] = {}  # a batch (by its list's id) -> its draft
        left: dict[str, int] = {}  # a draft -> its batches not yet written
        left_ahead: dict[str, int] = {}  # (those ahead: ``written`` waits for them only)
        ahead = self.job.ahead
        for slug, group in batches(self.job.pages, self.job.order, ahead):
            if slug not in self._rendered:
                tasks.append((self._holds.get(slug), ("render", group)))
                slug_of[id(group)] = slug
                left[slug] = left.get(slug, 0) + 1
                if group[0] in ahead:
                    left_ahead[slug] = left_ahead.get(slug, 0) + 1
        left.update(left_ahead)
        for _worker, task, count in self._run(tasks):
            slug = slug_of[id(task[1])]
            if task[1][0] in ahead or slug not in left_ahead:
                left[slug] -= 1
                if not left[slug]:
                    self._tell(slug)
            yield count

    def _run(self, tasks: list[tuple[int | None, tuple[str, Any]]]
             ) -> Iterator[tuple[int, tuple[str, Any], Any]]:
        """Run the tasks (each pinned to a worker, or to any), one at a time per worker:
        (the worker, the task, its result) as each is done. A failed task's exception is
        raised here, once the tasks under way have ended."""
        if not self._conns:
            for _pinned, (kind, argument) in tasks:
                result = TASKS[kind](self.job, argument)
                if self._beside is not None:
                    self._beside.poll()
                yield 0, (kind, argument), result
            return
        pinned: list[deque] = [deque() for _ in self._conns]
        free: deque = deque()
        for worker, task in tasks:
            (pinned[worker] if worker is not None else free).append(task)
        busy: dict[int, tuple[str, Any]] = {}
        failure: BaseException | None = None

        def give(worker: int) -> None:
            if failure is not None:
                return
            if pinned[worker] or free:
                task = self._only_analyse((pinned[worker] or free).popleft())
            else:  # nothing of its own left: take another's last task (parsed again here)
                others = max(pinned, key=len)
                if not others:
                    return
                task = self._only_analyse(others.pop())
            busy[worker] = task
            self._conns[worker].send(task)

        for worker in range(len(self._conns)):
            give(worker)
        while busy:
            sentinels = self._beside.sentinels() if self._beside is not None else []
            ready = wait([self._conns[w] for w in busy] + sentinels)
            if any(isinstance(conn, int) for conn in ready):
                self._beside.poll()  # type: ignore[union-attr]  (a Pagefind ended)
            for conn in ready:
                if isinstance(conn, int):
                    continue
                worker = self._conns.index(conn)  # type: ignore[arg-type]
                try:
                    status, result = conn.recv()  # type: ignore[union-attr]
                except EOFError:
                    status, result = "error", WorkerFailed(
                        f"a build process ended without finishing ({busy[worker][0]})")
                if status == "ahead":  # (a draft's pages ahead: its task goes on)
                    self._tell(result)
                    continue
                task = busy.pop(worker)
                if status == "error":
                    failure = failure or result
                else:
                    yield worker, task, result
                give(worker)
        if failure is not None:
            raise failure


def pool_size(jobs: int | None, pages: int, batches_count: int, printing: bool = False) -> int:
    """Processes for a build: ``jobs`` if given, else one per core on a site large enough
    (forking costs more than it saves on a small one) or with a PDF to print (seconds each,
    beside the other pages); never more than there is work for."""
    if jobs is None:
        jobs = default_jobs() if pages >= PARALLEL_FROM_PAGES or printing else 1
    return max(1, min(jobs, batches_count))
