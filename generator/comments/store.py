"""The comment store: beside each draft, in git; contact details apart, out of git.

Layout (``ROOT`` is the folder of site.yaml)::

    drafts/<slug>/comments/comments.jsonl     the public records, one JSON object a line
    .docket-private/<slug>/contacts.jsonl     email, phone, address, locality, withheld names
    .docket-private/<slug>/originals.jsonl    texts as received, where spans were hidden
    .docket-private/<slug>/format.jsonl       the store's format (see the end of this module)
    .docket-private/quarantine.jsonl          rows no import could take, with where and why
    .docket-private/.gitignore                "*": git ignores the folder by default

**Why one JSON object per line, sorted by id.** A comment is the unit a reviewer looks at,
so it is one line: an import shows in ``git diff`` as the lines it added, a moderation
decision (later) as the one line it changed. Sorted by id with fields in a fixed order and
no time of import, a re-run of the same import writes nothing at all, and two people
importing the same export produce the same bytes. One file per comment would review as well
for a few, but a docket of a hundred thousand form letters would become a hundred thousand
files in git and on every checkout. JSON escapes newlines, so a comment of many
paragraphs stays one line; the line separators U+2028 and U+2029 are escaped too (some tools
break lines on them). Nothing in a line is ever interpreted: markup is a string.

**Why apart.** Contact details are needed to answer a commenter and must never be
published: they live under ``.docket-private/``, which carries its own ``.gitignore`` (so
git ignores it even in a project whose ``.gitignore`` does not list it), is readable by its
owner only, and which the build never reads.

**Contact data never in git, even pending.** A comment's text can hold what its writer
should not have put there (an email address, a phone number): the import hides each such
span before the line is written (``redaction.propose``), so the public line holds the text
with markers (``[email removed]``) and the spans, and the text as received goes to
``.docket-private/<slug>/originals.jsonl`` in the same transaction, for the moderator to
see and undo any redaction before publishing.

**Atomic.** An import changes up to three kinds of file, and a crash between them must not
leave a comment without its contact (a re-run would skip it as present, and the contact
would be lost). So an import is a transaction: every new file is written aside
(``.NAME.new``, fsync'd) and each current file hard-linked to ``.NAME.old``; then a journal
naming them is written (fsync'd); then each new file is renamed over its final name; then
the journal is deleted, which is the commit. Whoever next takes the store's lock finds a
journal left by an interrupted import and puts every ``.old`` file back, so an import
killed at any point (``kill -9`` included) leaves the store exactly as it was; stray
``.new`` and ``.old`` files with no journal are removed. The lock (``flock``, released by
the kernel when its holder dies) keeps two imports, or an import and a reader, apart.
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..problems import Problem, ProblemsFound, display_path
from .record import Comment, Contact, comment_from_json, comment_to_json, contact_from_json

PRIVATE = ".docket-private"
COMMENTS = "comments.jsonl"
CONTACTS = "contacts.jsonl"
ORIGINALS = "originals.jsonl"
QUARANTINE = "quarantine.jsonl"
JOURNAL = "import-journal.json"
LOCK = "lock"
PAUSE = "DOCKET_TEST_PAUSE"  # tests: stop at a named point of an import until killed


def comments_file(root: Path, slug: str) -> Path:
    return root / "drafts" / slug / "comments" / COMMENTS


def private_dir(root: Path) -> Path:
    return root / PRIVATE


def contacts_file(root: Path, slug: str) -> Path:
    return private_dir(root) / slug / CONTACTS


def originals_file(root: Path, slug: str) -> Path:
    """The texts as received of comments whose public line has spans hidden (``redaction``)."""
    return private_dir(root) / slug / ORIGINALS


def quarantine_file(root: Path) -> Path:
    return private_dir(root) / QUARANTINE


# ``json.dumps(value, ensure_ascii=False)``, without making an encoder for every line.
LINE_ENCODER = json.JSONEncoder(ensure_ascii=False)


def as_line(value: dict[str, Any]) -> str:
    """One record as one line of JSON: field order as given, no ASCII escaping (Chinese
    reviews as Chinese), the two Unicode line separators escaped."""
    text = LINE_ENCODER.encode(value)
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text + "\n"


def make_private(root: Path) -> Path:
    """``.docket-private/``, created readable by its owner only and ignored by git."""
    folder = private_dir(root)
    folder.mkdir(mode=0o700, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Contact details of commenters: never commit this folder.\n*\n",
                          encoding="utf-8")
    return folder


def pause(point: str) -> None:
    """For the tests that kill an import midway: stop here, say so, wait to be killed."""
    if os.environ.get(PAUSE) == point:
        print(f"docket: paused at {point}", file=sys.stderr, flush=True)
        sys.stdin.readline()


# ---------------------------------------------------------------- reading


def lines_of(path: Path, root: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line number, the line, its JSON) for each line of a store file; a line that is not
    a JSON object is a ``path:line`` problem (someone edited the file by hand)."""
    if not path.exists():
        return
    with open(path, encoding="utf-8", newline="\n") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ProblemsFound([Problem(display_path(path, root), number,
                                             f"not a JSON object: {exc.msg}")]) from exc
            if not isinstance(value, dict):
                raise ProblemsFound([Problem(display_path(path, root), number,
                                             "not a JSON object")])
            yield number, line if line.endswith("\n") else line + "\n", value


