"""The one watcher of a served project: which sources were written, told to whoever listens.

``docket serve`` has three parts that need to know when a drafter saves: the rebuilder
(``livereload.Rebuilder``: a new overlay or a full build, then the pages reload), the preview
(``preview.py``: which drafts to hash again and render) and the intake service (its catalog of
drafts, provisions and comment periods). One watchdog observer watches ``site.yaml``,
``drafts/`` and ``templates/`` for them all and hands each listener a ``Changes``: the draft
folders written below, or that something every page depends on was. Nobody polls, and nobody
hashes every draft to find the one that changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
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

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.drafts | other.drafts, self.project or other.project)

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
            self.tell(found)


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
