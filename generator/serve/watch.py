"""The one watcher of a served project: which sources were written, told to whoever listens.

``docket serve`` has three parts that need to know when a drafter saves: the rebuilder
(``livereload.Rebuilder``: a new overlay or a full build, then the pages reload), the preview
(``preview.py``: which drafts to hash again and render) and the intake service (its catalog of
drafts, provisions and comment periods). One watchdog observer watches ``site.yaml``,
``drafts/`` and ``templates/`` for them all and hands each listener a ``Changes``: the draft
folders written below, or that something every page depends on was. Nobody polls, and nobody
hashes every draft to find the one that changed.

Each ``Changes`` also says whether the write that made it ends a save (``finished``): a file
written and closed, or moved into place (an editor's atomic save). The rebuilder then waits
only a few milliseconds for the rest of the save's events instead of its whole debounce.
Writes to editor litter (backups, swap files: ``inputfiles.editor_litter``) change nothing a
build reads, and are not reported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..inputfiles import editor_litter

WATCHED = ("drafts", "templates")  # below the project root, with site.yaml
WRITES = {"created", "modified", "deleted", "moved", "closed"}  # not opened / closed_no_write
# Asked of the kernel: only writes. Reads (a build's, or the fast path's hashing) would
# otherwise wake the watcher thousands of times per rebuild, each in Python, holding the GIL.
WRITE_EVENTS = [FileCreatedEvent, DirCreatedEvent, FileModifiedEvent, DirModifiedEvent,
                FileDeletedEvent, DirDeletedEvent, FileMovedEvent, DirMovedEvent, FileClosedEvent]


@dataclass(frozen=True)
class Changes:
    """What was written since the listener last heard: the draft folders (by name) with a
    file written, added or removed below them; ``project``: something any page may depend
    on (site.yaml, templates/, drafts/ itself or a loose file in it)."""

    drafts: frozenset[str] = frozenset()
    project: bool = False
    # Whether the (latest) write reported ends a save: how long to wait for more of it, not
    # part of what changed.
    finished: bool = field(default=False, compare=False)

    def __or__(self, other: Changes) -> Changes:
        """Both writes' changes; ``other`` is the later one (it says whether they end)."""
        return Changes(self.drafts | other.drafts, self.project or other.project,
                       other.finished)

    def __bool__(self) -> bool:
        return bool(self.drafts) or self.project


NOTHING = Changes()
EVERYTHING = Changes(project=True)  # what a listener assumes when it cannot know


def changes_at(root: Path, path: str, is_directory: bool) -> Changes:
    """What a write at ``path`` changes (``NOTHING`` for a file no build reads)."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return NOTHING
    if not parts:
        return NOTHING
    if editor_litter(parts[-1]):
        return NOTHING  # (not hashed, not read: a build skips it)
    top = parts[0]
    if len(parts) == 1:
        return Changes(project=True) if top in ("site.yaml", *WATCHED) else NOTHING
    if top == "templates":
        return Changes(project=True)
    if top != "drafts":
        return NOTHING
    if len(parts) == 2 and not is_directory:  # a loose file in drafts/ (part of the key)
        return Changes(project=True)
    return Changes(drafts=frozenset([parts[1]]))


def finishes(event: FileSystemEvent) -> bool:
    """Whether a write ends a save: a file written and closed (inotify's close-after-write),
    or moved into place, an atomic save's last step. Not a move out of the way (Vim renames
    the file to its backup before writing it again), a removal, or a write still open; a
    platform without close events always waits out the debounce."""
    if event.is_directory:
        return False
    if event.event_type == "closed":
        return True
    dest = getattr(event, "dest_path", "") or ""
    return event.event_type == "moved" and bool(dest) and not editor_litter(
        Path(str(dest)).name)


class _Handler(FileSystemEventHandler):
    def __init__(self, root: Path, tell: Callable[[Changes], None]):
        self.root = root
        self.tell = tell

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WRITES:
            return  # a build reading the drafts must not trigger a build
        if event.is_directory and event.event_type == "modified":
            return  # (a file in it was written: that event says which)
        found = NOTHING
        for path in (event.src_path, getattr(event, "dest_path", "") or ""):
            if path:
                found |= changes_at(self.root, str(path), event.is_directory)
        if found:
            self.tell(replace(found, finished=finishes(event)))


class Watcher:
    """One watchdog observer over the project; each listener is called with the
    ``Changes`` of every write, in the observer's thread (so it must only take note)."""

    def __init__(self, root: Path):
        self.root = root
        self._listeners: list[Callable[[Changes], None]] = []
        self._observer = Observer()
        self._handler = _Handler(root, self._tell)
        self._watched: set[Path] = set()
        self._lock = threading.Lock()  # watch() runs in whichever thread rebuilds

    def listen(self, listener: Callable[[Changes], None]) -> None:
        self._listeners.append(listener)

    def _tell(self, changes: Changes) -> None:
        for listener in self._listeners:
            listener(changes)

    def watch(self) -> None:
        """Watch the project's top and its source folders; ``drafts/`` or ``templates/``
        made after the start are picked up when this is called again (before each rebuild:
        not from a listener, which runs inside the observer)."""
        with self._lock:
            if self.root not in self._watched:
                self._observer.schedule(self._handler, str(self.root), recursive=False,
                                        event_filter=WRITE_EVENTS)
                self._watched.add(self.root)
            for name in WATCHED:
                folder = self.root / name
                if folder.is_dir() and folder not in self._watched:
                    self._observer.schedule(self._handler, str(folder), recursive=True,
                                            event_filter=WRITE_EVENTS)
                    self._watched.add(folder)

    def start(self) -> None:
        self.watch()
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
