"""``local``: the built-in intake service's SQLite database (``comments.db``).

Read while the service may be writing: the database is in WAL mode, so one short read
transaction sees a consistent snapshot (every comment committed before it began, none
half-written) without blocking the service's writer, and is over as soon as the rows are
fetched. The file is opened read-only, so importing never creates or alters a database.
The columns are the intake's (``intake/store.py``); a comment keeps its tracking number as
its id, so the number the commenter was given finds it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from ..rows import NotComment, Row, Unreadable
from .fields import SourceContext
from .tabular import fail, kind_of

NAME = "local"
TITLE = "the built-in intake database (comments.db)"
COLUMNS = ("id", "tracking", "received_at", "draft", "version", "provision", "name", "email",
           "organisation", "respondent_type", "locality", "position", "comment",
           "publish_name", "late")


def snapshot(ctx: SourceContext) -> list[tuple]:
    """Every stored submission, as one consistent snapshot, in the order received."""
    if kind_of(ctx.path, ctx.shown) not in ("sqlite", "empty"):
        raise fail(ctx.shown, 1, "not a SQLite database (the intake's comments.db)")
    try:
        db = sqlite3.connect(f"{ctx.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise fail(ctx.shown, 0, f"cannot open the database: {exc}") from exc
    try:
        db.execute("BEGIN")  # the snapshot starts with the first read below
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "submissions" not in tables:
            raise fail(ctx.shown, 0, "not a Docket comments database (no submissions table)")
        found = {r[1] for r in db.execute("PRAGMA table_info(submissions)")}
        missing = [c for c in COLUMNS if c not in found]
        if missing:
            raise fail(ctx.shown, 0, f"not a Docket comments database (no {', '.join(missing)})")
        rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM submissions ORDER BY id").fetchall()
        db.execute("COMMIT")
        return rows
    except sqlite3.Error as exc:
        raise fail(ctx.shown, 0, f"cannot read the database: {exc}") from exc
    finally:
        db.close()


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    for row in snapshot(ctx):
        record = dict(zip(COLUMNS, row, strict=True))
        values = {
            "received": record["received_at"],
            "draft": record["draft"],
            "version": record["version"],
            "provision": record["provision"],
            "name": record["name"],
            "email": record["email"],
            "organisation": record["organisation"],
            "respondent_type": record["respondent_type"],
            "locality": record["locality"],
            "position": record["position"],
            "comment": record["comment"],
            "publish_name": bool(record["publish_name"]),
            "late": bool(record["late"]),
            "tracking_number": record["tracking"],
        }
        yield Row(record["id"], "row", str(record["tracking"]), values, record)
