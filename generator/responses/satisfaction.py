"""How satisfied the authors are with the responses to their suggestions.

Each commenter may rate the response to their comment: satisfied, basically satisfied or
dissatisfied. The satisfaction rate is (satisfied + basically satisfied) / ratings. Below the
site's first threshold (80 % unless site.yaml says otherwise) a response is to be handled
again; below the second (60 %), to be reported publicly. A response whose authors are
dissatisfied (any of them) is under closer supervision, as a key suggestion is.

Ratings come in rounds (the supervising unit's evaluation, then the standing committee's):
a rating counts in the round whose dates, in the site's time zone, hold the day it came in,
so the two evaluations are counted apart. One rating per comment counts in each count, its
latest: a commenter who changes their mind is counted once, as they think now.

The thresholds are compared in whole numbers (``100 * good < threshold * ratings``), never
through a rounded float: 4 of 5 is exactly 80 % and is not "below 80 %".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

from .model import Rating, Response, Round, Thresholds

HANDLE_AGAIN = "handle-again"
REPORT_PUBLICLY = "report-publicly"


@dataclass(frozen=True)
class Satisfaction:
    """The counts of one set of ratings (each comment's latest only)."""

    ratings: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0

    @property
    def good(self) -> int:
        """Satisfied or basically satisfied."""
        return self.satisfied + self.basically

    @property
    def rate(self) -> float | None:
        """(satisfied + basically satisfied) / ratings, from 0 to 1; None with no rating."""
        return self.good / self.ratings if self.ratings else None

    @property
    def percent(self) -> str:
        """The rate as a page shows it: ``80``, ``66.7`` ("" with no rating)."""
        if not self.ratings:
            return ""
        return f"{round(100 * self.good / self.ratings, 1):g}"

    @classmethod
    def of(cls, ratings: Iterable[Rating]) -> Satisfaction:
        """The counts of ``ratings``, each comment counted once, by its latest rating."""
        counted = latest(ratings)
        kinds = [r.rating for r in counted]
        return cls(len(kinds), kinds.count("satisfied"), kinds.count("basically-satisfied"),
                   kinds.count("dissatisfied"))


def latest(ratings: Iterable[Rating]) -> list[Rating]:
    """Each comment's latest rating (ties: the last by source and id, so always the same one),
    by comment id."""
    found: dict[str, Rating] = {}
    for rating in sorted(ratings, key=lambda r: (r.received_date, r.source, r.source_id)):
        found[rating.comment_id] = rating
    return [found[k] for k in sorted(found)]


def below(satisfaction: Satisfaction, percent: float) -> bool:
    """Is the rate strictly below ``percent`` %? (False with no rating: nothing to judge.)"""
    if not satisfaction.ratings:
        return False
    return 100 * satisfaction.good < Fraction(str(percent)) * satisfaction.ratings


def marks(satisfaction: Satisfaction, thresholds: Thresholds) -> tuple[str, ...]:
    """``handle-again`` below the first threshold, and ``report-publicly`` too below the
    second; none with no rating."""
    found = []
    if below(satisfaction, thresholds.handle_again):
        found.append(HANDLE_AGAIN)
    if below(satisfaction, thresholds.report_publicly):
        found.append(REPORT_PUBLICLY)
    return tuple(found)


def round_of(rating: Rating, rounds: Iterable[Round], tz: ZoneInfo) -> Round | None:
    """The round whose dates (the site's days, both included) hold the rating's day."""
    day = rating.received_date.astimezone(tz).date()
    return next((r for r in rounds if r.opens <= day <= r.closes), None)


class Marked:
    """What a satisfaction's marks say, for a round's count and an evaluation alike."""

    marks: tuple[str, ...]

    @property
    def handle_again(self) -> bool:
        return HANDLE_AGAIN in self.marks

    @property
    def report_publicly(self) -> bool:
        return REPORT_PUBLICLY in self.marks


@dataclass(frozen=True)
class RoundCount(Marked):
    """One round's satisfaction, with its marks."""

    round: Round
    satisfaction: Satisfaction
    marks: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation(Marked):
    """One response's satisfaction (or a draft's): over all its ratings and per round."""

    satisfaction: Satisfaction
    marks: tuple[str, ...]
    rounds: tuple[RoundCount, ...]


def evaluate(ratings: Iterable[Rating], rounds: list[Round], thresholds: Thresholds,
             tz: ZoneInfo) -> Evaluation:
    """The satisfaction of ``ratings`` overall (each comment's latest rating) and per round
    (each comment's latest rating within the round)."""
    ratings = list(ratings)
    by_round: dict[str, list[Rating]] = {r.id: [] for r in rounds}
    for rating in ratings:
        if (found := round_of(rating, rounds, tz)) is not None:
            by_round[found.id].append(rating)
    overall = Satisfaction.of(ratings)
    counts = []
    for rnd in rounds:
        satisfaction = Satisfaction.of(by_round[rnd.id])
        counts.append(RoundCount(rnd, satisfaction, marks(satisfaction, thresholds)))
    return Evaluation(overall, marks(overall, thresholds), tuple(counts))


@dataclass(frozen=True)
class DraftSatisfaction:
    """A draft's responses as their authors rated them."""

    overall: Evaluation
    responses: Mapping[str, Evaluation]  # response id -> its evaluation

    def closer_supervision(self, response: Response) -> bool:
        """A key suggestion, or one whose authors are dissatisfied (any of them, by their
        latest rating), is under closer supervision."""
        found = self.responses.get(response.id)
        return response.key or bool(found and found.satisfaction.dissatisfied)


def satisfaction_of(responses: Iterable[Response], answered: Mapping[str, Response],
                    ratings: Iterable[Rating], rounds: list[Round], thresholds: Thresholds,
                    tz: ZoneInfo) -> DraftSatisfaction:
    """Every response's evaluation from the ratings of the comments it answers
    (``answered_comments``), and the draft's over all of them. A rating of a comment no
    response answers rated nothing and is not counted."""
    of_response: dict[str, list[Rating]] = {r.id: [] for r in responses}
    counted = []
    for rating in ratings:
        response = answered.get(rating.comment_id)
        if response is not None and response.id in of_response:
            of_response[response.id].append(rating)
            counted.append(rating)
    return DraftSatisfaction(
        evaluate(counted, rounds, thresholds, tz),
        {rid: evaluate(found, rounds, thresholds, tz) for rid, found in of_response.items()})