def read_comments(root: Path, slug: str) -> list[Comment]:
    """A draft's comments, in id order (after finishing or undoing an interrupted import)."""
    with locked(root):
        path = comments_file(root, slug)
        return [_comment(root, path, n, v) for n, _, v in lines_of(path, root)]


def read_contacts(root: Path, slug: str) -> dict[str, Contact]:
    with locked(root):
        return {v.get("id", ""): contact_from_json(v)
                for _, _, v in lines_of(contacts_file(root, slug), root)}


def read_originals(root: Path, slug: str) -> dict[str, str]:
    """Comment id -> its text as received, for those whose public text has spans hidden
    (staff only: never read by the build)."""
    with locked(root):
        return {str(v.get("id", "")): str(v.get("comment", ""))
                for _, _, v in lines_of(originals_file(root, slug), root)}


def _comment(root: Path, path: Path, number: int, value: dict[str, Any]) -> Comment:
    try:
        return comment_from_json(value)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProblemsFound([Problem(display_path(path, root), number,
                                     f"not a comment record: {exc}")]) from exc


# ---------------------------------------------------------------- the lock and recovery


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the store's lock; an interrupted import is undone first, and a store written
    before imports redacted is brought up to date (``upgrade``)."""
    folder = make_private(root)
    with open(folder / LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            recover(root)
            upgrade(root)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(root: Path) -> bool:
    """Undo an import that did not commit; True if there was one. Call with the lock held."""
    journal = private_dir(root) / JOURNAL
    undone = False
    if journal.exists():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = None  # torn while being written: nothing was renamed yet
        for entry in entries or []:
            final = root / entry["final"]
            old = final.with_name(f".{final.name}.old")
            if entry["existed"]:
                if old.exists():
                    os.replace(old, final)
            else:
                final.unlink(missing_ok=True)
            _sync_dir(final.parent)
        journal.unlink()
        _sync_dir(journal.parent)
        undone = True
    for stray in _strays(root):
        stray.unlink(missing_ok=True)
    return undone


def _strays(root: Path) -> list[Path]:
    places = [*root.glob("drafts/*/comments/.*.jsonl.*"),
              *private_dir(root).glob(".*.jsonl.*"), *private_dir(root).glob("*/.*.jsonl.*"),
              private_dir(root) / f".{JOURNAL}.new"]
    return [p for p in places if p.name.endswith((".new", ".old")) and p.exists()]


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Transaction:
    """Files replaced together or not at all (see the module's docstring)."""

    def __init__(self, root: Path):
        self.root = root
        self.staged: list[tuple[Path, bool]] = []  # (final, existed before)

    def stage(self, final: Path, lines: Iterable[str]) -> None:
        """Write ``final``'s new content aside, and keep its current content as ``.old``."""
        final.parent.mkdir(parents=True, exist_ok=True)
        new = final.with_name(f".{final.name}.new")
        with open(new, "w", encoding="utf-8", newline="\n") as file:
            file.writelines(lines)
            file.flush()
            os.fsync(file.fileno())
        existed = final.exists()
        if existed:
            old = final.with_name(f".{final.name}.old")
            old.unlink(missing_ok=True)
            os.link(final, old)
        self.staged.append((final, existed))

    def commit(self) -> None:
        if not self.staged:
            return
        folder = private_dir(self.root)
        journal = folder / JOURNAL
        entries = [{"final": str(final.relative_to(self.root)), "existed": existed}
                   for final, existed in self.staged]
        aside = folder / f".{JOURNAL}.new"
        with open(aside, "w", encoding="utf-8") as file:
            json.dump(entries, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(aside, journal)
        _sync_dir(folder)
        for number, (final, _) in enumerate(self.staged):
            os.replace(final.with_name(f".{final.name}.new"), final)
            _sync_dir(final.parent)
            if number == 0:
                pause("renamed-first")
        journal.unlink()  # the commit
        _sync_dir(folder)
        for final, existed in self.staged:
            if existed:
                final.with_name(f".{final.name}.old").unlink(missing_ok=True)


def merged(existing: Path, root: Path, new: list[tuple[str, str]]) -> Iterator[str]:
    """The lines of ``existing`` (unchanged, byte for byte) with ``new`` (id, line) pairs
    inserted in id order. Streams the file: a large store is never held in memory."""
    def current() -> Iterator[tuple[str, str]]:
        for _, line, value in lines_of(existing, root):
            yield str(value.get("id", "")), line

    keyed = sorted(current()) if not _is_sorted(existing, root) else current()
    for _, line in heapq.merge(keyed, sorted(new), key=lambda pair: pair[0]):
        yield line


def _is_sorted(path: Path, root: Path) -> bool:
    last = ""
    for _, _, value in lines_of(path, root):
        key = str(value.get("id", ""))
        if key < last:
            return False
        last = key
    return True


# ---------------------------------------------------------------- upgrading an older store
# Stores written before imports redacted, brought up to date the first time they are used.
#
# Until this version an import wrote a comment's text as received into the public line,
# contact details inside it included, and redacted only when the comment was published. Now
# the import hides those spans at once (``redaction.propose``). A store written the old way
# is upgraded under the store's lock, before anything reads it: every comment not yet
# published and with no redaction recorded is redacted as an import would, its text as
# received moved to ``.docket-private/<slug>/originals.jsonl``, in one transaction; nothing is
# lost (the original is kept, and a moderator can still undo each span). Published comments
# are left exactly as the moderator decided them.
#
# Whether a store is up to date is remembered in ``.docket-private/<slug>/format.jsonl``, so
# the pass over a large store runs once. A clone without ``.docket-private/`` runs it once
# too and changes nothing: a line already redacted, or with nothing to hide, is kept as it is.

FORMAT = "format.jsonl"
CURRENT = {"format": "docket-comment-store/2", "redacted": "at import"}


def format_file(root: Path, slug: str) -> Path:
    return private_dir(root) / slug / FORMAT


def stage_format(root: Path, transaction: Transaction, slug: str) -> None:
    """Record in ``transaction`` that ``slug``'s store is in the current format (an import or
    an ``add`` that writes a new store)."""
    if not format_file(root, slug).exists():
        transaction.stage(format_file(root, slug), [as_line(CURRENT)])


def draft_markers(root: Path, slug: str) -> dict[str, str]:
    """The redaction markers of ``slug``: in its interface language (English if the project
    cannot be read, which ``docket check`` reports)."""
    from ..content.loader import load_project
    from .redaction import interface_language, markers  # (here, as in upgrade)

    loaded = load_project(root, parse=False)
    if loaded.project is None:
        return markers()
    config = loaded.project.config
    draft = next((d for d in loaded.project.drafts if d.slug == slug), None)
    language = draft.meta.language if draft is not None else None
    return markers(interface_language(language, config.language))


def upgrade(root: Path) -> list[str]:
    """Upgrade every draft's store not yet in the current format; the slugs upgraded.
    Call with the store's lock held."""
    from .redaction import propose  # (here: compiling its patterns is of no use to a build)

    done = []
    for public in sorted(root.glob("drafts/*/comments/comments.jsonl")):
        slug = public.parent.parent.name
        if format_file(root, slug).exists():
            continue
        shown: dict[str, str] | None = None
        lines: list[str] = []
        originals: list[tuple[str, str]] = []
        for _, line, value in lines_of(public, root):
            if value.get("status") == "published" or value.get("redactions"):
                lines.append(line)
                continue
            try:
                comment = comment_from_json(value)
            except (KeyError, TypeError, ValueError, AttributeError):
                lines.append(line)  # a hand-edited line: read_comments reports it
                continue
            shown = shown or draft_markers(root, slug)
            original = propose(comment, shown)
            if original is None:
                lines.append(line)
                continue
            originals.append((comment.id, as_line({"id": comment.id, "comment": original})))
            lines.append(as_line(comment_to_json(comment)))
        transaction = Transaction(root)
        if originals:
            transaction.stage(public, lines)
            private = originals_file(root, slug)
            known = {str(v.get("id", "")) for _, _, v in lines_of(private, root)}
            transaction.stage(private, merged(private, root,
                                              [o for o in originals if o[0] not in known]))
        stage_format(root, transaction, slug)
        transaction.commit()
        done.append(slug)
    return done
