"""What the service accepts: one function from a submitted form to a verdict.

The rules, in order: a filled honeypot is discarded without a word; the draft must exist
and take comments now (after the deadline only with ``allow_late``, and then marked late);
then every field is checked and all problems are reported together, worded for the reader.
Text is kept as text: normalised, never interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..plaintext import clean, visible
from ..providers.base import POSITIONS, RESPONDENT_TYPES
from .catalog import Catalog

HONEYPOT = "website"  # the local provider's bot trap (see providers/local.py)
LIMITS = {"name": 200, "email": 254, "organisation": 200, "locality": 100}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
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


def _(message: str) -> str:
    """Marks a message for extraction (``make messages``); ``Text.render`` translates it."""
    return message


@dataclass(frozen=True)
class Text:
    """A sentence for the reader, kept untranslated until the answer's language is known
    (the reader's interface language, which the form sends as ``?lang=``)."""

    message: str  # the English msgid, with %(name)s placeholders
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str], moment: Callable[[datetime], str]) -> str:
        """In one language: dates in its format and the site's zone, counts with separators."""
        values = {
            key: moment(value) if isinstance(value, datetime)
            else f"{value:,}" if isinstance(value, int) else value
            for key, value in self.params.items()
        }
        return gettext(self.message) % values if values else gettext(self.message)


@dataclass(frozen=True)
class Rejection:
    """Why a submission was refused: an HTTP status, a sentence, and per-field messages."""

    status: int
    message: Text
    fields: dict[str, Text] = field(default_factory=dict)
    draft: str = ""  # the draft it was for, when known: the error page links back to it


@dataclass(frozen=True)
class Discarded:
    """A honeypot hit: answered like a success, stored nowhere."""


def _period(entry, now: datetime) -> tuple[Rejection | None, bool]:
    """(refusal, late) for a submission at ``now``."""
    title = {"title": entry.title}
    if entry.opens is None or entry.closes is None:
        text = Text(_("“%(title)s” does not take public comment."), title)
        return Rejection(403, text, draft=entry.slug), False
    if now < entry.opens:
        text = Text(
            _("Comments on “%(title)s” open on %(opens)s."), {**title, "opens": entry.opens}
        )
        return Rejection(403, text, draft=entry.slug), False
    if now > entry.closes:
        if entry.allow_late:
            return None, True
        text = Text(
            _("The comment period for “%(title)s” closed on %(closed)s."),
            {**title, "closed": entry.closes},
        )
        return Rejection(403, text, draft=entry.slug), False
    return None, False


def validate(
    form: Mapping[str, str], catalog: Catalog, now: datetime
) -> Submission | Rejection | Discarded:
    """The verdict on one submitted form, at ``now`` (an aware datetime)."""
    if form.get(HONEYPOT, "").strip():
        return Discarded()
    slug = clean(form.get("draft", ""))
    if not slug:
        return Rejection(400, Text(_("The form does not say which draft the comment is on.")))
    entry = catalog.drafts.get(slug)
    if entry is None:
        return Rejection(404, Text(_("There is no draft “%(slug)s” to comment on."),
                                   {"slug": slug[:100]}))
    refusal, late = _period(entry, now)
    if refusal:
        return refusal

    values = {
        key: clean(form.get(key, ""))
        for key in (*LIMITS, "respondent_type", "position", "provision")
    }
    comment = clean(form.get("comment", ""), multiline=True)
    problems: dict[str, Text] = {}
    max_chars = catalog.settings.max_chars
    if not visible(comment):
        problems["comment"] = Text(_("Enter your comment"))
    elif len(comment) > max_chars:
        problems["comment"] = Text(
            _("Your comment is too long (%(length)s characters): shorten it to %(count)s "
              "characters or fewer"),
            {"length": len(comment), "count": max_chars},
        )
    if not visible(values["name"]):
        problems["name"] = Text(_("Enter your full name"))
    if not values["email"]:
        problems["email"] = Text(_("Enter your email address"))
    elif not EMAIL.match(values["email"]):
        problems["email"] = Text(
            _("Enter an email address in the right format, like name@example.org")
        )
    for key, limit in LIMITS.items():
        if key not in problems and len(values[key]) > limit:
            problems[key] = Text(_("This must be %(count)s characters or fewer"), {"count": limit})
    if values["respondent_type"] not in RESPONDENT_TYPES:
        problems["respondent_type"] = Text(_("Choose how you are responding"))
    if values["position"] and values["position"] not in POSITIONS:
        problems["position"] = Text(
            _("Position must be one of: %(choices)s"), {"choices": ", ".join(POSITIONS)}
        )
    provision = values["provision"]
    if provision and provision not in entry.provisions:
        problems["provision"] = Text(
            _("There is no provision “%(provision)s” in the current version (%(version)s): "
              "choose one from the list, or the draft as a whole"),
            {"provision": provision[:100], "version": entry.version_label},
        )
    if problems:
        return Rejection(
            422, Text(_("Some answers need correcting.")), problems, draft=entry.slug
        )
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
