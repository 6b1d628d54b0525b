"""The published comments of a draft, as the build reads them: the public record only.

The build reads ``drafts/<slug>/comments/comments.jsonl`` and nothing else of the store:
never ``.docket-private/`` (contacts, originals), and without taking the store's lock, which
would create ``.docket-private/`` in a project that has none and make a build wait on an
import. Reading unlocked is safe because every change of the store replaces the file whole
with one ``rename`` (see ``store.Transaction``): a reader sees the file before or after,
never half of it. An import interrupted between its renames can leave comments it added in
the file until the next import undoes it; they are ``pending``, and only ``published``
comments are read here.

Because the file lives inside the draft's folder, it is one of the draft's inputs: the build
hashes it with the rest of the folder, so publishing a comment re-renders every page of
that draft (and only that draft) in an incremental build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..problems import Problem, ProblemsFound, display_path
from .record import Comment, comment_from_json, utc_text
from .spreadsheet import safe_cell
from .store import comments_file, lines_of

LATE = "late"

# The open-data columns (README, "Open data"), in order: never an email, phone, address or
# locality, which the public record does not even have.
FIELDS = ("tracking", "draft", "version", "provision", "received_at", "late", "name",
          "organisation", "respondent_type", "position", "comment", "campaign")


def published(root: Path, slug: str) -> list[Comment]:
    """``slug``'s published comments, oldest first (by time received, then id)."""
    return read_comments(root, slug, status="published")


def read_comments(root: Path, slug: str, status: str | None = None) -> list[Comment]:
    """``slug``'s comments (those with ``status``, or all), oldest first (by time received,
    then id), read without the store's lock and without creating ``.docket-private/``: a
    change to the store replaces the file whole, so a reader sees it before or after, never
    half of it. A line that is not a comment record is a ``path:line`` problem."""
    path = comments_file(root, slug)
    found: list[Comment] = []
    for number, _, value in lines_of(path, root):
        if status is not None and value.get("status") != status:
            continue
        try:
            found.append(comment_from_json(value))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ProblemsFound([Problem(display_path(path, root), number,
                                         f"not a comment record: {exc}")]) from exc
    found.sort(key=lambda c: (c.received_date, c.id))
    return found


def public_name(comment: Comment) -> str:
    """The name, only if the commenter agreed to its publication."""
    return comment.name if comment.name_consent else ""


def row(comment: Comment) -> dict[str, Any]:
    """One comment as an open-data row: the redacted text as stored, no contact details."""
    return {
        "tracking": comment.id,
        "draft": comment.draft,
        "version": comment.version,
        "provision": comment.provision_id,
        "received_at": utc_text(comment.received_date),
        "late": LATE in comment.flags,
        "name": public_name(comment),
        "organisation": comment.organization,
        "respondent_type": comment.respondent_type,
        "position": comment.position,
        "comment": comment.comment,
        "campaign": comment.campaign_id,
    }


def csv_row(comment: Comment) -> dict[str, str]:
    """``row`` with every cell one a spreadsheet shows and never runs (``safe_cell``)."""
    return {key: safe_cell(str(value).lower() if isinstance(value, bool) else value)
            for key, value in row(comment).items()}
