"""The pages that take comment: one form page per draft, and the privacy notice.

The form lives on its own page, ``drafts/<slug>/comment/``, rather than under the text: the
draft page stays a reading page, and every "Comment" link beside a provision goes to
``comment/?provision=<id>``.  With JavaScript the form preselects that provision; without it
the list of provisions is right there to choose from, so nothing depends on the script.

The form quotes the provision being commented on from the draft's open data
(``data/<slug>/draft.json``: its current version's provisions, each text once), which the
script fetches only when a provision is chosen: the page stays as light as its form
however long the draft is, and the texts are not published a second time for it.
"""

from __future__ import annotations

from ..model import Project
from ..providers import PROVIDERS, form_markup, settings_of
from .opendata import DATA
from .page import DraftStatus, Page

COMMENT_PAGE = "comment/"  # below the draft's own folder
PRIVACY_PAGE = "privacy/"


def window(status: DraftStatus) -> str:
    """The period as the form sees it: open, late (closed, late comments taken), upcoming,
    closed, or none."""
    period = status.draft.meta.comment_period
    if status.state in ("open", "closing"):
        return "open"
    if status.state == "closed" and period is not None and period.allow_late:
        return "late"
    return status.state


def comment_url(status: DraftStatus) -> str | None:
    """The comment page, relative to the draft page, while the draft takes comments."""
    return COMMENT_PAGE if window(status) in ("open", "late") else None


def comment_pages(project: Project, statuses: list[DraftStatus]) -> list[Page]:
    """Each comment page, and the privacy notice."""
    comments = project.config.comments
    settings = settings_of(comments)
    pages: list[Page] = []
    for status in statuses:
        draft = status.draft
        if draft.meta.comment_period is None:
            continue
        pages.append(
            Page(
                f"drafts/{draft.slug}/{COMMENT_PAGE}index.html",
                "comment.html",
                {
                    "draft": draft,
                    "status": status,
                    "version": draft.current,
                    "window": window(status),
                    "form": form_markup(comments, draft),
                    "comments": settings,
                    # where the script finds the texts it quotes (site-relative)
                    "provision_texts": f"{DATA}{draft.slug}/draft.json",
                },
                draft=draft,
            )
        )
    if not settings.privacy_url:
        provider = PROVIDERS[comments.provider]
        pages.append(
            Page(
                f"{PRIVACY_PAGE}index.html",
                "privacy.html",
                {"provider_title": provider.TITLE, "external": provider.NAME != "local"},
            )
        )
    return pages
