"""What the legislature did with what it heard: responses, their follow-ups, and ratings.

A response answers one suggestion and publishes six things about it (who made it, what it
says, the unit and person who handled it, the unit and person who supervised the handling,
the plan, the result). Staff write them in ``drafts/<slug>/responses.yaml`` (``load.py``
reads and checks it); commenters rate them (``Rating``) in rounds (``Round``) run by the
supervising unit and again by the standing committee, so the two evaluations count apart.

Plain frozen dataclasses, no I/O: the loader, the importer, the pages and the open data all
read these, and none may change what another reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ConfigDict, with_config

# The handling's stages at which someone contacted the author, in the order they happen.
STAGES: tuple[str, ...] = ("before", "during", "after", "spot-check")

# What became of a suggestion, in the order a page totals them.
RESULTS: tuple[str, ...] = ("accepted", "partly-accepted", "not-accepted", "noted", "in-progress")

# What a commenter may answer when asked about the response to their comment.
RATINGS: tuple[str, ...] = ("satisfied", "basically-satisfied", "dissatisfied")

# What a response answers: ``answers: {comments: [...]}``, ``{campaign: ...}`` or
# ``{provision: ...}`` (exactly one).
ANSWERS: tuple[str, ...] = ("comments", "campaign", "provision")


@dataclass(frozen=True)
class Unit:
    """A body and the person in it who is accountable (``handled_by``, ``supervised_by``)."""

    unit: str
    person: str


@dataclass(frozen=True)
class FollowUp:
    """One contact with the suggestion's author: when, at which stage, by whom, and what."""

    date: date
    stage: str  # one of STAGES
    by: str
    note: str


@dataclass(frozen=True)
class Response:
    """One entry of responses.yaml. Exactly one of ``comments``, ``campaign`` and
    ``provision`` is non-empty: it says which suggestion this answers."""

    id: str  # stable: used in URLs and feed entry ids
    line: int  # where the entry starts in responses.yaml (for problems found later)
    summary: str  # the suggestion, in the staff's words
    handled_by: Unit
    supervised_by: Unit
    plan: str
    result: str  # one of RESULTS
    reason: str
    changed_in: str  # the version slug that carries the change ("" if none)
    key: bool  # a key suggestion, under closer supervision
    follow_ups: tuple[FollowUp, ...]
    date: date | None  # when the response was given
    comments: tuple[str, ...]  # answered comment ids
    campaign: str  # or: the answered campaign id
    provision: str  # or: the provision id whose published comments it answers

    @property
    def answers(self) -> str:
        """Which kind of suggestion this answers: ``comments``, ``campaign`` or ``provision``."""
        if self.campaign:
            return "campaign"
        if self.provision:
            return "provision"
        return "comments"


@dataclass(frozen=True)
class Rating:
    """A commenter's rating of the response to their comment (its remark is kept private,
    apart from this record, and never published)."""

    comment_id: str
    received_date: datetime  # UTC
    rating: str  # one of RATINGS
    source: str  # the importer it came through: local, formspree, netlify...
    source_id: str  # its id at the source: what makes a re-import a no-op

    def key(self) -> tuple[str, str]:
        """What identifies it at its source: a re-import of the same row finds this."""
        return self.source, self.source_id


# draft.yaml reads rounds straight into ``Round`` (``DraftMeta.rating_rounds``), as strictly
# as the rest of draft.yaml: an unknown key is an error naming the nearest known one.
@with_config(ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True))
@dataclass(frozen=True)
class Round:
    """A round of rating (draft.yaml ``rating_rounds``): who runs it and when it is open
    (whole days in the site's time zone, both included)."""

    id: str
    run_by: str
    opens: date
    closes: date


# site.yaml ``satisfaction:``: the rates (in per cent) below which a response is marked.
@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class Thresholds:
    """Below ``handle_again`` % satisfied a response is to be handled again; below
    ``report_publicly`` %, to be reported publicly (and listed at the top of its page)."""

    handle_again: float = 80
    report_publicly: float = 60
