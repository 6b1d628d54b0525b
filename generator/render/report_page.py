"""The handling report as a page of the site (``report/``): how the suggestions on every
draft were handled, since the first response (``hearings/report.py``; ``docket report``
prints the same for a period, as Markdown, HTML, JSON or PDF).

The report reads every draft's responses and comment store, so it is made when its page is
rendered (in the render process that takes the site-wide pages), once for all the
interface languages' copies of the page, and only on a site where a draft has responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..model import Project
from .draft_files import Files
from .page import Page
from .responses_pages import has_responses

REPORT_PAGE = "report/"


@dataclass(eq=False)
class LazyReport:
    """The site's handling report, made on first use and shared by the page's copies."""

    project: Project

    @cached_property
    def report(self) -> Any:
        from ..hearings.report import report

        return report(self.project.root, None, None, self.project)


def report_pages(project: Project, files: Files | None = None) -> list[Page]:
    if not any(files[d.slug].responses if files is not None else has_responses(d)
               for d in project.drafts):
        return []
    return [Page(f"{REPORT_PAGE}index.html", "report_page.html", {"handling": LazyReport(project)})]
