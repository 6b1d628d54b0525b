"""Ratings into the store, from every source comments come from: ``docket comments import``.

Sources: the intake's ``comments.db`` (its ``ratings`` table, read only when the intake has
one), and the ratings form's exports from the hosted providers (CSV, JSON or JSON Lines
with the form's ``tracking``, ``rating`` and ``remark`` fields: Formspree's and Netlify's
exports and APIs, Tally's CSV and webhook events, Google Forms' CSV, any CSV). Columns are
recognised by name, as comment columns are (``--map rating="How satisfied are you?"``).

A rating joins the comment whose tracking number it quotes (its Docket id, or the number
the source gave it; case and the usual O/0, I/1 confusions aside), in that comment's draft.
As with comments: nothing lost (a row that names no known comment, has no readable time or
a rating outside the three is quarantined with its place and reason, once however often the
import runs), nothing doubled (a rating already imported from that source, matched by its id
there or a hash of the row, is counted as already present), and all or nothing (every file
changed in one transaction of the store). The remark goes to ``.docket-private/``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..comments.ids import content_id
from ..comments.importers.tabular import (
    fail,
    kind_of,
    listed,
    match_columns,
    parse_time,
    read_csv,
    read_json,
    read_jsonl,
)
from ..comments.importing import _plain, _stage_quarantine
from ..comments.record import utc_text
from ..comments.rows import SourceError
from ..comments.store import Transaction, as_line, comments_file, lines_of, locked
from ..intake.tracking import normalize
from ..problems import Problem
from .model import RATINGS, Rating
from .ratings import rating_from_json, rating_to_json, ratings_file, remarks_file, sort_key

RATING_FIELDS = ("tracking", "rating", "remark", "received", "source_id")
ALIASES: dict[str, tuple[str, ...]] = {
    "tracking": ("tracking", "tracking number", "tracking_number", "your tracking number",
                 "comment number", "跟踪号", "意见编号", "编号"),
    "rating": ("rating", "satisfaction", "how satisfied are you", "are you satisfied",
               "满意度", "评价", "是否满意"),
    "remark": ("remark", "remarks", "comment on the response", "note", "备注", "补充说明"),
    "received": ("received", "received_at", "_date", "date", "submitted at", "submitted_at",
                 "created_at", "created at", "createdat", "timestamp", "submission date",
                 "提交时间"),
    "source_id": ("id", "_id", "submission id", "submissionid", "response id", "responseid"),
}
# How people and forms write the three answers (case, spaces and hyphens aside).
SPELLINGS = {
    "satisfied": "satisfied", "verysatisfied": "satisfied", "满意": "satisfied",
    "basicallysatisfied": "basically-satisfied", "basically": "basically-satisfied",
    "mostlysatisfied": "basically-satisfied", "基本满意": "basically-satisfied",
    "dissatisfied": "dissatisfied", "notsatisfied": "dissatisfied",
    "unsatisfied": "dissatisfied", "不满意": "dissatisfied",
}


@dataclass
class RatingRow:
    """One rating as a source gave it, not yet judged."""

    at: int  # its line in a CSV or JSON Lines file, its place in a JSON list, a table row id
    unit: str  # "line", "item" or "row"
    values: dict[str, Any]  # by RATING_FIELDS
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class RatingCounts:
    imported: int = 0
    present: int = 0
    quarantined: int = 0

    def summary(self) -> str:
        return (f"ratings imported: {self.imported}, already present: {self.present}, "
                f"quarantined: {self.quarantined}")


@dataclass
class RatingResult:
    counts: RatingCounts
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def spelled(value: object) -> str | None:
    """The rating a cell means, or None."""
    key = "".join(ch for ch in str(value or "").casefold() if ch.isalnum())
    return SPELLINGS.get(key)


# ---------------------------------------------------------------- reading sources


def local_rows(path: Path, shown: str) -> Iterator[RatingRow] | None:
    """The intake database's ratings, in one read transaction; None if it has no ratings
    table (an intake from before ratings)."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise fail(shown, 0, f"cannot open the database: {exc}") from exc
    try:
        db.execute("BEGIN")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "ratings" not in tables:
            return None
        columns = ("id", "tracking", "received_at", "rating", "remark")
        found = {r[1] for r in db.execute("PRAGMA table_info(ratings)")}
        if missing := [c for c in columns if c not in found]:
            raise fail(shown, 0, f"not a Docket ratings table (no {', '.join(missing)})")
        rows = db.execute(f"SELECT {', '.join(columns)} FROM ratings ORDER BY id").fetchall()
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        raise fail(shown, 0, f"cannot read the database: {exc}") from exc
    finally:
        db.close()
    # The source id is the time and number, not the row's id: a new database (another
    # server, or the old one removed once imported) counts its rows from 1 again.
    return iter([RatingRow(row[0], "row", {"tracking": row[1], "received": row[2],
                                           "rating": row[3], "remark": row[4] or "",
                                           "source_id": f"{row[2]} {row[1]}"},
                           dict(zip(columns, row, strict=True))) for row in rows])


