"""Publishing and rejecting comments: each decision one atomic change of the store.

A decision rewrites ``comments.jsonl`` with the decided lines changed and every other line
kept byte for byte, through the store's transaction (written aside, swapped in under a
journal), with the store's lock held: so a decision is all there or not at all, ``git
diff`` shows the lines decided, and an interrupted review loses nothing already decided.
While a decision is being committed, Ctrl-C is held back until it is done (``steady``),
so the one in flight is not undone either.

**Publishing redacts.** The spans a person kept (``redaction.find``'s proposals, less any
they undid) are replaced by markers in the published ``comment``; the original text goes to
``.docket-private/<slug>/originals.jsonl`` in the same transaction, and the record lists
each redaction (start, end in the original, kind) as confirmed. The original never stays
in the public line of a published comment.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .record import Redaction, comment_from_json, comment_to_json
from .redaction import apply
from .store import (
    Transaction,
    as_line,
    comments_file,
    lines_of,
    locked,
    merged,
    private_dir,
)

ORIGINALS = "originals.jsonl"


class UnknownComments(Exception):
    """Ids the store does not have (a script's typo): nothing was changed."""

    def __init__(self, slug: str, ids: list[str]):
        super().__init__(f"no comment {', '.join(ids)} in {slug}'s store; nothing was changed")
        self.ids = ids


@dataclass
class Decision:
    """What a person decided for one comment."""

    id: str
    status: str  # "published" or "rejected"
    reason: str = ""  # a rejection's, shown to no one but staff and the commenter
    redactions: list[Redaction] = field(default_factory=list)  # kept spans, when publishing


@dataclass
class Outcome:
    """What a batch of decisions did: ids changed, and those left as they were (and why)."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)


def originals_file(root: Path, slug: str) -> Path:
    return private_dir(root) / slug / ORIGINALS


@contextlib.contextmanager
def steady() -> Iterator[None]:
    """Hold SIGINT (Ctrl-C) back while a decision is committed; it arrives right after."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except (AttributeError, ValueError):  # not the main thread, or no such call
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _refusal(current: str, wanted: str) -> str | None:
    """Why a comment in status ``current`` cannot become ``wanted`` (None: it can)."""
    if current == wanted:
        return f"already {current}"
    if current == "withdrawn":
        return "withdrawn by its author"
    return None


def decide(root: Path, slug: str, decisions: list[Decision]) -> Outcome:
    """Apply ``decisions`` to ``slug``'s store in one transaction. Unknown ids raise
    :class:`UnknownComments` before anything is written."""
    wanted = {d.id.upper(): d for d in decisions}
    outcome = Outcome()
    path = comments_file(root, slug)
    with steady(), locked(root):
        present = {str(v.get("id", "")).upper() for _, _, v in lines_of(path, root)}
        missing = [d.id for d in decisions if d.id.upper() not in present]
        if missing:
            raise UnknownComments(slug, missing)
        lines: list[str] = []
        originals: list[tuple[str, str]] = []
        for _, line, value in lines_of(path, root):
            decision = wanted.get(str(value.get("id", "")).upper())
            if decision is None:
                lines.append(line)
                continue
            comment = comment_from_json(value)
            refusal = _refusal(comment.status, decision.status)
            if refusal:
                outcome.unchanged.append((comment.id, refusal))
                lines.append(line)
                continue
            if decision.status == "published":
                kept = [Redaction(r.start, r.end, r.kind, True) for r in decision.redactions]
                if kept and not comment.redactions:  # not yet redacted (once published, it is)
                    originals.append((comment.id, as_line({"id": comment.id,
                                                           "comment": comment.comment})))
                    comment.comment = apply(comment.comment, kept)
                    comment.redactions = kept
                comment.rejection_reason = ""
            else:
                comment.rejection_reason = decision.reason
            comment.status = decision.status  # type: ignore[assignment]
            outcome.changed.append(comment.id)
            lines.append(as_line(comment_to_json(comment)))
        if outcome.changed:
            transaction = Transaction(root)
            transaction.stage(path, lines)
            if originals:
                private = originals_file(root, slug)
                known = {str(v.get("id", "")) for _, _, v in lines_of(private, root)}
                transaction.stage(private, merged(private, root,
                                                  [o for o in originals if o[0] not in known]))
            transaction.commit()
    return outcome


def original_text(root: Path, slug: str, comment_id: str) -> str | None:
    """The text as received of a published, redacted comment (staff only)."""
    with locked(root):
        for _, _, value in lines_of(originals_file(root, slug), root):
            if value.get("id") == comment_id:
                return str(value.get("comment", ""))
    return None


__all__ = ["Decision", "Outcome", "UnknownComments", "decide", "original_text"]
