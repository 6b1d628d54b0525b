"""The summary of a draft's comments a committee reads before a hearing: every figure from
the store, each one adding up to the total it is part of.

**What is counted.** ``received`` is every comment in the draft's store (``comments.jsonl``),
whatever its status: that is what the public sent. Statuses split it exactly (published +
pending + rejected + withdrawn = received). The breakdowns (by position, respondent type and
provision) count the comments still in play, pending and published, like ``docket comments
stats``: a rejected comment (spam, abuse) says nothing about the draft, and a withdrawn one
was taken back by its author. Each breakdown adds up to ``counted``. A campaign is counted
with every status, as the campaign grouping counts it (a rejected copy of a letter is still
a copy); ``unique`` is ``received`` with each campaign counted once.

**What is shown.** Only what the public site shows: quotes, campaign texts and organisations
come from *published* comments, whose text the moderator has already redacted, with a name
only when its commenter agreed to publish it. The summary never reads ``.docket-private/``,
so no email, phone, address or withheld name can reach it (the build may render it).

**What was done about them** comes from the responses wing (``handling.py``): the
responses given, by result, the published comments they answer, and the authors'
satisfaction overall and per rating round.

**Scoped to a hearing** (``hearing=``), it counts only the comments received before the
hearing began (a hearing given as a bare date: before that day began, in the site's time
zone), and places them in the version in force on the hearing's day, the text the committee
has before it; the responses given by the hearing's day and the ratings received before it
began. Without a hearing, everything so far, placed in the current version.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from ..comments.placement import Placement, Placer
from ..comments.published import public_name, read_comments
from ..comments.record import LATE, Comment
from ..model import Draft, Hearing, SiteConfig
from ..periods import as_moment
from ..problems import ProblemsFound, UsageError
from ..provisions.citation import citations
from ..responses.model import Thresholds
from ..responses.satisfaction import Evaluation
from .handling import Handled, handling

POSITIONS = ("support", "oppose", "neutral", "mixed", "")  # "": not stated
RESPONDENTS = ("individual", "organisation", "business", "government", "representative", "")
COUNTED = ("pending", "published")  # the statuses the breakdowns count
QUOTES = 3  # representative quotes per provision, at most
QUOTE_CHARS = 300  # a quote is cut (at a space) to about this many characters
CAMPAIGN_CHARS = 600  # a campaign's representative text, likewise


class UnknownHearing(UsageError):
    """A hearing id the draft does not have: wrong usage (exit 2)."""


@dataclass
class Totals:
    """The headline figures; every one is a count of comments unless it says otherwise."""

    received: int  # every comment in the store (in scope), any status
    unique: int  # received, each campaign counted once
    published: int
    pending: int
    rejected: int
    withdrawn: int
    late: int  # received after the period closed (accepted as late)
    counted: int  # pending + published: what each breakdown adds up to
    campaigns: int  # campaigns (groups of two or more comments)
    in_campaigns: int  # comments in them
    campaign_sizes: list[int] = field(default_factory=list)  # largest first


@dataclass
class Quote:
    """One published comment quoted: its text as published (redacted), cut to a length."""

    comment_id: str
    text: str
    name: str  # "" unless its commenter agreed to its publication
    organization: str
    respondent_type: str
    position: str
    campaign_id: str = ""  # set when the quote stands for a campaign
    campaign_count: int = 0  # ... of this many comments


@dataclass
class ProvisionRow:
    """One line of the table by provision: comments (pending and published) on it now."""

    provision_id: str  # in the version considered; "" for the draft as a whole or gone
    citation: str  # "" for the draft as a whole
    note: str  # "repealed since", "unknown provision", or ""
    comments: int
    support: int
    oppose: int
    neutral: int
    mixed: int
    not_stated: int  # no position given
    campaigns: int  # distinct campaigns with comments here
    in_campaigns: int  # comments here that belong to a campaign
    quotes: list[Quote] = field(default_factory=list)

    @property
    def whole(self) -> bool:
        return not self.citation


@dataclass
class CampaignEntry:
    """A campaign (form letter) with its count and the text that stands for it."""

    id: str
    count: int  # comments in it (in scope, any status)
    published: int
    text: str  # its most common published text, redacted; "" if none is published yet
    representative: str  # the id of the comment whose text that is ("" if none)
    positions: list[tuple[str, int]]  # of its counted comments, most common first
    provisions: list[str]  # citations of what its counted comments are on ("" = whole draft)


@dataclass
class Organisation:
    """An organisation named on published comments."""

    name: str
    comments: int
    positions: list[tuple[str, int]]


@dataclass
class Summary:
    """A draft's comments summarised, for ``docket summary`` and a hearing's packet."""

    slug: str
    title: str
    number: str
    language: str  # the draft's: its labels are shown in this language
    version: str  # the label of the version the comments are placed in
    version_slug: str
    hearing: Hearing | None
    until: datetime | None  # comments received before this instant (UTC); None: all
    totals: Totals
    by_position: list[tuple[str, int]]  # every position, in POSITIONS order
    by_respondent: list[tuple[str, int]]  # the known types in order, then any other
    by_provision: list[ProvisionRow]  # in document order, the draft as a whole first
    campaigns: list[CampaignEntry]  # largest first
    organisations: list[Organisation]  # most comments first
    # What was done about them (responses.yaml, ratings.jsonl; see handling.py): the
    # responses given by the hearing, every result counted (zeros too), the published
    # comments they answer, and the authors' satisfaction overall and per rating round
    # (None: no response yet).
    responses: list[Handled] = field(default_factory=list)
    response_results: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    satisfaction: Evaluation | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)


# ---------------------------------------------------------------- reading the store


def store_comments(root: Path, slug: str) -> list[Comment]:
    """Every comment of the draft's store, whatever its status, oldest first."""
    return read_comments(root, slug)


