"""The tracking-number lookup: a page where a commenter sees what became of their comment.

``lookup/`` (in every interface language) asks for the number; ``static/lookup.js`` derives
the record's name and key from it and opens the one sealed record it names
(``comments/sealed.py``) in ``data/<slug>/lookup/<shard>.json``, one small file per draft
that has comments. Each record says what the commenter may know of their own comment and
nobody else's: the draft and provision, when it was received, its status (pending,
published, rejected with the moderator's reason, withdrawn) and, once a response answers
it, the response's summary, result, reason and a link to it on the responses page, under
which the rating form appears.

The records come from the comment store (``drafts/<slug>/comments/comments.jsonl``), so the
lookup works whatever provider took the comments; a comment the intake received but nobody
has imported yet is not in them, and the page says so (and, with the built-in intake, asks
the service whether it holds the number: ``GET api/comments/<number>``).

Shard files are planned before any key is derived: how many a draft has (1, 16, 256 or
4,096, by its number of comments) is fixed by the count alone, and a shard no record falls
in is written empty, so the files' names reveal no record.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from ..comments.placement import WHOLE, Placer
from ..comments.record import LATE, Comment, utc_text
from ..comments.sealed import (
    FORMAT,
    ITERATIONS,
    MasterKeys,
    normal_number,
    salt_of,
    shard_files,
    shard_of,
)
from ..comments.store import comments_file, read_comments
from ..fingerprints import CACHE_DIR
from ..model import Draft, Project
from ..providers import PROVIDERS, settings_of
from ..providers.base import FormMarkup
from ..providers.local import SITE_PATH
from ..responses.answers import answered_comments
from ..responses.load import load_responses
from ..responses.model import Response
from .draft_files import Files
from .page import Page
from .responses_pages import responses_path

LOOKUP_PAGE = "lookup/"
FOLDER = "lookup/"  # below data/<slug>/
RATINGS_PATH = "api/ratings"  # the built-in intake's ratings endpoint
# Shard digits by a draft's number of comments: about 50 records a file at most, below
# 4,096 files; more comments than that make bigger files, not more of them.
SHARD_STEPS = ((50, 0), (800, 1), (12_800, 2))
MOST_SHARD_CHARS = 3


def shard_chars(count: int) -> int:
    return next((chars for limit, chars in SHARD_STEPS if count <= limit), MOST_SHARD_CHARS)


def shard_names(chars: int) -> list[str]:
    """Every shard a draft with ``chars`` digits has (``all`` when it has one file)."""
    return [shard_of("0" * 32, 0)] if chars == 0 else [f"{n:0{chars}x}" for n in range(16**chars)]


def count_comments(root: Path, slug: str) -> int:
    path = comments_file(root, slug)
    if not path.exists():
        return 0
    with open(path, "rb") as file:
        return sum(1 for line in file if line.strip())


def response_url(draft: Draft, response: Response) -> str:
    """The response on the draft's "What we heard and what we did" page."""
    return f"{responses_path(draft)}#response-{response.id}"


def response_record(draft: Draft, response: Response) -> dict[str, Any]:
    return {
        "id": response.id,
        "summary": response.summary,
        "result": response.result,
        "reason": response.reason,
        "date": response.date.isoformat() if response.date else "",
        "url": response_url(draft, response),
    }


def comment_record(draft: Draft, comment: Comment, citation: str,
                   response: Response | None) -> dict[str, Any]:
    """What the commenter sees of their own comment (never another's, never contact details:
    there is none in a ``Comment``)."""
    return {
        "id": comment.id,
        "draft": draft.slug,
        "title": draft.meta.title,
        "lang": draft.meta.language or "",
        "draft_url": f"drafts/{draft.slug}/",
        "received": utc_text(comment.received_date),
        "late": LATE in comment.flags,
        "status": comment.status,
        "reason": comment.rejection_reason if comment.status == "rejected" else "",
        "provision": citation,
        "comments_url": f"drafts/{draft.slug}/comments/" if comment.status == "published" else "",
        "response": response_record(draft, response) if response else None,
    }


