"""What a draft's folder holds beside its text that decides which pages the draft has.

Planning a site asks of every draft whether it has a responses file (its responses page and
open data, the handling report), how many records its comment store holds (its comment
lists, the lookup's shard files) and how much Markdown its versions hold (which search
bundle it goes in, measured over every draft twice). Each planner used to ask the file
system itself: four
looks for ``responses.yaml`` and three for the comment store per draft and build, a few
thousand ``stat`` calls on a large site, repeated by ``docket serve`` after every save. They
are looked at once per draft and build here (``draft_files``) and handed down to every
planner; the preview keeps a draft's facts until its folder changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..comments.store import COMMENTS
from ..model import Draft, Project
from .search import draft_bytes

RESPONSES = "responses.yaml"

Files = dict[str, "DraftFiles"]  # draft slug -> its facts


@dataclass(frozen=True)
class DraftFiles:
    """The facts of one draft's folder, as of the build."""

    responses: bool  # it has a responses.yaml
    comments: int  # records (non-blank lines) in its comment store; 0 without one
    markdown: int  # UTF-8 bytes of its versions' Markdown (``search.draft_bytes``)


def look(root: Path, draft: Draft) -> DraftFiles:
    """One draft's facts, from its folder (``root``: the project's; the comment store is
    ``drafts/<slug>/comments/comments.jsonl`` there, as ``comments.store`` names it)."""
    store = os.path.join(root, "drafts", draft.slug, "comments", COMMENTS)
    return DraftFiles(os.path.exists(os.path.join(draft.path, RESPONSES)), _records(store),
                      draft_bytes(draft))


def _records(path: str) -> int:
    try:
        with open(path, "rb") as file:
            return sum(1 for line in file if line.strip())
    except FileNotFoundError:
        return 0


def draft_files(project: Project) -> Files:
    """Every draft's facts, looked at once."""
    root = Path(project.root)
    return {draft.slug: look(root, draft) for draft in project.drafts}


def markdown_sizes(files: Files) -> dict[str, int]:
    """Slug -> the Markdown of its versions in bytes, as ``search.search_parts`` takes them."""
    return {slug: facts.markdown for slug, facts in files.items()}
