"""Hearings as an iCalendar file (RFC 5545), for a reader's calendar program.

Written by hand, it is small: a VCALENDAR of one VEVENT per hearing. The parts a
calendar program is strict about:

- ``UID`` is the draft's slug and the hearing's id at the site's host, so an edited hearing
  (moved, a new place) replaces the old one in a subscribed calendar instead of doubling it;
- ``DTSTAMP`` is in UTC and comes from the draft, not the build's clock (the latest version's
  date): an unchanged draft gives the same bytes, as every output of a build does;
- a timed hearing starts at a UTC time (``...Z``: no VTIMEZONE to carry), a hearing given as
  a date is an all-day event (``VALUE=DATE``, ending the next day);
- text escapes backslashes, semicolons, commas and newlines; lines end CRLF and are folded
  at 75 octets, never inside a UTF-8 character (Chinese text is three octets a character).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .. import __version__
from ..model import Draft, Hearing
from ..periods import as_moment

LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    """One hearing as a calendar shows it."""

    uid: str
    stamp: datetime  # UTC
    start: date | datetime  # a datetime (aware) or a whole day
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """One content line folded (RFC 5545 3.1): at most 75 octets a line, each further line
    starting with a space, never splitting a UTF-8 character; ends with CRLF."""
    out: list[str] = []
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            out.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # (the leading space counts)
        current.append(char)
        size += octets
    out.append("".join(current))
    return "\r\n ".join(out) + "\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: Event) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{_utc(event.stamp)}"]
    if isinstance(event.start, datetime):
        lines.append(f"DTSTART:{_utc(event.start)}")
    else:
        lines += [f"DTSTART;VALUE=DATE:{event.start.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(event.start + timedelta(days=1)).strftime('%Y%m%d')}"]
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")  # a URI value: not TEXT-escaped
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], name: str) -> str:
    """A whole .ics file."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//Docket//Docket {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for event in events:
        lines += event_lines(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def hearing_event(draft: Draft, hearing: Hearing, tz: ZoneInfo, host: str, summary: str,
                  url: str) -> Event:
    """A hearing of ``draft`` as an event; ``summary`` is its title in the draft's language,
    ``url`` the packet's page."""
    latest = max(v.meta.date for v in draft.versions)
    stamp = datetime.combine(latest, time(0, 0), tzinfo=tz).astimezone(UTC)
    start: date | datetime = (as_moment(hearing.date, tz) if isinstance(hearing.date, datetime)
                              else hearing.date)
    where = ", ".join(x for x in (hearing.place,) if x)
    description = "\n".join([*(f"- {item}" for item in hearing.agenda), url]).strip()
    return Event(uid=f"{draft.slug}-{hearing.id}@{host}", stamp=stamp, start=start,
                 summary=summary, location=where, description=description, url=url)
