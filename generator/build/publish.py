"""Putting a build into site/: all of it or none of it, whatever interrupts the build.

A build renders into a side directory beside site/ (``.site.tmp-PID``) and publishes it in
one of two ways:

- **swap** (a first or clean build): the side directory is a whole site; two renames put it
  in place of site/, and the old tree is deleted in the background.
- **in place** (an incremental build): the side directory holds only what changed. A
  ``Transaction`` lists every step in a journal (``.site.journal``) before taking any; each
  file is then renamed over its old copy, so a reader gets the old file or the new one and
  never part of one, after a hard link has kept the old copy in the side directory; files no
  longer built move there too. Only when every step is done is the journal removed. If the
  process dies first, the next build finds the journal and undoes the steps (``recover``):
  site/ is as it was. Unchanged pages are not touched at all, which on a large site saves
  creating a new folder and a link for each of thousands of pages.

Docket's own files are never in site/: the build state, the marker that says the site is
Docket's to replace, and the search documents Pagefind reads live beside it, in
``.site.state/`` (``private_dir``; git-ignored, on the same filesystem, so renames stay
atomic). Everywhere in the build they keep their names as if they were in the site
(``.docket-state``, ``.docket-search/...``: ``PRIVATE``), and ``located`` says where each
name is. A swap moves the new site's private files aside first (``.site.state.new``, which
names the new site by its inode), swaps the site, then puts them in place: a build killed in
between is finished by the next (``recover``), which keeps the new ones if site/ is the
site they name, and drops them if not. An in-place transaction's steps on them are steps like
any other, on the files beside the site.

Builds into one site take turns (``Lock``), so a build never undoes another's journal.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

MARKER = ".docket-build"  # beside the site: it is ours to replace
PRIVATE = ".docket-"  # the names of Docket's own files, which live beside the site
SITE_ID = ".docket-site"  # beside the site: the inode of the site its private files are of

STEP_KINDS = ("put", "drop", "swap", "mkdir", "rmdir")


@dataclass(frozen=True)
class Step:
    """One step of a transaction, on a path relative to site/:

    - ``put``: the side directory's file replaces (or adds) site/rel;
    - ``drop``: site/rel is no longer built;
    - ``swap``: the side directory's folder replaces (or adds) site/rel;
    - ``mkdir`` / ``rmdir``: a folder the changes need, or leave empty.

    In the journal, as ``[kind, rel, existed]`` (put, swap) or ``[kind, rel]``.
    """

    kind: str
    rel: str
    existed: bool = False  # put, swap: whether site/rel was there before

    def as_json(self) -> list:
        return [self.kind, self.rel, self.existed] if self.kind in ("put", "swap") else [
            self.kind, self.rel]

    @classmethod
    def from_json(cls, row: list) -> Step:
        if not (isinstance(row, list) and len(row) in (2, 3) and row[0] in STEP_KINDS
                and isinstance(row[1], str)):
            raise ValueError(f"not a transaction step: {row!r}")
        return cls(row[0], row[1], bool(row[2]) if len(row) == 3 else False)


def journal_of(out: Path) -> Path:
    return out.parent / f".{out.name}.journal"


def private_dir(out: Path) -> Path:
    """Where Docket's own files of the site in ``out`` are: beside it, never in it."""
    return out.parent / f".{out.name}.state"


def staged_private(out: Path) -> Path:
    """A cold build's private files, between moving them aside and the swap's end."""
    return out.parent / f".{out.name}.state.new"


def located(out: Path | str, rel: str, private: Path | str | None = None) -> str:
    """Where the site's file ``rel`` is: in ``out``, or beside it for Docket's own files
    (``private``: ``private_dir(out)``, when the caller has it at hand)."""
    if rel.startswith(PRIVATE):
        return f"{private if private is not None else private_dir(Path(out))}/{rel}"
    return f"{out}/{rel}"


def is_ours(out: Path) -> bool:
    """Was ``out`` written by a Docket build? (Its marker beside it; or, from a build by a
    Docket before they moved out, inside it.)"""
    return Path(located(out, MARKER)).exists() or (out / MARKER).exists()


