"""Publishing and rejecting comments: each decision one atomic change of the store.

A decision rewrites ``comments.jsonl`` with the decided lines changed and every other line
kept byte for byte, through the store's transaction (written aside, swapped in under a
journal), with the store's lock held: so a decision is all there or not at all, ``git
diff`` shows the lines decided, and an interrupted review loses nothing already decided.
While a decision is being committed, Ctrl-C is held back until it is done (``steady``),
so the one in flight is not undone either.

**Publishing confirms the redactions.** The import already hid every span proposed
(``redaction.propose``) and kept the text as received in
``.docket-private/<slug>/originals.jsonl``. Publishing marks the spans the person kept as
confirmed; if they undid any, the published ``comment`` is made again from that original
with only the kept spans replaced by markers. So the public line never holds a hidden span,
before publication or after; a span can be undone only where the original is at hand (a
clone without ``.docket-private/`` publishes with every proposal kept, or refuses an undo).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .record import Redaction, comment_from_json, comment_to_json
from .redaction import apply
from .store import (
    Transaction,
    as_line,
    comments_file,
    draft_markers,
    lines_of,
    locked,
    merged,
    originals_file,
    read_originals,
)


class MissingOriginal(Exception):
    """An undo asked for where the text as received is not at hand: nothing was changed."""

    def __init__(self, comment_id: str):
        super().__init__(f"{comment_id}: its text as received is not in .docket-private/ "
                         "here, so no redaction can be undone; nothing was changed")


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


def decide(root: Path, slug: str, decisions: list[Decision],
           now: datetime | None = None) -> Outcome:
    """Apply ``decisions`` to ``slug``'s store in one transaction. Unknown ids raise
    :class:`UnknownComments` before anything is written. A comment published gets
    ``published_date`` ``now`` (the clock, by default): the day the feed announces it."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
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
        received: dict[str, str] | None = None  # id -> text as received, read if needed
        shown: dict[str, str] | None = None
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
                proposed = [Redaction(r.start, r.end, r.kind, True) for r in comment.redactions]
                if kept != proposed:
                    shown = shown or draft_markers(root, slug)
                if kept and not comment.redactions:  # a line from before imports redacted
                    originals.append((comment.id, as_line({"id": comment.id,
                                                           "comment": comment.comment})))
                    comment.comment = apply(comment.comment, kept, shown)
                elif kept != proposed:  # some undone: the text again, from the original
                    if received is None:
                        received = {str(v.get("id", "")): str(v.get("comment", ""))
                                    for _, _, v in lines_of(originals_file(root, slug), root)}
                    if comment.id not in received:
                        raise MissingOriginal(comment.id)
                    comment.comment = apply(received[comment.id], kept, shown)
                comment.redactions = kept
                comment.rejection_reason = ""
                comment.published_date = now
            else:
                comment.rejection_reason = decision.reason
                comment.published_date = None
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
    """The text as received of a redacted comment (staff only)."""
    return read_originals(root, slug).get(comment_id)


__all__ = ["Decision", "MissingOriginal", "Outcome", "UnknownComments", "decide",
           "original_text", "originals_file"]
