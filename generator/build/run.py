"""``docket build``, in four stages, top to bottom in ``_build``:

- load: hash the inputs, read the project's files into the model (texts not yet parsed);
- analyse: parse the texts of the drafts that changed into provisions, and collect what
  parsing found (``analyse.py``), as data; a problem stops the build here;
- render: the pages whose inputs changed (``select.py``), written aside, by the processes
  that analysed their drafts on a large site (``workers.py``);
- publish: a whole new site swapped in, or the changes put in place (``publish.py``), with
  the build state that the next build starts from (``state.py``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import TemplateError

from .. import __version__
from ..content.loader import load_project
from ..content.parsed import Source
from ..fingerprints import StatCache, cache_folder
from ..hearings.packet import print_language
from ..inputfiles import allowed_roots
from ..model import Project, SiteConfig
from ..problems import Problem, ProblemsFound, has_errors
from ..render.environment import Assets
from ..render.output import Interfaces, interfaces
from ..render.search import (
    SEARCH_DOCS,
    Indexer,
    bundle_drafts,
    bundle_output,
    index_site,
    render_order,
    search_bundles,
    search_first,
)
from ..render.site import site_pages
from ..render.templatecheck import compile_problems
from ..theme import template_dirs
from .analyse import Analysis, analysis, to_analyse
from .caches import ParsedTexts
from .draftcache import DraftCache
from .publish import (
    MARKER,
    Lock,
    Transaction,
    clean_leftovers,
    is_ours,
    journal_of,
    located,
    recover,
    set_aside,
    swap_in,
)
from .select import Incremental, Selection, refuse_foreign
from .state import BuildResult, BuildState, Survey, survey
from .workers import RenderJob, Workers, pool_size

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def check_output_dir(out: Path, root: Path) -> None:
    """Refuse to replace anything that is not a previous build: no data lost to a typo."""
    out_r, root_r = out.resolve(), root.resolve()
    if out_r == root_r or out_r in root_r.parents:
        raise ProblemsFound(
            [Problem(str(out), 0, "the output directory must not contain the project")]
        )
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not is_ours(out))):
        raise ProblemsFound(
            [
                Problem(
                    str(out),
                    0,
                    "refusing to replace this directory: it is not "
                    f"empty and not a Docket build (no {located(out.name, MARKER)} beside it)",
                )
            ]
        )


def last_record(out: Path, previous: BuildState | None) -> BuildState | None:
    """What the last build into ``out`` wrote: the survey's state, or (for a clean build,
    which reuses nothing) the state as it is on disk."""
    if previous is not None:
        return previous
    return BuildState.read(out) if is_ours(out) else None


@dataclass(frozen=True)
class Theme:
    """What rendering needs of the templates: the static files (fingerprinted), and the
    Jinja environments of each interface language, compiled."""

    assets: Assets
    envs: Interfaces


def prepare_theme(project: Project, dirs: list[Path], reuse: bool,
                  loading: list[Problem]) -> Theme:
    """The theme, checked: ProblemsFound (with ``loading``, what loading the project found)
    for a static file that may not be published or a template that does not compile (even
    one no page uses: as `docket check` says). ``reuse``: compiled templates kept on disk
    by an earlier build may serve."""
    config = project.config
    assets = Assets.collect(dirs, allowed_roots(project.root, config.allow_outside_root))
    if has_errors(assets.problems):
        raise ProblemsFound(sorted(loading + assets.problems))
    envs = interfaces(project.root, config, assets, reuse=reuse,
                      extra={print_language(d, config) for d in project.drafts})
    if broken := compile_problems(envs):
        raise ProblemsFound(sorted(loading + assets.problems + broken))
    return Theme(assets, envs)


def copy_assets(theme: Theme, selection: Selection, tmp: Path) -> None:
    """The static files that changed (``selection.assets``), into ``tmp``."""
    sources = {theme.assets.url(name): source for name, source in theme.assets.sources.items()}
    for output in selection.assets:
        target = tmp / output
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[output], target)


def compile_templates(envs: Interfaces, config: SiteConfig, selection: Selection) -> None:
    """Compile every template the pages to render may pull in, in the environment of each
    language they are rendered in, before the render processes fork: each would otherwise
    compile them all again (the theme's, about a quarter of a CPU second a process).

    A template that does not compile is left to the page that uses it, which reports it
    where it is (``output._rendered``)."""
    wanted: dict[str, set[str]] = {}
    for page in selection.render:
        if page.template:
            code = page.language or config.language
            wanted.setdefault(code if code in envs else config.language, set()).update(
                selection.closures.get(page.template, [page.template]))
    for code, names in wanted.items():
        env = envs[code][0]
        for name in sorted(names):
            with contextlib.suppress(TemplateError):  # (TemplateNotFound: an optional include)
                env.get_template(name)


def analyse(project: Project, workers: Workers, slugs: list[str], previous: BuildState | None,
            progress: Progress | None) -> Analysis:
    """The analyse stage: the drafts ``slugs`` parsed (by ``workers``, which keep them for
    their pages), the others' problems as the last build recorded them."""
    def found() -> Iterator[tuple[str, list[Problem]]]:
        for done, (slug, problems) in enumerate(workers.analyse(slugs), start=1):
            if progress:
                progress("Analysing drafts", done, len(slugs))
            yield slug, problems

    return analysis(project, previous, found())


def render(workers: Workers, total: int, progress: Progress | None) -> None:
    """The render stage: every selected page written aside (``workers.job.tmp``)."""
    done = 0
    for count in workers.render():
        done += count
        if progress:
            progress("Rendering pages", done, total)


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

    with Lock(out, waiting):  # another build finishes first
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
    indexer: Indexer | None = None
    stage = tmp.with_name(tmp.name + ".state")  # a new site's private files (publish.py)
    try:
        tmp.mkdir()
        dirs = template_dirs(root)  # the project's templates, then the theme's: once a build
        incremental = Incremental(root, out, inputs, previous, project, now, dirs)
        theme = prepare_theme(project, dirs, incremental.previous is not None, loaded.problems)
        loading = sorted(loaded.problems + theme.assets.problems)
        sources = {theme.assets.url(name) for name in theme.assets.sources}
        # The pages and assets whose inputs changed; the rest stays as the last build made it.
        selection = incremental.select(site_pages(project, now), sources)
        copy_assets(theme, selection, tmp)
        # A whole new site: each bundle of search documents indexed as soon as its drafts'
        # are written, the largest bundle's drafts rendered first (search.Indexer), and a
        # draft's search documents before its other pages (search.search_first).
        documents = {} if incremental.in_place else bundle_drafts(selection.render)
        indexer = Indexer(tmp / SEARCH_DOCS, tmp, documents, documents)
        job = RenderJob(theme.envs, project.config, now, tmp, selection.render,
                        {d.slug: d for d in project.drafts}, forget=False,
                        order=render_order(project, documents),
                        ahead=search_first(selection.render, documents))
        slugs = to_analyse(project, inputs, incremental.previous)
        size = pool_size(jobs, len(selection.render), len(slugs) + len(selection.render),
                         any(page.pdf for page in selection.render))
        if size > 1:
            compile_templates(theme.envs, project.config, selection)
        with Workers(job, size, texts, indexer.written, indexer) as workers:
            found = analyse(project, workers, slugs, incremental.previous, progress)
            if has_errors(found.all()):  # a text that does not parse: nothing is rendered
                raise ProblemsFound(sorted(loading + found.all()))
            render(workers, len(selection.render), progress)
        if texts.folder is not None:  # (a clean build keeps none: no key to work out, as
            # hashing every text in this process, serially, after the last page, costs
            # 50 ms on 1,000 drafts)
            texts.sweep({v.parse.key for d in project.drafts for v in d.versions  # texts gone
                         if isinstance(v.parse, Source)})
        if progress:
            progress("Indexing for search", 0, 1)
        if incremental.in_place:
            publish_changes(out, tmp, incremental, selection, loading, found)
        else:
            indexer.finish()  # before the swap: site/ never has pages without their index
            (tmp / MARKER).write_text(f"docket {__version__}\n", encoding="utf-8")
            set_aside(tmp, stage)  # Docket's own files go beside the site, not in it
            incremental.save(tmp, stage, selection, selection.kept, loading, found)
            refuse_foreign(out, record, root)  # (again: something may have come while rendering)
            swap_in(tmp, out, stage)
    finally:
        if indexer is not None:
            indexer.close()  # (a failed build: no Pagefind left writing into tmp)
        # Unless a transaction could not be undone: its old copies are in tmp, for the next
        # build to put back (``recover``).
        if tmp.exists() and not journal_of(out).exists():
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(stage, ignore_errors=True)
    versions = sum(len(d.versions) for d in project.drafts)
    return BuildResult(
        out, len(project.drafts), versions, selection.planned, time.perf_counter() - started,
        sorted(loading + found.all()), len(selection.render),
    )


def publish_changes(out: Path, tmp: Path, incremental: Incremental, selection: Selection,
                    loading: list[Problem], found: Analysis) -> None:
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
        index_site(out, into=tmp, only=stale, docs=Path(located(out, SEARCH_DOCS)))
        transaction.run(until=len(plan.documents) + len(plan.changes))  # all but the state
        incremental.save(out, tmp, selection, kept, loading, found, transaction.steps)
        transaction.run()
    except BaseException:
        transaction.rollback()
        raise
    transaction.commit()
