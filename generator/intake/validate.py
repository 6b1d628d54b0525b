"""What the service accepts: one function from a submitted form to a verdict.

The rules, in order: a filled honeypot is discarded without a word; the draft must exist
and take comments now (after the deadline only with ``allow_late``, and then marked late);
then every field is checked and all problems are reported together, worded for the reader.
Text is kept as text: normalised, never interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..providers.base import POSITIONS, RESPONDENT_TYPES
from .catalog import Catalog

HONEYPOT = "website"  # the local provider's bot trap (see providers/local.py)
LIMITS = {"name": 200, "email": 254, "organisation": 200, "locality": 100}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls but tab and newline
YES = {"yes", "on", "true", "1"}


@dataclass(frozen=True)
class Submission:
    """A comment that passed every rule, ready to be stored."""

    draft: str
    version: str
    provision: str  # "" means the draft as a whole
    name: str
    email: str
    organisation: str
    respondent_type: str
    locality: str
    position: str
    comment: str
    publish_name: bool
    late: bool
    received_at: datetime  # UTC


@dataclass(frozen=True)
class Rejection:
    """Why a submission was refused: an HTTP status, a sentence, and per-field messages."""

    status: int
    message: str
    fields: dict[str, str] = field(default_factory=dict)
    draft: str = ""  # the draft it was for, when known: the error page links back to it


@dataclass(frozen=True)
class Discarded:
    """A honeypot hit: answered like a success, stored nowhere."""


def clean(value: str, multiline: bool = False) -> str:
    """Unicode NFC, newlines as \\n, no control characters, no surrounding space."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = CONTROL.sub("", value)
    if not multiline:
        value = " ".join(value.split())
    return value.strip()


def _period(entry, now: datetime, tz) -> tuple[Rejection | None, bool]:
    """(refusal, late) for a submission at ``now``."""
    if entry.opens is None or entry.closes is None:
        return Rejection(
            403, f"“{entry.title}” does not take public comment.", draft=entry.slug
        ), False
    if now < entry.opens:
        opens = entry.opens.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
        return Rejection(
            403, f"Comments on “{entry.title}” open on {opens}.", draft=entry.slug
        ), False
    if now > entry.closes:
        if entry.allow_late:
            return None, True
        closed = entry.closes.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
        return Rejection(
            403, f"The comment period for “{entry.title}” closed on {closed}.", draft=entry.slug
        ), False
    return None, False


def validate(
    form: Mapping[str, str], catalog: Catalog, now: datetime
) -> Submission | Rejection | Discarded:
    """The verdict on one submitted form, at ``now`` (an aware datetime)."""
    if form.get(HONEYPOT, "").strip():
        return Discarded()
    slug = clean(form.get("draft", ""))
    if not slug:
        return Rejection(400, "The form does not say which draft the comment is on.")
    entry = catalog.drafts.get(slug)
    if entry is None:
        return Rejection(404, f"There is no draft “{slug[:100]}” to comment on.")
    refusal, late = _period(entry, now, catalog.tz)
    if refusal:
        return refusal

    values = {
        key: clean(form.get(key, ""))
        for key in (*LIMITS, "respondent_type", "position", "provision")
    }
    comment = clean(form.get("comment", ""), multiline=True)
    problems: dict[str, str] = {}
    max_chars = catalog.settings.max_chars
    if not comment:
        problems["comment"] = "Enter your comment"
    elif len(comment) > max_chars:
        problems["comment"] = (
            f"Your comment is too long ({len(comment):,} characters): shorten it to "
            f"{max_chars:,} characters or fewer"
        )
    if not values["name"]:
        problems["name"] = "Enter your full name"
    if not values["email"]:
        problems["email"] = "Enter your email address"
    elif not EMAIL.match(values["email"]):
        problems["email"] = "Enter an email address in the right format, like name@example.org"
    for key, limit in LIMITS.items():
        if key not in problems and len(values[key]) > limit:
            problems[key] = f"This must be {limit} characters or fewer"
    if values["respondent_type"] not in RESPONDENT_TYPES:
        problems["respondent_type"] = "Choose how you are responding"
    if values["position"] and values["position"] not in POSITIONS:
        problems["position"] = f"Position must be one of: {', '.join(POSITIONS)}"
    provision = values["provision"]
    if provision and provision not in entry.provisions:
        problems["provision"] = (
            f"There is no provision “{provision[:100]}” in the current version "
            f"({entry.version_label}): choose one from the list, or the draft as a whole"
        )
    if problems:
        return Rejection(422, "Some answers need correcting.", problems, draft=entry.slug)
    return Submission(
        draft=entry.slug,
        version=entry.version,
        provision=provision,
        name=values["name"],
        email=values["email"],
        organisation=values["organisation"],
        respondent_type=values["respondent_type"],
        locality=values["locality"],
        position=values["position"],
        comment=comment,
        publish_name=clean(form.get("publish_name", "")).lower() in YES,
        late=late,
        received_at=now.astimezone(UTC),
    )
