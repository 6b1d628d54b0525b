"""The handling report: how the suggestions on every draft were handled in a period, for the
written report to representatives and the public.

**What is in it.** Every response of every draft that was given in the period, or followed
up in it (a response given earlier and still being handled is part of the period's work),
with its six elements, its follow-ups and its satisfaction. Without ``since`` and
``until``, every response. Satisfaction counts the ratings received in the period, each
comment's latest (overall) and per rating round (the draft's ``rating_rounds``), exactly as
the responses wing counts them (``generator/responses/satisfaction.py``).

**What comes first.** The responses below a threshold (``satisfaction:`` in site.yaml):
those to be reported publicly, then those to be handled again, before the drafts' own
lists; a response is below a threshold when its authors' rate is, overall or in a round.

**Every figure adds up.** The totals are sums over the drafts' sections: responses by
result, suggestions and comments answered, follow-ups in the period by stage, ratings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..comments.placement import Placer
from ..comments.published import published
from ..model import Draft, Project, SiteConfig
from ..problems import ProblemsFound, UsageError
from ..provisions.citation import citations
from ..responses.model import RESULTS, STAGES, Thresholds
from ..responses.satisfaction import (
    HANDLE_AGAIN,
    REPORT_PUBLICLY,
    Evaluation,
    Satisfaction,
    evaluate,
    marks,
)
from .handling import Handled, handling, has_responses


@dataclass
class DraftReport:
    """One draft's part of the report."""

    slug: str
    title: str
    number: str
    language: str
    handled: list[Handled]  # its responses in the period, in responses.yaml's order
    overall: Evaluation | None  # its authors' satisfaction with them (ratings in the period)

    @property
    def results(self) -> list[tuple[str, int]]:
        found = Counter(h.response.result for h in self.handled)
        return [(result, found[result]) for result in RESULTS]


@dataclass
class Flagged:
    """A response below a threshold, with the draft it belongs to."""

    draft: DraftReport
    handled: Handled
    report_publicly: bool  # else: to be handled again


@dataclass
class Totals:
    drafts: int  # drafts with a response in the period
    responses: int
    by_result: list[tuple[str, int]]  # every result, zeros included
    suggestions: int  # each answered comment outside a campaign, each campaign once
    comments: int  # published comments the responses answer
    key: int  # key suggestions
    closer: int  # under closer supervision (key, or authors dissatisfied)
    follow_ups: int  # follow-ups dated in the period
    by_stage: list[tuple[str, int]]  # those follow-ups by stage, every stage
    satisfaction: Satisfaction  # every draft's ratings in the period (each comment's latest)
    marks: tuple[str, ...]  # of that overall rate
    report_publicly: int  # responses to be reported publicly
    handle_again: int  # responses to be handled again (and not reported publicly)


@dataclass
class Report:
    since: date | None
    until: date | None
    language: str  # the site's: the report's labels are in it
    title: str  # the site's title (in its language)
    body: str  # who publishes it
    thresholds: Thresholds
    totals: Totals
    flagged: list[Flagged]  # below a threshold: to be reported publicly first
    drafts: list[DraftReport] = field(default_factory=list)


def in_period(handled: Handled, since: date | None, until: date | None) -> bool:
    """Given in the period, or followed up in it (every response, without a period)."""
    if since is None and until is None:
        return True
    days = [f.date for f in handled.response.follow_ups]
    if handled.response.date is not None:
        days.append(handled.response.date)
    return any((since is None or day >= since) and (until is None or day <= until)
               for day in days)


def _below(evaluation: Evaluation, mark: str) -> bool:
    return mark in evaluation.marks or any(mark in c.marks for c in evaluation.rounds)


def load_metadata(project_root: Path) -> Project:
    """The project as ``docket check`` loads it, without parsing any text (a report reads
    only metadata, the stores and responses.yaml)."""
    from ..content.loader import load_project

    loaded = load_project(project_root, parse=False)
    if loaded.project is None:
        raise ProblemsFound(loaded.problems)
    return loaded.project


