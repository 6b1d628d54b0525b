"""The processes a build analyses and renders in: this one on a small site, else a few
forked from it, each holding what it analysed until it renders it.

Analysing a draft (``analyse.py``) parses its texts; rendering its pages needs the parsed
texts again. A process that analysed a draft is therefore the one that renders it: its
parsed texts are still in its memory, so every text is parsed once per build, as when a
draft was parsed where it was rendered, and no parsed text is ever sent between processes
(pickling one costs a third of parsing it). The model is shared with the forked processes
copy-on-write, never pickled; what comes back is problems and page counts.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..content.loader import text_problems
from ..model import Draft, SiteConfig
from ..problems import Problem
from ..render.output import Interfaces, page_text
from ..render.page import Page
from .caches import ParsedTexts

PARALLEL_FROM_PAGES = 200


def _write_page(envs: Interfaces, config: SiteConfig, now: datetime, tmp: Path,
                page: Page) -> None:
    target = tmp / page.output
    target.parent.mkdir(parents=True, exist_ok=True)
    content = page_text(envs, config, now, page)
    if isinstance(content, bytes):  # a PDF
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


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


def analyse_draft(job: RenderJob, slug: str) -> list[Problem]:
    """Parse every version of the draft (kept, for its pages); what parsing found."""
    return text_problems(job.drafts[slug])


def render_batch(job: RenderJob, batch: list[int]) -> int:
    """Render pages (all of one draft's, or the site-wide ones); returns how many."""
    for i in batch:
        _write_page(job.envs, job.config, job.now, job.tmp, job.pages[i])
    draft = job.pages[batch[0]].draft
    # Keep a worker's memory to what it still renders (a packet goes first: the draft's other
    # pages, in this worker too, still need its texts).
    if draft is not None and job.forget and not job.pages[batch[0]].pdf:
        for version in draft.versions:
            version.forget()
    return len(batch)


TASKS: dict[str, Callable[[RenderJob, Any], Any]] = {"analyse": analyse_draft,
                                                     "render": render_batch}


def batches(pages: list[Page]) -> list[tuple[str, list[int]]]:
    """Page indices grouped by the draft they show ("" for site-wide pages), each with its
    draft's slug: each PDF (a hearing's packet: seconds to print) a batch of its own, before
    all others, then the largest group first.

    One process renders all of a draft's pages, so it has its draft's texts parsed once, and
    a version's text, rendered once per process (``version_text``), serves every page that
    shows it. A packet goes first to the process that analysed its draft, while the others
    render the rest.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for i, page in enumerate(pages):
        slug = page.draft.slug if page.draft is not None else ""
        groups.setdefault((slug, page.output if page.pdf else ""), []).append(i)
    ordered = sorted(groups.items(), key=lambda kv: (not kv[0][1], -len(kv[1])))
    return [(slug, batch) for (slug, _pdf), batch in ordered]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class WorkerFailed(RuntimeError):
    """A worker process died without an answer (killed, out of memory)."""


def _worker(conn: Connection, job: RenderJob, texts: ParsedTexts | None) -> None:
    """A worker's life: take a task, answer ("ok", result) or ("error", exception)."""
    if texts is not None:
        texts.memory = False  # what it parses is kept on the versions, for their pages
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

    With more than one job, that many processes forked from this one; a draft's pages are
    rendered by the process that analysed it. Else this process does it all.
    """

    def __init__(self, job: RenderJob, jobs: int, texts: ParsedTexts | None):
        self.job = job
        forking = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
        job.forget = forking  # a worker renders each draft once: then its texts can go
        self._conns: list[Connection] = []
        self._processes: list[Any] = []
        self._holds: dict[str, int] = {}  # draft slug -> the worker that analysed it
        if forking:
            context = multiprocessing.get_context("fork")
            for _ in range(jobs):
                parent, child = context.Pipe()
                process = context.Process(target=_worker, args=(child, job, texts),
                                          daemon=True)
                process.start()
                child.close()
                self._conns.append(parent)
                self._processes.append(process)

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
        """Each draft's slug and what parsing its texts found, as they are done."""
        tasks = [(None, ("analyse", slug)) for slug in slugs]
        for worker, (_kind, slug), problems in self._run(tasks):
            self._holds[slug] = worker
            yield slug, problems

    def render(self) -> Iterator[int]:
        """Write the job's pages below its folder, a batch at a time (a draft's pages, or
        the site-wide ones), each by the process that analysed its draft if one did: how
        many pages each batch was."""
        tasks = [(self._holds.get(slug), ("render", group))
                 for slug, group in batches(self.job.pages)]
        for _worker, _task, count in self._run(tasks):
            yield count

    def _run(self, tasks: list[tuple[int | None, tuple[str, Any]]]
             ) -> Iterator[tuple[int, tuple[str, Any], Any]]:
        """Run the tasks (each pinned to a worker, or to any), one at a time per worker:
        (the worker, the task, its result) as each is done. A failed task's exception is
        raised here, once the tasks under way have ended."""
        if not self._conns:
            for _pinned, (kind, argument) in tasks:
                yield 0, (kind, argument), TASKS[kind](self.job, argument)
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
                task = (pinned[worker] or free).popleft()
            else:  # nothing of its own left: take another's last task (parsed again here)
                others = max(pinned, key=len)
                if not others:
                    return
                task = others.pop()
            busy[worker] = task
            self._conns[worker].send(task)

        for worker in range(len(self._conns)):
            give(worker)
        while busy:
            ready = wait([self._conns[w] for w in busy])
            for conn in ready:
                worker = self._conns.index(conn)  # type: ignore[arg-type]
                task = busy.pop(worker)
                try:
                    status, result = conn.recv()  # type: ignore[union-attr]
                except EOFError:
                    status, result = "error", WorkerFailed(
                        f"a build process ended without finishing ({task[0]})")
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
