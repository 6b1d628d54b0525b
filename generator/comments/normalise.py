"""From a source's row to a record, by Docket's rules, or to the reason it cannot be one.

A row is quarantined (never dropped) when it names no draft or one the project does not
have, has no readable time received, no comment, or a position or respondent type outside
the lists. A provision id the version commented on does not have, or a version the draft
does not have, is kept and flagged: the commenter meant something, and a person decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from ..model import Draft, Version
from ..providers.base import POSITIONS
from ..providers.base import RESPONDENT_TYPES as FORM_RESPONDENT_TYPES
from .ids import derived_id
from .importers.tabular import parse_time, squash
from .record import LATE, UNKNOWN_PROVISION, UNKNOWN_VERSION, Comment, Contact
from .redaction import interface_language, markers
from .rows import Row
from .text import clean, visible, yes

# The form's types, and "representative": someone speaking for others at a hearing or in a
# letter (an elected member, an agent), entered by staff or imported.
RESPONDENT_TYPES = (*FORM_RESPONDENT_TYPES, "representative")
MAX_COMMENT = 1_000_000  # characters: far above any form's limit, a bound on memory
POSITION_WORDS = {
    "for": "support", "infavour": "support", "infavor": "support", "supports": "support",
    "against": "oppose", "opposed": "oppose", "opposes": "oppose", "支持": "support",
    "反对": "oppose", "中立": "neutral", "部分支持": "mixed", "undecided": "neutral",
}
RESPONDENT_WORDS = {
    "organization": "organisation", "nonprofit": "organisation", "ngo": "organisation",
    "company": "business", "person": "individual", "myself": "individual",
    "anindividual": "individual", "individualcitizen": "individual", "个人": "individual",
    "单位": "organisation", "组织": "organisation", "企业": "business",
    "政府": "government", "governmentagency": "government", "publicbody": "government",
}


@dataclass
class Rules:
    """What a row is judged against: the project's drafts and how ids are made."""

    drafts: dict[str, Draft]
    default_draft: str | None
    tz: ZoneInfo
    prefix: str  # the site's tracking prefix (comments.tracking_prefix, DKT by default)
    source: str  # the importer's name
    language: str = "en"  # the site's interface language (redaction markers' fallback)

    def markers(self, slug: str) -> dict[str, str]:
        """The redaction markers of draft ``slug``, in its interface language."""
        draft = self.drafts.get(slug)
        return markers(interface_language(draft.meta.language if draft else None,
                                          self.language))


def _choice(value: str, allowed: tuple[str, ...], words: dict[str, str]) -> str | None:
    """The allowed word ``value`` means ("" for none given), or None if it means none."""
    if not value:
        return ""
    key = squash(value)
    if not key:
        return ""
    for word in allowed:
        if key == word or key.startswith(word):
            return word
    return words.get(key)


def version_at(draft: Draft, day: date) -> Version:
    """The version in force on ``day``: the latest dated on or before it (else the first)."""
    current = draft.versions[0]
    for version in draft.versions:
        if version.meta.date <= day:
            current = version
    return current


def judge(row: Row, rules: Rules, taken: Callable[[str], bool]) -> tuple[Comment, Contact] | str:
    """The record for ``row``, or why there can be none (the quarantine's reason)."""
    values = row.values
    slug = clean(values.get("draft")) or (rules.default_draft or "")
    if not slug:
        return "names no draft: give --draft SLUG"
    draft = rules.drafts.get(slug)
    if draft is None or not draft.versions:
        return f"names the draft {slug[:100]!r}, which this project does not have"
    raw_time = values.get("received")
    if raw_time in (None, ""):
        return "has no time received"
    received = parse_time(raw_time, rules.tz)
    if received is None:
        return f"has a time received that cannot be read: {str(raw_time)[:60]!r}"
    text = clean(values.get("comment"), multiline=True)
    if not visible(text):
        return "has no comment text"
    if len(text) > MAX_COMMENT:
        return f"has a comment longer than {MAX_COMMENT:,} characters"
    position = _choice(clean(values.get("position")), POSITIONS, POSITION_WORDS)
    if position is None:
        return (f"has the position {clean(values.get('position'))[:60]!r}, not one of "
                f"{', '.join(POSITIONS)}")
    respondent = _choice(clean(values.get("respondent_type")), RESPONDENT_TYPES,
                         RESPONDENT_WORDS)
    if respondent is None:
        return (f"has the respondent type {clean(values.get('respondent_type'))[:60]!r}, "
                f"not one of {', '.join(RESPONDENT_TYPES)}")

    flags = []
    versions = {v.slug: v for v in draft.versions}
    version_slug = clean(values.get("version"))
    provision = clean(values.get("provision"))
    if not version_slug:
        version_slug = version_at(draft, received.astimezone(rules.tz).date()).slug
    if version_slug not in versions:
        flags.append(UNKNOWN_VERSION)
    elif provision and provision not in versions[version_slug].index:
        flags.append(UNKNOWN_PROVISION)
    if yes(values.get("late")):
        flags.append(LATE)

    consent = yes(values.get("publish_name"))
    name = clean(values.get("name"))
    tracking = clean(values.get("tracking_number"))
    if rules.source == "local" and tracking and not taken(tracking):
        number = tracking  # the number the commenter was given
    else:
        year = received.astimezone(rules.tz).year
        number = derived_id(rules.prefix, year, rules.source, row.source_id, taken)
    attachments = values.get("attachments") or []
    if isinstance(attachments, str):
        attachments = [a for a in attachments.split(",")]
    comment = Comment(
        id=number,
        tracking_number=tracking,
        draft=slug,
        version=version_slug,
        provision_id=provision,
        received_date=received,
        name=name if consent else "",
        name_consent=consent,
        organization=clean(values.get("organisation")),
        respondent_type=respondent,
        position=position,
        comment=text,
        source=rules.source,
        source_id=row.source_id,
        status="withdrawn" if yes(values.get("withdrawn")) else "pending",
        attachments=[a for a in (clean(x) for x in attachments) if a],
        flags=flags,
    )
    contact = Contact(
        id=number,
        email=clean(values.get("email")),
        phone=clean(values.get("phone")),
        street_address=clean(values.get("street_address")),
        locality=clean(values.get("locality")),
        name="" if consent else name,
    )
    return comment, contact
