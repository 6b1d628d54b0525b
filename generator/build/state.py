"""Build state: what the last build was made from, and whether it is still current.

A build records, in ``.docket-state`` beside the site (``.site.state/``, with Docket's other
files, never in site/; JSON, swapped in with the pages it describes, or put in place after
them; see publish.py):

- a key over everything that can change any page: Docket's version and its own files (code,
  theme, translations), the libraries that shape the output, ``site.yaml``, static assets;
  when it differs, everything is rebuilt;
- a hash of each draft folder's files and of each template file (content, never mtimes);
- for each output, a key over what fed it (see ``select.py``, which decides what to
  render again);
- every file and folder it wrote, with its size and modification time: not to notice
  changed inputs (hashes do that) but outputs changed by hand, which are never reused.

The outputs (some 16,000 files, 11,000 folders and 16,000 page keys on a site of 1,000
drafts) are kept as columns, a list of names beside a list of sizes and one of times,
rather than an object per output: JSON makes an object for each value it reads, so this
reads in less than half the time, and a build with nothing to do compares the columns with
the disk as they are (``Recorded``), never making the dictionaries the rest of a build
works with (``BuildState``).

This module is what a build with nothing to do needs, and it imports nothing heavier than
the standard library: ``docket build`` on an unchanged project answers without loading a
template, a draft or a Markdown parser (``survey``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock_time
from functools import cached_property
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..fingerprints import FORMAT, Inputs, StatCache
from ..problems import Problem
from .publish import (
    PRIVATE,
    SITE_ID,
    is_ours,
    journal_of,
    located,
    private_dir,
)

END_OF_DAY = clock_time(23, 59, 59)  # as periods.as_moment(..., end_of_day=True)
STATE_FILE = ".docket-state"  # JSON; no .json suffix: it is not a page of the site


def state_path(out: str | os.PathLike) -> Path:
    """Where the state of the build in ``out`` is (what ``docket serve`` reads to know what
    the build published): beside it."""
    return private_dir(Path(out)) / STATE_FILE


# ---------------------------------------------------------------- the clock


def clock_key(found: list[list[str]], now: datetime, tz: ZoneInfo) -> str:
    """Where ``now`` stands against each moment: unchanged, so is every comparison with it.

    A date is the whole day (``periods.as_moment``): it is compared with ``now`` by its
    start (a version's date) or by its last second (a hearing given as a date is held once
    its day is over), so on its own day the key says which side of that last second ``now``
    is on. Never the clock itself: a build with nothing to do stays one all day.
    """
    local = now.astimezone(tz)
    today = local.date()
    marks = []
    for kind, value in found:
        if kind == "t":
            moment = datetime.fromisoformat(value)
            marks.append("<" if moment < now else "=" if moment == now else ">")
        else:
            day = date.fromisoformat(value)
            if day != today:
                marks.append("<" if day < today else ">")
            else:
                marks.append("@>" if local.time() >= END_OF_DAY else "@<")
    return "".join(marks)


def clock_moved(moments: dict[str, list[list[str]]], before: datetime, now: datetime,
                tz: ZoneInfo) -> bool:
    """Does any draft's ``clock_key`` differ between ``before`` and ``now``? Each distinct
    moment is compared once (drafts share dates), which is the same question: a key is one
    mark per moment, and no mark is the start of another."""
    if before == now:
        return False
    found = {(kind, value) for listed in moments.values() for kind, value in listed}
    pairs = [[kind, value] for kind, value in found]
    return clock_key(pairs, now, tz) != clock_key(pairs, before, tz)


# ---------------------------------------------------------------- outputs


class Counts(NamedTuple):
    """What a build reports it built (kept for a build with nothing to do); a JSON list."""

    drafts: int
    versions: int
    pages: int


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
    counts: Counts = field(default_factory=lambda: Counts(0, 0, 0))
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
        """The state of the build in ``out``; None if there is none, if it cannot be read, or
        if the site it describes is gone. (A site replaced by hand is told by the files the
        state lists: ``Recorded.untouched``, ``select.refuse_foreign``.)"""
        recorded = Recorded.read(out)
        return recorded.state() if recorded is not None else None

    def write(self, out: Path) -> None:
        # Shallow: every field is already plain JSON data (asdict would copy it all again);
        # the outputs as columns (see the module's docstring).
        data = {"format": FORMAT, **{f.name: getattr(self, f.name)
                                     for f in dataclasses.fields(self)}}
        data["pages"] = [list(self.pages), *map(list, zip(*self.pages.values(), strict=True))
                         ] if self.pages else [[], [], []]
        data["files"] = [list(self.files), *map(list, zip(*self.files.values(), strict=True))
                         ] if self.files else [[], [], []]
        data["folders"] = [list(self.folders), list(self.folders.values())]
        (out / STATE_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                      encoding="utf-8")

    def problems(self) -> list[Problem]:
        return [Problem(*w) for w in self.warnings]

    def intact(self, out: Path, output: str) -> bool:
        """Is the previous build's ``output`` as it wrote it?"""
        try:
            st = os.stat(located(out, output))  # (cheaper than a Path, for each of 15,000)
        except OSError:
            return False
        return self.files.get(output) == [st.st_size, st.st_mtime_ns]


