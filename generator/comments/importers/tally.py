"""``tally``: Tally's CSV export and its webhook JSON.

The CSV export (the form's Submissions > Download > CSV) starts with ``Submission ID``,
``Respondent ID`` and ``Submitted at``, then one column per question, titled as in the form,
and one per hidden field (Docket's embed passes ``draft``, ``version`` and ``provision`` as
hidden fields of those names). The webhook posts one event per submission,
``{"eventId", "eventType": "FORM_RESPONSE", "createdAt", "data": {"responseId",
"submissionId", "respondentId", "formId", "formName", "createdAt", "fields": [{"key",
"label", "type", "value", "options"}]}}``: a file of them is read as one event, a JSON list
of events, or one event per line (a webhook log). A choice question's value is the ids of
the options chosen; their texts are what is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..rows import NotComment, Row, Unreadable
from .fields import SourceContext, csv_rows, json_export, record_rows

NAME = "tally"
TITLE = "Tally (CSV export or webhook JSON)"


def read(ctx: SourceContext) -> Iterator[Row | NotComment | Unreadable]:
    export = json_export(ctx, "a Tally export (CSV or webhook JSON)",
                         lambda data: data if isinstance(data, list) else [data],
                         "a Tally export", lines=True)
    if export is None:
        yield from csv_rows(ctx)
        return
    flat = []
    for at, event in export.items:
        record = _answers(event)
        if record is None:
            yield Unreadable(at, export.unit, "not a Tally FORM_RESPONSE event (no data.fields)",
                             {"value": event})
        else:
            flat.append((at, record))
    yield from record_rows(flat, ctx, export.unit)


def _answers(event: Any) -> dict[str, Any] | None:
    """An event's answers by question label (and Tally's ids), or None if it is not one."""
    if not isinstance(event, dict):
        return None
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        return None
    record: dict[str, Any] = {
        "Submission ID": data.get("responseId") or data.get("submissionId") or "",
        "Submitted at": data.get("createdAt") or event.get("createdAt") or "",
    }
    for item in data["fields"]:
        if not isinstance(item, dict):
            continue
        label = str(item.get("label") or item.get("key") or "").strip()
        if label:
            record[label] = _value(item)
    return record


def _value(item: dict[str, Any]) -> Any:
    value = item.get("value")
    options = item.get("options")
    if isinstance(options, list):
        texts = {str(o.get("id")): o.get("text") for o in options if isinstance(o, dict)}
        if isinstance(value, list):
            return [texts.get(str(v), v) for v in value]
        if value is not None and str(value) in texts:
            return texts[str(value)]
    return value
