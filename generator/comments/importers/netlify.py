"""``netlify``: Netlify Forms' API JSON and its CSV export.

The API (``GET /api/v1/forms/{form_id}/submissions`` or ``/sites/{site_id}/submissions``)
answers a list of submissions, each with its ``id``, ``created_at``, ``form_name`` and the
form's inputs under ``data`` (beside Netlify's ``ip``, ``user_agent`` and ``referrer``, which
Docket never keeps). The CSV export (Forms > the form > Download as CSV) has one column per
input and Netlify's columns. A site-wide list holds every form of the site: only the
comment form's submissions (``comments.form_name`` in site.yaml, ``comments`` by default)
are comments.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import NotComment, Row, Unreadable
from .fields import SourceContext, mapping, rows
from .tabular import fail, kind_of, read_csv, read_json

NAME = "netlify"
TITLE = "Netlify Forms (API JSON or CSV export)"
PRIVATE_KEYS = ("ip", "user_agent", "referrer")  # Netlify's, about the browser: never kept


def form_name(ctx: SourceContext) -> str:
    return str(ctx.settings.get("form_name") or "comments")


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    kind = kind_of(ctx.path, ctx.shown)
    wanted = form_name(ctx)
    if kind == "csv":
        headers, records = read_csv(ctx.path, ctx.shown)
        columns = mapping(headers, ctx)
        form_column = next((h for h in headers
                            if h.strip().lower() in ("form_name", "form-name", "form")), None)
        kept = []
        for at, record in records:
            if form_column and record.get(form_column, "").strip() not in ("", wanted):
                yield NotComment(at, "line", f"a submission to another form "
                                 f"({record[form_column].strip()!r}, not {wanted!r})")
            else:
                kept.append((at, _without_private(record)))
        yield from rows(kept, columns, "line")
        return
    if kind != "json":
        raise fail(ctx.shown, 1, f"not a Netlify Forms export (JSON or CSV); this is {kind}")
    items = read_json(ctx.path, ctx.shown)
    if isinstance(items, dict) and isinstance(items.get("submissions"), list):
        items = items["submissions"]
    if not isinstance(items, list):
        raise fail(ctx.shown, 1, "not a Netlify submissions list (a JSON list of submissions)")
    flat = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("data", {}), dict):
            yield Unreadable(number, "item", "a submission that is not a JSON object with "
                             "\"data\"", {"value": item})
            continue
        name = str(item.get("form_name") or "")
        if name and name != wanted:
            yield NotComment(number, "item", f"a submission to another form ({name!r}, not "
                             f"{wanted!r})")
            continue
        record = _without_private(dict(item.get("data") or {}))
        record["id"] = item.get("id", "")
        record["created_at"] = item.get("created_at", record.get("created_at", ""))
        flat.append((number, record))
    if flat:
        headers = sorted({k for _, record in flat for k in record})
        yield from rows(flat, mapping(headers, ctx), "item")


def _without_private(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in PRIVATE_KEYS}