def _flatten(item: Any) -> dict[str, Any] | None:
    """One exported submission as {field name: value}: Netlify's and Formspree's ``data``
    merged in, Tally's ``fields`` by their labels."""
    if not isinstance(item, dict):
        return None
    flat = {k: v for k, v in item.items() if not isinstance(v, dict | list)}
    data = item.get("data")
    if isinstance(data, dict):
        if isinstance(data.get("fields"), list):  # Tally: {label, value} per question
            for f in data["fields"]:
                if isinstance(f, dict) and "label" in f:
                    value = f.get("value")
                    if isinstance(value, list) and f.get("options"):  # a choice: its text
                        names = {o.get("id"): o.get("text") for o in f["options"]
                                 if isinstance(o, dict)}
                        value = ", ".join(str(names.get(v, v)) for v in value)
                    flat[str(f["label"])] = value
            for key in ("submissionId", "responseId", "createdAt"):
                if key in data:
                    flat[key] = data[key]
        else:
            flat.update({k: v for k, v in data.items() if not isinstance(v, dict | list)})
    return flat


def export_items(path: Path, shown: str) -> tuple[str, Iterator[tuple[int, dict[str, Any]]]]:
    """("line" or "item", each submission of an export as a flat mapping)."""
    kind = kind_of(path, shown)
    if kind == "csv":
        return "line", read_csv(path, shown)[1]
    if kind == "empty":
        return "line", iter([])
    if kind == "jsonl":
        return "line", ((n, _flatten(v) or {}) for n, v in read_jsonl(path, shown))
    if kind != "json":
        raise fail(shown, 1, "not a ratings export (CSV or JSON)")
    data = read_json(path, shown)
    if isinstance(data, dict):
        data = data.get("submissions", data.get("data", [data]))
    if not isinstance(data, list):
        raise fail(shown, 1, "not a ratings export (a list of submissions)")
    return "item", ((n, _flatten(v) or {}) for n, v in enumerate(data, start=1))


def export_columns(path: Path, shown: str) -> list[str]:
    """The field names of an export (its header, or the keys of its first submission)."""
    kind = kind_of(path, shown)
    if kind == "csv":
        return read_csv(path, shown)[0]
    if kind in ("json", "jsonl"):
        for _, item in export_items(path, shown)[1]:
            return list(item)
    return []


def is_ratings_export(path: Path, shown: str, explicit: dict[str, str]) -> bool:
    """An export of the ratings form: a tracking and a rating column, and no comment."""
    try:
        columns = export_columns(path, shown)
        found = match_columns(columns, ALIASES, explicit, shown)
    except SourceError:
        return False
    has_comment = any(c.strip().casefold() in ("comment", "your comment", "意见")
                      for c in columns)
    return "tracking" in found and "rating" in found and not has_comment


def export_rows(path: Path, shown: str, explicit: dict[str, str]) -> Iterator[RatingRow]:
    unit, items = export_items(path, shown)
    columns: dict[str, str] | None = None
    for at, item in items:
        if columns is None:
            columns = match_columns(list(item), ALIASES, explicit, shown)
            if "tracking" not in columns or "rating" not in columns:
                raise fail(shown, 1, "not a ratings export: it needs a tracking number and a "
                           f"rating column (the columns are: {listed(list(item))})")
        values = {name: item.get(column, "") for name, column in columns.items()}
        yield RatingRow(at, unit, values, dict(item))


# ---------------------------------------------------------------- into the store


