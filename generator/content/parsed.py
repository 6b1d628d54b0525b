"""Parsed versions kept while their text is unchanged: in memory for the builds of one
process (``docket serve`` builds again on every save), on disk between processes.

Parsing is most of a build's loading time. ``parse_version`` is a pure function of its
arguments (and of Docket's code, which names the disk cache's folder) and nothing changes
its result afterwards, so one result can serve every build that reads the same text.
The disk cache lives in ``.docket-cache/`` beside ``site.yaml``; a build deletes the entries
it did not use, so it holds about one pickle per version file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..provisions.parser import ParsedVersion, parse_version

LIMIT = 256  # versions kept in memory (the drafts being edited); least recently used go first

_cache: OrderedDict[str, ParsedVersion] = OrderedDict()
_lock = threading.Lock()  # the intake service's catalog loads in another thread
_disk: Path | None = None
_memory = True  # keep parsed texts in memory (not in a render worker, which soon exits)


@dataclass(frozen=True)
class Source:
    """A version's text, waiting to be parsed: calling it parses (once per distinct text)."""

    text: str
    path: str
    line_offset: int = 0

    @cached_property
    def key(self) -> str:
        h = hashlib.blake2b(self.text.encode(), digest_size=20)
        h.update(f"\0{self.path}\0{self.line_offset}".encode())
        return h.hexdigest()

    def __call__(self) -> ParsedVersion:
        return parsed_version(self.text, self.path, self.line_offset, self.key)


def keep_in_memory(on: bool) -> None:
    global _memory
    _memory = on


def use_disk(folder: Path | None) -> None:
    """Read and write parsed versions below ``folder`` (None: memory only)."""
    global _disk
    with _lock:
        _disk = folder


def sweep(used: set[str]) -> None:
    """Delete the disk entries of texts other than ``used`` (the keys of the texts in files)."""
    with _lock:
        folder = _disk
    if folder is None:
        return
    for entry in os.scandir(folder):
        if entry.name.endswith(".pickle") and entry.name[:-7] not in used:
            os.unlink(entry.path)


def parsed_version(text: str, path: str, line_offset: int = 0,
                   key: str | None = None) -> ParsedVersion:
    key = key or Source(text, path, line_offset).key
    with _lock:
        found = _cache.get(key)
        folder = _disk
        if found is not None:
            _cache.move_to_end(key)
    if found is not None:
        if folder is not None and not (folder / f"{key}.pickle").exists():
            _write(folder, key, found)  # parsed for another project, or before the sweep
        return found
    parsed = _read(folder, key) if folder is not None else None
    if parsed is None:
        parsed = parse_version(text, path, line_offset)
        if folder is not None:
            _write(folder, key, parsed)
    if not _memory:
        return parsed
    with _lock:
        _cache[key] = parsed
        while len(_cache) > LIMIT:
            _cache.popitem(last=False)
    return parsed


def _read(folder: Path, key: str) -> ParsedVersion | None:
    try:
        with open(folder / f"{key}.pickle", "rb") as f:
            parsed = pickle.load(f)
    except Exception:  # missing, truncated, or from an incompatible build: parse again
        return None
    return parsed if isinstance(parsed, ParsedVersion) else None


def _write(folder: Path, key: str, parsed: ParsedVersion) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(parsed, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pickle")  # whole, or not at all
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
