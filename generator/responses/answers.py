"""Which response answers which comment.

A response names what it answers in one of three ways: comment ids, a campaign (every
comment in it, however many: a form letter is one suggestion), or a provision (the
published comments on it). A comment may be reached by more than one: the most particular
wins, so a letter answered on its own is not also claimed by its campaign's answer, nor a
comment in a campaign by its provision's. Within one kind the first response in the file
counts (``load.py`` warns about a comment listed by two).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..comments.record import Comment
from .model import Response

# The most particular way of answering first.
PRECEDENCE = ("comments", "campaign", "provision")


def answered_comments(responses: Iterable[Response], comments: Iterable[Comment],
                      placed: Mapping[str, str] | None = None) -> dict[str, Response]:
    """Comment id -> the response that answers it, for every comment some response answers.

    ``placed``: comment id -> the provision id it stands under *now* (``Placer``: a comment
    made on Section 4 of an earlier version that is now Section 5 is answered by a response
    to ``sec_5``); without it, the provision the comment was made on. A provision answer
    covers only published comments; comment ids and campaigns cover whatever they name.
    """
    responses = list(responses)
    comments = list(comments)
    found: dict[str, Response] = {}
    for kind in PRECEDENCE:
        for response in responses:
            if response.answers != kind:
                continue
            for comment in _covered(response, comments, placed):
                found.setdefault(comment.id, response)
    return found


def _covered(response: Response, comments: list[Comment],
             placed: Mapping[str, str] | None) -> list[Comment]:
    if response.comments:
        wanted = {c.upper() for c in response.comments}
        return [c for c in comments if c.id.upper() in wanted]
    if response.campaign:
        return [c for c in comments if c.campaign_id == response.campaign]

    def provision_of(comment: Comment) -> str:
        return placed.get(comment.id, comment.provision_id) if placed is not None \
            else comment.provision_id

    return [c for c in comments
            if c.status == "published" and provision_of(c) == response.provision]


def answering(response: Response, comments: Iterable[Comment],
              answered: Mapping[str, Response]) -> list[Comment]:
    """The comments ``response`` is the answer to (from ``answered_comments``), in order."""
    return [c for c in comments if answered.get(c.id) is response]
