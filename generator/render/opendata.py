"""Open data: every draft as JSON, and its published comments as CSV and JSON, under data/.

For journalists and researchers who want the text and its history without scraping pages.
The shapes are documented in the README ("Open data"); ``FORMAT`` changes when a field is
removed or changes meaning, never when one is added.

A draft's file is most of open data's bytes, so it is written for size as well as use: a
provision is a row of values in the order ``PROVISION_FIELDS`` names (not an object
repeating every key), its words an index into the draft's ``texts``, where each distinct
text is stored once however many versions keep it, and nothing a reader can derive from
the rest (a provision's parent is the nearest row before it with a smaller depth).

Published comments come from the draft's comment store (``comments.published``: the
public record of those a moderator published, redacted as stored, the name only with
consent); every CSV cell goes through ``safe_cell`` so no spreadsheet runs one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from ..comments.published import FIELDS as COMMENT_FIELDS
from ..comments.published import csv_row, published, row
from ..model import Draft, Project, Provision, Version
from ..periods import as_moment, bounds
from .page import Page, version_citations, version_url

FORMAT = "docket-draft/2"  # 1: provisions as objects, with "parent", their words inline
PROVISION_FIELDS = ("id", "depth", "kind", "num", "label", "heading", "citation", "text")
COMMENTS_FORMAT = "docket-comments/1"
DATA = "data/"


def _moment(value: date | datetime, tz: ZoneInfo) -> str:
    return as_moment(value, tz).isoformat()


def _dumps(data: Any) -> str:
    """Compact, one line: json's C encoder (indentation falls back to pure Python, which
    spent more time on these files than rendering the pages)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def provisions(version: Version, texts: dict[str, int]) -> list[list[Any]]:
    """Every provision in reading order, flat, as rows of ``PROVISION_FIELDS``; its own
    words (``text``) as their index in the draft's ``texts`` (text -> index, in order; a
    text not yet there is added)."""
    rows: list[list[Any]] = []
    _provision_rows(version.root, 0, texts, version_citations(version), rows.append)
    return rows


def _provision_rows(p: Provision, depth: int, texts: dict[str, int], cites: dict[str, str],
                    append: Callable[[list[Any]], None]) -> None:
    """``provisions``' walk below ``p`` (a function of its own: a recursive closure is a
    reference cycle, which kept every row of the draft until the collector found it)."""
    for child in p.parts:  # (its provisions: not ``children``, a new list each call)
        if not isinstance(child, Provision):
            continue
        text = child.text
        index = texts.get(text)
        if index is None:
            index = texts[text] = len(texts)
        append([child.id, depth, child.kind, child.num, child.label, child.heading,
                cites.get(child.id, child.label), index])
        _provision_rows(child, depth + 1, texts, cites, append)


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
    texts: dict[str, int] = {}
    versions = [
        {
            "slug": v.slug, "number": v.number, "label": v.meta.label,
            "date": v.meta.date.isoformat(), "stage": v.meta.stage, "note": v.meta.note,
            "current": v is draft.current, "url": base + version_url(draft, v),
            "preamble": "\n\n".join(f.text for f in v.root.fragments),
            "provisions": provisions(v, texts),
        }
        for v in draft.versions
    ]
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
        "provision_fields": PROVISION_FIELDS,
        "texts": list(texts),
        "versions": versions,
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


def opendata_pages(project: Project, only: AbstractSet[str] | None = None) -> list[Page]:
    """The catalog and each draft's files (``only``: of these drafts)."""
    pages = [Page(f"{DATA}drafts.json", "", data=partial(catalog, project))]
    for draft in project.drafts:
        if only is not None and draft.slug not in only:
            continue
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