def import_ratings(root: Path, drafts: Iterable[str], provider: str, rows: Iterable[RatingRow],
                   shown: str, source: str, tz: ZoneInfo) -> RatingResult:
    """Judge each row, then write the new ratings, their remarks and the quarantined rows
    in one transaction; a source found unreadable midway writes nothing."""
    counts = RatingCounts()
    problems: list[Problem] = []
    drafts = list(drafts)
    with locked(root):
        owner: dict[str, tuple[str, str]] = {}  # tracking or id (upper case) -> (draft, id)
        for slug in drafts:
            for _, _, value in lines_of(comments_file(root, slug), root):
                cid = str(value.get("id", ""))
                owner[cid.upper()] = (slug, cid)
                if value.get("tracking_number"):
                    owner.setdefault(str(value["tracking_number"]).upper(), (slug, cid))
        keys = {(slug, (str(v.get("source", "")), str(v.get("source_id", ""))))
                for slug in drafts for _, _, v in lines_of(ratings_file(root, slug), root)}
        seen = {key for _, key in keys}
        # Imported when the intake's row id was its source id: known by comment and time.
        by_row_id = {(str(v.get("comment_id")), str(v.get("received_date")))
                     for slug in drafts for _, _, v in lines_of(ratings_file(root, slug), root)
                     if v.get("source") == "local" and str(v.get("source_id", "")).isdigit()}
        new: dict[str, list[Rating]] = {}
        remarks: dict[str, list[dict[str, str]]] = {}
        held: list[dict[str, Any]] = []
        try:
            for row in rows:
                values = row.values
                source_id = str(values.get("source_id") or "").strip() or content_id(
                    {k: str(v) for k, v in row.raw.items()})
                if (provider, source_id) in seen:
                    counts.present += 1
                    continue
                verdict = _judge(row, owner, tz)
                if isinstance(verdict, str):
                    counts.quarantined += 1
                    where = "" if row.unit == "line" else f" ({row.unit} {row.at})"
                    problems.append(Problem(shown, row.at if row.unit == "line" else 0,
                                            f"quarantined{where}: {verdict}"))
                    held.append({"source": source, "provider": provider, "unit": row.unit,
                                 "at": row.at, "reason": verdict, "row": _plain(row.raw)})
                    continue
                slug, cid, when, rating, remark = verdict
                seen.add((provider, source_id))
                if provider == "local" and (cid, utc_text(when)) in by_row_id:
                    counts.present += 1
                    continue
                counts.imported += 1
                new.setdefault(slug, []).append(Rating(cid, when, rating, provider, source_id))
                if remark:
                    remarks.setdefault(slug, []).append(
                        {"source": provider, "source_id": source_id, "comment_id": cid,
                         "remark": remark})
        except SourceError as exc:
            return RatingResult(RatingCounts(), exc.problems)
        transaction = Transaction(root)
        for slug, found in sorted(new.items()):
            path = ratings_file(root, slug)
            old = [value for _, _, value in lines_of(path, root)]
            for value in old:  # (a hand-edited line stops the import here, not the build)
                rating_from_json(value)
            lines = sorted(old + [rating_to_json(r) for r in found], key=sort_key)
            transaction.stage(path, [as_line(v) for v in lines])
        for slug, found_remarks in sorted(remarks.items()):
            path = remarks_file(root, slug)
            old = [value for _, _, value in lines_of(path, root)]
            lines = sorted(old + found_remarks,
                           key=lambda v: (str(v.get("source")), str(v.get("source_id"))))
            transaction.stage(path, [as_line(v) for v in lines])
        if held:
            _stage_quarantine(root, transaction, held)
        transaction.commit()
    return RatingResult(counts, problems)


def _judge(row: RatingRow, owner: dict[str, tuple[str, str]], tz: ZoneInfo
           ) -> tuple[str, str, Any, str, str] | str:
    """(draft, comment id, time received, rating, remark), or why the row cannot be taken."""
    values = row.values
    typed = str(values.get("tracking") or "").strip()
    if not typed:
        return "has no tracking number"
    key = (normalize(typed) or typed).upper()
    if key not in owner and typed.upper() not in owner:
        return f"no comment with the tracking number {typed[:60]!r}"
    slug, cid = owner.get(key) or owner[typed.upper()]
    rating = spelled(values.get("rating"))
    if rating is None:
        return (f"rating {str(values.get('rating') or '')[:60]!r} is not one of "
                f"{', '.join(RATINGS)}")
    when = parse_time(values.get("received"), tz)
    if when is None:
        return f"cannot read the time received {str(values.get('received') or '')[:60]!r}"
    return slug, cid, when.astimezone(UTC), rating, str(values.get("remark") or "").strip()


# ---------------------------------------------------------------- the command


def rating_maps(pairs: list[str]) -> tuple[list[str], dict[str, str]]:
    """``--map`` pairs split: (those for comments, {rating field: column} for ratings)."""
    comments, ratings = [], {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if sep and name.strip() in ("tracking", "rating", "remark"):
            ratings[name.strip()] = column.strip()
        else:
            comments.append(pair)
    return comments, ratings


def run_ratings_import(root: Path, provider: str, path: Path, columns: dict[str, str],
                       from_database: bool = False) -> RatingResult | None:
    """Ratings from ``path`` (an export of the ratings form, or with ``from_database`` the
    intake's comments.db) into the store; None when a database has no ratings table."""
    from ..comments.importing import source_name
    from ..content.loader import load_project
    from ..problems import ProblemsFound

    loaded = load_project(root, parse=False)
    if loaded.project is None:
        raise ProblemsFound(loaded.problems)
    project = loaded.project
    shown = str(path)
    if not path.is_file():
        raise ProblemsFound([Problem(shown, 0, "no such file")])
    try:
        if from_database:
            if kind_of(path, shown) not in ("sqlite", "empty"):
                raise fail(shown, 1, "not a SQLite database (the intake's comments.db)")
            rows = local_rows(path, shown)
            if rows is None:
                return None
        else:
            rows = export_rows(path, shown, columns)
        return import_ratings(root, [d.slug for d in project.drafts], provider, rows, shown,
                              source_name(path, root), project.config.tz)
    except SourceError as exc:
        return RatingResult(RatingCounts(), exc.problems)
