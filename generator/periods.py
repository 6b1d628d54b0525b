"""Comment periods and hearings in the site's time zone: when they open, close or take place,
and where they stand now."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from .model import CommentPeriod

State = Literal["open", "closing", "upcoming", "closed", "none"]
CLOSING_SOON = timedelta(days=7)


def as_moment(value: date | datetime, tz: ZoneInfo, end_of_day: bool = False) -> datetime:
    """An aware datetime. A bare date means the whole day: its start, or its last second."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    clock = time(23, 59, 59) if end_of_day else time(0, 0)
    return datetime.combine(value, clock, tzinfo=tz)


def bounds(period: CommentPeriod, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return as_moment(period.opens, tz), as_moment(period.closes, tz, end_of_day=True)


def state(period: CommentPeriod | None, now: datetime, tz: ZoneInfo) -> State:
    """``closing`` is an open period with a week or less to run."""
    if period is None:
        return "none"
    opens, closes = bounds(period, tz)
    if now < opens:
        return "upcoming"
    if now > closes:
        return "closed"
    return "closing" if closes - now <= CLOSING_SOON else "open"


def hearing_held(when: date | datetime, now: datetime, tz: ZoneInfo) -> bool:
    """Whether a hearing has taken place by ``now``: a timed one once it has begun, one given
    as a bare date (all day) once that day is over. Its date is one of the draft's moments
    (``incremental.moments``), so a build after it re-renders the pages that say "upcoming".
    """
    return as_moment(when, tz, end_of_day=not isinstance(when, datetime)) <= now
