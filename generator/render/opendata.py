"""Open data: every draft as JSON, and its published comments as CSV and JSON, under data/.

For journalists and researchers who want the text and its history without scraping pages.
The shapes are documented in the README ("Open data"); ``FORMAT`` changes when a field is
removed or changes meaning, never when one is added.

Published comments come from the draft's comment store (``comments.published``: the
public record of those a moderator published, redacted as stored, the name only with
consent); every CSV cell goes through ``safe_cell`` so no spreadsheet runs one.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from ..comments.published import FIELDS as COMMENT_FIELDS
from ..comments.published import csv_row, published, row
from ..model import Draft, Project, Provision, Version
from ..periods import as_moment, bounds
from .page import Page, version_citations, version_url

FORMAT = "docket-draft/1"
COMMENTS_FORMAT = "docket-comments/1"
DATA = "data/"


def _moment(value: date | datetime, tz: ZoneInfo) -> str:
    return as_moment(value, tz).isoformat()


def _dumps(data: Any) -> str:
    """Compact, one line: json's C encoder (indentation falls back to pure Python, which
    spent more time on these files than rendering the pages)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def provisions(version: Version) -> list[dict[str, Any]]:
    """Every provision in reading order, flat, each with its parent's id and its own words."""
    cites = version_citations(version)
    rows: list[dict[str, Any]] = []

    def walk(p: Provision, parent: str | None, depth: int) -> None:
        for child in p.children:
            rows.append({
                "id": child.id, "parent": parent, "depth": depth, "kind": child.kind,
                "num": child.num, "label": child.label, "heading": child.heading,
                "citation": cites.get(child.id, child.label), "text": child.text,
            })
            walk(child, child.id, depth + 1)

    walk(version.root, None, 0)
    return rows


def draft_data(project: Project, draft: Draft) -> str:
    config = project.config
    tz = config.tz
    meta = draft.meta
    period = None
    if meta.comment_period is not None:
        opens, closes = bounds(meta.comment_period, tz)
        period = {"opens": opens.isoformat(), "closes": closes.isoformat(),
                  "allow_late": meta.comment_period.allow_late}
    base = config.base_url
    data = {
        "format": FORMAT,
        "slug": draft.slug,
        "url": f"{base}drafts/{draft.slug}/",
        "title": meta.title,
        "number": meta.number,
        "sponsors": meta.sponsors,
        "committee": meta.committee,
        "status": meta.status,
        "summary": meta.summary,
        "topics": meta.topics,
        "language": meta.language or config.language,
        "timezone": config.timezone,
        "comment_period": period,
        "hearings": [
            {"id": h.id, "date": _moment(h.date, tz) if isinstance(h.date, datetime)
             else h.date.isoformat(), "place": h.place, "committee": h.committee,
             "agenda": h.agenda, "witnesses": [
                 w.name if w.plain else {"name": w.name, "organisation": w.organization,
                                         "position": w.position or ""}
                 for w in h.witnesses]}
            for h in meta.hearings
        ],
        "comments": {"json": f"{base}{DATA}{draft.slug}/comments.json",
                     "csv": f"{base}{DATA}{draft.slug}/comments.csv"},
        "versions": [
            {
                "slug": v.slug, "number": v.number, "label": v.meta.label,
                "date": v.meta.date.isoformat(), "stage": v.meta.stage, "note": v.meta.note,
                "current": v is draft.current, "url": base + version_url(draft, v),
                "preamble": "\n\n".join(f.text for f in v.root.fragments),
                "provisions": provisions(v),
            }
            for v in draft.versions
        ],
    }
    return _dumps(data)


def published_comments(project: Project, draft: Draft) -> list[dict[str, Any]]:
    """The draft's published comments, oldest first."""
    return [row(c) for c in published(project.root, draft.slug)]


def comments_json(project: Project, draft: Draft) -> str:
    return _dumps({"format": COMMENTS_FORMAT, "draft": draft.slug, "fields": COMMENT_FIELDS,
                   "comments": published_comments(project, draft)})


def comments_csv(project: Project, draft: Draft) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COMMENT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_row(c) for c in published(project.root, draft.slug))
    return out.getvalue()


def catalog(project: Project) -> str:
    """data/drafts.json: every draft, with where its files are."""
    base = project.config.base_url + DATA
    return _dumps({
        "format": "docket-drafts/1",
        "site": project.config.for_language(project.config.language).title,
        "drafts": [
            {"slug": d.slug, "title": d.meta.title, "number": d.meta.number,
             "language": d.meta.language or project.config.language,
             "current_version": d.current.slug, "data": f"{base}{d.slug}/draft.json",
             "comments_json": f"{base}{d.slug}/comments.json",
             "comments_csv": f"{base}{d.slug}/comments.csv"}
            for d in project.drafts
        ],
    })


def opendata_pages(project: Project) -> list[Page]:
    pages = [Page(f"{DATA}drafts.json", "", data=partial(catalog, project))]
    for draft in project.drafts:
        folder = f"{DATA}{draft.slug}/"
        pages += [
            Page(folder + "draft.json", "", {"draft": draft},
                 data=partial(draft_data, project, draft), draft=draft),
            Page(folder + "comments.json", "", {"draft": draft},
                 data=partial(comments_json, project, draft), draft=draft),
            Page(folder + "comments.csv", "", {"draft": draft},
                 data=partial(comments_csv, project, draft), draft=draft),
        ]
    return pages
