"""Atom feeds: what happened to the drafts, for readers who follow them in a feed reader.

One feed for the whole site (``feed.xml``) and one per draft (``drafts/<slug>/feed.xml``), in
each interface language. An entry is an event that has happened by the time of the build: a
draft published (its first version), a new version, a comment period opening or closing,
comments published. Hearing packets will join when they are published (a later issue).

Comments are announced in batches by the day they were published (``published_date``, set
by ``docket comments publish`` and ``review``; in the site's time zone): "N new comments
published", one entry per day, dated by the last publication that day. A comment published
before the store recorded that time counts on the day it was received. Both are in the
store, not taken from the build, so a feed with no newly published comment is the same
bytes, and a comment published today joins today's entry (same id, new count).

Entry ids are tag URIs built from the site's host and the event, never from the build, so a
feed reader sees the same entry as the same entry in every build and every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..model import Draft, Project, Version
from ..periods import as_moment
from .comments_pages import Summary, comments_path
from .page import DraftStatus, Page, version_url

SITE_FEED = "feed.xml"
MAX_ENTRIES = 100  # the site feed: the newest events; each draft's feed has all of its own


@dataclass(frozen=True)
class Event:
    kind: str  # "draft" (first version), "version", "opens", "closes", "comments"
    draft: Draft
    when: datetime
    path: str  # the page it links to, site-relative
    version: Version | None = None
    until: datetime | None = None  # when a comment period that opened closes
    count: int = 0  # comments published (kind "comments")
    day: str = ""  # the day they were published (kind "comments")

    def tag(self, authority: str) -> str:
        """A stable Atom id: tag:<host>,<date>:<slug>/<event>."""
        what = self.version.slug if self.version is not None else f"comment-period-{self.kind}"
        if self.kind == "comments":
            return f"tag:{authority},{self.day}:{self.draft.slug}/comments-{self.day}"
        return f"tag:{authority},{self.when.date().isoformat()}:{self.draft.slug}/{what}"


def draft_path(draft: Draft) -> str:
    return f"drafts/{draft.slug}/"


def feed_path(draft: Draft) -> str:
    return f"{draft_path(draft)}{SITE_FEED}"


def comment_events(summary: Summary | None, now: datetime, tz: ZoneInfo) -> list[Event]:
    """One event per day on which comments were published, up to ``now``."""
    days: dict[str, list[datetime]] = {}
    for shown in summary.shown if summary is not None else []:
        comment = shown.comment
        when = (comment.published_date or comment.received_date).astimezone(tz)
        if when <= now:
            days.setdefault(when.date().isoformat(), []).append(when)
    return [Event("comments", summary.draft, max(moments), comments_path(summary.draft),
                  count=len(moments), day=day)
            for day, moments in days.items() if summary is not None]


def events(status: DraftStatus, now: datetime, tz: ZoneInfo,
           summary: Summary | None = None) -> list[Event]:
    """What has happened to one draft by ``now``, newest first."""
    draft = status.draft
    found = comment_events(summary, now, tz)
    for i, version in enumerate(draft.versions):
        when = as_moment(version.meta.date, tz)
        if when <= now:
            found.append(Event("draft" if i == 0 else "version", draft, when,
                               version_url(draft, version), version))
    if status.opens is not None and status.opens <= now:
        found.append(Event("opens", draft, status.opens, draft_path(draft), until=status.closes))
    if status.closes is not None and status.closes <= now:
        found.append(Event("closes", draft, status.closes, draft_path(draft)))
    return sorted(found, key=lambda e: (e.when, e.kind), reverse=True)


def authority(base_url: str) -> str:
    return urlsplit(base_url).hostname or "localhost"


def feed_pages(project: Project, statuses: list[DraftStatus], now: datetime,
               published: dict[str, Summary] | None = None) -> list[Page]:
    tz = project.config.tz
    host = authority(project.config.base_url)
    published = published or {}
    per_draft = {s.draft.slug: events(s, now, tz, published.get(s.draft.slug))
                 for s in statuses}
    everything = sorted((e for found in per_draft.values() for e in found),
                        key=lambda e: (e.when, e.draft.slug, e.kind), reverse=True)
    pages = [Page(SITE_FEED, "feed.xml", {"entries": everything[:MAX_ENTRIES], "host": host,
                                          "feed_draft": None})]
    for status in statuses:
        pages.append(Page(feed_path(status.draft), "feed.xml",
                          {"entries": per_draft[status.draft.slug], "host": host,
                           "feed_draft": status.draft}, draft=status.draft))
    return pages
