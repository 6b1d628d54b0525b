"""Satisfaction rates, their marks at the thresholds' very edges, the latest rating, rounds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from generator.responses.model import Rating, Round, Thresholds
from generator.responses.satisfaction import (
    HANDLE_AGAIN,
    REPORT_PUBLICLY,
    Satisfaction,
    evaluate,
    marks,
    round_of,
    satisfaction_of,
)

from .test_answers import response

CHICAGO = ZoneInfo("America/Chicago")
DEFAULT = Thresholds()


def rating(comment: str, kind: str, when: datetime = datetime(2026, 12, 5, 12, tzinfo=UTC),
           sid: str = "") -> Rating:
    return Rating(comment, when, kind, "local", sid or f"{comment}-{when.isoformat()}")


def ratings(good: int, bad: int, basically: int = 0) -> list[Rating]:
    kinds = ["satisfied"] * good + ["basically-satisfied"] * basically + ["dissatisfied"] * bad
    return [rating(f"C{n}", kind) for n, kind in enumerate(kinds)]


@pytest.mark.parametrize(("good", "bad", "expected"), [
    (4, 1, ()),                                    # exactly 80 %: not below it
    (79, 21, (HANDLE_AGAIN,)),                     # 79 %
    (3, 2, (HANDLE_AGAIN,)),                       # exactly 60 %: to be handled again only
    (59, 41, (HANDLE_AGAIN, REPORT_PUBLICLY)),     # 59 %
    (0, 3, (HANDLE_AGAIN, REPORT_PUBLICLY)),
    (0, 0, ()),                                    # no rating: nothing to judge
])
def test_marks_at_the_thresholds_edges(good, bad, expected):
    assert marks(Satisfaction.of(ratings(good, bad)), DEFAULT) == expected


def test_basically_satisfied_counts_as_satisfied():
    found = Satisfaction.of(ratings(1, 1, basically=2))
    assert (found.ratings, found.satisfied, found.basically, found.dissatisfied) == (4, 1, 2, 1)
    assert found.rate == 0.75
    assert Satisfaction().rate is None


def test_thresholds_from_the_site_are_used_exactly():
    assert marks(Satisfaction.of(ratings(57, 43)), Thresholds(57.5, 57)) == (HANDLE_AGAIN,)
    assert marks(Satisfaction.of(ratings(3, 2)), Thresholds(60, 60)) == ()


def test_the_latest_rating_of_a_comment_counts():
    early = rating("C1", "dissatisfied", datetime(2026, 12, 1, tzinfo=UTC))
    later = rating("C1", "satisfied", datetime(2026, 12, 3, tzinfo=UTC))
    assert Satisfaction.of([later, early]) == Satisfaction(1, 1, 0, 0)


ROUNDS = [Round("supervisor-1", "Committee", date(2026, 12, 1), date(2026, 12, 31)),
          Round("standing-1", "Standing Committee", date(2027, 1, 1), date(2027, 1, 31))]


def test_a_rating_counts_in_the_round_of_its_day_in_the_sites_time_zone():
    # 05:00 UTC on 1 January is still 31 December in Chicago.
    late_evening = rating("C1", "satisfied", datetime(2027, 1, 1, 5, tzinfo=UTC))
    assert round_of(late_evening, ROUNDS, CHICAGO).id == "supervisor-1"
    assert round_of(late_evening, ROUNDS, UTC).id == "standing-1"
    assert round_of(rating("C1", "satisfied", datetime(2027, 3, 1, tzinfo=UTC)), ROUNDS,
                    CHICAGO) is None


def test_rounds_are_counted_apart():
    first = [rating("C1", "dissatisfied", datetime(2026, 12, 5, tzinfo=UTC)),
             rating("C2", "dissatisfied", datetime(2026, 12, 6, tzinfo=UTC))]
    second = [rating("C1", "satisfied", datetime(2027, 1, 5, tzinfo=UTC)),
              rating("C2", "basically-satisfied", datetime(2027, 1, 6, tzinfo=UTC))]
    found = evaluate(first + second, ROUNDS, DEFAULT, CHICAGO)
    supervisor, standing = found.rounds
    assert supervisor.satisfaction == Satisfaction(2, 0, 0, 2)
    assert supervisor.marks == (HANDLE_AGAIN, REPORT_PUBLICLY)
    assert standing.satisfaction == Satisfaction(2, 1, 1, 0) and standing.marks == ()
    # Overall, each comment counts once, as it rated last.
    assert found.satisfaction == Satisfaction(2, 1, 1, 0) and found.marks == ()


def test_a_response_is_rated_by_the_comments_it_answers_and_dissatisfaction_means_closer_supervision():
    fees, other = response("r-fees", campaign="CMP-1"), response("r-other", ["C3"])
    answered = {"C1": fees, "C2": fees, "C3": other}
    found = satisfaction_of([fees, other], answered,
                            [rating("C1", "satisfied"), rating("C2", "dissatisfied"),
                             rating("C3", "satisfied"), rating("C9", "dissatisfied")],
                            ROUNDS, DEFAULT, CHICAGO)
    assert found.responses["r-fees"].satisfaction == Satisfaction(2, 1, 0, 1)
    assert found.responses["r-fees"].report_publicly  # 50 %
    assert found.responses["r-other"].marks == ()
    assert found.overall.satisfaction == Satisfaction(3, 2, 0, 1)  # C9 answered by nothing
    assert found.closer_supervision(fees) and not found.closer_supervision(other)
