"""One comment, normalised: the public record and, apart, the commenter's contact details.

Field names follow regulations.gov's where it has one (``tracking_number``, ``comment``,
``organization``, ``received_date``, ``attachments``...), so a docket folded in from there, or
a Docket export read by tools written for it, needs no renaming; Docket's own concepts keep
Docket's names (``draft``, ``version``, ``provision_id``).

The record is split in two because the halves go to different places: :class:`Comment` is
what the store keeps in the project, in git, and what moderation later publishes from;
:class:`Contact` (email, phone, street address, locality, and the name of anyone who did not
agree to its publication) is kept in a git-ignored file and never reaches ``site/``.
Splitting the types, rather than filtering one record on the way out, makes "the public
part has no email" true by construction: there is no field to forget.

``status``, ``rejection_reason``, ``redactions``, ``campaign_id`` and ``published_date`` are
written by moderation and campaign grouping; an import sets them to their starting values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Literal

Status = Literal["pending", "published", "rejected", "withdrawn"]
STATUSES: tuple[str, ...] = ("pending", "published", "rejected", "withdrawn")

# Flags an import may raise on a record it keeps (never a reason to drop one).
UNKNOWN_PROVISION = "unknown-provision"  # provision_id is not in the version commented on
UNKNOWN_VERSION = "unknown-version"  # the version named is not one of the draft's
LATE = "late"  # received after the comment period closed (the intake accepted it as late)


@dataclass
class Redaction:
    """A span of ``comment`` hidden when it is shown: [start, end) in characters, what kind of
    thing it hides (``email``, ``phone``...), and whether a person has confirmed it."""

    start: int
    end: int
    kind: str
    confirmed: bool = False


@dataclass
class Comment:
    """The public part of one comment, as the store keeps it (one line of comments.jsonl)."""

    id: str  # Docket's number for it, DKT-2026-7K3M-9QXP: stable, used in links
    tracking_number: str  # what the commenter was given ("" when the source gave nothing)
    draft: str  # the draft's slug (regulations.gov: the docket)
    version: str  # the version commented on (its file stem, 02-first-reading)
    provision_id: str  # "" for the draft as a whole
    received_date: datetime  # UTC
    name: str  # "" unless the commenter agreed to its publication (then it is in Contact)
    name_consent: bool
    organization: str
    respondent_type: str  # individual, organisation, business, government, or ""
    position: str  # support, oppose, neutral, mixed, or ""
    comment: str  # the text, exactly as received (cleaned of invisible controls)
    source: str  # the importer: local, formspree, netlify, google-forms, tally...
    source_id: str  # the comment's id at the source: what makes a re-import a no-op
    status: Status = "pending"
    rejection_reason: str = ""
    redactions: list[Redaction] = field(default_factory=list)
    campaign_id: str = ""
    attachments: list[str] = field(default_factory=list)  # file names or URLs
    flags: list[str] = field(default_factory=list)  # unknown-provision, late...
    # When a moderator published it (UTC): what the feed's "N new comments published" counts
    # by. None until published, and for comments published before it was recorded.
    published_date: datetime | None = None

    def key(self) -> tuple[str, str]:
        """What identifies it at its source: a re-import of the same row finds this."""
        return self.source, self.source_id


@dataclass
class Contact:
    """The private part of one comment: kept out of git and out of every published file."""

    id: str  # the Comment's id
    email: str = ""
    phone: str = ""
    street_address: str = ""
    locality: str = ""  # town or postcode
    name: str = ""  # the name, when the commenter did not agree to its publication

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in CONTACT_DETAILS)


COMMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Comment))
CONTACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Contact))
CONTACT_DETAILS: tuple[str, ...] = tuple(name for name in CONTACT_FIELDS if name != "id")


def utc_text(moment: datetime) -> str:
    """``2026-11-03T20:05:09Z``: UTC to the second, one spelling for one instant.

    ``isoformat`` rather than ``strftime``: a fraction of the cost (a million-comment import
    writes a million), and a year before 1000 keeps its four digits (``strftime`` wrote
    ``26-11-03...``, which ``fromisoformat`` cannot read back)."""
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def comment_to_json(comment: Comment) -> dict[str, Any]:
    """The record as JSON values, in field order (so every line reads the same way).

    Field by field rather than ``asdict``, whose deep copy of every value was most of the
    time of a million-comment import."""
    data = {name: getattr(comment, name) for name in COMMENT_FIELDS}
    data["received_date"] = utc_text(comment.received_date)
    data["published_date"] = (utc_text(comment.published_date)
                              if comment.published_date is not None else "")
    data["redactions"] = [asdict(r) for r in comment.redactions]
    for name in ("attachments", "flags"):
        data[name] = list(data[name])
    return data


def comment_from_json(data: dict[str, Any]) -> Comment:
    values = dict(data)
    values["received_date"] = _moment(values["received_date"])
    values["published_date"] = _moment(values["published_date"]) if values.get(
        "published_date") else None  # absent in a store written before it was recorded
    values["redactions"] = [Redaction(**r) for r in values.get("redactions", [])]
    known = {f.name for f in fields(Comment)}
    return Comment(**{k: v for k, v in values.items() if k in known})


def contact_to_json(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in CONTACT_FIELDS}


def contact_from_json(data: dict[str, Any]) -> Contact:
    known = {f.name for f in fields(Contact)}
    return Contact(**{k: v for k, v in data.items() if k in known})
