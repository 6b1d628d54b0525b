"""``docket comments list`` and ``stats``: the store as staff read it, by citation.

Each comment is shown under the provision it is on now (``placement.py``), cited as a reader
cites it, never by raw id; its text as it would be shown (proposed redactions applied, so a
list pasted into an email does not carry a commenter's phone number); its flags, the
store's and the moderator's (``redaction.flags``); for review, the text as received, from
``.docket-private/`` (never printed by ``list``). CSV cells go through
``spreadsheet.safe_cell``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.loader import load_project
from ..model import Draft, Project
from ..problems import ProblemsFound, UsageError
from .placement import Placement, Placer
from .record import Comment, Redaction, utc_text
from .redaction import flags, wordlists
from .spreadsheet import safe_cell
from .store import read_comments, read_originals

CSV_COLUMNS = ("id", "received_date", "status", "provision", "provision_note", "position",
               "respondent_type", "organization", "name", "comment", "flags",
               "rejection_reason", "campaign_id", "version", "source", "attachments")


class UnknownDraft(UsageError):
    """A SLUG the project has no draft for: wrong usage (exit 2)."""


@dataclass
class Entry:
    """One comment as listed."""

    comment: Comment
    placement: Placement
    proposed: list[Redaction]  # spans hidden at import, not yet confirmed by publishing
    flags: list[str]
    original: str | None = None  # the text as received (None: nothing hidden, or not here)

    @property
    def shown(self) -> str:
        """The text as displayed: the store's, with its spans already hidden."""
        return self.comment.comment


def load_project_draft(root: Path, slug: str) -> tuple[Project, Draft]:
    """The project (metadata only) and its draft ``slug``; UnknownDraft if it has none."""
    loaded = load_project(root, parse=False)
    if loaded.project is None:
        raise ProblemsFound(loaded.problems)
    drafts = {d.slug: d for d in loaded.project.drafts}
    if slug not in drafts or not drafts[slug].versions:
        raise UnknownDraft(f"no draft {slug!r} (the project has: {', '.join(drafts) or 'none'})")
    return loaded.project, drafts[slug]


def load_draft(root: Path, slug: str) -> Draft:
    return load_project_draft(root, slug)[1]


def entries(root: Path, draft: Draft, status: str | None = None) -> list[Entry]:
    """The draft's comments (of ``status``, if given), oldest first."""
    placer = Placer(draft)
    lists = wordlists()
    found = []
    originals = read_originals(root, draft.slug)
    for comment in read_comments(root, draft.slug):
        if status and comment.status != status:
            continue
        proposed = [] if comment.status == "published" else list(comment.redactions)
        original = originals.get(comment.id)
        found.append(Entry(comment, placer.place(comment), proposed,
                           [*comment.flags, *flags(original or comment.comment, lists)],
                           original if proposed else None))
    return sorted(found, key=lambda e: (e.comment.received_date, e.comment.id))


def as_json(items: list[Entry]) -> str:
    out: list[dict[str, Any]] = []
    for e in items:
        c = e.comment
        out.append({
            "id": c.id, "received_date": utc_text(c.received_date), "status": c.status,
            "provision": e.placement.citation, "provision_note": e.placement.note,
            "version": c.version, "position": c.position,
            "respondent_type": c.respondent_type, "organization": c.organization,
            "name": c.name, "comment": e.shown, "flags": e.flags,
            "redactions": [{"start": r.start, "end": r.end, "kind": r.kind,
                            "confirmed": r.confirmed} for r in (c.redactions or e.proposed)],
            "rejection_reason": c.rejection_reason, "campaign_id": c.campaign_id,
            "source": c.source, "attachments": c.attachments,
        })
    return json.dumps(out, ensure_ascii=False, indent=2)


def as_csv(items: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in items:
        c = e.comment
        row = [c.id, utc_text(c.received_date), c.status, e.placement.citation,
               e.placement.note, c.position, c.respondent_type, c.organization, c.name,
               e.shown, " ".join(e.flags), c.rejection_reason, c.campaign_id, c.version,
               c.source, " ".join(c.attachments)]
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


@dataclass
class Stats:
    total: int
    by_status: Counter[str]
    by_provision: list[tuple[str, int]]  # citation, count: in the current text's order
    by_position: Counter[str]
    by_respondent: Counter[str]
    moved: int  # comments shown under a provision other than the one they were made on


def stats(items: list[Entry]) -> Stats:
    """Counts over the comments still in play (pending and published); rejected and
    withdrawn ones are counted only by status."""
    live = [e for e in items if e.comment.status in ("pending", "published")]
    provisions: dict[str, tuple[int, int]] = {}
    for e in live:
        order, count = provisions.get(e.placement.citation, (e.placement.order, 0))
        provisions[e.placement.citation] = (order, count + 1)
    ordered = sorted(provisions.items(), key=lambda kv: (kv[1][0], kv[0]))
    return Stats(
        total=len(live),
        by_status=Counter(e.comment.status for e in items),
        by_provision=[(cite, count) for cite, (_, count) in ordered],
        by_position=Counter(e.comment.position or "not given" for e in live),
        by_respondent=Counter(e.comment.respondent_type or "not given" for e in live),
        moved=sum(1 for e in live if e.placement.note),
    )
