"""The "What we heard and what we did" page of a draft: every response with its six elements.

``drafts/<slug>/responses/``: who made each suggestion and what it says (a campaign counted
once, with its size; a name only with its author's consent), the unit and person who
handled it, the unit and person who supervised the handling, the plan, and the result with
its reason and a link to the redline of the version that carries the change. Each response
also shows its follow-ups as a dated timeline, whether it is a key suggestion (or one under
closer supervision because its authors are dissatisfied), and its satisfaction, overall and
per rating round, with the marks "to be handled again" and "to be reported publicly".

Responses are grouped by the provision they are about (by its citation, in the current
text's order; a response to comments is grouped where most of them stand now), after the
totals by result; the responses to be reported publicly, and those to be handled again,
are listed at the top. Only drafts with a response get the page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..comments.published import public_name
from ..comments.published import published as published_comments
from ..comments.record import Comment
from ..model import Draft, Project
from ..problems import ProblemsFound, has_errors
from ..responses.gathered import DraftResponses, gather
from ..responses.model import RESULTS, Response
from ..responses.presented import Answer, AnsweredCampaign, Change, Suggester
from ..responses.satisfaction import Evaluation
from .comments_pages import PER_PAGE, Pager, Summary, _controlled, comments_path, summarise
from .draft_files import Files
from .page import DraftStatus, Page, version_citations

FOLDER = "responses/"
WHOLE = ""  # the group of responses about the draft as a whole


@dataclass
class Shown(Answer):
    """One response as its page shows it, in the group of the provision it is about."""

    provision_id: str = ""  # the group it is shown in (WHOLE for the draft as a whole)

    @property
    def anchor(self) -> str:
        return f"response-{self.response.id}"


@dataclass
class Group:
    provision_id: str  # WHOLE for the draft as a whole, or a provision struck since
    citation: str  # "" for the draft as a whole
    shown: list[Shown]
    number: int = 0  # (for a provision struck since: its anchor)
    made_on: str = ""  # (for a provision struck since: the version it was cited in)

    @property
    def gone(self) -> bool:
        """About a provision the current text no longer has (its comments were made on an
        earlier version): cited as that version did."""
        return not self.provision_id and bool(self.citation)

    @property
    def anchor(self) -> str:
        if self.provision_id:
            return f"on-{self.provision_id}"
        return f"on-struck-{self.number}" if self.gone else "on-draft"


@dataclass
class Responses:
    """A draft's responses as its page (and the draft page's links) show them."""

    draft: Draft
    gathered: DraftResponses
    groups: list[Group]
    totals: list[tuple[str, int]]  # result -> responses, in RESULTS order, those there are
    counts: dict[str, int] = field(default_factory=dict)  # provision id -> its responses

    @property
    def shown(self) -> list[Shown]:
        return [s for g in self.groups for s in g.shown]

    @property
    def total(self) -> int:
        return len(self.gathered.responses)

    @property
    def overall(self) -> Evaluation:
        return self.gathered.satisfaction.overall

    @property
    def report_publicly(self) -> list[Shown]:
        return [s for s in self.shown if s.evaluation.report_publicly]

    @property
    def handle_again(self) -> list[Shown]:
        return [s for s in self.shown if s.evaluation.handle_again
                and not s.evaluation.report_publicly]


def responses_path(draft: Draft) -> str:
    return f"drafts/{draft.slug}/{FOLDER}"


def _where(response: Response, answered: list[Comment], placed: dict[str, tuple[str, str]],
           order: dict[str, int], owner: dict[str, str]) -> tuple[str, str]:
    """(the provision a response is about, its citation): the one it names, or where most
    of the comments it answers stand now (ties: the first in the text); ("", "") for the
    draft as a whole, and ("", the citation it had) for a provision struck since."""
    if response.provision:  # (a 款 is shown with its article, whose links serve it)
        return owner.get(response.provision, response.provision), ""
    count = Counter(placed.get(c.id, ("", "")) for c in answered)
    if not count:
        return "", ""

    def rank(key: tuple[str, str]) -> tuple:
        pid, citation = key
        return (-count[key], order.get(pid, len(order)) if pid else (-1 if not citation
                                                                     else len(order)), citation)

    return min(count, key=rank)


def _change(draft: Draft, slug: str) -> Change | None:
    """The redline of version ``slug`` against the one before it, with their labels."""
    slugs = [v.slug for v in draft.versions]
    if not slug or slug not in slugs or slugs.index(slug) == 0:
        return None
    at = slugs.index(slug)
    old, new = draft.versions[at - 1], draft.versions[at]
    return Change(f"drafts/{draft.slug}/compare/{old.slug}..{new.slug}/", new.meta.label,
                  old.meta.label)


def present(gathered: DraftResponses, summary: Summary | None) -> Responses:
    """Group and count a draft's responses for its pages. ``summary``: its published
    comments as placed in the current text (the comment pages' own placement)."""
    draft = gathered.draft
    cites = version_citations(draft.current)
    order = {pid: n for n, pid in enumerate(cites)}
    owner = _controlled(draft.current.root)
    placed = {s.comment.id: (s.provision_id, "" if s.provision_id else s.citation)
              for s in summary.shown} if summary else {}
    made_on = {s.citation: s.made_on for s in summary.shown
               if not s.provision_id and s.made_on} if summary else {}
    # Where each comment is in the draft's paged list of comments, to link to it there.
    pages = Pager(1, 1, comments_path(draft))
    links = {s.comment.id: f"{pages.url(n // PER_PAGE + 1)}#{s.comment.id}"
             for n, s in enumerate(summary.shown)} if summary else {}
    by_response: dict[str, list[Comment]] = {}
    for comment in gathered.comments:
        if (response := gathered.answered.get(comment.id)) is not None:
            by_response.setdefault(response.id, []).append(comment)
    groups: dict[tuple[str, str], Group] = {}
    for response in gathered.responses:
        answered = by_response.get(response.id, [])
        where, struck = _where(response, answered, placed, order, owner)
        sizes = Counter(c.campaign_id for c in answered if c.campaign_id)
        if response.campaign and response.campaign not in sizes:
            sizes[response.campaign] = 0
        shown = Shown(
            response=response,
            authors=[Suggester(public_name(c), c.organization, c.id, links.get(c.id, ""))
                     for c in answered if not c.campaign_id],
            campaigns=[AnsweredCampaign(cid, n) for cid, n in sorted(sizes.items())],
            citation=cites.get(where, where) if where else struck,
            evaluation=gathered.satisfaction.responses[response.id],
            closer=gathered.satisfaction.closer_supervision(response),
            change=_change(draft, response.changed_in), provision_id=where)
        groups.setdefault((where, struck), Group(where, shown.citation, [],
                                                 made_on=made_on.get(struck, "") if struck
                                                 else "")).shown.append(shown)
    ordered = sorted(groups.values(),
                     key=lambda g: (order.get(g.provision_id, len(order)) if g.provision_id
                                    else (len(order) if g.gone else -1), g.citation))
    for number, group in enumerate((g for g in ordered if g.gone), start=1):
        group.number = number
    results = Counter(r.result for r in gathered.responses)
    return Responses(draft, gathered, ordered,
                     [(result, results[result]) for result in RESULTS if results[result]],
                     {g.provision_id: len(g.shown) for g in ordered if g.provision_id})


def all_responses(project: Project, published: dict[str, Summary],
                  only: Draft | None = None, files: Files | None = None) -> dict[str, Responses]:
    """Slug -> the responses of each draft that has any. An error in a responses.yaml stops
    the build (ProblemsFound), as one in a draft's text does; ``docket check`` reports its
    warnings too. ``files``: the drafts' facts, if the caller looked (``draft_files.py``)."""
    found: dict[str, Responses] = {}
    for draft in [only] if only is not None else project.drafts:
        if not (files[draft.slug].responses if files is not None else has_responses(draft)):
            continue
        summary = published.get(draft.slug)
        comments = [s.comment for s in summary.shown] if summary else []
        placed = {s.comment.id: s.provision_id for s in summary.shown} if summary else None
        gathered, problems = gather(Path(project.root), draft, project.config, comments,
                                    placed)
        if has_errors(problems):
            raise ProblemsFound(problems)
        if gathered is not None:
            found[draft.slug] = present(gathered, summary)
    return found


def has_responses(draft: Draft) -> bool:
    """Whether the draft has a responses file (its pages are planned without reading it)."""
    return (draft.path / "responses.yaml").exists()


def draft_responses(project: Project, draft: Draft) -> Responses | None:
    """One draft's responses on their own (for its open data, written by the process that
    renders the draft)."""
    comments = published_comments(Path(project.root), draft.slug)
    summary = summarise(draft, comments) if comments else None
    return all_responses(project, {draft.slug: summary} if summary else {},
                         only=draft).get(draft.slug)


def responses_pages(found: dict[str, Responses], statuses: list[DraftStatus]) -> list[Page]:
    pages = []
    for status in statuses:
        responses = found.get(status.draft.slug)
        if responses is not None:
            pages.append(Page(responses_path(status.draft) + "index.html", "responses.html",
                              {"draft": status.draft, "status": status,
                               "responses": responses}, draft=status.draft))
    return pages