# ---------------------------------------------------------------- scope


def find_hearing(draft: Draft, hearing: Hearing | str | None) -> Hearing | None:
    """The hearing asked for (by id or as given); an id the draft lacks is wrong usage."""
    if hearing is None or isinstance(hearing, Hearing):
        return hearing
    for h in draft.meta.hearings:
        if h.id == hearing:
            return h
    ids = ", ".join(h.id for h in draft.meta.hearings) or "none"
    raise UnknownHearing(f"draft {draft.slug!r} has no hearing {hearing!r} (it has: {ids})")


def considered(draft: Draft, hearing: Hearing | None, config: SiteConfig) -> Draft:
    """The draft as it stood at the hearing: its versions up to the one in force on the
    hearing's day (the text the committee considers). Without a hearing, the draft."""
    if hearing is None:
        return draft
    day = as_moment(hearing.date, config.tz).astimezone(config.tz).date()
    versions = [v for v in draft.versions if v.meta.date <= day] or draft.versions[:1]
    if len(versions) == len(draft.versions):
        return draft
    return replace(draft, versions=versions)


# ---------------------------------------------------------------- the summary


def summarise(project_root: Path, draft: Draft, hearing: Hearing | str | None = None,
              config: SiteConfig | None = None) -> Summary:
    """Summarise ``draft``'s comments (those received before ``hearing``, if given).

    ``config``: the site's (its time zone places a hearing given as a date); read from
    ``project_root`` when not given."""
    if config is None:
        config = _site_config(project_root)
    chosen = find_hearing(draft, hearing)
    until = as_moment(chosen.date, config.tz) if chosen is not None else None
    stored = store_comments(project_root, draft.slug)
    comments = [c for c in stored if until is None or c.received_date < until]
    text = considered(draft, chosen, config)
    placer = Placer(text)
    placed = {c.id: placer.place(c) for c in comments if c.status in COUNTED}
    counted = [c for c in comments if c.status in COUNTED]

    grouped = _Grouped.of(comments)
    campaigns = grouped.members
    entries = _campaign_entries(grouped, placed)
    statuses = Counter(c.status for c in comments)
    in_campaigns = sum(len(found) for found in campaigns.values())
    totals = Totals(
        received=len(comments),
        unique=len(comments) - in_campaigns + len(campaigns),
        published=statuses["published"],
        pending=statuses["pending"],
        rejected=statuses["rejected"],
        withdrawn=statuses["withdrawn"],
        late=sum(1 for c in comments if LATE in c.flags),
        counted=len(counted),
        campaigns=len(campaigns),
        in_campaigns=in_campaigns,
        campaign_sizes=[e.count for e in entries],
    )
    rows = _provision_rows(counted, placed, grouped)
    positions = Counter(c.position if c.position in POSITIONS else "" for c in counted)
    respondents = Counter(c.respondent_type for c in counted)
    where = {c.id: (placed[c.id].provision_id, placed[c.id].citation if c.provision_id else "")
             for c in counted}
    handled = handling(project_root, draft, config, citations(text.current), where,
                       until=until, comments=[c for c in stored if c.status == "published"])
    return Summary(
        slug=draft.slug,
        title=draft.meta.title,
        number=draft.meta.number,
        language=draft.meta.language or config.language,
        version=text.current.meta.label,
        version_slug=text.current.slug,
        hearing=chosen,
        until=until,
        totals=totals,
        by_position=[(p, positions[p]) for p in POSITIONS],
        by_respondent=[(r, respondents[r]) for r in RESPONDENTS] + sorted(
            (r, n) for r, n in respondents.items() if r not in RESPONDENTS),
        by_provision=rows,
        campaigns=entries,
        organisations=_organisations(counted),
        responses=handled.handled,
        response_results=handled.results,
        answered=handled.answered,
        satisfaction=handled.overall,
        thresholds=config.satisfaction,
    )


