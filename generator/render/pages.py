"""Which pages a site has, and what each one's template is given."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial

from ..model import Draft, Project, Provision, Version
from ..redline import (
    Memo,
    Redline,
    Row,
    Same,
    TableDiff,
    compare,
    has_table,
    old_text,
    provision_pieces,
    table_json,
)
from .commenting import comment_pages, comment_url
from .comments_pages import comment_list_pages, summaries
from .draft_files import Files, draft_files, markdown_sizes
from .feeds import feed_pages
from .fragments import RowCitations
from .lookup import lookup_page
from .packets import packet_pages, packets, site_calendar_page
from .page import (
    DraftStatus,
    Page,
    draft_status,
    version_citations,
    version_folder,
    version_url,
)
from .report_page import report_pages
from .responses_pages import all_responses, responses_pages
from .search import search_page

# Home page groups, in the order a reader looks for them.
GROUPS = ("closing", "open", "upcoming", "closed", "none")


@dataclass
class Comparison:
    """A redline between two versions of a draft, with the three ways it is shown."""

    draft: Draft
    old: Version
    new: Version
    # Each row's inline HTML, by interface strings: drawn once for every page that shows the
    # inline rows alone (a hearing packet's page and its PDF), not once per page.
    drawn: dict = field(default_factory=dict, repr=False, compare=False)
    # What comparing the draft's pairs works out, shared by them (``comparisons``): its
    # pairs meet the same texts again.
    memo: Memo = field(default_factory=Memo, repr=False, compare=False)

    # Computed on first use, so in the render process that draws this draft's pages.
    @cached_property
    def redline(self) -> Redline:
        return compare(self.old.root, self.new.root, self.memo)

    @cached_property  # (``cite`` asks for each row of each view)
    def old_cites(self) -> dict[str, str]:  # id -> "Sec. 2(h)": a label alone says too little
        return version_citations(self.old)

    @cached_property
    def new_cites(self) -> dict[str, str]:
        return version_citations(self.new)

    @cached_property
    def cite(self) -> RowCitations:
        """How each side of a row is cited (its label alone, "(h)", says too little):
        ``cite(row)``."""
        return RowCitations(self.old_cites, self.new_cites)

    def forget(self) -> None:
        """Drop what rendering worked out (the redline, the citations, the drawn rows and
        the memo's answers), computed again if asked: a render process forgets a draft
        once its pages are written (``build/workers.py``), and the build's list of pages
        keeps its comparisons, which would keep both versions' trees for the rest of the
        build (about 0.8 MB a synthetic draft, in every render process)."""
        for name in ("redline", "old_cites", "new_cites", "cite"):
            self.__dict__.pop(name, None)  # (what the cached properties hold)
        self.drawn.clear()
        self.memo.clear()

    @property
    def slug(self) -> str:
        return f"{self.old.slug}..{self.new.slug}"

    def url(self, view: str = "inline") -> str:
        """The pair's one page; a view other than inline is its fragment (``#changes``)."""
        base = f"drafts/{self.draft.slug}/compare/{self.slug}/"
        return base if view == "inline" else f"{base}#{view}"


# The views' former addresses (``<pair>/side-by-side/``...), kept as pages that lead to the
# view on the pair's one page.
FORMER_VIEW_PAGES = ("side-by-side", "changes")
STATUS_CODES = {"unchanged": "u", "amended": "m", "added": "a", "repealed": "r"}  # data.json


@dataclass
class TocEntry:
    provision: Provision
    children: list[TocEntry]


def table_of_contents(version: Version) -> list[TocEntry]:
    """Headed provisions (parts, chapters, sections); units when a draft has no headings."""
    headed = _toc_entries(version.root, _headed)
    if headed:
        return headed
    return _toc_entries(version.root, _unit)


def _headed(p: Provision) -> bool:
    return p.is_heading


def _unit(p: Provision) -> bool:
    return p.kind in ("sec", "art")


def _toc_entries(p: Provision, keep: Callable[[Provision], bool]) -> list[TocEntry]:
    """``table_of_contents``' walk below ``p`` (a function of its own: a recursive closure
    is a reference cycle, which kept the entries until the collector found it)."""
    return [TocEntry(child, _toc_entries(child, keep)) for child in p.parts
            if isinstance(child, Provision) and keep(child)]  # (``children``: a list more)


def comparisons(draft: Draft, memo: Memo | None = None
                ) -> tuple[dict[str, Comparison], dict[str, Comparison]]:
    """Pre-rendered redlines: each version against the previous and against the current,
    sharing ``memo`` (one for the draft unless given).

    Returns (all of them by slug, the one against the previous version by new version slug).
    Other pairs are compared in the browser from ``compare/data.json``, which stays small.
    """
    versions = draft.versions
    pairs = {(i - 1, i) for i in range(1, len(versions))}
    pairs |= {(i, len(versions) - 1) for i in range(len(versions) - 1)}
    made: dict[str, Comparison] = {}
    memo = Memo() if memo is None else memo
    for i, j in sorted(pairs):
        c = Comparison(draft, versions[i], versions[j], memo=memo)
        made[c.slug] = c
    previous = {versions[i].slug: made[f"{versions[i - 1].slug}..{versions[i].slug}"]
                for i in range(1, len(versions))}
    return made, previous


def forget_comparisons(pages: Iterable[Page]) -> None:
    """What the comparisons of these pages worked out, dropped (``Comparison.forget``):
    the pages' contexts as this module plans them hold a draft's comparisons under
    "comparison" (a pair's page), "comparisons" (the compare page: all of them) and
    "changes" (the draft and version pages: each against the one before)."""
    for page in pages:
        single = page.context.get("comparison")
        if isinstance(single, Comparison):
            single.forget()
        for key in ("comparisons", "changes"):
            for c in (page.context.get(key) or {}).values():
                c.forget()


def comparison_pages(draft: Draft, status: DraftStatus
                     ) -> tuple[list[Page], dict[str, Comparison], dict[str, Comparison]]:
    """A draft's comparison pages; the comparisons (by ``old..new``, and the one against
    the previous version by the newer version's slug)."""
    if len(draft.versions) < 2:
        return [], {}, {}
    memo = Memo()  # (the browser's pairs, in compare/data.json, meet the same texts)
    made, previous = comparisons(draft, memo)
    pages = []
    for c in made.values():
        # One page shows the three views (redline.html): each row's text is in it once or,
        # changed, twice (the older version's, and the two merged), not once per view.
        pages.append(Page(c.url() + "index.html", "redline.html",
                          {"draft": draft, "status": status, "comparison": c}, draft=draft))
        for view in FORMER_VIEW_PAGES:
            pages.append(Page(f"{c.url()}{view}/index.html", "redline_view.html",
                              {"draft": draft, "comparison": c, "view": view}, draft=draft))
    pages.append(Page(f"drafts/{draft.slug}/compare/index.html", "compare.html",
                      {"draft": draft, "status": status, "comparisons": made}, draft=draft))
    pages.append(Page(f"drafts/{draft.slug}/compare/data.json", "", {"draft": draft},
                      data=partial(compare_data, draft, set(made), memo), draft=draft))
    return pages, made, previous


def plan(project: Project, now: datetime, files: Files | None = None,
         only: AbstractSet[str] | None = None) -> list[Page]:
    """Every page of the site, with its context; rendering is left to the caller.

    ``files``: the drafts' facts (``draft_files.py``), looked at here unless given; ``only``:
    plan just these drafts' pages, with every page about the whole site (``site.py``).
    """
    files = files if files is not None else draft_files(project)
    tz = project.config.tz
    statuses = [draft_status(d, now, tz) for d in project.drafts]
    groups = {key: [s for s in statuses if s.state == key] for key in GROUPS}
    for members in groups.values():
        members.sort(key=lambda s: (s.closes or s.opens or now, s.draft.meta.title))
    report = report_pages(project, files)
    pages = [Page("index.html", "home.html", {"groups": groups, "statuses": statuses,
                                              "handling_report": bool(report)})]
    published = summaries(project, files)
    responded = all_responses(project, published, files=files)
    chosen = statuses if only is None else [s for s in statuses if s.draft.slug in only]
    for status in chosen:
        draft = status.draft
        compared, made, changes = comparison_pages(draft, status)
        pages += compared
        found = packets(project, status, published.get(draft.slug), made, now)
        pages += packet_pages(project, status, found)
        common = {"draft": draft, "status": status, "changes": changes}
        pages.append(
            Page(
                f"drafts/{draft.slug}/index.html",
                "draft.html",
                {**common, "version": draft.current, "comment_url": comment_url(status),
                 "published": published.get(draft.slug), "responses": responded.get(draft.slug),
                 "packets": found},
                draft=draft,
            )
        )
        for version in draft.versions:
            if version is draft.current:  # its text is the draft page's: not a second copy
                pages.append(Page(version_folder(draft, version) + "index.html", "redirect.html",
                                  {"draft": draft, "version": version,
                                   "target": version_url(draft, version)}, draft=draft))
                continue
            pages.append(
                Page(
                    version_folder(draft, version) + "index.html",
                    "version.html",
                    {**common, "version": version},
                    draft=draft,
                )
            )
    pages += comment_pages(project, chosen)
    pages += comment_list_pages(published, chosen)
    pages += responses_pages(responded, chosen)
    pages += [*feed_pages(project, statuses, now, published, responded, only),
              search_page(project, markdown_sizes(files))]
    pages.append(lookup_page(project, files))
    pages += site_calendar_page(project) + report
    pages.append(Page("404.html", "404.html", {}))
    return pages


def compare_data(draft: Draft, rendered: set[str], memo: Memo | None = None) -> str:
    """Redlines of the pairs not pre-rendered, for the compare page's script.

    Small however many versions a draft has (15 versions: about nine times one version's
    text): every distinct provision text is stored once; a version lists its provisions
    (id, label, depth, text) only when it is the newer side of such a pair (so a draft
    whose every pair is a page has none); and a pair's rows are a run length (``5``: the
    next five provisions of the newer version, unchanged) or an explicit change. Rows
    follow the newer version's provisions in order, so a row that has a new side takes the
    next one (see templates/static/compare.js).
    """
    texts: dict[str, int] = {}

    def text_index(text: str) -> int:
        return texts.setdefault(text, len(texts))

    drawn = [(old, new) for i, old in enumerate(draft.versions)
             for new in draft.versions[i + 1:] if f"{old.slug}..{new.slug}" not in rendered]
    newer = {new.slug for _, new in drawn}
    versions = []
    cites = {v.slug: version_citations(v) for v in draft.versions}
    for v in draft.versions:
        cite = cites[v.slug]
        provisions = [[p.id, cite.get(p.id, p.label), depth, text_index(p.text), *_shape(p)]
                      for p, depth in _walk(v.root)] if v.slug in newer else []
        versions.append({"slug": v.slug, "label": v.meta.label,
                         "date": v.meta.date.isoformat(), "provisions": provisions})
    pairs = {f"{old.slug}..{new.slug}": _pair_rows(compare(old.root, new.root, memo), text_index,
                                                   cites[old.slug])
             for old, new in drawn}
    data = {"versions": versions, "texts": list(texts), "pairs": pairs}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _shape(p: Provision) -> list:
    """How a provision's text is laid out, when it is more than text (see compare.js): a
    headed one gives its heading's length (the text is the heading, a newline, the rest);
    one with a table gives its heading and pieces, a table as its cells."""
    if has_table(p):
        heading, body = provision_pieces(p)
        return [{"h": heading, "b": body}]
    return [len(p.heading)] if p.is_heading else []


def _layout_json(row: Row) -> list:
    """A row's heading, text and tables compared apart, when it has a heading or a table and
    its new side's shape does not say it all (an amended or a struck provision)."""
    if row.status not in ("amended", "repealed") or not any(
            p is not None and (p.is_heading or has_table(p)) for p in (row.old, row.new)):
        return []
    layout = row.layout
    return [{"h": layout.heading,
             "b": [table_json(b) if isinstance(b, TableDiff) else b for b in layout.blocks]}]


def _walk(root: Provision, depth: int = 0):
    for child in root.children:
        yield child, depth
        yield from _walk(child, depth + 1)


def _compact_ops(ops, text_index) -> list:
    """Ops against the old text, by reference: ``[old text, [["=", 12], ["-", 3], ["+", "new"]]]``.

    Kept and struck runs are lengths (in code points) into the old text, which is stored once.
    """
    encoded = [[tag, len(text)] if tag != "+" else [tag, text] for tag, text in ops]
    return [text_index(old_text(ops)), encoded]


def _pair_rows(red: Redline, text_index, old_cites: dict[str, str]) -> dict:
    rows: list = []
    for r in red.entries:
        if type(r) is Same:  # (unchanged rows, in place: the next ``size`` provisions)
            if rows and isinstance(rows[-1], int):
                rows[-1] += r.size
            else:
                rows.append(r.size)
            continue
        if r.new is not None and r.new.kind == "root":  # the preamble
            rows.append(["p", _compact_ops(r.ops, text_index)])
            continue
        if r.status == "unchanged" and not r.moved and not r.renumbered:
            if rows and isinstance(rows[-1], int):
                rows[-1] += 1
            else:
                rows.append(1)
            continue
        body = (_compact_ops(r.ops, text_index) if r.status == "amended"
                else text_index("".join(x for _, x in r.ops)))
        old = None if r.old is None else [r.old.id, old_cites.get(r.old.id, r.old.label),
                                          r.old.title]
        rows.append([STATUS_CODES[r.status], r.depth, old, int(r.moved), int(r.renumbered), body,
                     *_layout_json(r)])
    s = red.summary
    return {"summary": [s.amended, s.added, s.repealed, s.moved, s.renumbered], "rows": rows}
