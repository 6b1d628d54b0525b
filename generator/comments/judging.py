"""An import's rows judged in batches, in worker processes while the main process reads on.

Judging a row (``normalise.judge``), hiding the contact details in its text
(``redaction.propose``), writing its lines and sketching its text for the campaigns
(``sketches.py``) need nothing but the row and the project's rules, so a large import sends
them out a batch at a time (``judged``) and takes the results back in the order read. What
does depend on the rows before it stays in the main process, which goes through the
results in that order: whether the store already has the row (a source id seen before is
"already present", even earlier in the same file), and whether the number drawn for it is
taken (a worker draws as if none were; a row whose number is taken after all, a rare
collision, is judged again here, and draws the next number in its sequence). So the store
is the same, byte for byte, however the rows were shared out.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from typing import Any, NamedTuple

from ..problems import Problem
from .normalise import Rules, judge
from .record import (
    UNKNOWN_PROVISION,
    UNKNOWN_VERSION,
    Comment,
    Contact,
    comment_to_json,
    contact_to_json,
)
from .redaction import propose
from .rows import NotComment, Row, Unit, Unreadable
from .sketches import SketchBatch, Sketcher, sketch_texts, verbatim
from .store import as_line
from .workers import Workers

BATCH = 2_000  # rows judged by a worker at a time
AHEAD = 4  # batches out at once: both workers busy while the main process catches up


class Judged(NamedTuple):
    """A row made a record, with everything storing it takes."""

    id: str
    draft: str
    line: str  # the public line (comments.jsonl)
    private: str | None  # the contact line, if there are contact details
    original: str | None  # the text as received, if spans were hidden in it
    digest: bytes  # the verbatim hash of the text as stored (its sketch's name)
    problems: tuple[Problem, ...]  # warnings: an unknown provision or version


def record(verdict: tuple[Comment, Contact], rules: Rules, marks: dict[str, dict[str, str]],
           shown: str, row: Row) -> tuple[Judged, str]:
    """A judged row's lines, with its contact details hidden (``marks``: each draft's
    redaction markers, filled as drafts come), and the text as stored."""
    comment, contact = verdict
    if comment.draft not in marks:
        marks[comment.draft] = rules.markers(comment.draft)
    hidden = propose(comment, marks[comment.draft])
    original = (None if hidden is None
                else as_line({"id": comment.id, "comment": hidden}))
    private = None if contact.is_empty() else as_line(contact_to_json(contact))
    judged = Judged(comment.id, comment.draft, as_line(comment_to_json(comment)), private,
                    original, verbatim(comment.comment), flags(shown, row, comment))
    return judged, comment.comment


def flags(shown: str, row: Row, comment: Comment) -> tuple[Problem, ...]:
    """The warnings a kept row raises: a provision or a version the draft does not have."""
    line = row.at if row.unit == "line" else 0
    where = "" if row.unit == "line" else f" ({row.unit} {row.at})"
    found = []
    if UNKNOWN_PROVISION in comment.flags:
        found.append(Problem(shown, line, f"provision {comment.provision_id[:100]!r} is not "
                             f"in {comment.draft}'s {comment.version}{where}: kept, flagged "
                             f"{UNKNOWN_PROVISION}", "warning"))
    if UNKNOWN_VERSION in comment.flags:
        found.append(Problem(shown, line, f"{comment.draft} has no version "
                             f"{comment.version[:100]!r}{where}: kept, flagged "
                             f"{UNKNOWN_VERSION}", "warning"))
    return tuple(found)


def _nothing_taken(number: str) -> bool:
    return False


Sent = tuple[int, Unit, str, dict[str, Any]]  # a row as sent to a worker: no raw copy


def judge_rows(sent: list[Sent], rules: Rules, shown: str
               ) -> tuple[list[Judged | str], list[bytes], SketchBatch]:
    """Each row judged as if no number were taken: its ``Judged`` record or the reason it
    cannot be one; and the sketches of the distinct texts kept, by verbatim hash. What a
    worker does (nothing is kept between calls). The rows come as plain tuples, which
    cross between processes for less than the objects would."""
    marks: dict[str, dict[str, str]] = {}
    texts: dict[bytes, str] = {}
    out: list[Judged | str] = []
    for at, unit, source_id, values in sent:
        row = Row(at, unit, source_id, values)
        verdict = judge(row, rules, _nothing_taken)
        if isinstance(verdict, str):
            out.append(verdict)
            continue
        judged, text = record(verdict, rules, marks, shown, row)
        texts.setdefault(judged.digest, text)
        out.append(judged)
    return out, list(texts), sketch_texts(list(texts.values()))


Verdict = Judged | str | None  # None: not judged (not a row, or already in the store)


def judged(rows: Iterable[Row | NotComment | Unreadable], rules: Rules, shown: str,
           present: set[tuple[str, str]], workers: Workers, sketcher: Sketcher
           ) -> Iterator[tuple[Row | NotComment | Unreadable, Verdict]]:
    """Every row read, in order, with its verdict (``judge_rows``, in ``workers`` once
    there are enough rows); the sketches go to ``sketcher``. A row whose source id is
    ``present`` when it is read is not judged at all (a re-run of a large import costs
    a read)."""
    out: deque[tuple[list, list[Row], list[Sent], Future | None]] = deque()

    def send(batch: list) -> None:
        todo = [r for r in batch if isinstance(r, Row)
                and (rules.source, r.source_id) not in present]
        workers.note(len(todo))
        sent = [(r.at, r.unit, r.source_id, r.values) for r in todo]
        out.append((batch, todo, sent, workers.submit(judge_rows, sent, rules, shown)))

    def back() -> Iterator[tuple[Row | NotComment | Unreadable, Verdict]]:
        batch, todo, sent, future = out.popleft()
        verdicts, digests, sketches = workers.result(future, judge_rows, sent, rules, shown)
        sketcher.put(digests, sketches)
        found = dict(zip(map(id, todo), verdicts, strict=True))
        for row in batch:
            yield row, found.get(id(row))

    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            send(batch)
            batch = []
            while out and (len(out) > AHEAD or out[0][3] is None):
                yield from back()
    if batch:
        send(batch)
    while out:
        yield from back()
