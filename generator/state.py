"""Build state: what the last build was made from, and whether it is still current.

A build records, in ``site/.docket-state`` (JSON, published with the pages it describes:
swapped in with them, or put in place after them; see publish.py):

- a key over everything that can change any page: Docket's version and its own files (code,
  theme, translations), the libraries that shape the output, ``site.yaml``, static assets;
  when it differs, everything is rebuilt;
- a hash of each draft folder's files and of each template file (content, never mtimes);
- for each output, a key over what fed it (see ``incremental.py``, which decides what to
  render again);
- every file and folder it wrote, with its size and modification time: not to notice
  changed inputs (hashes do that) but outputs changed by hand, which are never reused.

This module is what a build with nothing to do needs, and it imports nothing heavier than
the standard library: ``docket build`` on an unchanged project answers without loading a
template, a draft or a Markdown parser (``survey``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import __version__
from .inputfiles import Unreadable, editor_litter, stream_digest
from .problems import Problem
from .publish import MARKER, journal_of
from .theme import PACKAGE_DIR, template_dirs

STATE_FILE = ".docket-state"  # JSON; no .json suffix: it is not a page of the site
CACHE_DIR = ".docket-cache"  # in the project, git-ignored: what may be recomputed at will
FORMAT = 3  # bump when the state's meaning changes
LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "babel", "pyyaml", "pydantic")


def state_path(out: str | os.PathLike) -> Path:
    """Where the state of the build in ``out`` is (what ``docket serve`` reads to know what
    the build published)."""
    return Path(out) / STATE_FILE


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# ---------------------------------------------------------------- inputs


RACY_NS = 2_000_000_000  # a file changed this close to its hashing is hashed again


class StatCache:
    """Content hashes of files, each kept while the file's size, times and inode are those
    it had when hashed: git's index, so an unchanged file is not read again.

    A file written within two seconds before it was hashed is hashed again next time (git's
    "racy" rule: a second write in the same clock tick leaves its times unchanged). The
    change time (``ctime``) cannot be set back by any program, so a file rewritten with its
    old modification time restored is still read again.
    """

    FILE = "inputs.json"  # below CACHE_DIR

    def __init__(self, entries: dict[str, list] | None = None):
        # path -> [size, mtime_ns, ctime_ns, inode, hashed at (ns), hash]
        self.entries: dict[str, list] = entries or {}
        self.used: set[str] = set()
        self.hashed = 0  # files read this time

    def digest_of(self, path: str) -> str:
        try:
            st = os.stat(path)
        except OSError:
            return file_digest(path)  # a link to nowhere: what it says, not cached
        if not stat.S_ISREG(st.st_mode):
            return file_digest(path)
        signature = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self.entries.get(path)
        self.used.add(path)
        if (isinstance(known, list) and len(known) == 6 and known[:4] == signature
                and isinstance(known[4], int) and st.st_mtime_ns < known[4] - RACY_NS):
            return known[5]
        hashed_at = time.time_ns()
        value = file_digest(path)
        self.entries[path] = [*signature, hashed_at, value]
        self.hashed += 1
        return value

    @classmethod
    def load(cls, root: Path) -> StatCache:
        """The cache ``save`` left in ``root``; an empty one if there is none or it is bad
        (it only ever saves reading files again)."""
        try:
            data = json.loads((root / CACHE_DIR / cls.FILE).read_text(encoding="utf-8"))
            if data.get("format") == 1 and isinstance(data.get("entries"), dict):
                return cls(data["entries"])
        except (OSError, ValueError, AttributeError):
            pass
        return cls()

    def save(self, root: Path) -> None:
        """Keep the entries this run used, if anything changed; never fails a build."""
        if not self.hashed and len(self.used) == len(self.entries):
            return
        entries = {p: self.entries[p] for p in sorted(self.used)}
        target = root / CACHE_DIR / self.FILE
        tmp = target.with_name(f"{self.FILE}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(exist_ok=True)
            tmp.write_text(json.dumps({"format": 1, "entries": entries}), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)


LARGE_BYTES = 64 * 2**20  # no draft or template is read beyond 20 MB (loader.py)


def file_digest(path: str | Path) -> str:
    """A file's content hash, streamed; for anything but a regular file (a FIFO, a device,
    a broken link), a hash of what it is instead, so that it changes when the file is
    replaced by a real one, without ever reading it (see inputfiles.py). A file too large
    for any input (a stray disk image) is known by its size, times and inode, not read:
    any write changes its change time."""
    try:
        st = os.stat(path)
    except OSError:
        st = None  # a broken link: stream_digest says so
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > LARGE_BYTES:
        return digest("large", str([st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]))
    try:
        return stream_digest(path)
    except Unreadable as exc:
        return digest("unreadable", str(exc))


def files_digest(folder: Path, skip=lambda rel: False,
                 cache: StatCache | None = None) -> dict[str, str]:
    """Relative path -> content hash of every file below ``folder`` (through ``cache``
    if given, so unchanged files are not read); editors' lock and backup files are nobody's
    input and left out."""
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    top = str(folder)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        prefix = rel_prefix(dirpath, top)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = prefix + name
            if skip(rel) or editor_litter(name):
                continue
            out[rel] = cache.digest_of(path) if cache is not None else file_digest(path)
    return out


def library_versions() -> list[str]:
    """``name==version`` of each library that shapes the output.

    Read from the names of the installed distributions' ``.dist-info`` folders (one listing
    per path entry), falling back to importlib.metadata, which takes ~50 ms for six.
    """
    wanted = {re.sub(r"[-_.]+", "_", name).lower(): name for name in LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                name, _, version = folder[: -len(".dist-info")].partition("-")
                key = name.lower()
                if key in wanted and wanted[key] not in found:
                    found[wanted[key]] = version
    versions = []
    for name in LIBRARIES:
        if name not in found:
            from importlib import metadata

            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "?"
        versions.append(f"{name}=={found[name]}")
    return versions


_code_digest: list[str] = []  # computed once per process


def code_digest(cache: StatCache | None = None) -> str:
    """Docket itself: its version, its files (code, theme, translations) and its libraries."""
    if not _code_digest:
        mine = files_digest(PACKAGE_DIR, skip=lambda rel: "__pycache__" in rel, cache=cache)
        _code_digest.append(digest(__version__, json.dumps(sorted(mine.items())),
                                   *library_versions()))
    return _code_digest[0]


def cache_folder(root: Path, kind: str) -> Path | None:
    """``ROOT/.docket-cache/KIND-<code digest>``, made if need be; folders of that kind made
    by another version of Docket are removed. None if the project cannot be written to (the
    caches only ever save work)."""
    folder = root / CACHE_DIR / f"{kind}-{code_digest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for other in folder.parent.glob(f"{kind}-*"):
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    return folder


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
            str(FORMAT), code_digest(cache),
            file_digest(site_yaml) if os.path.lexists(site_yaml) else "",
            json.dumps(sorted(assets.items())), json.dumps(loose))
        return cls(key, drafts, templates)


# ---------------------------------------------------------------- the clock


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


# ---------------------------------------------------------------- outputs


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
    # Every file of the output as written: [size, mtime_ns]; and every folder below the
    # top one: its mtime_ns, which changes when a file is added to it or removed.
    files: dict[str, list[int]] = field(default_factory=dict)
    folders: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> BuildState | None:
        try:
            data = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            del data["format"]
            state = cls(**data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        return state if state.well_formed() else None

    def well_formed(self) -> bool:
        """Is every field of the shape this module writes? (A state edited or cut short by
        something else is not used: the build is then a clean one, not an internal error.)"""
        def mapping(value, check) -> bool:
            return isinstance(value, dict) and all(
                isinstance(k, str) and check(v) for k, v in value.items())

        def ints(value, n: int) -> bool:
            return (isinstance(value, list) and len(value) == n
                    and all(isinstance(i, int) for i in value))

        return (all(isinstance(v, str) for v in (self.key, self.timezone, self.now))
                and mapping(self.drafts, lambda v: isinstance(v, str))
                and mapping(self.templates, lambda v: isinstance(v, str))
                and mapping(self.moments, lambda v: isinstance(v, list) and all(
                    isinstance(m, list) and len(m) == 2 for m in v))
                and mapping(self.pages, lambda v: isinstance(v, list) and len(v) == 2)
                and mapping(self.closures, lambda v: isinstance(v, list))
                and mapping(self.texts, lambda v: isinstance(v, list))
                and mapping(self.files, lambda v: ints(v, 2))
                and mapping(self.folders, lambda v: isinstance(v, int))
                and ints(self.counts, 3) and isinstance(self.warnings, list))

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
        return self.untouched(out)

    def intact(self, out: Path, output: str) -> bool:
        """Is the previous build's ``output`` as it wrote it?"""
        try:
            st = os.stat(f"{out}/{output}")  # (cheaper than a Path, for each of 15,000)
        except OSError:
            return False
        return self.files.get(output) == [st.st_size, st.st_mtime_ns]

    def untouched(self, out: Path) -> bool:
        """Is every output as this build wrote it, with nothing added or removed by hand?

        One stat per file and folder, no directory listing below the top: a file added or
        removed changes its folder's modification time.
        """
        try:
            expected = {rel.split("/", 1)[0] for rel in self.files} | {STATE_FILE}
            if set(os.listdir(out)) != expected:
                return False
            top = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return False
        try:
            for rel, mtime in self.folders.items():
                if os.stat(rel, dir_fd=top).st_mtime_ns != mtime:
                    return False
            for rel, recorded in self.files.items():
                st = os.stat(rel, dir_fd=top)
                if recorded[0] != st.st_size or recorded[1] != st.st_mtime_ns:
                    return False
        except OSError:
            return False
        finally:
            os.close(top)
        return True


