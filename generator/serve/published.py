"""What ``docket serve`` may hand out of site/: the files the last build published, no more.

site/ could hold anything someone put there by hand (a database, notes, an editor's backup):
none of it is part of the site (Docket's own bookkeeping is beside it, ``build/publish.py``).
The build records every file and folder it wrote in its state (``state.py``); this serves
exactly those, read again whenever the state file changes (a new build was published), and
never a name that starts with a dot.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.staticfiles import StaticFiles

from ..build.publish import MARKER
from ..build.state import BuildState, state_path
from ..intake.app import create_app

# Published by the build, but for the build and Pagefind's indexer, not for readers.
PRIVATE = (MARKER,)


@dataclass(frozen=True)
class Published:
    """The last build's outputs, as relative paths with ``/``; ``seen`` identifies the state
    file they were read from (inode, size, mtime), so a new build is noticed."""

    seen: tuple[int, int, int]
    files: frozenset[str]
    folders: frozenset[str]

    def holds(self, rel: str) -> bool:
        """May ``rel`` (normalised, relative, ``.`` for the top) be served?"""
        if rel == ".":
            return True
        if any(part.startswith(".") for part in rel.split("/")) or rel in PRIVATE:
            return False
        return rel in self.files or rel in self.folders


def read_published(site: str) -> Published | None:
    """What the build in ``site`` published, or None if it has no readable state."""
    try:
        st = os.stat(state_path(site))
    except OSError:
        return None
    state = BuildState.read(Path(site))
    if state is None:
        return None
    return Published((st.st_ino, st.st_size, st.st_mtime_ns), frozenset(state.files),
                     frozenset(state.folders))


class PublishedFiles(StaticFiles):
    """Starlette's static files, limited to what the build published (see the module)."""

    def __init__(self, *, directory: str | os.PathLike, html: bool = True):
        super().__init__(directory=directory, html=html)
        self.site = os.fspath(directory)
        self._published: Published | None = None

    def published(self) -> Published | None:
        """The current build's outputs; one stat per request, a read after each build."""
        try:
            st = os.stat(state_path(self.site))
        except OSError:
            return None
        seen = (st.st_ino, st.st_size, st.st_mtime_ns)
        if self._published is None or self._published.seen != seen:
            self._published = read_published(self.site)
        return self._published

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        rel = os.path.normpath(path).replace(os.sep, "/")  # ("./index.html" for "/")
        published = self.published()
        if published is None or not published.holds(rel):
            return "", None
        return super().lookup_path(path)



def with_intake(root: Path, db: Path, site: Path, **options: Any) -> Starlette:
    """The intake service (``create_app(root, db, **options)``) with the built site in
    ``site`` on the same origin, under ``/`` after the service's own routes: only the files
    its last build published. The database is refused inside the site before it is opened."""
    if site.resolve() in (db.resolve(), *db.resolve().parents):
        raise ValueError(f"{db}: the comments database must not be inside the site it serves")
    app = create_app(root, db, **options)
    app.mount("/", PublishedFiles(directory=site, html=True))
    return app