@dataclass
class _Grouped:
    """The campaigns in scope: a campaign is two comments or more, so one left alone in the
    scope (its other letters came later) is a comment like any other."""

    members: dict[str, list[Comment]]  # campaign id -> its comments in scope
    campaign_of: dict[str, str]  # comment id -> its campaign's id
    standing: dict[str, tuple[str, str]]  # campaign id -> (comment id, text) standing for it

    @classmethod
    def of(cls, comments: list[Comment]) -> _Grouped:
        found: dict[str, list[Comment]] = {}
        for c in comments:
            if c.campaign_id:
                found.setdefault(c.campaign_id, []).append(c)
        members = {cid: letters for cid, letters in found.items() if len(letters) >= 2}
        return cls(members, {c.id: cid for cid, letters in members.items() for c in letters},
                   {cid: _representative(letters) for cid, letters in members.items()})


def _site_config(root: Path) -> SiteConfig:
    from ..content.loader import load_project

    loaded = load_project(root, parse=False)
    if loaded.project is None:
        raise ProblemsFound(loaded.problems)
    return loaded.project.config


def _row_key(comment: Comment, place: Placement) -> tuple[int, str]:
    """Where a comment's row sorts and what identifies it: the draft as a whole first, then
    the provisions in document order, then what is no longer in the text."""
    if not comment.provision_id:
        return -1, ""
    return place.order, place.provision_id or place.citation


def _provision_rows(counted: list[Comment], placed: dict[str, Placement],
                    grouped: _Grouped) -> list[ProvisionRow]:
    campaign_of = grouped.campaign_of
    groups: dict[tuple[int, str], list[Comment]] = {}
    for c in counted:
        groups.setdefault(_row_key(c, placed[c.id]), []).append(c)
    rows: list[ProvisionRow] = []
    # Each campaign is quoted once in the summary: under the provision that has most of its
    # published letters (ties: the first in the text).
    letters: Counter[tuple[str, tuple[int, str]]] = Counter(
        (campaign_of[c.id], key) for key, found in groups.items() for c in found
        if c.id in campaign_of and c.status == "published")
    home: dict[str, tuple[int, str]] = {}
    for (cid, key), _ in sorted(letters.items(), key=lambda kv: (-kv[1], kv[0][1])):
        home.setdefault(cid, key)
    for key in sorted(groups):
        found = groups[key]
        place = placed[found[0].id]
        positions = Counter(c.position if c.position in POSITIONS else "" for c in found)
        whole = key[0] == -1
        rows.append(ProvisionRow(
            provision_id="" if whole else place.provision_id,
            citation="" if whole else place.citation,
            note="" if whole or place.provision_id else _gone(place),
            comments=len(found),
            support=positions["support"], oppose=positions["oppose"],
            neutral=positions["neutral"], mixed=positions["mixed"],
            not_stated=positions[""],
            campaigns=len({campaign_of[c.id] for c in found if c.id in campaign_of}),
            in_campaigns=sum(1 for c in found if c.id in campaign_of),
            quotes=_quotes(found, positions, grouped,
                           {cid for cid, at in home.items() if at == key}),
        ))
    return rows


def _gone(place: Placement) -> str:
    return "repealed since" if "repealed since" in place.note else "unknown provision"


def _commenter(c: Comment) -> str:
    """Who a published comment is from, as far as the public record tells: its consented
    name, else its organisation, else only itself (an anonymous comment)."""
    who = public_name(c) or c.organization
    return " ".join(who.casefold().split()) or f"#{c.id}"


