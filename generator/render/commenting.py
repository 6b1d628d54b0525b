"""The pages that take comment: one form page per draft, and the privacy notice.

The form lives on its own page, ``drafts/<slug>/comment/``, rather than under the text: the
draft page stays a reading page, and every "Comment" link beside a provision goes to
``comment/?provision=<id>``.  With JavaScript the form preselects that provision; without it
the list of provisions is right there to choose from, so nothing depends on the script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Project
from ..providers import PROVIDERS, form_markup, settings_of

if TYPE_CHECKING:
    from .pages import DraftStatus

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


def comment_pages(project: Project, statuses: list[DraftStatus]) -> list[tuple[str, str, dict]]:
    """(output, template, context) of each comment page and of the privacy notice."""
    comments = project.config.comments
    settings = settings_of(comments)
    pages: list[tuple[str, str, dict[str, Any]]] = []
    for status in statuses:
        draft = status.draft
        if draft.meta.comment_period is None:
            continue
        pages.append(
            (
                f"drafts/{draft.slug}/{COMMENT_PAGE}index.html",
                "comment.html",
                {
                    "draft": draft,
                    "status": status,
                    "version": draft.current,
                    "window": window(status),
                    "form": form_markup(comments, draft),
                    "comments": settings,
                },
            )
        )
    if not settings.privacy_url:
        provider = PROVIDERS[comments.provider]
        pages.append(
            (
                f"{PRIVACY_PAGE}index.html",
                "privacy.html",
                {"provider_title": provider.TITLE, "external": provider.NAME != "local"},
            )
        )
    return pages
