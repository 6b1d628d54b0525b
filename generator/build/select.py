"""Incremental builds: which pages to render again, and which to take from the last build.

Each output gets a key over what fed it: its template and every template that one includes,
extends or imports (``jinja2.meta``), the draft it shows (or every draft, for listings and
anything not tied to one draft), and where ``now`` stands against the draft's dates (comment
periods open and close, hearings pass) so time moving on re-renders only what it changes.
Templates no page reaches statically (rendered from Python, if a theme has any) count for
every page.

A page whose key is unchanged, and whose file is as the last build wrote it, is left where it
is; the others are rendered into a side directory and published in place (``publish.py``).
``state.py`` holds the keys between builds.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import (
    Environment,
    TemplateError,
    TemplateNotFound,
    meta,
    nodes,
)

from ..fingerprints import Inputs, ThemeFolder, digest, theme_folder
from ..inputfiles import allowed_roots
from ..model import Draft, Project
from ..periods import CLOSING_SOON, bounds
from ..problems import Problem, ProblemsFound, display_path
from ..render.environment import EXTENSIONS, in_theme, template_loader
from ..render.page import Page
from ..render.search import SEARCH_DOCS, bundle_output
from .analyse import Analysis
from .publish import MARKER, Step, located
from .state import STATE_FILE, BuildState, Counts, clock_key, manifest

ALL = "*"  # a page fed by every draft


# ---------------------------------------------------------------- the clock


def moments(draft: Draft, tz: ZoneInfo) -> list[list[str]]:
    """Every instant and date of a draft a page may compare ``now`` with."""
    found: list[list[str]] = []

    def walk(value: Any) -> None:
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=tz)
            found.append(["t", moment.isoformat()])
        elif isinstance(value, date):
            found.append(["d", value.isoformat()])
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(draft.meta)
    for version in draft.versions:
        walk(version.meta)
    period = draft.meta.comment_period
    if period is not None:
        opens, closes = bounds(period, tz)
        found += [["t", opens.isoformat()], ["t", closes.isoformat()],
                  ["t", (closes - CLOSING_SOON).isoformat()]]
    return found


# ---------------------------------------------------------------- templates


class ThemeReferences:
    """What each of the theme's templates pulls in and whether it reads ``now``, kept beside
    its compiled templates (``fingerprints.theme_folder``): the theme is Docket's own code,
    the same for every project, so it is parsed once per installation rather than once per
    build. Each entry holds the hash of the source it was read from, and counts only for
    that source (an edited theme template is parsed again); a project's templates are
    always parsed."""

    FILE = "references.json"

    def __init__(self, folder: ThemeFolder | None):
        self.folder = folder
        self.path = folder.path / self.FILE if folder is not None else None
        self.known: dict[str, list] = {}  # name -> [source hash, its references or None, now]
        self.changed = False
        if self.path is not None:
            try:
                known = json.loads(self.path.read_bytes())
            except (OSError, ValueError):  # none yet, or damaged: parsed again
                known = {}
            if isinstance(known, dict):
                self.known = known

    def get(self, name: str, source: str) -> tuple[set[str] | None, bool] | None:
        entry = self.known.get(name)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == digest(source)):
            return None
        refs, uses_now = entry[1], entry[2]
        if refs is not None and not (isinstance(refs, list)
                                     and all(isinstance(r, str) for r in refs)):
            return None
        return (None if refs is None else set(refs)), uses_now is True

    def put(self, name: str, source: str, found: tuple[set[str] | None, bool]) -> None:
        refs, uses_now = found
        self.known[name] = [digest(source), None if refs is None else sorted(refs), uses_now]
        self.changed = True

    def save(self) -> None:
        """Kept for the next build, if anything was read afresh (``ThemeFolder.keep``)."""
        if self.changed and self.folder is not None:
            self.folder.keep(self.FILE, json.dumps(self.known, sort_keys=True).encode("utf-8"))
        self.changed = False


class TemplateGraph:
    """Which templates each template pulls in, and whether any of them reads ``now``."""

    def __init__(self, dirs: list[Path], names: list[str], roots: list[Path] | None = None,
                 theme: ThemeReferences | None = None):
        """``dirs``: the template folders (``theme.template_dirs``); ``roots``: where the
        project's templates may resolve (see inputfiles.py); ``theme``: the theme's
        templates as read by earlier builds."""
        self.names = names
        self.env = Environment(loader=template_loader(dirs, roots), extensions=EXTENSIONS)
        self.theme = theme
        self._refs: dict[str, tuple[set[str] | None, bool]] = {}
        self._closures: dict[str, tuple[frozenset[str], bool]] = {}

    def _read(self, name: str) -> tuple[set[str] | None, bool]:
        """(templates it names, or None if it names one at run time or cannot be read;
        whether it reads ``now``)."""
        if name not in self._refs:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)
            except TemplateNotFound:  # an optional include: its name is in the closure
                self._refs[name] = (set(), False)
                return self._refs[name]
            except TemplateError:  # unreadable: rendering reports it; until then, anything
                self._refs[name] = (None, True)
                return self._refs[name]
            theme = self.theme if self.theme is not None and filename is not None and \
                in_theme(filename) else None
            found = theme.get(name, source) if theme is not None else None
            if found is None:
                found = self._parsed(source)
                if theme is not None:
                    theme.put(name, source, found)
            self._refs[name] = found
        return self._refs[name]

    def _parsed(self, source: str) -> tuple[set[str] | None, bool]:
        try:
            ast = self.env.parse(source)
        except TemplateError:  # cannot tell what it pulls in: anything
            return None, True
        refs: set[str] | None = set()
        for ref in meta.find_referenced_templates(ast):
            if ref is None:
                refs = None
                break
            refs.add(ref)
        # Any mention of ``now`` (a local of that name too: erring towards re-rendering).
        return refs, any(n.name == "now" for n in ast.find_all(nodes.Name))

    def closure(self, name: str) -> tuple[frozenset[str], bool]:
        """Every template ``name`` may render, itself included; and whether any reads now."""
        if name not in self._closures:
            seen: set[str] = set()
            uses_now = False
            todo = [name]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                refs, reads_now = self._read(current)
                uses_now = uses_now or reads_now
                if refs is None:  # a name chosen at run time: it may be any of them
                    seen.update(self.names)
                    uses_now = True
                    break
                todo.extend(refs)
            self._closures[name] = (frozenset(seen), uses_now)
        return self._closures[name]


# ---------------------------------------------------------------- pages and their inputs


def page_scope(page: Page) -> str:
    """The one draft a page shows, as its planner declared it, or ``ALL``."""
    return page.draft.slug if page.draft is not None else ALL


@dataclass(frozen=True)
class Selection:
    """What ``Incremental.select`` decided: the pages to render and the static files to
    copy, the key of every page (for the next build), and the last build's outputs that stay
    as they are, with the size and modification time it recorded (the manifest need not
    look at them again)."""

    render: list[Page]
    assets: list[str]  # the static files to copy (outputs)
    keys: dict[str, list[str]]  # output -> [its key, its draft or "*"] (``BuildState.pages``)
    closures: dict[str, list[str]]  # template -> every template it may pull in
    uses_now: bool  # whether any page's templates read ``now``
    kept: dict[str, list[int]]  # output -> [size, mtime_ns], as the last build recorded it
    planned: int  # pages in all, rendered or kept

    @property
    def rendered(self) -> set[str]:
        return {page.output for page in self.render}


@dataclass(frozen=True)
class Publication:
    """The transaction that turns the last build into this one (``publish.py``), in the
    order it runs: the search documents (before the index is made from them), the other
    changes (pages, assets, the index folders swapped in, folders made and removed), and
    last the build state."""

    documents: list[Step]
    changes: list[Step]
    state: Step

    @property
    def steps(self) -> list[Step]:
        return [*self.documents, *self.changes, self.state]


class Incremental:
    """One build's use of the previous one: which pages to render, which to keep. Nothing
    here changes after it is made: each decision is a return value (``Selection``)."""

    def __init__(self, root: Path, out: Path, inputs: Inputs, previous: BuildState | None,
                 project: Project, now: datetime, dirs: list[Path]):
        self.root = root
        self.out = out
        self.inputs = inputs
        self.previous = previous if previous is not None and previous.key == inputs.key else None
        tz = project.config.tz
        self.graph = TemplateGraph(dirs, sorted(inputs.templates),
                                   allowed_roots(root, project.config.allow_outside_root),
                                   ThemeReferences(theme_folder()))
        self.timezone = project.config.timezone
        self.moments = {d.slug: moments(d, tz) for d in project.drafts}
        self.counts = Counts(len(project.drafts), sum(len(d.versions) for d in project.drafts), 0)
        self.clocks = {slug: clock_key(m, now, tz) for slug, m in self.moments.items()}
        self.all_drafts = digest(json.dumps(sorted(inputs.drafts.items())),
                                 json.dumps(sorted(self.clocks.items())))
        self.now = now

    @property
    def in_place(self) -> bool:
        """Publish only what changed into the last build (see publish.py); without a last
        build to start from, the side directory is a whole new site."""
        return self.previous is not None

    def _template_part(self, template: str, shared: frozenset[str]
                       ) -> tuple[str, bool, frozenset[str]]:
        if not template:
            return "", False, frozenset()
        names, uses_now = self.graph.closure(template)
        return digest(*(f"{n}={self.inputs.templates.get(n, '-')}"
                        for n in sorted(names | shared))), uses_now, names

    def select(self, pages: list[Page], assets: Iterable[str]) -> Selection:
        """The pages to render and the assets to copy (outputs): those whose inputs changed
        since the last build, or whose file there is not as it wrote it."""
        reached: set[str] = set()
        for template in {p.template for p in pages if p.template}:
            reached |= self.graph.closure(template)[0]
        shared = frozenset(set(self.inputs.templates) - reached)  # rendered from Python
        parts: dict[str, tuple[str, bool, frozenset[str]]] = {}
        old = self.previous.pages if self.previous is not None else {}
        fed: dict[str, str] = {}  # draft -> the part of its pages' keys it gives
        keys: dict[str, list[str]] = {}
        kept: dict[str, list[int]] = {}
        any_now = False
        todo = []
        for page in pages:
            if page.template not in parts:
                parts[page.template] = self._template_part(page.template, shared)
            template_key, uses_now, _names = parts[page.template]
            scope = page_scope(page)
            if scope != ALL and scope in self.inputs.drafts:
                if scope not in fed:
                    fed[scope] = digest(self.inputs.drafts[scope], self.clocks.get(scope, ""))
                fed_by = fed[scope]
            else:
                scope, fed_by = ALL, self.all_drafts
            any_now |= uses_now
            key = digest(page.output, page.template, getattr(page, "language", ""),
                         template_key, fed_by, self.now.isoformat() if uses_now else "")
            keys[page.output] = [key, scope]
            before = old.get(page.output)
            if before is not None and before[0] == key:
                recorded = self.keeps(page.output)
                if recorded is not None:
                    kept[page.output] = recorded
                    continue
            todo.append(page)
        copied = []
        for asset in assets:  # its content is in the build's key: unchanged if still there
            recorded = self.keeps(asset)
            if recorded is None:
                copied.append(asset)
            else:
                kept[asset] = recorded
        closures = {template: sorted(names) for template, (_k, _n, names) in parts.items()
                    if template}
        if self.graph.theme is not None:
            self.graph.theme.save()
        return Selection(todo, copied, keys, closures, any_now, kept, len(pages))

    def keeps(self, output: str) -> list[int] | None:
        """The size and modification time the last build recorded for ``output`` if it
        stays (a page whose inputs did not change, an asset of the same content): it is
        there as that build wrote it. None if it must be written again."""
        if self.previous is None or not self.previous.intact(self.out, output):
            return None
        return self.previous.files[output]

    def keeps_index(self, bundle: str, selection: Selection) -> dict[str, list[int]] | None:
        """The files of the last build's search index of ``bundle`` (``_-en``, in
        ``pagefind/en/``), as it recorded them, if that index stays: none of the documents
        it was made from changed. None if it must be made again."""
        if self.previous is None:
            return None
        folder = bundle_output(bundle)
        docs = SEARCH_DOCS + bundle + "/"
        if any(o.startswith(docs) for o in selection.rendered):
            return None
        now = {o for o in selection.keys if o.startswith(docs)}
        if now != {o for o in self.previous.pages if o.startswith(docs)}:
            return None
        files = {o: self.keeps(o) for o in self.previous.files if o.startswith(folder)}
        if not files or any(v is None for v in files.values()):
            return None
        return {o: v for o, v in files.items() if v is not None}

    def publication(self, tmp: Path, indexes: list[str], kept: dict[str, list[int]]
                    ) -> Publication:
        """The transaction that turns the last build into this one (see publish.py).

        ``tmp`` holds what was rendered; ``indexes`` are the index folders made again, to
        swap in whole; ``kept``: the last build's outputs that stay. Anything in the site the
        last build did not write (added by hand) stops the build (``refuse_foreign``): a
        build never deletes what it did not write.
        """
        assert self.previous is not None
        previous, out = self.previous, self.out
        swapped = tuple(folder.rstrip("/") + "/" for folder in indexes)
        swapped_folders = [folder.rstrip("/") for folder in swapped]
        written = sorted(manifest(tmp)[0])
        staying = set(kept) | set(written) | {MARKER}
        dropped = [rel for rel in previous.files
                   if rel not in staying and not rel.startswith(swapped)]
        refuse_foreign(out, previous, self.root)  # (again: something may have come while rendering)
        seen: set[str] = set()  # folders looked for in the site (as it is, not as recorded)
        folders_now = {parent for rel in staying for parent in _parents(rel)}
        folders_now |= {f for rel in swapped_folders for f in (*_parents(rel), rel)}

        def puts(rels: list[str]) -> list[Step]:
            made: list[Step] = []
            for rel in rels:
                for parent in _parents(rel):
                    if parent not in seen:
                        seen.add(parent)
                        if not os.path.isdir(located(out, parent)):
                            made.append(Step("mkdir", parent))
            return made + [Step("put", rel, os.path.lexists(located(out, rel))) for rel in rels]

        docs = puts([r for r in written if r.startswith(SEARCH_DOCS)])
        docs += [Step("drop", r) for r in dropped if r.startswith(SEARCH_DOCS)]
        rest = puts([r for r in written if not r.startswith(SEARCH_DOCS)])
        rest += [Step("drop", r) for r in dropped if not r.startswith(SEARCH_DOCS)]
        for rel in swapped_folders:
            rest += [s for s in puts([rel]) if s.kind == "mkdir"]  # its parent folders
            rest.append(Step("swap", rel, (out / rel).is_dir()))
        gone = [f for f in previous.folders  # (those inside a swapped index go with it)
                if f not in folders_now and not f.startswith(swapped)]
        rest += [Step("rmdir", f) for f in sorted(gone, key=lambda f: -f.count("/"))]
        return Publication(docs, rest, Step("put", STATE_FILE, True))

    def save(self, site: Path, into: Path, selection: Selection, kept: dict[str, list[int]],
             loading: list[Problem], analysis: Analysis,
             steps: list[Step] | None = None) -> None:
        """Write the state of ``site`` as it now is (every output in place) into ``into``,
        with what loading and analysing found (each draft's, for the next build: a draft
        that does not change is not analysed again).

        ``kept``: the last build's outputs that stayed; ``steps``: the transaction that
        brought the last build's site to this one; only what it changed is looked at again
        (else ``site`` is walked, and ``into``, which then holds the new site's private
        files: ``publish.set_aside``)."""
        texts = analysis.problems
        def rows(problems: list[Problem]) -> list[list]:
            return [[p.path, p.line, p.message, p.severity] for p in problems]

        if steps is None or self.previous is None:
            files, folders = manifest(site, kept, private=into)
        else:
            files, folders = self._changed_manifest(site, steps, kept)
        BuildState(
            key=self.inputs.key, drafts=self.inputs.drafts, templates=self.inputs.templates,
            timezone=self.timezone, moments=self.moments, now=self.now.isoformat(),
            uses_now=selection.uses_now, pages=selection.keys, closures=selection.closures,
            counts=self.counts._replace(pages=selection.planned),
            warnings=rows(sorted(loading + [p for f in texts.values() for p in f])),
            texts={slug: rows(found) for slug, found in texts.items()},
            files=files, folders=folders,
        ).write(into)

    def _changed_manifest(self, site: Path, steps: list[Step], kept: dict[str, list[int]]
                          ) -> tuple[dict[str, list[int]], dict[str, int]]:
        assert self.previous is not None
        files = dict(kept)
        marker = self.keeps(MARKER)  # changed by hand: it is ours all the same
        files[MARKER] = marker if marker is not None else _size_and_mtime(located(site, MARKER))
        folders = set(self.previous.folders)
        for step in steps:
            kind, rel = step.kind, step.rel
            if kind == "put" and rel != STATE_FILE:
                files[rel] = _size_and_mtime(located(site, rel))
            elif kind == "mkdir":
                folders.add(rel)
            elif kind == "rmdir":
                folders.discard(rel)
            elif kind == "swap":  # a search index: its files and folders, as they are now
                inside = rel + "/"
                folders = {f for f in folders if not f.startswith(inside)} | {rel}
                below, within = manifest(site / rel)
                files.update({inside + f: v for f, v in below.items()})
                folders |= {inside + f for f in within}
        return files, {f: os.stat(located(site, f)).st_mtime_ns for f in folders}


def _size_and_mtime(path: str) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


def _parents(rel: str) -> list[str]:
    """``a``, ``a/b`` for ``a/b/c``: the folders a file needs, outermost first."""
    parts = rel.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def refuse_foreign(out: Path, previous: BuildState | None, root: Path) -> None:
    """ProblemsFound if ``out`` holds anything the build recorded in ``previous`` did not
    write (a database, notes, a folder put there by hand): publishing would delete it, and
    a build deletes only what a build wrote. Without a record of the last build (no state,
    or one too damaged to read) there is nothing to tell them apart by."""
    if previous is None:
        return
    foreign = _strays(out, previous)
    if foreign:
        raise ProblemsFound([Problem(
            display_path(out / rel, root), 0,
            f"not written by Docket: a build replaces {out.name}/ and would delete it; move it "
            f"out of {out.name}/ (or delete it), then build again") for rel in sorted(foreign)])


def _strays(out: Path, previous: BuildState) -> list[str]:
    """What is in the site but not in the last build's record: added by hand. Only folders
    whose modification time moved are listed (a file added or removed moves it)."""
    known = set(previous.files) | set(previous.folders) | {STATE_FILE}
    strays = []
    for folder in ["", *previous.folders]:
        path = Path(located(out, folder)) if folder else out
        try:
            if folder and os.stat(path).st_mtime_ns == previous.folders[folder]:
                continue
            names = os.listdir(path)
        except OSError:
            continue
        prefix = folder + "/" if folder else ""
        strays += [prefix + n for n in names if prefix + n not in known]
    return strays
