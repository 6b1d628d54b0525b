"""The one list of a site's pages, as a build publishes them: used alike by ``docket build``,
``docket serve``'s preview of a save and ``docket check``'s template rendering, so that none
of them can show a page the others would not make.

The preview asks for a part of it (``Part``): the pages of the drafts a save changed and
every page about the whole site, planned exactly as in the whole list but without planning
the other drafts' pages (most of the time a save took on a large site). The one page about
the whole site that lists other drafts' pages, the sitemap, is given those from ``listed``:
what the preview kept of each draft's last planning (``sitemap_pages``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..model import Project
from .discovery import LISTED, discovery_pages
from .draft_files import Files, draft_files, markdown_sizes
from .languages import localize
from .lookup import lookup_data_pages
from .opendata import opendata_pages
from .page import Page
from .pages import plan
from .responses_data import responses_data_pages
from .search import search_documents

# Where each kind of page the sitemap lists stands in it, as ``plan`` orders them: the home
# page, every draft's reading pages draft by draft (its compare, packet, draft and version
# pages: 1), every draft's responses page, then search and the handling report. The sitemap
# is put in this order from any part of the list, so a part gives the same file as the whole.
SITEMAP_SECTIONS = {"home.html": 0, "responses.html": 2, "search.html": 3,
                    "report_page.html": 4}
READING = 1  # the other kinds LISTED


@dataclass(frozen=True)
class Part:
    """The part of the site ``docket serve``'s preview renders after a save: every page of
    ``drafts`` and every page about the whole site. ``listed``: each other draft's pages the
    sitemap lists (``sitemap_pages``), as the preview last planned them; a draft's are the
    same until its files change."""

    drafts: frozenset[str]
    listed: Mapping[str, list[Page]] = field(default_factory=dict)


def site_pages(project: Project, now: datetime, part: Part | None = None,
               files: Files | None = None) -> list[Page]:
    """Every output of the site: the planned pages in each interface language, the open
    data, the sitemap and robots.txt (which list those pages), and the search documents
    Pagefind indexes; with ``part``, only those of its drafts and of the whole site.
    ``files``: the drafts' facts (``draft_files.py``), looked at once here unless given."""
    files = files if files is not None else draft_files(project)
    only = part.drafts if part is not None else None
    pages = localize(plan(project, now, files, only), project.config)
    pages += opendata_pages(project, only) + responses_data_pages(project, files, only)
    pages += lookup_data_pages(project, files, only)
    pages += discovery_pages(project, sitemap_order(project, pages, part))
    pages += search_documents(project, pages, markdown_sizes(files))
    return pages


def sitemap_pages(pages: list[Page]) -> dict[str, list[Page]]:
    """Draft slug -> its pages the sitemap lists, in planning order, each reduced to what
    the sitemap reads (its output and template): what a ``Part`` is given of the drafts it
    does not plan."""
    found: dict[str, list[Page]] = {}
    for page in pages:
        if page.draft is not None and page.template in LISTED and not page.language:
            found.setdefault(page.draft.slug, []).append(
                replace(page, context={}, data=None))
    return found


def sitemap_order(project: Project, pages: list[Page], part: Part | None) -> list[Page]:
    """The pages the sitemap lists, in their order in the whole list (``SITEMAP_SECTIONS``,
    then draft by draft), with the other drafts' from ``part.listed`` when only a part is
    planned."""
    position = {draft.slug: n for n, draft in enumerate(project.drafts)}
    listed = [p for p in pages if p.template in LISTED and not p.language]
    if part is not None:  # (a draft no longer in the project has no pages)
        listed += [p for slug, kept in part.listed.items()
                   if slug not in part.drafts and slug in position for p in kept]
    groups: dict[tuple[int, int], list[Page]] = {}  # (section, draft) -> pages, in order
    for page in listed:
        draft = -1 if page.draft is None else position.get(page.draft.slug, len(position))
        groups.setdefault((SITEMAP_SECTIONS.get(page.template, READING), draft),
                          []).append(page)
    return [page for where in sorted(groups) for page in groups[where]]
