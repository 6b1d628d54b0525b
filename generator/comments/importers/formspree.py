"""``formspree``: Formspree's submissions API JSON and its CSV export.

The API (``GET /api/0/forms/{hashid}/submissions``) answers ``{"fields": [...],
"submissions": [{"_date": "...", <one key per form input>}, ...]}``; the dashboard's CSV
export has one column per input and the date. The Docket form posts under its own input
names (providers/formspree.py), so the columns are Docket's. Formspree gives a submission no
id of its own in either, so a submission is known by a hash of its date and answers.
Submissions Formspree marked as spam (``_spam``) are not comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..rows import NotComment, Row, Unreadable
from ..text import yes as _yes
from .fields import SourceContext, csv_rows, json_export, record_rows

NAME = "formspree"
TITLE = "Formspree (submissions API JSON or CSV export)"


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    export = json_export(ctx, "a Formspree export (JSON or CSV)", _submissions,
                         'a Formspree submissions list (no "submissions")')
    if export is None:
        yield from csv_rows(ctx)
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
    yield from record_rows(good, ctx, "item")


def _submissions(data: Any) -> list | None:
    items = data.get("submissions") if isinstance(data, dict) else data
    return items if isinstance(items, list) else None
