"""A draft's responses with everything they are read with: the published comments they
answer, which answers which, the ratings, and the satisfaction. What ``docket check``
checks, and what the responses page, the open data and the feed show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..comments.published import published
from ..comments.record import Comment
from ..model import Draft, Project, SiteConfig
from ..problems import Problem, ProblemsFound
from .answers import answered_comments
from .load import load_responses
from .model import Rating, Response
from .ratings import read_ratings
from .satisfaction import DraftSatisfaction, satisfaction_of


@dataclass
class DraftResponses:
    draft: Draft
    responses: list[Response]
    comments: list[Comment]  # the draft's published comments
    answered: dict[str, Response]  # comment id -> the response that answers it
    ratings: list[Rating]
    satisfaction: DraftSatisfaction


def gather(root: Path, draft: Draft, config: SiteConfig,
           comments: list[Comment] | None = None,
           placed: Mapping[str, str] | None = None) -> tuple[DraftResponses | None, list[Problem]]:
    """The draft's responses (None if it has none, or only broken ones) and every problem
    found in responses.yaml. ``comments``: its published comments, if already read;
    ``placed``: comment id -> the provision it stands under now (see ``answered_comments``).
    """
    comments = published(root, draft.slug) if comments is None else comments
    responses, problems = load_responses(draft.path, draft, comments)
    if not responses:
        return None, problems
    answered = answered_comments(responses, comments, placed)
    ratings = read_ratings(root, draft.slug)
    satisfaction = satisfaction_of(responses, answered, ratings, draft.meta.rating_rounds,
                                   config.satisfaction, config.tz)
    return DraftResponses(draft, responses, comments, answered, ratings, satisfaction), problems


def responses_problems(project: Project) -> list[Problem]:
    """What ``docket check`` finds in every draft's responses.yaml (and in the store it
    reads them against)."""
    found: list[Problem] = []
    for draft in project.drafts:
        try:
            found += gather(project.root, draft, project.config)[1]
        except ProblemsFound as exc:  # a store line edited by hand
            found += exc.problems
    return found
