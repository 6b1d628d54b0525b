"""``docket build``: gather (hash the inputs, load the project), select (the pages whose
inputs changed, ``select.py``), render them aside (in processes of their own on a large
site), publish (a whole new site swapped in, or the changes put in place: ``publish.py``)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import __version__
from ..content.loader import load_project
from ..content.parsed import Source
from ..fingerprints import StatCache, cache_folder
from ..inputfiles import allowed_roots
from ..model import Project
from ..problems import Problem, ProblemsFound, has_errors
from ..render.environment import Assets
from ..render.output import interfaces
from ..render.search import (
    bundle_output,
    index_site,
    search_bundles,
)
from ..render.site import site_pages
from ..render.templatecheck import compile_problems
from ..theme import template_dirs
from .caches import ParsedTexts
from .draftcache import DraftCache
from .publish import MARKER, Lock, Transaction, clean_leftovers, journal_of, recover, swap_in
from .select import Incremental, Selection, refuse_foreign
from .state import BuildResult, BuildState, Survey, survey
from .workers import render_pages

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Found:
    """Problems a build finds: loading the files, then parsing each draft's text (which
    happens where the draft is rendered; see ``render_site``)."""

    loading: list[Problem] = field(default_factory=list)
    texts: dict[str, list[Problem]] = field(default_factory=dict)  # draft slug -> problems

    def all(self) -> list[Problem]:
        return sorted(self.loading + [p for found in self.texts.values() for p in found])


def check_output_dir(out: Path, root: Path) -> None:
    """Refuse to replace anything that is not a previous build: no data lost to a typo."""
    out_r, root_r = out.resolve(), root.resolve()
    if out_r == root_r or out_r in root_r.parents:
        raise ProblemsFound(
            [Problem(str(out), 0, "the output directory must not contain the project")]
        )
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise ProblemsFound(
            [
                Problem(
                    str(out),
                    0,
                    "refusing to replace this directory: it is not "
                    f"empty and not a Docket build (no {MARKER} file)",
                )
            ]
        )


def last_record(out: Path, previous: BuildState | None) -> BuildState | None:
    """What the last build into ``out`` wrote: the survey's state, or (for a clean build,
    which reuses nothing) the state as it is on disk."""
    if previous is not None:
        return previous
    return BuildState.read(out) if (out / MARKER).exists() else None


def render_site(project: Project, dirs: list[Path], tmp: Path, now: datetime,
                progress: Progress | None,
                jobs: int | None, incremental: Incremental,
                found: Found | None = None, texts: ParsedTexts | None = None) -> Selection:
    """Write every page and asset that changed (``incremental``) below ``tmp``; returns
    what was selected (``select.Selection``: rendered, kept).

    With more than one job (default: one per core) the pages are rendered by a pool of
    forked processes, one draft at a time, each parsing its draft's text; small sites are
    rendered in this process. What parsing finds goes into ``found``; an error there raises
    ProblemsFound once every page is rendered. ``texts``: the cache the project's texts
    were loaded with (render processes stop keeping them in memory).
    """
    found = found if found is not None else Found()
    config = project.config
    assets = Assets.collect(dirs,
                            allowed_roots(project.root, config.allow_outside_root))
    found.loading += assets.problems
    if has_errors(assets.problems):  # a static file that may not be published
        raise ProblemsFound(found.all())
    envs = interfaces(project.root, config, assets,
                      reuse=incremental.previous is not None)
    if broken := compile_problems(envs):  # even one no page uses: as `docket check` says
        raise ProblemsFound(sorted(found.loading + broken))
    # What changed is rendered; the rest stays as the last build made it.
    sources = {assets.url(name): source for name, source in assets.sources.items()}
    selection = incremental.select(site_pages(project, now), sources)
    for output in selection.assets:
        target = tmp / output
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[output], target)
    pages = selection.render
    done = 0
    for count, slug, problems in render_pages(envs, config, now, tmp, pages, jobs, texts):
        done += count
        found.texts[slug] = problems
        if progress:
            progress("Rendering pages", done, len(pages))
    found.texts.pop("", None)
    if has_errors(found.all()):  # a text that does not parse: nothing is published
        raise ProblemsFound(found.all())
    return selection


def build(
    root: Path,
    out: Path | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    clean: bool = False,
    surveyed: Survey | None = None,
    stat_cache: StatCache | None = None,
) -> BuildResult:
    """Build the site, or raise ProblemsFound (with nothing written) if any draft has errors.

    ``jobs``: processes rendering pages (default: one per core, for sites large enough).
    Only pages whose inputs changed since the last build into ``out`` are rendered (see
    ``select.py``) unless ``clean``. ``surveyed``: what ``state.survey`` found, if the
    caller already asked (``docket build`` does, before importing this module);
    ``stat_cache``: a long-running caller's own (see ``fingerprints.StatCache``).
    """
    root = root.resolve()
    out = (out or root / "site").absolute()
    check_output_dir(out, root)
    def waiting() -> None:
        if progress:
            progress(f"Waiting for another build of {out.name}/ to finish", 0, 0)

    with Lock(out, waiting):  # another build of this site finishes first
        recover(out)  # undo what a build killed while publishing did
        clean_leftovers(out)
        return _build(root, out, now, progress, jobs, clean, surveyed, stat_cache)


def _build(root: Path, out: Path, now: datetime | None, progress: Progress | None,
           jobs: int | None, clean: bool, surveyed: Survey | None,
           stat_cache: StatCache | None) -> BuildResult:
    if surveyed is None or not surveyed.current:  # (its state may be from before the lock)
        # Hashed before loading: a save during the build is seen by the next.
        surveyed = survey(root, out, now, clean, stat_cache, surveyed)
    if surveyed.current:  # nothing to do
        return surveyed.unchanged(out)
    inputs, previous, started = surveyed.inputs, surveyed.previous, surveyed.started
    record = last_record(out, previous)
    refuse_foreign(out, record, root)  # before any work: a build deletes only what a build wrote
    # Unchanged texts are not parsed again (a clean build reuses nothing, parses everything).
    texts = ParsedTexts(None if clean else cache_folder(root, "parsed"))
    kept = None if clean else cache_folder(root, "drafts")
    drafts = DraftCache(kept, root, inputs) if kept is not None else None
    loaded = load_project(root, progress, parse=False, cache=drafts,  # texts: parsed later
                          now=now, texts=texts)
    if drafts is not None:
        drafts.sweep()
    if not loaded.ok:
        raise ProblemsFound(loaded.problems)
    project = loaded.project
    tz = project.config.tz
    now = now or datetime.now(tz)
    if now.tzinfo is None:  # a bare --now means the site's local time
        now = now.replace(tzinfo=tz)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    try:
        tmp.mkdir()
        found = Found(loaded.problems)
        dirs = template_dirs(root)  # the project's templates, then the theme's: once a build
        incremental = Incremental(root, out, inputs, previous, project, now, dirs)
        selection = render_site(project, dirs, tmp, now, progress, jobs, incremental, found,
                                texts)
        incremental.carry_over(found.texts)  # drafts not parsed: what the last build found
        texts.sweep({v.parse.key for d in project.drafts for v in d.versions  # texts gone
                     if isinstance(v.parse, Source)})
        if progress:
            progress("Indexing for search", 0, 1)
        if incremental.in_place:
            publish_changes(out, tmp, incremental, selection, found)
        else:
            index_site(tmp)  # before the swap: site/ never has pages without their index
            (tmp / MARKER).write_text(f"docket {__version__}\n", encoding="utf-8")
            incremental.save(tmp, tmp, selection, selection.kept, found.loading, found.texts)
            refuse_foreign(out, record, root)  # (again: something may have come while rendering)
            swap_in(tmp, out)
    finally:
        # Unless a transaction could not be undone: its old copies are in tmp, for the next
        # build to put back (``recover``).
        if tmp.exists() and not journal_of(out).exists():
            shutil.rmtree(tmp, ignore_errors=True)
    versions = sum(len(d.versions) for d in project.drafts)
    return BuildResult(
        out, len(project.drafts), versions, selection.planned, time.perf_counter() - started,
        found.all(), len(selection.render),
    )


def publish_changes(out: Path, tmp: Path, incremental: Incremental, selection: Selection,
                    found: Found) -> None:
    """Put what ``tmp`` holds into the last build in ``out``, all or nothing (publish.py).

    The changed search documents go in first, so the indexes to be made again are made
    from the site's documents; the pages and those indexes then go in together, and the
    build state last.
    """
    kept = dict(selection.kept)
    stale = []
    for bundle in search_bundles(sorted(selection.keys)):
        index = incremental.keeps_index(bundle, selection)
        if index is None:
            stale.append(bundle)
        else:
            kept.update(index)
    plan = incremental.publication(tmp, [bundle_output(bundle) for bundle in stale], kept)
    transaction = Transaction(out, tmp, plan.steps)
    transaction.begin()
    try:
        transaction.run(until=len(plan.documents))
        index_site(out, into=tmp, only=stale)
        transaction.run(until=len(plan.documents) + len(plan.changes))  # all but the state
        incremental.save(out, tmp, selection, kept, found.loading, found.texts,
                         transaction.steps)
        transaction.run()
    except BaseException:
        transaction.rollback()
        raise
    transaction.commit()