def _quotes(found: list[Comment], positions: Counter[str], grouped: _Grouped,
            here: set[str]) -> list[Quote]:
    """Up to QUOTES published comments that stand for what was said on one provision: one
    from each position in turn (the commonest first), each from a different commenter, a
    campaign standing once for all its letters (the largest campaigns first, then comments
    as they came). ``here``: the campaigns to be quoted under this provision; a letter of
    any other is left for the provision where its campaign is quoted."""
    campaign_of, campaigns = grouped.campaign_of, grouped.members
    by_position: dict[str, list[Comment]] = {}
    seen_campaigns: set[str] = set()
    for c in found:
        if c.status != "published":
            continue
        cid = campaign_of.get(c.id, "")
        if cid:
            if cid in seen_campaigns or cid not in here:
                continue
            seen_campaigns.add(cid)
        by_position.setdefault(c.position if c.position in POSITIONS else "", []).append(c)
    for queue in by_position.values():
        queue.sort(key=lambda c: -len(campaigns[campaign_of[c.id]]) if c.id in campaign_of
                   else 0)  # stable: comments keep the order they came in
    order = sorted(by_position, key=lambda p: (-positions[p], POSITIONS.index(p)))
    chosen: list[Quote] = []
    commenters: set[str] = set()
    while len(chosen) < QUOTES and any(by_position[p] for p in order):
        for p in order:
            queue = by_position[p]
            while queue and _commenter(queue[0]) in commenters:
                queue.pop(0)
            if not queue or len(chosen) >= QUOTES:
                continue
            c = queue.pop(0)
            commenters.add(_commenter(c))
            cid = campaign_of.get(c.id, "")
            if cid:  # a letter many sent: quoted as the campaign's, signed by none of them
                shown_id, text = grouped.standing[cid]
                chosen.append(Quote(shown_id or c.id, _cut(text or c.comment, QUOTE_CHARS),
                                    "", "", "", c.position, cid, len(campaigns[cid])))
            else:
                chosen.append(Quote(c.id, _cut(c.comment, QUOTE_CHARS), public_name(c),
                                    c.organization, c.respondent_type, c.position))
    return chosen


def _representative(members: list[Comment]) -> tuple[str, str]:
    """(comment id, text) standing for a campaign: of the texts its letters have (case,
    spacing, punctuation aside), the commonest that is published (ties: the first
    received), as its first published letter wrote it; ("", "") when none is published."""
    from ..comments.campaigns import text_key, tokens  # (numpy: not for every build)

    normal: dict[str, bytes] = {}  # a letter's copies are mostly verbatim: each text once
    keys = [normal.get(c.comment) or normal.setdefault(c.comment, text_key(tokens(c.comment)))
            for c in members]
    counts = Counter(keys)
    best: tuple[int, int] | None = None
    for n, c in enumerate(members):
        if c.status == "published" and (best is None or counts[keys[n]] > best[0]):
            best = counts[keys[n]], n
    if best is None:
        return "", ""
    return members[best[1]].id, members[best[1]].comment


def _campaign_entries(grouped: _Grouped, placed: dict[str, Placement]) -> list[CampaignEntry]:
    entries = []
    for cid, found in grouped.members.items():
        live = [c for c in found if c.id in placed]
        positions = Counter(c.position if c.position in POSITIONS else "" for c in live)
        provisions: list[tuple[tuple[int, str], str]] = []
        for c in live:
            key = _row_key(c, placed[c.id])
            cite = "" if key[0] == -1 else placed[c.id].citation
            if (key, cite) not in provisions:
                provisions.append((key, cite))
        representative, text = grouped.standing[cid]
        entries.append(CampaignEntry(
            id=cid, count=len(found),
            published=sum(1 for c in found if c.status == "published"),
            text=_cut(text, CAMPAIGN_CHARS), representative=representative,
            positions=sorted(positions.items(), key=lambda kv: (-kv[1], POSITIONS.index(kv[0]))),
            provisions=[cite for _, cite in sorted(provisions)],
        ))
    return sorted(entries, key=lambda e: (-e.count, e.id))


def _organisations(counted: list[Comment]) -> list[Organisation]:
    """Organisations named on published comments, one entry per name (case and spacing
    aside), spelled as first received."""
    found: dict[str, tuple[str, Counter[str]]] = {}
    for c in counted:
        if c.status != "published" or not c.organization.strip():
            continue
        key = " ".join(c.organization.casefold().split())
        _, positions = found.setdefault(key, (" ".join(c.organization.split()), Counter()))
        positions[c.position if c.position in POSITIONS else ""] += 1
    orgs = [Organisation(name, sum(positions.values()),
                         sorted(positions.items(), key=lambda kv: (-kv[1],
                                                                   POSITIONS.index(kv[0]))))
            for name, positions in found.values()]
    return sorted(orgs, key=lambda o: (-o.comments, o.name.casefold()))


def _cut(text: str, limit: int) -> str:
    """``text`` on one line, cut at a space (or anywhere, in Chinese) to ``limit``
    characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"

