"""The one list of a site's pages, as a build publishes them: used alike by ``docket build``,
``docket serve``'s preview of a save and ``docket check``'s template rendering, so that none
of them can show a page the others would not make."""

from __future__ import annotations

from datetime import datetime

from ..model import Project
from .discovery import discovery_pages
from .languages import localize
from .lookup import lookup_data_pages
from .opendata import opendata_pages
from .page import Page
from .pages import plan
from .responses_data import responses_data_pages
from .search import search_documents


def site_pages(project: Project, now: datetime) -> list[Page]:
    """Every output of the site: the planned pages in each interface language, the open
    data, the sitemap and robots.txt (which list those pages), and the search documents
    Pagefind indexes."""
    pages = localize(plan(project, now), project.config)
    pages += opendata_pages(project) + responses_data_pages(project)
    pages += lookup_data_pages(project)
    pages += discovery_pages(project, pages)
    pages += search_documents(project, pages)
    return pages
