"""The pages that take comment: one form page per draft, and the privacy notice.

The form lives on its own page, ``drafts/<slug>/comment/``, rather than under the text: the
draft page stays a reading page, and every "Comment" link beside a provision goes to
``comment/?provision=<id>``.  With JavaScript the form preselects that provision; without it
the list of provisions is right there to choose from, so nothing depends on the script.

Beside each comment page, ``comment/provisions.json`` holds the current version's provisions
as plain text (id, depth, citation, label, words), for the script to quote the provision being
commented on and cite it in the heading. It is a file of its own, fetched only when a provision
is chosen, rather than part of the page: the page stays as light as its form however long the
draft is, and a reader who comments on the draft as a whole never loads it. It holds one
version only (``data/<slug>/draft.json`` holds every version, and would grow with each one).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial

from ..model import Draft, Project, Provision
from ..providers import PROVIDERS, form_markup, settings_of
from .page import DraftStatus, Page, version_citations

COMMENT_PAGE = "comment/"  # below the draft's own folder
PRIVACY_PAGE = "privacy/"
PROVISION_TEXTS = "provisions.json"  # in the comment page's folder


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


def _walk(p: Provision, depth: int = 0) -> Iterator[tuple[Provision, int]]:
    for child in p.children:
        yield child, depth
        yield from _walk(child, depth + 1)


def provision_texts(draft: Draft) -> str:
    """``comment/provisions.json``: the current version's provisions in document order, each
    ``[id, depth, citation, label, text]``, as plain text (the script sets it as text only).

    A provision's own words exclude its sub-provisions; the script quotes a provision with
    the entries after it that are deeper (an article with its 款, a section with its
    subsections), so no text is stored twice. The label carries the space that follows it
    in print ("(b) ", and a full-width one after "第三条").
    """
    version = draft.current
    cites = version_citations(version)
    rows = []
    for p, depth in _walk(version.root):
        label = p.label.strip()
        if label:
            label += "\u3000" if label.startswith("第") else " "
        rows.append([p.id, depth, cites.get(p.id, p.id), label, p.text])
    return json.dumps({"version": version.slug, "provisions": rows},
                      ensure_ascii=False, separators=(",", ":"))


def comment_pages(project: Project, statuses: list[DraftStatus]) -> list[Page]:
    """Each comment page, the provision texts beside it, and the privacy notice."""
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
                    "provision_texts": PROVISION_TEXTS,
                },
                draft=draft,
            )
        )
        pages.append(Page(f"drafts/{draft.slug}/{COMMENT_PAGE}{PROVISION_TEXTS}", "",
                          {"draft": draft}, partial(provision_texts, draft), draft=draft))
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
