"""Build state for incremental builds: what each output was made from, by content hash.

A build records, in ``site/.docket-state`` (JSON, written inside the side directory, so it is
swapped in with the pages it describes):

- a key over everything that can change any page: Docket's version and its own files (code,
  theme, translations), the libraries that shape the output, ``site.yaml``, static assets;
  when it differs, everything is rebuilt;
- a hash of each draft folder's files and of each template file (content, never mtimes);
- for each output, a key over what fed it: its template and every template that one
  includes, extends or imports (``jinja2.meta``), the draft it shows (or every draft, for
  listings and anything not tied to one draft), and where ``now`` stands against the
  draft's dates (comment periods open and close, hearings pass) so time moving on
  re-renders only what it changes. Templates no page reaches statically (rendered from
  Python, if a theme has any) count for every page.

A page whose key is unchanged is hard-linked from the previous build into the side
directory; the others are rendered. When the inputs and the clock are unchanged, the build
does nothing at all: the previous site is current.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata
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

from . import __version__
from .model import Draft, Project
from .periods import CLOSING_SOON, bounds
from .problems import Problem
from .render.environment import PACKAGE_DIR, template_dirs
from .render.search import SEARCH_DOCS, bundle_name_of

STATE_FILE = ".docket-state"  # JSON; no .json suffix: it is not a page of the site
FORMAT = 2  # bump when the state's meaning changes
LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "babel", "pyyaml", "pydantic")
ALL = "*"  # a page fed by every draft


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# path -> (size, mtime_ns, inode, when hashed (ns), hash); see files_digest
StatCache = dict[str, tuple[int, int, int, int, str]]
RACY_NS = 2_000_000_000  # a file changed this close to its hashing is hashed again


def files_digest(folder: Path, skip=lambda rel: False,
                 cache: StatCache | None = None) -> dict[str, str]:
    """Relative path -> content hash of every file below ``folder``.

    With ``cache`` (a long-running ``docket serve``), a file whose size, modification time and
    inode are those it had when hashed, and that was not modified just before (git's "racy"
    rule), keeps its hash without being read again.
    """
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    top = str(folder)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        prefix = _rel_prefix(dirpath, top)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = prefix + name
            if skip(rel):
                continue
            if cache is None:
                out[rel] = digest(Path(path).read_bytes())
                continue
            st = os.stat(path)
            known = cache.get(path)
            if (known is not None and known[:3] == (st.st_size, st.st_mtime_ns, st.st_ino)
                    and st.st_mtime_ns < known[3] - RACY_NS):
                out[rel] = known[4]
                continue
            hashed_at = time.time_ns()
            out[rel] = digest(Path(path).read_bytes())
            cache[path] = (st.st_size, st.st_mtime_ns, st.st_ino, hashed_at, out[rel])
    return out


@functools.cache
def code_digest() -> str:
    """Docket itself: its version, its files (code, theme, translations) and its libraries."""
    mine = files_digest(PACKAGE_DIR, skip=lambda rel: "__pycache__" in rel)
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==?")
    return digest(__version__, json.dumps(sorted(mine.items())), *versions)


def draft_digests(root: Path, cache: StatCache | None = None) -> dict[str, str]:
    """Draft folder name -> one hash over its files."""
    drafts_dir = root / "drafts"
    drafts: dict[str, str] = {}
    if drafts_dir.is_dir():
        for entry in sorted(os.scandir(drafts_dir), key=lambda e: e.name):
            if entry.is_dir():
                drafts[entry.name] = digest(json.dumps(sorted(
                    files_digest(Path(entry.path), cache=cache).items())))
    return drafts


@dataclass
class Inputs:
    """Every file a build reads, hashed before anything is loaded (a save during the build
    then shows as a change to the next build, never as stale output)."""

    key: str  # over everything that can change every page
    drafts: dict[str, str]  # draft folder name -> hash of its files
    templates: dict[str, str]  # template name -> hash of the file that wins

    @classmethod
    def read(cls, root: Path, cache: StatCache | None = None) -> Inputs:
        drafts = draft_digests(root, cache)
        drafts_dir = root / "drafts"
        # Files directly in drafts/: only ever problems, but be safe.
        loose = sorted(e.name for e in os.scandir(drafts_dir)
                       if not e.is_dir()) if drafts_dir.is_dir() else []
        templates: dict[str, str] = {}
        assets: dict[str, str] = {}
        for d in reversed(template_dirs(root)):  # the project's override the theme's
            for rel, h in files_digest(d, cache=cache).items():
                (assets if rel.startswith("static/") else templates)[rel] = h
        site_yaml = root / "site.yaml"
        key = digest(
            str(FORMAT), code_digest(),
            site_yaml.read_bytes() if site_yaml.is_file() else b"",
            json.dumps(sorted(assets.items())), json.dumps(loose))
        return cls(key, drafts, templates)


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


def clock_key(found: list[list[str]], now: datetime, tz: ZoneInfo) -> str:
    """Where ``now`` stands against each moment: unchanged, so is every comparison with it.

    On a date's own day any time of it may matter, so the key then holds ``now`` itself.
    """
    today = now.astimezone(tz).date()
    marks = []
    for kind, value in found:
        if kind == "t":
            moment = datetime.fromisoformat(value)
            marks.append("<" if moment < now else "=" if moment == now else ">")
        else:
            day = date.fromisoformat(value)
            marks.append("<" if day < today else ">" if day > today else "@" + now.isoformat())
    return "".join(marks)


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


@dataclass
class BuildState:
    """What ``site/.docket-state`` holds."""

    key: str
    drafts: dict[str, str]
    templates: dict[str, str]
    timezone: str
    moments: dict[str, list[list[str]]]  # draft slug -> its moments
    now: str  # the build's clock, for pages that print it
    uses_now: bool
    pages: dict[str, list[str]]  # output -> [its key, its draft or "*"]
    closures: dict[str, list[str]] = field(default_factory=dict)  # template -> what it pulls in
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])  # drafts, versions, pages
    warnings: list[list] = field(default_factory=list)  # all, for a build with nothing to do
    # What parsing each draft's text found: a draft whose pages are all unchanged is not
    # parsed again, and its warnings still belong in the report.
    texts: dict[str, list[list]] = field(default_factory=dict)
    # Every file of the output as written: [size, mtime_ns]. Not to detect changed inputs
    # (hashes do that) but outputs changed by hand, which are then never reused.
    files: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> BuildState | None:
        try:
            data = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            del data["format"]
            return cls(**data)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def write(self, out: Path) -> None:
        # Shallow: every field is already plain JSON data (asdict would copy it all again).
        data = {"format": FORMAT, **{f.name: getattr(self, f.name)
                                     for f in dataclasses.fields(self)}}
        (out / STATE_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                      encoding="utf-8")

    def problems(self) -> list[Problem]:
        return [Problem(*w) for w in self.warnings]

    def current(self, out: Path, inputs: Inputs, now: datetime | None) -> bool:
        """True if a build now would write exactly what is there: nothing to do."""
        if (inputs.key, inputs.drafts, inputs.templates) != (self.key, self.drafts,
                                                             self.templates):
            return False
        tz = ZoneInfo(self.timezone)
        now = now or datetime.now(tz)
        if now.tzinfo is None:  # a bare --now means the site's local time
            now = now.replace(tzinfo=tz)
        if self.uses_now and now.isoformat() != self.now:
            return False
        previous = datetime.fromisoformat(self.now)
        if not all(clock_key(m, now, tz) == clock_key(m, previous, tz)
                   for m in self.moments.values()):
            return False
        return manifest(out) == self.files

    def intact(self, out: Path, output: str) -> bool:
        """Is the previous build's ``output`` as it wrote it?"""
        try:
            st = os.stat(out / output)
        except OSError:
            return False
        return self.files.get(output) == [st.st_size, st.st_mtime_ns]


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
        self.state.files = manifest(tmp, self.known)
        self.state.write(tmp)


def _rel_prefix(dirpath: str, top: str) -> str:
    """``a/b/`` for ``top/a/b`` as os.walk gives it ("" for ``top``): cheaper than relpath."""
    rel = dirpath[len(top):].lstrip(os.sep)
    return rel.replace(os.sep, "/") + "/" if rel else ""


def manifest(out: Path, known: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """Every file below ``out``: [size, mtime_ns]; ``known`` ones are taken as given."""
    known = known or {}
    files: dict[str, list[int]] = {}
    top = str(out)
    for dirpath, _dirnames, filenames in os.walk(top):
        prefix = _rel_prefix(dirpath, top)
        for name in filenames:
            rel = prefix + name
            if rel in known:
                files[rel] = known[rel]
                continue
            st = os.stat(os.path.join(dirpath, name))
            files[rel] = [st.st_size, st.st_mtime_ns]
    files.pop(STATE_FILE, None)
    return files


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