@dataclass(eq=False)
class DraftLookup:
    """A draft's sealed records, computed once in the process that writes its shard files."""

    draft: Draft
    root: Path
    salt: str
    chars: int

    @cached_property
    def shards(self) -> dict[str, str]:
        comments = read_comments(self.root, self.draft.slug)
        # Where each comment stands in the current text, as the comment and responses pages
        # place it: a provision's answer reaches a comment made on it before a renumbering.
        placer = Placer(self.draft)
        placements = {c.id: placer.place(c) for c in comments}
        responses, _ = load_responses(self.draft.path, self.draft, comments)
        answered = answered_comments(responses, comments,
                                     {i: p.provision_id for i, p in placements.items()})
        records: dict[str, dict[str, Any]] = {}
        for comment in comments:
            placement = placements[comment.id]
            citation = placement.note or ("" if placement.citation == WHOLE
                                          else placement.citation)
            record = comment_record(self.draft, comment, citation, answered.get(comment.id))
            for number in (comment.id, comment.tracking_number):
                if number.strip():
                    records.setdefault(normal_number(number), record)
        keys = MasterKeys(self.root / CACHE_DIR)
        try:
            return shard_files(records, self.salt, keys, self.chars)
        finally:
            keys.close()

    def file(self, shard: str) -> str:
        return self.shards.get(shard) or f'{{"format":"{FORMAT}","records":{{}}}}'


def lookup_data_pages(project: Project, files: Files | None = None,
                      only: AbstractSet[str] | None = None) -> list[Page]:
    """Every draft's shard files (shared by the interface languages, like open data);
    ``only``: those of these drafts."""
    salt = salt_of(project.config.base_url)
    pages = []
    for draft in project.drafts:
        if only is not None and draft.slug not in only:
            continue
        count = (files[draft.slug].comments if files is not None
                 else count_comments(project.root, draft.slug))
        if not count:
            continue
        lookup = DraftLookup(draft, project.root, salt, shard_chars(count))
        for shard in shard_names(lookup.chars):
            pages.append(Page(f"data/{draft.slug}/{FOLDER}{shard}.json", "", {"draft": draft},
                              data=partial(lookup.file, shard), draft=draft))
    return pages


def rating_form(project: Project) -> FormMarkup | None:
    """Where the rating form posts: the intake's ``api/ratings`` (with ``fetch``), a hosted
    provider's second form (``ratings_action``), or nowhere (no rating form)."""
    comments = project.config.comments
    settings = settings_of(comments)
    module = PROVIDERS[comments.provider]
    if module.NAME == "local":
        endpoint = settings.endpoint
        if endpoint:
            action = endpoint.rstrip("/").removesuffix("comments") + "ratings"
            return FormMarkup(provider="local", title=module.TITLE, action=action, fetch=True,
                              language_param="lang")
        return FormMarkup(provider="local", title=module.TITLE, site_action=RATINGS_PATH,
                          fetch=True, language_param="lang")
    if settings.ratings_action:
        return FormMarkup(provider=module.NAME, title=module.TITLE,
                          action=settings.ratings_action, external=True)
    return None


def receipt_endpoint(project: Project) -> str:
    """Where the built-in intake answers ``GET .../<number>`` ("received, not yet imported");
    "" with a hosted provider."""
    comments = project.config.comments
    if comments.provider != "local":
        return ""
    return settings_of(comments).endpoint or SITE_PATH


def lookup_page(project: Project, files: Files | None = None) -> Page:
    drafts = []
    for draft in project.drafts:
        count = (files[draft.slug].comments if files is not None
                 else count_comments(project.root, draft.slug))
        if count:
            drafts.append([draft.slug, shard_chars(count)])
    return Page(
        f"{LOOKUP_PAGE}index.html",
        "lookup.html",
        {
            "lookup": {
                "salt": salt_of(project.config.base_url),
                "iterations": ITERATIONS,
                "drafts": drafts,
            },
            "form": rating_form(project),
            "receipts": receipt_endpoint(project),
        },
    )
