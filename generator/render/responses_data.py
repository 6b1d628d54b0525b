"""Open data of the responses: ``data/<slug>/responses.json`` and ``responses.csv``.

One row per response with its six elements, its follow-ups, and its satisfaction overall
and per rating round (README, "Open data"). Commenters appear only by the ids of their
published comments (``comments.json`` has the names their authors agreed to publish); a
rating's remark is never here (it is not even in the public store). Every CSV cell goes
through ``safe_cell``, so a summary typed as ``=HYPERLINK(...)`` is shown, never run.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Set as AbstractSet
from functools import partial
from typing import Any

from ..comments.spreadsheet import safe_cell
from ..model import Draft, Project
from ..responses.satisfaction import Satisfaction
from .draft_files import Files
from .page import Page
from .responses_pages import Responses, Shown, draft_responses, has_responses

FORMAT = "docket-responses/1"
FIELDS = ("id", "provision", "citation", "answers", "comments", "campaigns", "suggestions",
          "summary", "handled_by_unit", "handled_by_person", "supervised_by_unit",
          "supervised_by_person", "plan", "result", "reason", "changed_in", "redline", "key",
          "closer_supervision", "date", "follow_ups", "ratings", "satisfied",
          "basically_satisfied", "dissatisfied", "satisfaction_rate", "marks", "rounds")


def _counts(satisfaction: Satisfaction) -> dict[str, Any]:
    rate = satisfaction.rate
    return {"ratings": satisfaction.ratings, "satisfied": satisfaction.satisfied,
            "basically_satisfied": satisfaction.basically,
            "dissatisfied": satisfaction.dissatisfied,
            "satisfaction_rate": None if rate is None else round(rate, 4)}


def row(shown: Shown, base: str) -> dict[str, Any]:
    """One response as JSON values."""
    r = shown.response
    evaluation = shown.evaluation
    return {
        "id": r.id, "provision": shown.provision_id, "citation": shown.citation,
        "answers": r.answers, "comments": [a.comment_id for a in shown.authors],
        "campaigns": [{"id": c.id, "size": c.size} for c in shown.campaigns],
        "suggestions": shown.suggestions, "summary": r.summary,
        "handled_by_unit": r.handled_by.unit, "handled_by_person": r.handled_by.person,
        "supervised_by_unit": r.supervised_by.unit,
        "supervised_by_person": r.supervised_by.person,
        "plan": r.plan, "result": r.result, "reason": r.reason, "changed_in": r.changed_in,
        "redline": base + shown.change.url if shown.change else "", "key": r.key,
        "closer_supervision": shown.closer,
        "date": r.date.isoformat() if r.date else None,
        "follow_ups": [{"date": f.date.isoformat(), "stage": f.stage, "by": f.by,
                        "note": f.note} for f in r.follow_ups],
        **_counts(evaluation.satisfaction), "marks": list(evaluation.marks),
        "rounds": [{"round": c.round.id, "run_by": c.round.run_by,
                    "opens": c.round.opens.isoformat(), "closes": c.round.closes.isoformat(),
                    **_counts(c.satisfaction), "marks": list(c.marks)}
                   for c in evaluation.rounds],
    }


def _flat(value: Any, key: str) -> str:
    """A JSON value as one CSV cell: lists joined, follow-ups and rounds as readable lines."""
    if key == "follow_ups":
        return "\n".join(f"{f['date']} {f['stage']} {f['by']}: {f['note']}" for f in value)
    if key == "campaigns":
        return " ".join(f"{c['id']} ({c['size']})" for c in value)
    if key == "rounds":
        return "\n".join(f"{c['round']}: {c['ratings']} ratings, rate "
                         f"{'' if c['satisfaction_rate'] is None else c['satisfaction_rate']}"
                         f"{' ' + ' '.join(c['marks']) if c['marks'] else ''}" for c in value)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def responses_json(project: Project, draft: Draft) -> str:
    found = draft_responses(project, draft)
    base = project.config.base_url
    overall = found.overall if found else None
    data = {
        "format": FORMAT, "draft": draft.slug, "fields": FIELDS,
        "thresholds": {"handle_again": project.config.satisfaction.handle_again,
                       "report_publicly": project.config.satisfaction.report_publicly},
        "overall": {**_counts(overall.satisfaction), "marks": list(overall.marks),
                    "rounds": [{"round": c.round.id, **_counts(c.satisfaction),
                                "marks": list(c.marks)} for c in overall.rounds]}
        if overall else None,
        "responses": [row(s, base) for s in _shown(found)],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def responses_csv(project: Project, draft: Draft) -> str:
    base = project.config.base_url
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for shown in _shown(draft_responses(project, draft)):
        writer.writerow({k: safe_cell(_flat(v, k)) for k, v in row(shown, base).items()})
    return out.getvalue()


def _shown(found: Responses | None) -> list[Shown]:
    return found.shown if found is not None else []


def responses_data_pages(project: Project, files: Files | None = None,
                         only: AbstractSet[str] | None = None) -> list[Page]:
    """The two files of each draft that has a responses.yaml (``only``: of these drafts)."""
    pages = []
    for draft in project.drafts:
        if only is not None and draft.slug not in only:
            continue
        if files[draft.slug].responses if files is not None else has_responses(draft):
            folder = f"data/{draft.slug}/"
            pages += [Page(folder + "responses.json", "", {"draft": draft},
                           data=partial(responses_json, project, draft), draft=draft),
                      Page(folder + "responses.csv", "", {"draft": draft},
                           data=partial(responses_csv, project, draft), draft=draft)]
    return pages
