"""A hearing's packet, as data: everything a committee is handed before the hearing, in the
order it reads it. Rendering (``templates/_packet.html``, HTML on the site and the same
markup through WeasyPrint as a PDF) only reads this.

The text under consideration is the latest version dated on or before the hearing's day (a
packet for a held hearing keeps the text that was before the committee); the redline is
against the version before it (the previous reading). Comments are the draft's published
ones, as the public record has them: already redacted, a name only with its author's
consent, placed in the text under consideration (``placement.Placer``), as the summary
places them; a campaign stands once per provision, with how many comments it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..comments.record import Comment
from ..i18n import known
from ..model import Draft, Hearing, SiteConfig, Version
from ..periods import as_moment, hearing_held
from ..render.comments_pages import Shown, Summary, summarise

# The order witnesses are listed in, by their position on the draft; a plain string (no
# position given) is listed last.
POSITIONS = ("for", "against", "neutral", "informational", "")


@dataclass(frozen=True)
class Witness:
    name: str
    organisation: str = ""
    position: str = ""


@dataclass
class WitnessGroup:
    position: str  # one of POSITIONS
    witnesses: list[Witness]


@dataclass
class AppendixEntry:
    """One comment in the appendix; a campaign's stands for all of them (``count``)."""

    shown: Shown
    count: int = 1  # comments it stands for: a campaign's size on this provision

    @property
    def comment(self) -> Comment:
        return self.shown.comment


@dataclass
class CommentGroup:
    """The appendix's comments on one provision (or on the draft as a whole)."""

    provision_id: str  # "" for the draft as a whole
    citation: str
    entries: list[AppendixEntry]

    @property
    def total(self) -> int:
        return sum(e.count for e in self.entries)

    @property
    def anchor(self) -> str:
        return "packet-comments-" + (self.provision_id or "whole")


@dataclass
class Packet:
    """One hearing's packet. ``language``: the draft's, which the PDF's labels are in."""

    draft: Draft
    hearing: Hearing
    version: Version  # under consideration
    previous: Version | None  # the reading before it, if any
    language: str
    held: bool
    when: datetime  # the hearing's start (a bare date: its day's start) in the site's zone
    witnesses: list[WitnessGroup]
    summary: Summary | None  # the published comments placed; None when there are none
    appendix: list[CommentGroup]
    # The summary of the comments received before the hearing and of the responses given by
    # then (``hearings.summary``), made when first shown: in the render process, which
    # parses the draft's text.
    summary_of: Callable[[], Any] | None = field(default=None, repr=False)
    # The redline against ``previous`` (``render.pages.Comparison``), set by the planner,
    # which shares it with the draft's comparison pages.
    comparison: Any = None

    @cached_property
    def comment_summary(self) -> Any:
        """``hearings.summary.Summary`` of the comments received before the hearing."""
        return self.summary_of() if self.summary_of is not None else None



def witness(entry: object) -> Witness:
    """A witness as the hearing gives it: a plain string (a name), or an entry with a name,
    an organisation and a position."""
    if isinstance(entry, str):
        return Witness(entry)
    get = entry.get if isinstance(entry, dict) else (lambda key, d="": getattr(entry, key, d))
    organisation = get("organisation", "") or get("organization", "")
    return Witness(str(get("name", "")), str(organisation or ""), str(get("position", "") or ""))


def witness_groups(hearing: Hearing) -> list[WitnessGroup]:
    """Witnesses grouped by position, in ``POSITIONS`` order, each group in the hearing's."""
    found: dict[str, list[Witness]] = {}
    for entry in hearing.witnesses:
        w = witness(entry)
        key = w.position if w.position in POSITIONS else ""
        found.setdefault(key, []).append(w)
    return [WitnessGroup(p, found[p]) for p in POSITIONS if p in found]


def version_at(draft: Draft, hearing: Hearing, tz: ZoneInfo) -> Version:
    """The version before the committee: the latest dated on or before the hearing's day
    (the first one, if all are later)."""
    day = as_moment(hearing.date, tz).astimezone(tz).date()
    chosen = draft.versions[0]
    for version in draft.versions:
        if version.meta.date <= day:
            chosen = version
    return chosen


def appendix(summary: Summary | None, until: datetime | None = None) -> list[CommentGroup]:
    """Published comments grouped by provision, in the text's order (the draft as a whole
    first); within a provision, oldest first, each campaign once with its count. ``until``:
    only those received before it (the hearing's start, as the summary counts them)."""
    if summary is None:
        return []
    groups: dict[str, CommentGroup] = {}
    cited = {p.provision_id: p.citation for p in summary.provisions}
    if summary.whole or any(not s.provision_id for s in summary.shown):
        groups[""] = CommentGroup("", "", [])
    for count in summary.provisions:
        groups[count.provision_id] = CommentGroup(count.provision_id, count.citation, [])
    campaigns: dict[tuple[str, str], AppendixEntry] = {}
    for shown in summary.shown:
        if until is not None and shown.comment.received_date >= until:
            continue
        group = groups.get(shown.provision_id)
        if group is None:
            group = groups.setdefault(shown.provision_id, CommentGroup(
                shown.provision_id, cited.get(shown.provision_id, shown.citation), []))
        campaign = shown.comment.campaign_id
        if campaign:
            key = (shown.provision_id, campaign)
            if key in campaigns:
                campaigns[key].count += 1
                continue
            campaigns[key] = AppendixEntry(shown)
            group.entries.append(campaigns[key])
        else:
            group.entries.append(AppendixEntry(shown))
    return [g for g in groups.values() if g.entries]


def print_language(draft: Draft, config: SiteConfig) -> str:
    """The interface language a draft's packet prints in: the draft's own when Docket has
    it (``zh``, ``zh-CN`` and ``zh-Hans`` all print in Chinese), else the site's."""
    code = draft.meta.language or config.language
    if known(code):
        return code
    if code.split("-")[0].lower() == "zh":
        return "zh-Hans"
    return config.language


def make_packet(draft: Draft, hearing: Hearing, config: SiteConfig, summary: Summary | None,
                now: datetime, root: Path | None = None) -> Packet:
    """The packet of ``hearing`` as of ``now`` (held or upcoming); ``summary``: the draft's
    published comments placed (``comments_pages.summarise``), None if it has none;
    ``root``: the project, whose comment store the packet's summary counts."""
    from .summary import considered
    from .summary import summarise as summarise_comments  # (a site without hearings: never)

    tz = config.tz
    start = as_moment(hearing.date, tz)
    summary_of = None if root is None else partial(summarise_comments, root, draft, hearing,
                                                   config)
    version = version_at(draft, hearing, tz)
    index = draft.versions.index(version)
    previous = draft.versions[index - 1] if index > 0 else None
    return Packet(
        draft=draft, hearing=hearing, version=version, previous=previous,
        language=print_language(draft, config),
        held=hearing_held(hearing.date, now, tz),
        when=start,
        witnesses=witness_groups(hearing),
        summary=summary,
        appendix=appendix(_placed_in(considered(draft, hearing, config), summary), start),
        summary_of=summary_of,
    )


def _placed_in(text: Draft, summary: Summary | None) -> Summary | None:
    """``summary``'s comments placed in ``text`` (the draft as it stood at the hearing):
    a later version's renumbering is not what the committee reads."""
    if summary is None or text is summary.draft:
        return summary
    return summarise(text, [shown.comment for shown in summary.shown])


def dated_hearings(draft: Draft) -> list[Hearing]:
    """The hearings a packet is made for: every one with a date (the schema requires one;
    kept as a function so the rule lives in one place)."""
    return [h for h in draft.meta.hearings if h.date is not None]
