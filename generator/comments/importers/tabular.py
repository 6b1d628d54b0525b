"""Reading exports: CSV and JSON files, what they are from their content, columns by name,
and the many ways a time is written.

Every failure is a ``path:line`` problem (``SourceError``); a file is streamed, so an export
of a million rows is read in constant memory.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ...problems import Problem
from ..rows import SourceError

MAX_FIELD = 16 * 1024 * 1024  # a cell may hold a long comment; the csv module's default is 128 KiB
SQLITE_MAGIC = b"SQLite format 3\x00"


def fail(path: str, line: int, message: str) -> SourceError:
    return SourceError([Problem(path, line, message)])


def listed(headers: list[str]) -> str:
    """An export's column headings for a message, each quoted as Python writes a string: a
    heading is the export's text, and its escape sequences or bidi overrides would act on
    the terminal the message is printed to."""
    return ", ".join(repr(heading) for heading in headers)


def kind_of(path: Path, shown: str) -> str:
    """What the file is, from its first bytes: ``sqlite``, ``json`` (an object or a list),
    ``jsonl`` (one object per line), ``csv``, or ``empty``. The extension is not trusted: a
    download named ``export`` or ``responses.txt`` is recognised all the same."""
    try:
        with open(path, "rb") as file:
            head = file.read(65536)
    except OSError as exc:
        raise fail(shown, 0, f"cannot read: {exc.strerror or exc}") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        return "empty"
    if text[:1] == b"[":
        return "json"
    if text[:1] == b"{":
        first = text.split(b"\n", 1)[0].strip()
        try:
            json.loads(first)
        except ValueError:
            return "json"  # an object spread over several lines
        rest = text.split(b"\n", 1)[1].strip() if b"\n" in text else b""
        return "jsonl" if rest.startswith(b"{") else "json"
    return "csv"


def read_text(path: Path, shown: str) -> str:
    """An export's text (a BOM dropped), or its ``path:line`` if it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(shown, first_bad_line(path), "not UTF-8 text") from exc
    except OSError as exc:
        raise fail(shown, 0, f"cannot read: {exc.strerror or exc}") from exc


def read_json(path: Path, shown: str) -> Any:
    text = read_text(path, shown)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(shown, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise fail(shown, 1, "not valid JSON: nested too deeply") from exc


def read_jsonl(path: Path, shown: str) -> Iterator[tuple[int, Any]]:
    """(line, value) for each non-blank line of a JSON Lines file (a webhook log)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            for number, line in enumerate(file, start=1):
                if line.strip():
                    try:
                        yield number, json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise fail(shown, number, f"not valid JSON: {exc.msg}") from exc
    except UnicodeDecodeError as exc:
        raise fail(shown, first_bad_line(path), "not UTF-8 text") from exc


def read_csv(path: Path, shown: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and (line where the record starts, {column: cell}) for each record.

    A record may span lines (a comment with paragraphs): its line is where it starts, the
    line a person finds in an editor. A cell in a column with no heading, or a heading
    repeated, is kept under ``column N`` so nothing in the row is lost."""
    csv.field_size_limit(max(csv.field_size_limit(), min(MAX_FIELD, sys.maxsize)))
    try:
        file = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise fail(shown, 0, f"cannot read: {exc.strerror or exc}") from exc
    reader = csv.reader(file)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        file.close()
        line = first_bad_line(path) if isinstance(exc, UnicodeDecodeError) else reader.line_num
        raise fail(shown, line or 1, _csv_reason(exc)) from exc
    if header is None:
        file.close()
        raise fail(shown, 1, "empty file: no header row")
    names = _unique([h.strip() for h in header])

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        with file:
            start = reader.line_num + 1
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except (csv.Error, UnicodeDecodeError) as exc:
                    line = first_bad_line(path) if isinstance(exc, UnicodeDecodeError) else start
                    raise fail(shown, line, _csv_reason(exc)) from exc
                if "".join(record).strip():
                    row = dict(zip(names, record, strict=False))
                    for extra, cell in enumerate(record[len(names):], start=len(names) + 1):
                        row[f"column {extra}"] = cell
                    yield start, row
                start = reader.line_num + 1

    return names, records()


def first_bad_line(path: Path) -> int:
    """The first line that is not UTF-8 (text files are decoded in chunks, so the error
    itself does not say where)."""
    with open(path, "rb") as file:
        for number, line in enumerate(file, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _csv_reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text (save the export as UTF-8 CSV)"
    return f"not readable as CSV: {exc}"


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for number, name in enumerate(names, start=1):
        name = name or f"column {number}"
        if name in seen:
            name = f"{name} (column {number})"
        seen.add(name)
        out.append(name)
    return out


def squash(heading: str) -> str:
    """A heading compared loosely: case, spaces and punctuation do not count."""
    return re.sub(r"[\W_]+", "", heading.casefold())


def match_columns(headers: list[str], aliases: dict[str, tuple[str, ...]],
                  explicit: dict[str, str], shown: str) -> dict[str, str]:
    """Field -> the column holding it. ``explicit`` (given on the command line or in
    site.yaml) wins and must exist; otherwise the first heading that reads like one of a
    field's aliases."""
    by_squash: dict[str, str] = {}
    for heading in headers:
        by_squash.setdefault(squash(heading), heading)
    found: dict[str, str] = {}
    for field, column in explicit.items():
        if column in headers:
            found[field] = column
        elif squash(column) in by_squash:
            found[field] = by_squash[squash(column)]
        else:
            raise fail(shown, 1, f"no column {column!r} for {field} (the columns are: "
                       f"{listed(headers)})")
    for field, names in aliases.items():
        if field in found:
            continue
        for name in names:
            if squash(name) in by_squash and by_squash[squash(name)] not in found.values():
                found[field] = by_squash[squash(name)]
                break
    return found


# The ways exports write a time. A time without a zone is in the site's zone.
FORMATS = (
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %I:%M %p",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%m/%d/%Y",
    "%Y/%m/%d", "%Y-%m-%d",
)
GMT = re.compile(r"\s*(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$")


def parse_time(value: object, tz: ZoneInfo) -> datetime | None:
    """A time as an aware datetime, or None if it cannot be read as one. Reads ISO 8601
    (``2026-11-03T20:05:09.123Z``), Unix seconds or milliseconds, Google Forms'
    ``2026/11/03 2:05:09 PM GMT-6`` and the usual spreadsheet spellings."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, tz)
        except (OverflowError, OSError, ValueError):
            return None
    text = " ".join(str(value or "").split())
    if not text:
        return None
    offset = None
    if match := GMT.search(text):
        sign, hours, minutes = match.groups()
        offset = f"{sign}{int(hours):02d}:{minutes or '00'}"
        text = text[: match.start()]
    text = text.replace("a.m.", "AM").replace("p.m.", "PM")
    moment = None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        for pattern in FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    if offset:
        moment = datetime.fromisoformat(moment.replace(tzinfo=None).isoformat() + offset)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    try:
        moment.astimezone(UTC), moment.astimezone(tz)
    except OverflowError:  # a time at the calendar's ends, which no other zone can show
        return None
    return moment
