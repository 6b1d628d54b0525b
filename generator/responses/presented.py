"""A response as the public record shows it, with everything a reader of it is told: who
made the suggestion (a name only with its author's consent; a campaign once, with its size),
what the response says and decided, how satisfied its authors are, and where to read the
change it made.

The draft's responses page (``render/responses_pages.py``), the summary of comments and the
handling report (``hearings/handling.py``) each gather responses their own way (the page for
the whole current text, the documents within a window of time), but they hand the reader
the same thing, so they share this shape and one template macro draws it
(``templates/_handling.html``, ``handled_response``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Response
from .satisfaction import Evaluation


@dataclass
class Suggester:
    """Who made a suggestion, as the public record may show them: a name only with its
    author's consent (else only the organisation, or neither)."""

    name: str  # "" unless its author agreed to its publication
    organisation: str
    comment_id: str
    link: str = ""  # site-relative: the comment on the draft's list of comments ("" if none)


@dataclass
class AnsweredCampaign:
    """A campaign a response answers: one suggestion, however many people sent it."""

    id: str
    size: int


@dataclass
class Change:
    """Where the change a response made can be read: the redline of the version that
    carries it against the one before."""

    url: str  # site-relative
    new_label: str
    old_label: str


@dataclass
class Answer:
    """One response with what the public record says of it."""

    response: Response
    citation: str  # the provision it is about ("" for the draft as a whole)
    authors: list[Suggester]  # the answered comments outside any campaign
    campaigns: list[AnsweredCampaign]  # each answered campaign once
    evaluation: Evaluation
    closer: bool  # under closer supervision: a key suggestion, or its authors dissatisfied
    change: Change | None = None

    @property
    def suggestions(self) -> int:
        """How many suggestions it answers: each comment, each campaign once."""
        return len(self.authors) + len(self.campaigns)