def report(project_root: Path, since: date | None = None, until: date | None = None,
           project: Project | None = None) -> Report:
    """The handling report of every draft for the period [since, until] (whole days in the
    site's time zone, both included; either may be left open). ``project``: already
    loaded (metadata is enough), else loaded from ``project_root``."""
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    project = project or load_metadata(project_root)
    config = project.config
    tz = config.tz
    start = datetime.combine(since, time(0), tzinfo=tz) if since else None
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=tz) if until else None
    drafts: list[DraftReport] = []
    for draft in project.drafts:
        section = _draft_report(project_root, draft, config, start, end, since, until)
        if section.handled:
            drafts.append(section)
    flagged = [Flagged(d, h, _below(h.evaluation, REPORT_PUBLICLY)) for d in drafts
               for h in d.handled if _below(h.evaluation, HANDLE_AGAIN)
               or _below(h.evaluation, REPORT_PUBLICLY)]
    flagged.sort(key=lambda f: not f.report_publicly)  # stable: drafts' order kept within
    return Report(since=since, until=until, language=config.language,
                  title=config.for_language(config.language).title,
                  body=config.for_language(config.language).body,
                  thresholds=config.satisfaction,
                  totals=_totals(drafts, flagged, since, until, config.satisfaction),
                  flagged=flagged, drafts=drafts)


def _draft_report(root: Path, draft: Draft, config: SiteConfig, start: datetime | None,
                  end: datetime | None, since: date | None, until: date | None) -> DraftReport:
    if not has_responses(draft):
        return DraftReport(draft.slug, draft.meta.title, draft.meta.number,
                           draft.meta.language or config.language, [], None)
    placer = Placer(draft)
    where = {}
    comments = published(root, draft.slug)
    for c in comments:
        place = placer.place(c)
        where[c.id] = (place.provision_id, place.citation if c.provision_id else "")
    found = handling(root, draft, config, citations(draft.current), where,
                     ratings_from=start, ratings_until=end, comments=comments)
    handled = [h for h in found.handled if in_period(h, since, until)]
    # The draft's satisfaction over the responses in the report only (each comment is
    # answered by one response, so these add up to the responses' own counts).
    overall = evaluate([r for h in handled for r in h.ratings], draft.meta.rating_rounds,
                       config.satisfaction, config.tz) if handled else None
    return DraftReport(draft.slug, draft.meta.title, draft.meta.number,
                       draft.meta.language or config.language, handled, overall)


def _totals(drafts: list[DraftReport], flagged: list[Flagged], since: date | None,
            until: date | None, thresholds: Thresholds) -> Totals:
    handled = [h for d in drafts for h in d.handled]
    results = Counter(h.response.result for h in handled)
    stages = Counter(f.stage for h in handled for f in h.response.follow_ups
                     if (since is None or f.date >= since) and (until is None or f.date <= until))
    overall = [d.overall.satisfaction for d in drafts if d.overall is not None]
    satisfaction = Satisfaction(sum(s.ratings for s in overall),
                                sum(s.satisfied for s in overall),
                                sum(s.basically for s in overall),
                                sum(s.dissatisfied for s in overall))
    publicly = sum(f.report_publicly for f in flagged)
    return Totals(
        drafts=len(drafts),
        responses=len(handled),
        by_result=[(result, results[result]) for result in RESULTS],
        suggestions=sum(h.suggestions for h in handled),
        comments=sum(h.comments for h in handled),
        key=sum(h.response.key for h in handled),
        closer=sum(h.closer for h in handled),
        follow_ups=sum(stages.values()),
        by_stage=[(stage, stages[stage]) for stage in STAGES],
        satisfaction=satisfaction,
        marks=marks(satisfaction, thresholds),
        report_publicly=publicly,
        handle_again=len(flagged) - publicly,
    )
