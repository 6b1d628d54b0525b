"""Incremental builds: which pages to render again, and which to take from the last build.

Each output gets a key over what fed it: its template and every template that one includes,
extends or imports (``jinja2.meta``), the draft it shows (or every draft, for listings and
anything not tied to one draft), and where ``now`` stands against the draft's dates (comment
periods open and close, hearings pass) so time moving on re-renders only what it changes.
Templates no page reaches statically (rendered from Python, if a theme has any) count for
every page.

A page whose key is unchanged is hard-linked from the previous build into the side
directory; the others are rendered. ``state.py`` holds the keys between builds.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    TemplateError,
    TemplateNotFound,
    meta,
    nodes,
)

from .model import Draft, Project
from .periods import CLOSING_SOON, bounds
from .problems import Problem
from .render.search import SEARCH_DOCS, bundle_name_of
from .state import BuildState, Inputs, clock_key, digest, manifest
from .theme import template_dirs

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


class TemplateGraph:
    """Which templates each template pulls in, and whether any of them reads ``now``."""

    def __init__(self, root: Path, names: list[str]):
        self.names = names
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs(root)]),
            extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
        self._refs: dict[str, tuple[set[str] | None, bool]] = {}
        self._closures: dict[str, tuple[frozenset[str], bool]] = {}

    def _read(self, name: str) -> tuple[set[str] | None, bool]:
        """(templates it names, or None if it names one at run time or cannot be read;
        whether it reads ``now``)."""
        if name not in self._refs:
            try:
                source = self.env.loader.get_source(self.env, name)[0]
            except TemplateNotFound:  # an optional include: its name is in the closure
                self._refs[name] = (set(), False)
                return self._refs[name]
            try:
                ast = self.env.parse(source)
            except TemplateError:  # cannot tell what it pulls in: anything
                self._refs[name] = (None, True)
                return self._refs[name]
            refs: set[str] | None = set()
            for ref in meta.find_referenced_templates(ast):
                if ref is None:
                    refs = None
                    break
                refs.add(ref)
            # Any mention of ``now`` (a local of that name too: erring towards re-rendering).
            uses_now = any(n.name == "now" for n in ast.find_all(nodes.Name))
            self._refs[name] = (refs, uses_now)
        return self._refs[name]

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


def _drafts_in(value: Any, found: set[str], depth: int = 0) -> bool:
    """Collect the drafts a page's context or data function holds; False if it holds the
    whole project (the page then depends on every draft)."""
    if isinstance(value, Project):
        return False
    if isinstance(value, Draft):
        found.add(value.slug)
        return True
    owner = getattr(value, "draft", None)  # a DraftStatus, a Comparison, a feed entry...
    if isinstance(owner, Draft):
        found.add(owner.slug)
    if depth >= 3:
        return True
    if isinstance(value, dict):
        return all(_drafts_in(v, found, depth + 1) for v in value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return all(_drafts_in(v, found, depth + 1) for v in value)
    return True


def page_scope(page) -> str:
    """The one draft a page shows, or ``ALL``."""
    found: set[str] = set()
    values = list(page.context.values())
    data = page.data
    if isinstance(data, functools.partial):
        given = [*data.args, *data.keywords.values()]
        if isinstance(page.context.get("draft"), Draft):
            # The convention for data files: one whose context names its draft shows that
            # draft alone, and reads the Project its function is given for its settings.
            given = [v for v in given if not isinstance(v, Project)]
        values += given
    elif data is not None:
        return ALL  # a function we cannot see into
    if not all(_drafts_in(v, found) for v in values):
        return ALL
    return next(iter(found)) if len(found) == 1 else ALL


class Incremental:
    """One build's use of the previous one: which pages to render, which to link."""

    def __init__(self, root: Path, out: Path, inputs: Inputs, previous: BuildState | None,
                 project: Project, now: datetime):
        self.out = out
        self.inputs = inputs
        self.previous = previous if previous is not None and previous.key == inputs.key else None
        tz = ZoneInfo(project.config.timezone)
        self.graph = TemplateGraph(root, sorted(inputs.templates))
        self.state = BuildState(
            key=inputs.key, drafts=inputs.drafts, templates=inputs.templates,
            timezone=project.config.timezone,
            moments={d.slug: moments(d, tz) for d in project.drafts},
            now=now.isoformat(), uses_now=False, pages={},
            counts=[len(project.drafts), sum(len(d.versions) for d in project.drafts), 0])
        self.clocks = {slug: clock_key(m, now, tz) for slug, m in self.state.moments.items()}
        self.all_drafts = digest(json.dumps(sorted(inputs.drafts.items())),
                                 json.dumps(sorted(self.clocks.items())))
        self.now = now
        self.rendered = 0
        self.rendered_outputs: set[str] = set()
        # Outputs linked from the last build, with the size and mtime it recorded (a link
        # shares them): the manifest need not look at them again.
        self.known: dict[str, list[int]] = {}

    def _template_part(self, template: str, shared: frozenset[str]) -> tuple[str, bool]:
        if not template:
            return "", False
        names, uses_now = self.graph.closure(template)
        self.state.closures[template] = sorted(names)
        return digest(*(f"{n}={self.inputs.templates.get(n, '-')}"
                        for n in sorted(names | shared))), uses_now

    def select(self, pages: list, tmp: Path) -> list:
        """Link every page whose inputs are unchanged from the previous build into ``tmp``;
        return the pages left to render."""
        reached: set[str] = set()
        for template in {p.template for p in pages if p.template}:
            reached |= self.graph.closure(template)[0]
        shared = frozenset(set(self.inputs.templates) - reached)  # rendered from Python
        parts: dict[str, tuple[str, bool]] = {}
        old = self.previous.pages if self.previous is not None else {}
        made: set[Path] = set()  # folders created in tmp
        todo = []
        for page in pages:
            if page.template not in parts:
                parts[page.template] = self._template_part(page.template, shared)
            template_key, uses_now = parts[page.template]
            scope = page_scope(page)
            if scope != ALL and scope in self.inputs.drafts:
                fed_by = digest(self.inputs.drafts[scope], self.clocks.get(scope, ""))
            else:
                scope, fed_by = ALL, self.all_drafts
            self.state.uses_now |= uses_now
            key = digest(page.output, page.template, getattr(page, "language", ""),
                         template_key, fed_by, self.now.isoformat() if uses_now else "")
            self.state.pages[page.output] = [key, scope]
            before = old.get(page.output)
            if (before is not None and before[0] == key
                    and self.previous.intact(self.out, page.output)
                    and _link(self.out / page.output, tmp / page.output, made)):
                self.known[page.output] = self.previous.files[page.output]  # same inode
                continue
            todo.append(page)
        self.rendered = len(todo)
        self.rendered_outputs = {page.output for page in todo}
        self.state.counts[2] = len(pages)
        return todo

    def reuse_index(self, tmp: Path, folder: str) -> bool:
        """Link the last build's search index in ``folder`` (``pagefind/en/``) into this
        build if none of the documents it was made from changed; False if it must be made."""
        if self.previous is None:
            return False
        docs = SEARCH_DOCS + bundle_name_of(folder) + "/"
        if any(o.startswith(docs) for o in self.rendered_outputs):
            return False
        now = {o for o in self.state.pages if o.startswith(docs)}
        if now != {o for o in self.previous.pages if o.startswith(docs)}:
            return False
        files = [o for o in self.previous.files if o.startswith(folder)]
        if not files or not all(self.previous.intact(self.out, o) for o in files):
            return False
        made: set[Path] = set()
        if not all(_link(self.out / o, tmp / o, made) for o in files):
            return False
        self.known.update({o: self.previous.files[o] for o in files})
        return True

    def carry_over(self, texts: dict[str, list[Problem]]) -> None:
        """Add the last build's findings for each draft this build did not parse (all its
        pages were unchanged, so its text is too)."""
        if self.previous is None:
            return
        for slug in self.inputs.drafts:
            if slug not in texts and slug in self.previous.texts:
                texts[slug] = [Problem(*w) for w in self.previous.texts[slug]]

    def save(self, tmp: Path, loading: list[Problem], texts: dict[str, list[Problem]]) -> None:
        def rows(problems: list[Problem]) -> list[list]:
            return [[p.path, p.line, p.message, p.severity] for p in problems]

        self.state.texts = {slug: rows(found) for slug, found in texts.items()}
        self.state.warnings = rows(sorted(loading + [p for f in texts.values() for p in f]))
        self.state.files, self.state.folders = manifest(tmp, self.known)
        self.state.write(tmp)


def _link(source: Path, target: Path, made: set[Path]) -> bool:
    """Hard-link (or copy) an unchanged output of the previous build; False if it is gone."""
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # no hard links here (another file system)
        try:
            shutil.copy2(source, target)
        except OSError:
            return False
    return True
