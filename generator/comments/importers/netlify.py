"""``netlify``: Netlify Forms' API JSON and its CSV export.

The API (``GET /api/v1/forms/{form_id}/submissions`` or ``/sites/{site_id}/submissions``)
answers a list of submissions, each with its ``id``, ``created_at``, ``form_name`` and the
form's inputs under ``data`` (beside Netlify's ``ip``, ``user_agent`` and ``referrer``, which
Docket never keeps). The CSV export (Forms > the form > "Download as CSV", the verified
submissions) is not described column by column in Netlify's documentation (docs.netlify.com,
"Form submissions"; the 2017 post that introduced it shows no header either): it holds one
column per input and Netlify's own (the submission's id, its time, the form's name, the
browser's ip, user agent and referrer), in an order and a spelling not documented. So the
columns are found by name whatever their order and case (``created_at``, ``Created at``,
``form-name``, ``Form name``...), Netlify's browser columns are dropped under any of those
spellings, and columns Docket has no use for (a honeypot's) are ignored. A site-wide list
holds every form of the site: only the comment form's submissions (``comments.form_name``
in site.yaml, ``comments`` by default) are comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..rows import NotComment, Row, Unreadable
from .fields import SourceContext, json_export, mapping, record_rows, rows
from .tabular import read_csv, squash

NAME = "netlify"
TITLE = "Netlify Forms (API JSON or CSV export)"
# Netlify's columns about the browser (never kept) and the form's name, however an export
# spells them (compared ``squash``ed: case, spaces and punctuation aside).
PRIVATE = frozenset({"ip", "ipaddress", "useragent", "referrer", "referer"})
FORM_NAME = frozenset({"formname", "form"})


def form_name(ctx: SourceContext) -> str:
    return str(ctx.settings.get("form_name") or "comments")


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    wanted = form_name(ctx)
    export = json_export(ctx, "a Netlify Forms export (JSON or CSV)", _submissions,
                         "a Netlify submissions list (a JSON list of submissions)")
    if export is None:
        headers, records = read_csv(ctx.path, ctx.shown)
        columns = mapping(headers, ctx)
        form_column = next((h for h in headers if squash(h) in FORM_NAME), None)
        kept = []
        for at, record in records:
            if form_column and record.get(form_column, "").strip() not in ("", wanted):
                yield NotComment(at, "line", f"a submission to another form "
                                 f"({record[form_column].strip()!r}, not {wanted!r})")
            else:
                kept.append((at, _without_private(record)))
        yield from rows(kept, columns, "line")
        return
    flat = []
    for number, item in export.items:
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
    yield from record_rows(flat, ctx, "item")


def _submissions(data: Any) -> list | None:
    if isinstance(data, dict) and isinstance(data.get("submissions"), list):
        data = data["submissions"]
    return data if isinstance(data, list) else None


def _without_private(record: dict) -> dict:
    return {k: v for k, v in record.items() if squash(k) not in PRIVATE}
