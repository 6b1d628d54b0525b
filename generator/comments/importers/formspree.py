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

from ..rows import NotComment, Row, Unreadable
from ..text import yes as _yes
from .fields import SourceContext, csv_rows, mapping, rows
from .tabular import fail, kind_of, read_json

NAME = "formspree"
TITLE = "Formspree (submissions API JSON or CSV export)"


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    kind = kind_of(ctx.path, ctx.shown)
    if kind == "csv":
        yield from csv_rows(ctx)
        return
    if kind != "json":
        raise fail(ctx.shown, 1, f"not a Formspree export (JSON or CSV); this is {kind}")
    data = read_json(ctx.path, ctx.shown)
    items = data.get("submissions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise fail(ctx.shown, 1, "not a Formspree submissions list (no \"submissions\")")
    good = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield Unreadable(number, "item", "a submission that is not a JSON object",
                             {"value": item})
        elif _yes(item.get("_spam")):
            yield NotComment(number, "item", "marked as spam by Formspree")
        else:
            good.append((number, item))
    if good:
        headers = sorted({k for _, item in good for k in item})
        yield from rows(good, mapping(headers, ctx), "item")
