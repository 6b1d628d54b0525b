"""What every kind of page shares: the page itself, with the draft it shows declared by
whoever plans it, and a draft's comment period as of the build.

Kept apart from ``pages.py`` (which plans the site) so that each module making one kind of
page (``commenting.py``, ``feeds.py``, ``search.py``...) builds on these types without
importing the planner that imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from ..model import Draft, Provision, Version
from ..periods import bounds, hearing_held, state
from ..provisions.citation import citations


@dataclass
class Page:
    output: str  # path below site/, e.g. "drafts/noise/index.html"
    template: str  # "" for a data file that ``data()`` writes
    context: dict[str, Any] = field(default_factory=dict)
    data: Callable[[], str] | None = None  # called by the process that writes the file
    language: str = ""  # the interface language it is rendered in; "" for the site's default
    # The one draft the page shows (its text, redlines, form, feed, data), declared when it
    # is planned; None for a page about the whole site (home, search, sitemap...). An
    # incremental build renders a draft's pages again when that draft changes, and a render
    # process takes all of one draft's pages, so this must name every draft the page reads.
    draft: Draft | None = None
    # A PDF (a hearing's packet): its template is rendered to HTML, then printed to PDF by
    # WeasyPrint (bytes, seconds for a long draft). Only a build prints it, in its render
    # processes; ``docket serve``'s preview of a save leaves it to the build that follows.
    pdf: bool = False


# Keyed by the parsed text, not the version: an entry goes when the text is forgotten
# (``Version.forget``), so a render process does not keep every draft's citations it rendered.
_citations: WeakKeyDictionary[Provision, dict[str, str]] = WeakKeyDictionary()


def version_citations(version: Version) -> dict[str, str]:
    """Citations of a version's provisions, computed once per parsed text and process."""
    root = version.root
    found = _citations.get(root)
    if found is None:
        found = _citations[root] = citations(version)
    return found


@dataclass
class DraftStatus:
    """A draft's comment period as of the build: its state and its bounds in the site zone;
    and which of its hearings have been held (the others are upcoming). Worked out here, not
    in a template: a template that reads ``now`` is rendered again by every build."""

    draft: Draft
    state: str
    opens: datetime | None = None
    closes: datetime | None = None
    held: frozenset[str] = frozenset()  # ids of the hearings held by the build's time


def draft_status(draft: Draft, now: datetime, tz: ZoneInfo) -> DraftStatus:
    held = frozenset(h.id for h in draft.meta.hearings if hearing_held(h.date, now, tz))
    period = draft.meta.comment_period
    if period is None:
        return DraftStatus(draft, "none", held=held)
    opens, closes = bounds(period, tz)
    return DraftStatus(draft, state(period, now, tz), opens, closes, held)


def version_url(draft: Draft, version: Version) -> str:
    """Where a version is read: the draft's own page for the current version (its version
    address only leads there: ``version_folder``), its own page for an earlier one."""
    if version is draft.current:
        return f"drafts/{draft.slug}/"
    return version_folder(draft, version)


def version_folder(draft: Draft, version: Version) -> str:
    """A version's own address (for the current version, a page that leads to the draft's)."""
    return f"drafts/{draft.slug}/{version.slug}/"


def url_prefix(page: Page, base_url: str) -> str:
    """Prefix that turns a site-relative path into a link from ``page``.

    Relative links keep the site working under any base path and from a file system; the
    404 page is served at arbitrary paths, so it links from the site's base path instead.
    """
    if page.output == "404.html":
        return urlsplit(base_url).path or "/"
    return "../" * page.output.count("/")
