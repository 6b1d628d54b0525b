"""Content hashes of the files a build reads, and the stat cache that spares reading them again.

Used by the build (what changed since the last one), by ``docket serve`` (what a save
changed) and by the intake service (which drafts changed under it) alike: content, never
modification times, decides; a file's size, times and inode only say when its hash can be
reused (``StatCache``). Nothing here imports more than the standard library and
``inputfiles.py``: a build with nothing to do answers from these hashes alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from . import __version__
from .inputfiles import Unreadable, editor_litter, stream_digest
from .theme import PACKAGE_DIR, template_dirs

CACHE_DIR = ".docket-cache"  # in the project, git-ignored: what may be recomputed at will
FORMAT = 4  # bump when the state's meaning or shape changes (it is part of every build's key)
LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "babel", "pyyaml", "pydantic")



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

    def __init__(self, entries: dict[str, list] | None = None,
                 folders: dict[str, list] | None = None):
        # path -> [size, mtime_ns, ctime_ns, inode, hashed at (ns), hash]
        self.entries: dict[str, list] = entries or {}
        # folder -> [mtime_ns, ctime_ns, inode, listed at (ns), [sub-folders], [files]]
        self.folders: dict[str, list] = folders or {}
        self.used: set[str] = set()
        self.used_folders: set[str] = set()
        self.hashed = 0  # files read this time
        self.listed = 0  # folders listed this time

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

    def listing(self, path: str) -> Listing:
        """The folder's listing (``list_folder``), kept while the folder's modification and
        change times and inode are those it had when listed: a name added, removed or
        renamed in a folder changes its times, so an unchanged folder is not read again
        (the racy rule as for files). A folder holding a symbolic link is always read again:
        what its target is may change with nothing in the folder changing. OSError if the
        folder cannot be read."""
        st = os.stat(path)
        signature = [st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self.folders.get(path)
        self.used_folders.add(path)
        if (isinstance(known, list) and len(known) == 6 and known[:3] == signature
                and isinstance(known[3], int) and st.st_mtime_ns < known[3] - RACY_NS
                and isinstance(known[4], list) and isinstance(known[5], list)):
            return Listing(known[4], known[5], [])
        listed_at = time.time_ns()
        found = list_folder(path)
        self.listed += 1
        if found.links:
            self.folders.pop(path, None)
        else:
            self.folders[path] = [*signature, listed_at, found.folders, found.files]
        return found

    @classmethod
    def load(cls, root: Path) -> StatCache:
        """The cache ``save`` left in ``root``; an empty one if there is none or it is bad
        (it only ever saves reading files again)."""
        try:
            data = json.loads((root / CACHE_DIR / cls.FILE).read_text(encoding="utf-8"))
            if data.get("format") == 1 and isinstance(data.get("entries"), dict):
                folders = data.get("folders")
                return cls(data["entries"], folders if isinstance(folders, dict) else None)
        except (OSError, ValueError, AttributeError):
            pass
        return cls()

    def save(self, root: Path) -> None:
        """Keep the entries this run used, if anything changed; never fails a build."""
        if (not self.hashed and not self.listed and len(self.used) == len(self.entries)
                and len(self.used_folders) == len(self.folders)):
            return
        entries = {p: self.entries[p] for p in sorted(self.used)}
        folders = {p: self.folders[p] for p in sorted(self.used_folders) if p in self.folders}
        target = root / CACHE_DIR / self.FILE
        tmp = target.with_name(f"{self.FILE}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(exist_ok=True)
            tmp.write_text(json.dumps({"format": 1, "entries": entries, "folders": folders}),
                           encoding="utf-8")
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


class Listing(NamedTuple):
    """What a folder holds, each list sorted: the folders (a link to one included, as
    ``os.walk`` counts it), everything else, and which of all those are symbolic links."""

    folders: list[str]
    files: list[str]
    links: list[str]


def list_folder(path: str) -> Listing:
    """One reading of a folder (OSError if it cannot be read)."""
    folders, files, links = [], [], []
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_symlink():
                links.append(entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (folders if is_dir else files).append(entry.name)
    folders.sort()
    files.sort()
    return Listing(folders, files, links)


def files_digest(folder: str | Path, skip=lambda rel: False,
                 cache: StatCache | None = None) -> dict[str, str]:
    """Relative path -> content hash of every file below ``folder`` (through ``cache``
    if given, so unchanged files are not read and unchanged folders not listed), as
    ``os.walk`` finds them (a link to a folder is not followed); editors' lock and backup
    files are nobody's input and left out."""
    out: dict[str, str] = {}
    top = str(folder)
    todo = [(top, "")]
    while todo:
        path, prefix = todo.pop()
        try:
            found = cache.listing(path) if cache is not None else list_folder(path)
        except OSError:  # gone, not a folder, or not readable: nothing below it
            continue
        for name in found.files:
            rel = prefix + name
            if skip(rel) or editor_litter(name):
                continue
            file = path + os.sep + name
            out[rel] = cache.digest_of(file) if cache is not None else file_digest(file)
        todo += [(path + os.sep + name, prefix + name + "/")  # (in order: sorted, top down)
                 for name in reversed(found.folders) if name not in found.links]
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


