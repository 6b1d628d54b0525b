"""``csv``: any CSV, its columns named on the command line (``--map comment="Comment
text"``, repeatable) or in site.yaml (``comments.import_columns``); a column headed like one
of Docket's fields needs no mapping. For a spreadsheet kept by hand, or an export from a
service Docket has no importer for.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import NotComment, Row, Unreadable
from .fields import SourceContext, csv_rows
from .tabular import fail, kind_of

NAME = "csv"
TITLE = "any CSV, with a column mapping"


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    kind = kind_of(ctx.path, ctx.shown)
    if kind != "csv":
        raise fail(ctx.shown, 1, f"not a CSV file; this is {kind}")
    yield from csv_rows(ctx)
