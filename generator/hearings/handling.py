"""How a draft's suggestions were handled, as the summary and the handling report show it:
each response with its six elements (who made the suggestion and what it says, who handled
it, who supervised the handling, the plan, the result), its follow-ups, and how satisfied
its authors are, overall and per rating round.

The responses themselves, which comments each answers and the satisfaction arithmetic are
the responses wing's (``generator/responses/``); this module only gathers them for one draft
within a window of time: the comments received, the responses given and the ratings
received before an instant (a hearing), or within a period (a report).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..comments.published import public_name, published
from ..comments.record import Comment
from ..model import Draft, SiteConfig
from ..problems import ProblemsFound, has_errors
from ..responses.answers import answered_comments
from ..responses.load import load_responses, responses_file
from ..responses.model import RESULTS, Rating, Response
from ..responses.presented import Answer, AnsweredCampaign, Suggester
from ..responses.ratings import read_ratings
from ..responses.satisfaction import Evaluation, satisfaction_of


@dataclass
class Handled(Answer):
    """One response with everything a committee reads about it (within a window)."""

    comments: int = 0  # the comments it answers (in the window)
    ratings: list[Rating] = field(default_factory=list)  # of its comments, in the window

    @property
    def marks(self) -> tuple[str, ...]:
        return self.evaluation.marks


@dataclass
class DraftHandling:
    """A draft's responses within a window, and its satisfaction over them."""

    handled: list[Handled] = field(default_factory=list)
    overall: Evaluation | None = None  # None: the draft has no response (in the window)
    answered: int = 0  # published comments (in the window) some response answers

    @property
    def results(self) -> list[tuple[str, int]]:
        """Responses by result, every result in RESULTS order (zeros included)."""
        found = Counter(h.response.result for h in self.handled)
        return [(result, found[result]) for result in RESULTS]


def handling(root: Path, draft: Draft, config: SiteConfig, cites: Mapping[str, str],
             placed: Mapping[str, tuple[str, str]], *, until: datetime | None = None,
             ratings_from: datetime | None = None, ratings_until: datetime | None = None,
             comments: list[Comment] | None = None) -> DraftHandling:
    """The draft's responses as the responses wing reads them, within a window: the
    comments received before ``until``, the responses given on days up to it (an undated
    one counts as given), and the ratings received in [``ratings_from``, ``ratings_until``)
    (by default, before ``until``).

    ``cites``: provision id -> citation in the text considered; ``placed``: comment id ->
    (provision id, citation) where it stands in that text; ``comments``: the draft's
    published comments, if read already. A responses.yaml with errors stops here
    (ProblemsFound), as it stops a build."""
    if not has_responses(draft):
        return DraftHandling()  # (the common case: nothing more to read)
    if ratings_until is None:
        ratings_until = until
    everything = published(root, draft.slug) if comments is None else comments
    responses, problems = load_responses(draft.path, draft, everything)
    if has_errors(problems):
        raise ProblemsFound(problems)
    last_day = until.astimezone(config.tz).date() if until is not None else None
    responses = [r for r in responses if _given_by(r, last_day)]
    if not responses:
        return DraftHandling()
    received = [c for c in everything if _within(c.received_date, None, until)]
    answered = answered_comments(responses, received,
                                 {cid: pid for cid, (pid, _) in placed.items()})
    ratings = [r for r in read_ratings(root, draft.slug)
               if _within(r.received_date, ratings_from, ratings_until)]
    satisfaction = satisfaction_of(responses, answered, ratings, draft.meta.rating_rounds,
                                   config.satisfaction, config.tz)
    rated: dict[str, list[Rating]] = {}
    for rating in ratings:
        if (response := answered.get(rating.comment_id)) is not None:
            rated.setdefault(response.id, []).append(rating)
    by_response: dict[str, list[Comment]] = {}
    for comment in received:
        if (response := answered.get(comment.id)) is not None:
            by_response.setdefault(response.id, []).append(comment)
    handled = []
    for response in responses:
        found = by_response.get(response.id, [])
        sizes = Counter(c.campaign_id for c in found if c.campaign_id)
        if response.campaign and response.campaign not in sizes:
            sizes[response.campaign] = 0
        handled.append(Handled(
            response=response,
            citation=_about(response, found, cites, placed),
            authors=[Suggester(public_name(c), c.organization, c.id) for c in found
                     if not c.campaign_id],
            campaigns=[AnsweredCampaign(cid, n) for cid, n in sorted(sizes.items())],
            comments=len(found),
            evaluation=satisfaction.responses[response.id],
            closer=satisfaction.closer_supervision(response),
            ratings=rated.get(response.id, []),
        ))
    return DraftHandling(handled, satisfaction.overall, len(answered))


def has_responses(draft: Draft) -> bool:
    """Whether the draft has a responses.yaml (a broken link counts: loading reports it)."""
    path = responses_file(draft.path)
    return path.exists() or path.is_symlink()


def _given_by(response: Response, last_day: date | None) -> bool:
    return last_day is None or response.date is None or response.date <= last_day


def _within(moment: datetime, since: datetime | None, until: datetime | None) -> bool:
    return (since is None or moment >= since) and (until is None or moment < until)


def _about(response: Response, answered: list[Comment], cites: Mapping[str, str],
           placed: Mapping[str, tuple[str, str]]) -> str:
    """The citation of the provision a response is about: the one it names, or where most of
    the comments it answers stand (ties: the first seen); "" for the draft as a whole."""
    if response.provision:
        return cites.get(response.provision, response.provision)
    where = Counter(placed.get(c.id, ("", ""))[1] for c in answered)
    return where.most_common(1)[0][0] if where else ""

