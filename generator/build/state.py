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
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..fingerprints import FORMAT, Inputs, StatCache, rel_prefix
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
        state lists: ``untouched``, ``select.refuse_foreign``.)"""
        private = private_dir(out)
        if not out.is_dir():
            return None
        try:
            data = json.loads((private / STATE_FILE).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            del data["format"]
            state = cls(**data)
            state.counts = Counts(*state.counts)
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
                and ints(list(self.counts), 3) and isinstance(self.warnings, list))

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
            st = os.stat(located(out, output))  # (cheaper than a Path, for each of 15,000)
        except OSError:
            return False
        return self.files.get(output) == [st.st_size, st.st_mtime_ns]

    def untouched(self, out: Path) -> bool:
        """Is every output as this build wrote it, with nothing added or removed by hand?

        One stat per file and folder, no directory listing below the top: a file added or
        removed changes its folder's modification time.
        """
        try:
            expected = {rel.split("/", 1)[0] for rel in self.files
                        if not rel.startswith(PRIVATE)}
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
        try:
            for rel, mtime in self.folders.items():
                fd = private if rel.startswith(PRIVATE) else top
                if os.stat(rel, dir_fd=fd).st_mtime_ns != mtime:
                    return False
            for rel, recorded in self.files.items():
                st = os.stat(rel, dir_fd=private if rel.startswith(PRIVATE) else top)
                if recorded[0] != st.st_size or recorded[1] != st.st_mtime_ns:
                    return False
        except OSError:
            return False
        finally:
            os.close(top)
            os.close(private)
        return True



def manifest(out: Path, known: dict[str, list[int]] | None = None,
             private: Path | None = None) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Every file below ``out`` (and, by the names they have in the build, Docket's own in
    ``private``, beside it): [size, mtime_ns] (``known`` ones taken as given); and every
    folder below them: its mtime_ns."""
    known = known or {}
    files: dict[str, list[int]] = {}
    folders: dict[str, int] = {}
    for tree in (out, private) if private is not None else (out,):
        top = str(tree)
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
    state, and whether that build is still current (then there is nothing to do)."""

    inputs: Inputs
    previous: BuildState | None
    current: bool
    started: float  # perf_counter

    def unchanged(self, out: Path) -> BuildResult:
        """The result of a build with nothing to do: the last one's counts and warnings."""
        assert self.previous is not None and self.current
        counts = self.previous.counts
        drafts, versions, pages = counts.drafts, counts.versions, counts.pages
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
    previous = None if clean or not is_ours(out) else BuildState.read(out)
    current = (previous is not None and not journal_of(out).exists()  # else: to recover
               and previous.current(out, inputs, now))
    return Survey(inputs, previous, current, started)
