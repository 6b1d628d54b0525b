"""Parsed versions kept while their text is unchanged: in memory for the builds of one
process (``docket serve`` shows every save), on disk between processes.

Parsing is most of a build's loading time, and ``parse_version`` is a pure function of its
arguments (and of Docket's code, which names the disk cache's folder). One ``ParsedTexts`` is
made by whoever runs builds (a build, ``docket serve``'s preview) and handed to the loader,
which hands it to each version's ``Source``. The disk cache lives in ``.docket-cache/``
beside ``site.yaml``; a build deletes the entries it did not use, so it holds about one
pickle per version file.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from ..content.parsed import Source
from ..provisions.memo import ParseMemo
from ..provisions.parser import ParsedVersion

LIMIT = 256  # versions kept in memory (the drafts being edited); least recently used go first


class ParsedTexts:
    """Parsed versions by their source's key. ``folder``: where they are also kept on disk
    (None: memory only); ``memory``: False in a render process, which soon exits."""

    def __init__(self, folder: Path | None = None, memory: bool = True):
        self.folder = folder
        self.memory = memory
        self._kept: OrderedDict[str, ParsedVersion] = OrderedDict()
        self._lock = threading.Lock()  # the intake service's catalog loads in another thread

    def parsed(self, source: Source, memo: ParseMemo | None = None) -> ParsedVersion:
        """The source parsed: kept, or parsed now (with ``memo``, its draft's, if given)."""
        key, folder = source.key, self.folder
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
        if found is not None:
            if folder is not None and not (folder / f"{key}.pickle").exists():
                _write(folder, key, found)  # parsed for another project, or before the sweep
            if memo is not None:
                memo.skip(source.text)
            return found
        parsed = _read(folder, key) if folder is not None else None
        if parsed is None:
            parsed = source.parse(memo)
            if folder is not None:
                _write(folder, key, parsed)
        elif memo is not None:
            memo.skip(source.text)
        if not self.memory:
            return parsed
        with self._lock:
            self._kept[key] = parsed
            while len(self._kept) > LIMIT:
                self._kept.popitem(last=False)
        return parsed

    def sweep(self, used: set[str]) -> None:
        """Delete the disk entries of texts other than ``used`` (the keys of the texts in
        files)."""
        if self.folder is None:
            return
        for entry in os.scandir(self.folder):
            if entry.name.endswith(".pickle") and entry.name[:-7] not in used:
                os.unlink(entry.path)


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
