"""Rendering a build's pages: in this process on a small site, else by a pool of processes
forked from it, one draft's pages at a time (each draft's text is parsed once, in the process
that renders it)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..content.loader import text_problems
from ..model import SiteConfig
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
    """What rendering a build's pages needs, in this process or in each render process
    (forked with it: the whole model shared copy-on-write, never pickled)."""

    envs: Interfaces
    config: SiteConfig
    now: datetime
    tmp: Path
    pages: list[Page]
    forget: bool  # drop each draft's parsed text once its pages are written


def render_batch(job: RenderJob, batch: list[int]) -> tuple[int, str, list[Problem]]:
    """Render pages (all of one draft's, or the site-wide ones); returns how many, the
    draft's slug and what parsing its text found."""
    for i in batch:
        _write_page(job.envs, job.config, job.now, job.tmp, job.pages[i])
    draft = job.pages[batch[0]].draft
    if draft is None:
        return len(batch), "", []
    problems = text_problems(draft)  # every version, even one no page here showed
    if job.forget:  # a worker renders each draft once: keep its memory to one draft's worth
        for version in draft.versions:
            version.forget()
    return len(batch), draft.slug, problems


# A render process's own job, set by its initializer from the arguments it was forked with;
# the parent process never sets it.
_worker_job: RenderJob | None = None


def _worker_start(job: RenderJob, texts: ParsedTexts | None) -> None:
    global _worker_job
    _worker_job = job
    if texts is not None:
        texts.memory = False  # parsed texts die with the worker: caching them only costs memory


def _worker_batch(batch: list[int]) -> tuple[int, str, list[Problem]]:
    assert _worker_job is not None
    return render_batch(_worker_job, batch)


def _batches(pages: list[Page]) -> list[list[int]]:
    """Page indices grouped by the draft they show, largest group first; each PDF (a
    hearing's packet: seconds to print) a batch of its own, before all others.

    One process renders all of a draft's pages, so it parses the draft's text once, and a
    version's text, rendered once per process (``version_text``), serves every page that
    shows it. A packet is printed in a process of its own while the others render the rest
    (its draft's text is parsed there again, or read from the parse cache).
    """
    groups: dict[str, list[int]] = {}
    for i, page in enumerate(pages):
        draft = page.draft
        key = draft.slug if draft is not None else ""
        groups.setdefault(f"{key}\n{page.output}" if page.pdf else key, []).append(i)
    return sorted(groups.values(), key=lambda batch: (not pages[batch[0]].pdf, -len(batch)))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def render_pages(envs: Interfaces, config: SiteConfig, now: datetime, tmp: Path,
                 pages: list[Page], jobs: int | None, texts: ParsedTexts | None
                 ) -> Iterator[tuple[int, str, list[Problem]]]:
    """Write ``pages`` below ``tmp``, one batch (a draft's pages, or the site-wide ones) at
    a time: for each, how many pages, the draft's slug ("" for none) and what parsing its
    text found. ``jobs``: processes (default: one per core, on a site large enough)."""
    batches = _batches(pages)
    if jobs is None:  # forking costs more than it saves on a small site, not beside a PDF
        parallel = len(pages) >= PARALLEL_FROM_PAGES or any(page.pdf for page in pages)
        jobs = default_jobs() if parallel else 1
    jobs = min(jobs, len(batches))
    forking = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
    job = RenderJob(envs, config, now, tmp, pages, forking)
    if forking:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start,
                                 initargs=(job, texts)) as pool:
            yield from pool.map(_worker_batch, batches)
    else:
        for batch in batches:
            yield render_batch(job, batch)
