"""``google-forms``: a Google Forms responses CSV (Responses > Download responses, or the
linked sheet's File > Download > CSV).

Its first column is ``Timestamp`` (``2026/11/03 2:05:09 PM GMT-6`` from the form,
``11/3/2026 14:05:09`` from a sheet: the latter in the site's time zone), then one column per
question, titled as the question is. The export carries no ``entry.N`` numbers, so the
mapping site.yaml gives the form (``comments.entries``) says which of Docket's fields the
form asks for, and each is found among the titles by the headings it is known by, or named
outright with ``--map`` or ``comments.import_columns``. Google gives a response no id in the
export: a response is known by a hash of its timestamp and answers.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import NotComment, Row, Unreadable
from .fields import SourceContext, mapping, rows
from .tabular import fail, kind_of, read_csv

NAME = "google-forms"
TITLE = "Google Forms (responses CSV)"


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    kind = kind_of(ctx.path, ctx.shown)
    if kind != "csv":
        raise fail(ctx.shown, 1, f"not a Google Forms responses CSV; this is {kind}")
    headers, records = read_csv(ctx.path, ctx.shown)
    entries = ctx.settings.get("entries")
    asked = set(entries) if isinstance(entries, dict) and entries else None
    only = None if asked is None else asked | {"received", "source_id", "email"}
    yield from rows(records, mapping(headers, ctx, only), "line")