def cache_folder(root: Path, kind: str, inside: bool = True) -> Path | None:
    """``ROOT/.docket-cache/KIND-<code digest>``, made if need be; the project's folders of
    that kind made by another version of Docket are removed. Not ``inside``:
    ``ROOT/KIND-<code digest>`` in a folder given for caches alone, which other versions of
    Docket may be using at the same moment (several checkouts on one machine), so nothing
    there is removed. None if the folder cannot be written to (the caches only ever save
    work)."""
    folder = (root / CACHE_DIR if inside else root) / f"{kind}-{code_digest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for other in folder.parent.glob(f"{kind}-*") if inside else ():
        if other != folder:
            import shutil  # (here: it loads three compressors, of no use to most builds)

            shutil.rmtree(other, ignore_errors=True)
    return folder


def theme_cache_folder() -> Path:
    """Where what Docket derives from its own theme and catalogs is kept (the templates
    compiled, what each pulls in, the catalogs compiled): beside Docket's compiled modules,
    as Python keeps those (``generator/__pycache__``), a folder per version of Docket (the
    code digest, which counts Jinja's version among the libraries')."""
    return PACKAGE_DIR / "__pycache__" / f"theme-{code_digest()[:16]}"


@dataclass(frozen=True)
class ThemeFolder:
    """Where what Docket derives from its own files is kept (``theme_cache_folder``), and
    whether to write there (``write``): not when Python was told not to write bytecode
    (``PYTHONDONTWRITEBYTECODE``), for which it is read-only, as Python's own ``__pycache__``
    is."""

    path: Path
    write: bool

    def keep(self, name: str, data: bytes) -> None:
        """Write ``name`` here whole, renamed into place (another build may be reading it),
        if it may be written; one that cannot be only costs what it would save."""
        if not self.write:
            return
        import tempfile  # (here: most builds write nothing there)

        part = None
        try:
            with tempfile.NamedTemporaryFile(dir=self.path, prefix=f".{name}.",
                                             delete=False) as f:
                part = f.name
                f.write(data)
            os.replace(part, self.path / name)
        except OSError:
            if part is not None:
                with contextlib.suppress(OSError):
                    os.unlink(part)


def theme_folder() -> ThemeFolder | None:
    """The ``ThemeFolder``, made if need be; None if there is none and it cannot (or may
    not) be made: a read-only installation only costs the compiling. A new folder removes
    those of other versions of Docket beside it, as the project's caches do."""
    folder = theme_cache_folder()
    write = not sys.dont_write_bytecode
    if not folder.is_dir():
        if not write:
            return None
        try:
            folder.mkdir(parents=True)
        except FileExistsError:  # made by another build a moment ago
            pass
        except OSError:  # read-only: all is compiled in memory, as before
            return None
        else:
            for other in folder.parent.glob("theme-*"):
                if other != folder:
                    import shutil  # (here: it loads three compressors, of no use to most builds)

                    shutil.rmtree(other, ignore_errors=True)
    return ThemeFolder(folder, write)


def draft_digest(folder: str | Path, cache: StatCache | None = None) -> str:
    """One hash over the files of a draft's folder: their names and hashes."""
    return digest(*(part for item in sorted(files_digest(folder, cache=cache).items())
                    for part in item))


def drafts_listing(root: Path, cache: StatCache | None = None) -> Listing:
    """What ``drafts/`` holds (draft folders, and loose files); empty without it."""
    drafts_dir = str(root / "drafts")
    try:
        return cache.listing(drafts_dir) if cache is not None else list_folder(drafts_dir)
    except OSError:
        return Listing([], [], [])


def draft_digests(root: Path, cache: StatCache | None = None,
                  listed: Listing | None = None) -> dict[str, str]:
    """Draft folder name -> one hash over its files. ``listed``: ``drafts_listing``, if
    the caller has it."""
    listed = listed or drafts_listing(root, cache)
    drafts_dir = str(root / "drafts") + os.sep
    return {name: draft_digest(drafts_dir + name, cache) for name in listed.folders}


def redigest_drafts(root: Path, known: dict[str, str], slugs: Iterable[str],
                    cache: StatCache | None = None) -> dict[str, str]:
    """``known`` (``draft_digests``) with only the drafts ``slugs`` hashed again: for a
    long-running caller told which draft folders were written (``docket serve``'s watcher),
    instead of looking at every draft's files after each save. A slug whose folder is gone
    leaves the result; one that is not a folder name (a loose file) is ignored."""
    drafts = dict(known)
    for slug in slugs:
        folder = root / "drafts" / slug
        if "/" not in slug and slug not in ("", ".", "..") and folder.is_dir():
            drafts[slug] = draft_digest(folder, cache)
        else:
            drafts.pop(slug, None)
    return dict(sorted(drafts.items()))


@dataclass
class Inputs:
    """Every file a build reads, hashed before anything is loaded (a save during the build
    then shows as a change to the next build, never as stale output)."""

    key: str  # over everything that can change every page
    drafts: dict[str, str]  # draft folder name -> hash of its files
    templates: dict[str, str]  # template name -> hash of the file that wins

    @classmethod
    def read(cls, root: Path, cache: StatCache | None = None) -> Inputs:
        listed = drafts_listing(root, cache)
        drafts = draft_digests(root, cache, listed)
        loose = listed.files  # files directly in drafts/: only ever problems, but be safe
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

    def with_drafts(self, root: Path, slugs: Iterable[str],
                    cache: StatCache | None = None) -> Inputs:
        """These inputs with only the drafts ``slugs`` hashed again (``redigest_drafts``):
        what ``read`` would give when nothing but those draft folders was written since."""
        return replace(self, drafts=redigest_drafts(root, self.drafts, slugs, cache))