def rel_prefix(dirpath: str, top: str) -> str:
    """``a/b/`` for ``top/a/b`` as os.walk gives it ("" for ``top``): cheaper than relpath."""
    rel = dirpath[len(top):].lstrip(os.sep)
    return rel.replace(os.sep, "/") + "/" if rel else ""


def manifest(out: Path, known: dict[str, list[int]] | None = None
             ) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Every file below ``out``: [size, mtime_ns] (``known`` ones taken as given); and every
    folder below it: its mtime_ns."""
    known = known or {}
    files: dict[str, list[int]] = {}
    folders: dict[str, int] = {}
    top = str(out)
    for dirpath, _dirnames, filenames in os.walk(top):
        prefix = rel_prefix(dirpath, top)
        if prefix:
            folders[prefix.rstrip("/")] = os.stat(dirpath).st_mtime_ns
        for name in filenames:
            rel = prefix + name
            if rel in known:
                files[rel] = known[rel]
                continue
            st = os.stat(os.path.join(dirpath, name))
            files[rel] = [st.st_size, st.st_mtime_ns]
    files.pop(STATE_FILE, None)
    return files, folders


# ---------------------------------------------------------------- a build's outcome


@dataclass
class BuildResult:
    out: Path
    drafts: int
    versions: int
    pages: int
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    rendered: int | None = None  # pages rendered; the others were the last build's, unchanged

    def summary(self) -> str:
        return (
            f"Built {self.drafts} drafts, {self.versions} versions, {self.pages} pages "
            f"in {self.seconds:.2f} s into {self.out}"
        ) + (f" ({self.rendered} rendered, the others unchanged)"
             if self.rendered is not None and self.rendered < self.pages else "")


@dataclass
class Survey:
    """What a build finds before loading anything: its inputs' hashes, the last build's
    state, and whether that build is still current (then there is nothing to do)."""

    inputs: Inputs
    previous: BuildState | None
    current: bool
    started: float  # perf_counter

    def unchanged(self, out: Path) -> BuildResult:
        """The result of a build with nothing to do: the last one's counts and warnings."""
        assert self.previous is not None and self.current
        drafts, versions, pages = self.previous.counts
        return BuildResult(out, drafts, versions, pages, time.perf_counter() - self.started,
                           self.previous.problems(), rendered=0)


def survey(root: Path, out: Path, now: datetime | None, clean: bool = False,
           cache: StatCache | None = None, earlier: Survey | None = None) -> Survey:
    """Hash the inputs (through the project's stat cache unless ``cache`` is given) and read
    the last build's state from ``out``; ``clean`` ignores it. ``earlier``: a survey whose
    inputs to take rather than hash again (the last build may have changed since)."""
    if earlier is not None:
        inputs, started = earlier.inputs, earlier.started
    else:
        started = time.perf_counter()
        own_cache = cache is None
        cache = StatCache.load(root) if own_cache else cache
        inputs = Inputs.read(root, cache)
        if own_cache:
            cache.save(root)
    previous = None if clean or not (out / MARKER).exists() else BuildState.read(out)
    current = (previous is not None and not journal_of(out).exists()  # else: to recover
               and previous.current(out, inputs, now))
    return Survey(inputs, previous, current, started)
