"""Reading a project's files without trusting what kind of file each one is.

Drafts and templates are written by the project's own people, but a folder holds more than
they meant to put there: an editor's lock file (a symbolic link to nowhere), a FIFO, a link
to ``/dev/zero`` or to ``/etc/passwd``, a stray multi-gigabyte file. Every input is therefore
opened here: only regular files, never blocking on open, hashed by streaming, read up to a
limit, and only where they resolve inside the project (or a place ``site.yaml`` names in
``allow_outside_root``). What cannot be read says why, for a ``path:line`` problem.

Standard library only: ``fingerprints.py`` hashes inputs through this on a build with nothing to do.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

CHUNK = 1 << 20  # bytes hashed at a time: memory stays flat whatever a file's size
ALLOW_KEY = "allow_outside_root"  # the site.yaml key that lets inputs resolve elsewhere


class Unreadable(Exception):
    """A path that is not a file Docket will read; ``str()`` says why, for a problem."""


def editor_litter(name: str) -> bool:
    """Files editors leave beside the one being edited: Emacs locks (``.#x.md``, a link to
    nowhere) and autosaves (``#x.md#``), backups (``x.md~``), Vim swap files (``.x.md.swp``).
    They are nobody's content: skipped everywhere, silently."""
    return (name.startswith(".#") or name.endswith("~")
            or (name.startswith("#") and name.endswith("#") and len(name) > 1)
            or (name.startswith(".") and name.endswith((".swp", ".swo", ".swx"))))


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def check_regular(path: str | os.PathLike) -> os.stat_result:
    """The file's status (links followed) if it is a regular file, else Unreadable."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise Unreadable(f"broken symbolic link (to {os.readlink(path)})") from None
        raise Unreadable("no such file") from None
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise Unreadable(f"not a regular file: {kind_of(st.st_mode)}")
    return st


def open_regular_fd(path: str | os.PathLike) -> tuple[int, os.stat_result]:
    """A file descriptor for ``path`` if it is a regular file (and its status, as opened),
    else Unreadable: see ``open_regular``. The caller closes it."""
    check_regular(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from exc
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise Unreadable(f"not a regular file: {kind_of(st.st_mode)}")
    os.set_blocking(fd, True)
    return fd, st


def open_regular(path: str | os.PathLike):
    """A binary file object for ``path`` if it is a regular file, else Unreadable.

    Checked before opening (opening some devices does something) and again on the open file
    (it may have been replaced in between); opened without blocking, so a FIFO swapped in
    at the last moment is refused rather than waited on."""
    return os.fdopen(open_regular_fd(path)[0], "rb")


def read_bytes(path: str | os.PathLike, limit: int) -> bytes:
    """A regular file's bytes, refused (Unreadable) beyond ``limit`` without reading them.

    Read from the descriptor itself (a build reads thousands of files whole: a file object
    costs more than the reading), to the end or just past the limit."""
    fd, st = open_regular_fd(path)
    try:
        if st.st_size > limit:
            raise Unreadable(f"file is larger than {limit // 2**20} MB")
        data = os.read(fd, st.st_size + 1)  # (not ``limit``: read(n) makes room for n bytes)
        while len(data) <= limit:  # a short read, or a file that grew since: the rest
            more = os.read(fd, min(CHUNK, limit + 1 - len(data)))
            if not more:
                break
            data += more
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Unreadable(f"file is larger than {limit // 2**20} MB")
    return data


def stream_digest(path: str | os.PathLike) -> str:
    """A regular file's content hash, read in chunks: the value ``fingerprints.digest(bytes)``
    gives (its length, then its bytes), without holding the file in memory."""
    h = hashlib.blake2b(digest_size=16)
    with open_regular(path) as f:
        h.update(os.fstat(f.fileno()).st_size.to_bytes(8, "little"))
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def sha256_of(path: str | os.PathLike) -> str:
    """A regular file's SHA-256, read in chunks (what names a static asset)."""
    with open_regular(path) as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def allowed_roots(root: Path, allowed: Sequence[str] = ()) -> list[Path]:
    """Where inputs may resolve: the project, and each place ``allow_outside_root`` names
    (relative to the project root, or absolute)."""
    return [root.resolve(), *((root / entry).resolve() for entry in allowed)]


def outside(path: Path, roots: list[Path], folders: dict[str, str] | None = None
            ) -> Path | None:
    """Where ``path`` really is, if that is outside every one of ``roots`` (None if inside).

    Symbolic links anywhere on the way are followed: a linked file, a linked draft folder
    and a linked ``templates/`` are all judged by where they lead. ``folders``: the real
    places of folders already resolved (kept by the caller for one load), so a file that
    is not itself a link costs one ``lstat``.
    """
    name = os.path.abspath(path)
    real = _real(name, folders) if folders is not None else os.path.realpath(name)
    for root in roots:
        top = os.fspath(root)
        if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
            return None
    return Path(real)


def _real(name: str, folders: dict[str, str]) -> str:
    """``os.path.realpath`` of an absolute path, one ``lstat`` per name not yet known."""
    parent, base = os.path.split(name)
    if not base:  # the file system's root
        return name
    if parent not in folders:
        folders[parent] = _real(parent, folders)
    return os.path.realpath(name) if os.path.islink(name) else os.path.join(folders[parent], base)


def outside_message(real: Path) -> str:
    return (f"resolves to {real}, outside the project: not read (list that place under "
            f"{ALLOW_KEY} in site.yaml to allow it)")


def strays(folder: Path) -> list[tuple[Path, str]]:
    """Every entry below ``folder`` that looks like a file but is not one Docket could read
    (a FIFO, a device, a socket, a broken link), with why; editors' litter left out.

    A plain file or folder costs no system call (the directory listing says what it is);
    only links and special files are looked at."""
    found: list[tuple[Path, str]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            found += strays(Path(entry.path))
        elif entry.is_file(follow_symlinks=False) or editor_litter(entry.name):
            continue
        elif not entry.is_dir():  # a link to a folder is not descended, as os.walk does not
            try:
                check_regular(entry.path)
            except Unreadable as exc:
                found.append((Path(entry.path), str(exc)))
    return found
