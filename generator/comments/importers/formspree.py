"""``formspree``: Formspree's submissions API JSON and its CSV export.

The API (``GET /api/0/forms/{hashid}/submissions``) answers ``{"fields": [...],
"submissions": [{"_date": "...", <one key per form input>}, ...]}``. The dashboard's CSV
export (a form's "Export to CSV") has, in the code Formspree published for it
(github.com/formspree/formspree, ``Form.submissions_with_fields`` and the views'
``export_submissions``), a header of ``_id``, ``_date`` and then every input name sorted
alphabetically (older versions: ``id``, ``date``; or ``date`` alone), with spam left out;
columns are found here by name, in any order and any case, and columns Docket has no use for
(``_errors``, a honeypot) are ignored. ``_date`` is the time received in UTC, written by
Python's ``isoformat`` without a zone (``2026-11-03T20:05:09.512000``): a time without a
zone from Formspree is read as UTC, not in the site's zone. The Docket form posts under its
own input names (providers/formspree.py), so the columns are Docket's. A submission without
an ``_id`` (the API) is known by a hash of its date and answers. Submissions Formspree
marked as spam (``_spam``) are not comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..rows import NotComment, Row, Unreadable
from ..text import yes as _yes
from .fields import SourceContext, json_export, mapping, record_rows, rows
from .tabular import read_csv, squash

NAME = "formspree"
TITLE = "Formspree (submissions API JSON or CSV export)"
# A date and time with no zone, as Python's isoformat writes one: Formspree's UTC.
NO_ZONE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    export = json_export(ctx, "a Formspree export (JSON or CSV)", _submissions,
                         'a Formspree submissions list (no "submissions")')
    if export is None:
        yield from _csv(ctx)
        return
    good = []
    for number, item in export.items:
        if not isinstance(item, dict):
            yield Unreadable(number, "item", "a submission that is not a JSON object",
                             {"value": item})
        elif _yes(item.get("_spam")):
            yield NotComment(number, "item", "marked as spam by Formspree")
        else:
            good.append((number, item))
    yield from map(in_utc, record_rows(good, ctx, "item"))


def _csv(ctx: SourceContext) -> Iterator[Row | NotComment]:
    headers, records = read_csv(ctx.path, ctx.shown)
    columns = mapping(headers, ctx)
    spam = next((h for h in headers if squash(h) == "spam"), None)
    for at, record in records:
        if spam is not None and _yes(record.get(spam)):
            yield NotComment(at, "line", "marked as spam by Formspree")
        else:
            yield from map(in_utc, rows([(at, record)], columns, "line"))


def in_utc(row: Row) -> Row:
    """``row`` with a time received written without a zone marked as UTC (Formspree's)."""
    received = row.values.get("received")
    if isinstance(received, str) and NO_ZONE.fullmatch(received.strip()):
        row.values["received"] = received.strip() + "Z"
    return row


def _submissions(data: Any) -> list | None:
    items = data.get("submissions") if isinstance(data, dict) else data
    return items if isinstance(items, list) else None