class Recorded:
    """The state file as read: each field as JSON gives it, the outputs as columns (see the
    module's docstring). All a build with nothing to do looks at; ``state()`` makes the
    ``BuildState`` the rest of a build works with."""

    def __init__(self, data: dict):
        self.data = data

    @classmethod
    def read(cls, out: Path) -> Recorded | None:
        """The state of the build in ``out``, read in one go; None if there is none, if it
        cannot be read, if it is not of the shape this module writes (a state edited or cut
        short by something else is not used: the build is then a clean one, not an
        internal error), or if the site it describes is gone."""
        if not out.is_dir():
            return None
        try:
            data = json.loads((private_dir(out) / STATE_FILE).read_bytes())
        except (OSError, ValueError):
            return None
        return cls(data) if well_formed(data) else None

    @property
    def counts(self) -> Counts:
        return Counts(*self.data["counts"])

    def problems(self) -> list[Problem]:
        return [Problem(*w) for w in self.data["warnings"]]

    def state(self) -> BuildState:
        """The state, its outputs as dictionaries."""
        data = {k: v for k, v in self.data.items() if k != "format"}
        names, keys, drafts = data["pages"]
        data["pages"] = dict(zip(names, map(list, zip(keys, drafts, strict=True)), strict=True))
        names, sizes, mtimes = data["files"]
        data["files"] = dict(zip(names, map(list, zip(sizes, mtimes, strict=True)),
                                 strict=True))
        data["folders"] = dict(zip(*data["folders"], strict=True))
        data["counts"] = Counts(*data["counts"])
        return BuildState(**data)

    def current(self, out: Path, inputs: Inputs, now: datetime | None) -> bool:
        """True if a build now would write exactly what is there: nothing to do."""
        data = self.data
        if (inputs.key, inputs.drafts, inputs.templates) != (data["key"], data["drafts"],
                                                             data["templates"]):
            return False
        try:
            tz = ZoneInfo(data["timezone"])
        except (KeyError, ValueError, OSError):  # (a name edited into the state by hand)
            return False
        now = now or datetime.now(tz)
        if now.tzinfo is None:  # a bare --now means the site's local time
            now = now.replace(tzinfo=tz)
        if data["uses_now"] and now.isoformat() != data["now"]:
            return False
        try:
            if clock_moved(data["moments"], datetime.fromisoformat(data["now"]), now, tz):
                return False
        except (TypeError, ValueError):  # not moments as this module writes them
            return False
        return self.untouched(out)

    def untouched(self, out: Path) -> bool:
        """Is every output as this build wrote it, with nothing added or removed by hand?

        One stat per file and folder, no directory listing below the top: a file added or
        removed changes its folder's modification time.
        """
        names, sizes, mtimes = self.data["files"]
        folders, folder_mtimes = self.data["folders"]
        try:
            expected = {rel.split("/", 1)[0] for rel in names if not rel.startswith(PRIVATE)}
            if set(os.listdir(out)) != expected:
                return False
            top = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return False
        try:
            private = os.open(private_dir(out), os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            os.close(top)
            return False
        stat = os.stat
        try:
            for rel, mtime in zip(folders, folder_mtimes, strict=True):
                if stat(rel, dir_fd=private if rel.startswith(PRIVATE) else top
                        ).st_mtime_ns != mtime:
                    return False
            for rel, size, mtime in zip(names, sizes, mtimes, strict=True):
                st = stat(rel, dir_fd=private if rel.startswith(PRIVATE) else top)
                if st.st_mtime_ns != mtime or st.st_size != size:
                    return False
        except OSError:
            return False
        finally:
            os.close(top)
            os.close(private)
        return True


def well_formed(data) -> bool:
    """Is ``data`` a state of the shape ``BuildState.write`` writes: the format's number, each
    field of its type, each column as long as its names? (Checked a column at a time, by the
    set of its values' types: in C, not a Python loop over 40,000 outputs.)"""
    def only(values, *types) -> bool:
        return isinstance(values, list) and set(map(type, values)) <= set(types)

    def mapping(value, *types) -> bool:
        return isinstance(value, dict) and only(list(value.values()), *types)

    def columns(value, *types) -> bool:
        return (isinstance(value, list) and len(value) == len(types)
                and all(only(column, kind) for column, kind in zip(value, types, strict=True))
                and len({len(column) for column in value}) == 1)

    try:
        return (isinstance(data, dict) and data.get("format") == FORMAT
                and {f.name for f in dataclasses.fields(BuildState)} | {"format"} == set(data)
                and all(isinstance(data[k], str) for k in ("key", "timezone", "now"))
                and isinstance(data["uses_now"], bool)
                and mapping(data["drafts"], str) and mapping(data["templates"], str)
                and mapping(data["moments"], list)  # (each read by ``Recorded.current``)
                and mapping(data["closures"], list)
                and mapping(data["texts"], list)
                and only(data["warnings"], list)
                and only(data["counts"], int) and len(data["counts"]) == 3
                and columns(data["pages"], str, str, str)
                and columns(data["files"], str, int, int)
                and columns(data["folders"], str, int))
    except (TypeError, KeyError):
        return False


def manifest(out: Path, known: dict[str, list[int]] | None = None,
             private: Path | None = None) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Every file below ``out`` (and, by the names they have in the build, Docket's own in
    ``private``, beside it): [size, mtime_ns] (``known`` ones taken as given); and every
    folder below them: its mtime_ns."""
    known = known or {}
    files: dict[str, list[int]] = {}
    folders: dict[str, int] = {}

    def walk(path: str, prefix: str) -> None:
        """``os.walk``'s order and choices (a link to a folder not descended, a folder that
        cannot be listed skipped), each entry's status asked of its ``DirEntry``: no path
        joined, no second look at whether a folder is a link (a build of the statute book
        writes 60,000 files, after the last page)."""
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError:
            return
        below = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                below.append(entry)
                continue
            rel = prefix + entry.name
            if rel in known:
                files[rel] = known[rel]
                continue
            st = entry.stat()
            files[rel] = [st.st_size, st.st_mtime_ns]
        for entry in below:
            if not entry.is_symlink():
                folders[prefix + entry.name] = entry.stat().st_mtime_ns
                walk(entry.path, f"{prefix}{entry.name}/")

    for tree in (out, private) if private is not None else (out,):
        walk(str(tree), "")
    files.pop(STATE_FILE, None)
    files.pop(SITE_ID, None)
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
    state as recorded, and whether that build is still current (then there is nothing to
    do)."""

    inputs: Inputs
    recorded: Recorded | None
    current: bool
    started: float  # perf_counter

    @cached_property
    def previous(self) -> BuildState | None:
        """The last build's state (its dictionaries made once, when a build needs them)."""
        return self.recorded.state() if self.recorded is not None else None

    def unchanged(self, out: Path) -> BuildResult:
        """The result of a build with nothing to do: the last one's counts and warnings."""
        assert self.recorded is not None and self.current
        drafts, versions, pages = self.recorded.counts
        return BuildResult(out, drafts, versions, pages, time.perf_counter() - self.started,
                           self.recorded.problems(), rendered=0)


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
    recorded = None if clean or not is_ours(out) else Recorded.read(out)
    current = (recorded is not None and not journal_of(out).exists()  # else: to recover
               and recorded.current(out, inputs, now))
    return Survey(inputs, recorded, current, started)
