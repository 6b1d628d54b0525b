"""Atom feeds: what happened to the drafts, for readers who follow them in a feed reader.

One feed for the whole site (``feed.xml``) and one per draft (``drafts/<slug>/feed.xml``), in
each interface language. An entry is an event that has happened by the time of the build: a
draft published (its first version), a new version, a comment period opening or closing,
comments published, a response given or changed, a hearing with its packet.

Comments are announced in batches by the day they were published (``published_date``, set
by ``docket comments publish`` and ``review``; in the site's time zone): "N new comments
published", one entry per day, dated by the last publication that day. A comment published
before the store recorded that time counts on the day it was received. Both are in the
store, not taken from the build, so a feed with no newly published comment is the same
bytes, and a comment published today joins today's entry (same id, new count).

A response (``responses.yaml``) is one entry, dated by its latest date (its own or a
follow-up's). Its id carries a hash of what it says, so a response that changes (a new
result, a follow-up, a corrected reason) comes to readers as a new entry, and one that does
not change is the same entry in every build.

Entry ids are tag URIs built from the site's host and the event, never from the build, so a
feed reader sees the same entry as the same entry in every build and every language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..hearings.packet import version_at
from ..model import Draft, Hearing, Project, Version
from ..periods import as_moment
from ..responses.model import Response
from .comments_pages import Summary, comments_path
from .page import DraftStatus, Page, version_url
from .responses_pages import Responses, responses_path

SITE_FEED = "feed.xml"
MAX_ENTRIES = 100  # the site feed: the newest events; each draft's feed has all of its own


@dataclass(frozen=True)
class Event:
    kind: str  # "draft" (first version), "version", "opens", "closes", "comments", "hearing"
    draft: Draft
    when: datetime
    path: str  # the page it links to, site-relative
    version: Version | None = None
    until: datetime | None = None  # when a comment period that opened closes
    count: int = 0  # comments published (kind "comments")
    day: str = ""  # the day they were published (kind "comments")
    response: Response | None = None  # kind "response"
    first: datetime | None = None  # when a response was first dated (its entry's <published>)
    hearing: Hearing | None = None  # (kind "hearing")

    def tag(self, authority: str) -> str:
        """A stable Atom id: tag:<host>,<date>:<slug>/<event>."""
        what = self.version.slug if self.version is not None else f"comment-period-{self.kind}"
        if self.kind == "comments":
            return f"tag:{authority},{self.day}:{self.draft.slug}/comments-{self.day}"
        if self.hearing is not None:
            return f"tag:{authority},{self.day}:{self.draft.slug}/hearing-{self.hearing.id}"
        if self.response is not None:
            day = (self.first or self.when).date().isoformat()
            return (f"tag:{authority},{day}:{self.draft.slug}/responses/{self.response.id}/"
                    f"{response_hash(self.response)}")
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


def hearing_events(draft: Draft, now: datetime, tz: ZoneInfo) -> list[Event]:
    """A hearing is announced, with its packet, from the day of the version it considers
    (when the packet could first be made): the entry stays the same from build to build,
    and its page says whether the hearing is upcoming or held."""
    found = []
    for hearing in draft.meta.hearings:
        version = version_at(draft, hearing, tz)
        when = as_moment(version.meta.date, tz)
        if when <= now:
            found.append(Event("hearing", draft, when,
                               f"drafts/{draft.slug}/hearings/{hearing.id}/", version,
                               day=when.date().isoformat(), hearing=hearing))
    return found


def response_hash(response: Response) -> str:
    """A short hash of everything a response says (not where it is in the file)."""
    said = asdict(response)
    said.pop("line")
    text = json.dumps(said, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def response_events(responses: Responses | None, tz: ZoneInfo) -> list[Event]:
    """One event per response: dated by its latest date (its own, or a follow-up's); one
    with no date at all is dated by the version it was changed in, else left out."""
    found = []
    for response in responses.gathered.responses if responses is not None else []:
        dates = [d for d in (response.date, *(f.date for f in response.follow_ups)) if d]
        versions = {v.slug: v.meta.date for v in responses.draft.versions}
        if not dates and response.changed_in in versions:
            dates = [versions[response.changed_in]]
        if not dates:
            continue
        found.append(Event("response", responses.draft, as_moment(max(dates), tz),
                           f"{responses_path(responses.draft)}#response-{response.id}",
                           response=response, first=as_moment(min(dates), tz)))
    return found


def events(status: DraftStatus, now: datetime, tz: ZoneInfo,
           summary: Summary | None = None, responses: Responses | None = None) -> list[Event]:
    """What has happened to one draft by ``now``, newest first. Responses are in however
    they are dated: like a version, a response is published when it is in the file."""
    draft = status.draft
    found = (comment_events(summary, now, tz) + response_events(responses, tz)
             + hearing_events(draft, now, tz))
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


def updated(entries: list[Event], drafts: list[Draft], tz: ZoneInfo) -> datetime:
    """The feed's ``<updated>``: its newest entry's time. An empty feed (nothing has happened
    yet) gives the time its first entry is due, the earliest first version: never the
    build's clock, so a feed is the same bytes, and is not rendered again, until an event
    enters it (its page key holds where the clock stands against every event, not the clock
    itself; see build/select.py)."""
    if entries:
        return entries[0].when
    due = [as_moment(d.versions[0].meta.date, tz) for d in drafts if d.versions]
    return min(due) if due else datetime(1970, 1, 1, tzinfo=UTC)


def feed_pages(project: Project, statuses: list[DraftStatus], now: datetime,
               published: dict[str, Summary] | None = None,
               responded: dict[str, Responses] | None = None,
               only: AbstractSet[str] | None = None) -> list[Page]:
    """The site's feed (every draft's events) and each draft's (``only``: these drafts')."""
    tz = project.config.tz
    host = authority(project.config.base_url)
    published = published or {}
    responded = responded or {}
    per_draft = {s.draft.slug: events(s, now, tz, published.get(s.draft.slug),
                                      responded.get(s.draft.slug))
                 for s in statuses}
    everything = sorted((e for found in per_draft.values() for e in found),
                        key=lambda e: (e.when, e.draft.slug, e.kind), reverse=True)
    newest = everything[:MAX_ENTRIES]
    pages = [Page(SITE_FEED, "feed.xml", {
        "entries": newest, "host": host, "feed_draft": None,
        "updated": updated(newest, [s.draft for s in statuses], tz)})]
    for status in statuses:
        if only is not None and status.draft.slug not in only:
            continue
        entries = per_draft[status.draft.slug]
        pages.append(Page(feed_path(status.draft), "feed.xml",
                          {"entries": entries, "host": host, "feed_draft": status.draft,
                           "updated": updated(entries, [status.draft], tz)},
                          draft=status.draft))
    return pages
