"""The public comment pages of a draft: every published comment, and each provision's.

``drafts/<slug>/comments/`` lists the draft's published comments, oldest first, after a
summary (how many, by position, by respondent type, by campaign, and by provision with a
link to each provision's own list, ``comments/<provision id>/``). Lists are paged,
``PER_PAGE`` comments a page (``comments/page/2/``...): a draft with ten thousand comments
gives two hundred light pages rather than one page no phone can open.

A comment is listed under the provision it is about *now*: ``placement.Placer`` follows a
comment made on an earlier version through the redline's pairing into the current text
(Section 4 of the first reading, renumbered Section 5, lists it under Section 5). A provision
without controls of its own (a Chinese article's 款) counts toward the nearest enclosing
provision that has them, whose "Comment" link serves it on the draft page.

Only drafts with at least one published comment get these pages. What a commenter wrote is
only ever text here: the templates autoescape it, and nothing of it becomes an attribute
but the ids Docket made.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..comments.placement import Placement, Placer
from ..comments.published import public_name, published
from ..comments.record import Comment
from ..model import Draft, Project, Provision
from .draft_files import Files
from .fragments import has_controls
from .page import DraftStatus, Page, version_citations

FOLDER = "comments/"  # below the draft's own folder
PER_PAGE = 50


@dataclass
class Shown:
    """One published comment as a page shows it."""

    comment: Comment
    name: str  # "" unless the commenter agreed to its publication
    provision_id: str  # where it stands now ("" for the draft as a whole, or gone)
    citation: str  # how the current text cites it ("" for the draft as a whole)
    made_on: str  # the label of the earlier version it was made on ("" if the current)


@dataclass
class ProvisionCount:
    provision_id: str
    citation: str
    count: int


@dataclass
class Summary:
    """A draft's published comments and their counts, computed once per build."""

    draft: Draft
    shown: list[Shown]
    positions: list[tuple[str, int]]
    respondents: list[tuple[str, int]]
    campaigns: list[tuple[str, int]]  # campaign id -> comments in it, largest first
    provisions: list[ProvisionCount]  # in document order
    whole: int  # comments on the draft as a whole
    counts: dict[str, int] = field(default_factory=dict)  # provision id -> its count

    @property
    def total(self) -> int:
        return len(self.shown)


@dataclass
class Pager:
    """Where a page stands in its list, with the addresses of the others (site-relative)."""

    number: int
    pages: int
    base: str  # the list's first page, e.g. drafts/noise/comments/sec_2/

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def previous(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.pages else None


def comments_path(draft: Draft, provision_id: str = "") -> str:
    """The first page of a draft's comment list, or of one provision's (site-relative)."""
    return f"drafts/{draft.slug}/{FOLDER}" + (f"{provision_id}/" if provision_id else "")


def _controlled(version_root: Provision) -> dict[str, str]:
    """Provision id -> the id of itself or its nearest ancestor with controls."""
    owner: dict[str, str] = {}

    def walk(p: Provision, above: str) -> None:
        for child in p.children:
            mine = child.id if has_controls(child) else above or child.id
            owner[child.id] = mine
            walk(child, mine)

    walk(version_root, "")
    return owner


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def summarise(draft: Draft, comments: list[Comment]) -> Summary:
    """Place each comment in the current text and count them every way the page shows."""
    placer = Placer(draft)
    current = draft.current
    owner = _controlled(current.root)
    cites = version_citations(current)
    labels = {v.slug: v.meta.label for v in draft.versions}
    shown: list[Shown] = []
    order: dict[str, int] = {}
    for comment in comments:
        placed: Placement = placer.place(comment)
        pid = owner.get(placed.provision_id, placed.provision_id)
        citation = cites.get(pid, placed.citation) if pid else (
            "" if not comment.provision_id else placed.citation)
        if pid:
            order[pid] = placed.order
        made_on = labels.get(comment.version, comment.version) if (
            comment.version != current.slug) else ""
        shown.append(Shown(comment, public_name(comment), pid, citation, made_on))
    per_provision = Counter(s.provision_id for s in shown if s.provision_id)
    index = {pid: n for n, pid in enumerate(cites)}
    provisions = [ProvisionCount(pid, cites.get(pid, pid), n) for pid, n in sorted(
        per_provision.items(), key=lambda kv: (index.get(kv[0], len(index)), kv[0]))]
    return Summary(
        draft=draft,
        shown=shown,
        positions=_ranked(Counter(s.comment.position for s in shown)),
        respondents=_ranked(Counter(s.comment.respondent_type for s in shown)),
        campaigns=_ranked(Counter(s.comment.campaign_id for s in shown if s.comment.campaign_id)),
        provisions=provisions,
        whole=sum(1 for s in shown if not s.comment.provision_id),
        counts=dict(per_provision),
    )


def summaries(project: Project, files: Files | None = None) -> dict[str, Summary]:
    """Slug -> the summary of each draft that has published comments (``files``: the
    drafts' facts, if the caller looked: a draft with no comment store is not read)."""
    found: dict[str, Summary] = {}
    for draft in project.drafts:
        if files is not None and not files[draft.slug].comments:
            continue
        comments = published(Path(project.root), draft.slug)
        if comments:
            found[draft.slug] = summarise(draft, comments)
    return found


def _paged(summary: Summary, status: DraftStatus, shown: list[Shown], base: str,
           provision: ProvisionCount | None) -> list[Page]:
    pages = max(1, -(-len(shown) // PER_PAGE))
    made = []
    for number in range(1, pages + 1):
        pager = Pager(number, pages, base)
        made.append(Page(
            pager.url(number) + "index.html", "comments.html",
            {"draft": summary.draft, "status": status, "summary": summary,
             "comments": shown[(number - 1) * PER_PAGE:number * PER_PAGE],
             "first": (number - 1) * PER_PAGE + 1, "pager": pager, "provision": provision,
             "list_path": comments_path(summary.draft)},
            draft=summary.draft))
    return made


def comment_list_pages(found: dict[str, Summary], statuses: list[DraftStatus]) -> list[Page]:
    """Every page of every draft's comment lists: the whole list, and one per provision."""
    pages: list[Page] = []
    for status in statuses:
        summary = found.get(status.draft.slug)
        if summary is None:
            continue
        draft = summary.draft
        pages += _paged(summary, status, summary.shown, comments_path(draft), None)
        by_provision: dict[str, list[Shown]] = {}
        for shown in summary.shown:
            by_provision.setdefault(shown.provision_id, []).append(shown)
        for counted in summary.provisions:
            pages += _paged(summary, status, by_provision[counted.provision_id],
                            comments_path(draft, counted.provision_id), counted)
    return pages