def site_id(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def recorded_site(private: Path) -> int | None:
    """The inode of the site the private files in ``private`` belong to."""
    try:
        return int((private / SITE_ID).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def set_aside(tmp: Path, stage: Path) -> None:
    """Move a whole new site's private files out of it (``tmp``, keeping their names) into
    ``stage``, and name the site they belong to (its inode, which renames keep)."""
    stage.mkdir()
    for entry in os.listdir(tmp):
        if entry.startswith(PRIVATE):
            os.rename(tmp / entry, stage / entry)
    (stage / SITE_ID).write_text(str(os.stat(tmp).st_ino), encoding="ascii")


def settle_private(out: Path) -> None:
    """Finish a swap cut short: private files set aside for the site now in ``out`` go in
    place of the old ones; any set aside for a site that never came are dropped."""
    new = staged_private(out)
    if not new.exists():
        return
    if recorded_site(new) is not None and recorded_site(new) == site_id(out):
        old = private_dir(out)
        if old.exists():
            discard(old, out)
        new.rename(old)
    else:
        discard(new, out)


class Lock:
    """An exclusive lock on site/'s parent folder (flock) while a build runs: a second build
    of the same site waits for the first, calling ``waiting()`` first if it has to."""

    def __init__(self, out: Path, waiting=lambda: None):
        out.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(out.parent, os.O_RDONLY)
        self.waiting = waiting

    def __enter__(self) -> Lock:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.waiting()
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


class Transaction:
    """Steps on site/ taken in order, undone together if any fails or the process dies."""

    def __init__(self, out: Path, side: Path, steps: list[Step]):
        self.out, self.side, self.steps = out, side, steps
        self.backup = side / ".docket-backup"  # old copies, by step number
        self.done = 0

    def begin(self) -> None:
        """Write the journal: from here on, an interrupted build is undone by the next."""
        self.backup.mkdir(exist_ok=True)
        journal = journal_of(self.out)
        tmp = journal.with_name(journal.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"side": str(self.side), "steps": [s.as_json() for s in self.steps]}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, journal)

    def run(self, until: int | None = None) -> None:
        """Take the steps up to (not including) number ``until``, or all that are left."""
        end = len(self.steps) if until is None else until
        while self.done < end:
            self._take(self.done, self.steps[self.done])
            self.done += 1

    def _take(self, i: int, step: Step) -> None:
        kind, rel = step.kind, step.rel
        target, backup = Path(located(self.out, rel)), self.backup / str(i)
        if kind == "put":
            if step.existed:
                os.link(target, backup)
            os.replace(self.side / rel, target)
        elif kind == "drop":
            with contextlib.suppress(FileNotFoundError):  # removed by hand meanwhile
                os.rename(target, backup)
        elif kind == "swap":
            if step.existed:
                os.rename(target, backup)
            os.rename(self.side / rel, target)
        elif kind == "mkdir":
            with contextlib.suppress(FileExistsError):  # left by hand: a stray, dropped later
                os.mkdir(target)
        elif kind == "rmdir":
            with contextlib.suppress(FileNotFoundError):
                os.rmdir(target)

    def commit(self) -> None:
        """The journal goes: the build is published. Then the old copies are deleted."""
        journal_of(self.out).unlink()
        discard(self.side, self.out)

    def rollback(self) -> None:
        undo(self.out, self.side, self.steps)
        journal_of(self.out).unlink(missing_ok=True)
        discard(self.side, self.out)


def undo(out: Path, side: Path, steps: list[Step]) -> None:
    """Undo whichever of ``steps`` were taken (all, some or none), last first."""
    backup = side / ".docket-backup"
    for i in reversed(range(len(steps))):
        kind, rel, existed = steps[i].kind, steps[i].rel, steps[i].existed
        target, old = Path(located(out, rel)), backup / str(i)
        if kind in ("put", "drop") and old.exists():
            os.replace(old, target)
        elif kind == "put" and not existed:
            target.unlink(missing_ok=True)
        elif kind == "swap" and (old.exists() or not existed):
            if target.exists():  # the new folder, moved in
                import shutil  # (here: it loads three compressors, which most builds never need)

                shutil.rmtree(target)
            if old.exists():
                os.rename(old, target)
        elif kind == "mkdir" and target.is_dir():
            with contextlib.suppress(OSError):
                os.rmdir(target)
        elif kind == "rmdir":
            target.mkdir(exist_ok=True)


def recover(out: Path) -> bool:
    """Undo what a build that died while publishing in place did to ``out``, or finish the
    swap of one that died swapping; True if there was a transaction to undo. Call it
    holding the ``Lock``."""
    settle_private(out)
    journal = journal_of(out)
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        side, steps = Path(data["side"]), [Step.from_json(row) for row in data["steps"]]
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):  # cut short while being written
        journal.unlink(missing_ok=True)
        return False
    undo(out, side, steps)
    journal.unlink()
    discard(side, out)
    return True


def swap_in(tmp: Path, out: Path, stage: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames, and its private files by those in
    ``stage`` (see ``set_aside``); the old trees are removed afterwards."""
    new = staged_private(out)
    if new.exists():  # (settled by ``recover`` already; anything left is stale)
        discard(new, out)
    stage.rename(new)
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    settle_private(out)
    if old.exists():
        discard(old, out)


def discard(tree: Path, out: Path) -> None:
    """Delete a tree without waiting for it: unlinking the thousands of files of a large
    site takes a second or more, and nothing reads them any more. (If the deletion is cut
    short, the next build removes what is left: ``clean_leftovers``.)"""
    if not tree.exists():
        return
    import shutil  # (here: a build with nothing to do never needs them)
    import subprocess
    import uuid

    # Under a name no build will use, so a build whose process id matches cannot lose its
    # fresh side directory to this deletion.
    trash = out.parent / f".{out.name}.trash-{uuid.uuid4().hex}"
    try:
        tree.rename(trash)
    except OSError:
        shutil.rmtree(tree, ignore_errors=True)
        return
    rm = shutil.which("rm")
    if rm is not None:
        try:
            subprocess.Popen([rm, "-rf", "--", str(trash)], start_new_session=True,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
            return
        except OSError:
            pass
    shutil.rmtree(trash, ignore_errors=True)


def clean_leftovers(out: Path) -> None:
    """Remove what an interrupted build (or deletion) left beside ``out``; after ``recover``,
    which needs the old copies an interrupted transaction kept in its side directory."""
    for stale in out.parent.glob(f".{out.name}.*-*"):
        if (stale.is_dir() and (stale / MARKER).exists()) or stale.name.startswith(
            (f".{out.name}.tmp-", f".{out.name}.trash-", f".{out.name}.old-")
        ):
            discard(stale, out)
