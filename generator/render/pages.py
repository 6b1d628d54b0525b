"""Which pages a site has, and what each one's template is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..model import Draft, Project, Provision, Version
from ..periods import bounds, state

# Home page groups, in the order a reader looks for them.
GROUPS = ("closing", "open", "upcoming", "closed", "none")


@dataclass
class Page:
    output: str  # path below site/, e.g. "drafts/noise/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class TocEntry:
    provision: Provision
    children: list[TocEntry]


@dataclass
class DraftStatus:
    """A draft's comment period as of the build: its state and its bounds in the site zone."""

    draft: Draft
    state: str
    opens: datetime | None = None
    closes: datetime | None = None


def draft_status(draft: Draft, now: datetime, tz: ZoneInfo) -> DraftStatus:
    period = draft.meta.comment_period
    if period is None:
        return DraftStatus(draft, "none")
    opens, closes = bounds(period, tz)
    return DraftStatus(draft, state(period, now, tz), opens, closes)


def table_of_contents(version: Version) -> list[TocEntry]:
    """Headed provisions (parts, chapters, sections); units when a draft has no headings."""

    def entries(p: Provision, keep) -> list[TocEntry]:
        out = []
        for child in p.children:
            if keep(child):
                out.append(TocEntry(child, entries(child, keep)))
        return out

    headed = entries(version.root, lambda p: p.is_heading)
    if headed:
        return headed
    return entries(version.root, lambda p: p.kind in ("sec", "art"))


def version_url(draft: Draft, version: Version) -> str:
    return f"drafts/{draft.slug}/{version.slug}/"


def plan(project: Project, now: datetime) -> list[Page]:
    """Every page of the site, with its context; rendering is left to the caller."""
    tz = ZoneInfo(project.config.timezone)
    statuses = [draft_status(d, now, tz) for d in project.drafts]
    groups = {key: [s for s in statuses if s.state == key] for key in GROUPS}
    for members in groups.values():
        members.sort(key=lambda s: (s.closes or s.opens or now, s.draft.meta.title))
    pages = [Page("index.html", "home.html", {"groups": groups, "statuses": statuses})]
    for status in statuses:
        draft = status.draft
        common = {"draft": draft, "status": status}
        pages.append(
            Page(
                f"drafts/{draft.slug}/index.html",
                "draft.html",
                {**common, "version": draft.current, "toc": table_of_contents(draft.current)},
            )
        )
        for version in draft.versions:
            pages.append(
                Page(
                    version_url(draft, version) + "index.html",
                    "version.html",
                    {**common, "version": version, "toc": table_of_contents(version)},
                )
            )
    pages.append(Page("404.html", "404.html", {}))
    return pages


def url_prefix(page: Page, base_url: str) -> str:
    """Prefix that turns a site-relative path into a link from ``page``.

    Relative links keep the site working under any base path and from a file system; the
    404 page is served at arbitrary paths, so it links from the site's base path instead.
    """
    if page.output == "404.html":
        return urlsplit(base_url).path or "/"
    return "../" * page.output.count("/")
