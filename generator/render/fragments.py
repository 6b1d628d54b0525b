"""The two fragments every draft repeats thousands of times, written in Python, not Jinja.

A version's text (one block per provision) and a redline's rows are most of a site's HTML;
as Jinja macros they were most of its build time (a macro call per provision and per row).
Here each is a loop appending strings. Their markup is the theme's (``style.css``,
``redline.css`` and the page scripts read these class names); the pages around them stay
templates.

Everything from a draft is escaped here except ``Fragment.html`` and ``heading_html``, which
the Markdown renderer produced (it escapes text and drops raw HTML).

A theme or a project changes this markup with a template of its own, looked up by name
(``PROVISION_TEMPLATE``, ``REDLINE_ROW_TEMPLATE``; README "Templates"): when one exists, each
provision, or each row of a redline's inline and changes views, is rendered with it, from
the same pieces (escaped here) and data. Without one, nothing is looked up per provision:
the loops below are the fast path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from jinja2 import Template
from markupsafe import Markup
from markupsafe import escape as escape_markup

from ..model import Provision
from ..provisions.citation import cite_row
from ..redline import Block, Op, Redline, Row, Same, TableDiff, has_table

Gettext = Callable[[str], str]

# The templates that override this module's markup (see the module, and README "Templates").
PROVISION_TEMPLATE = "fragments/provision.html"
REDLINE_ROW_TEMPLATE = "fragments/redline_row.html"


def _(message: str) -> str:
    """Marks a message for extraction (``make messages``); ``Strings`` translates it."""
    return message


@dataclass(frozen=True)
class Strings:
    """The interface strings of these fragments in one language, escaped once."""

    permalink: str
    comment_on: str
    comment: str
    inserted: str
    struck: str
    added: str
    repealed: str
    amended: str
    moved_from: str
    renumbered_was: str
    one_comment: str = ""
    comments_count: str = ""
    comments_on: str = ""
    one_response: str = ""
    responses_count: str = ""
    responses_on: str = ""

    @classmethod
    def translated(cls, gettext: Gettext) -> Strings:
        def t(message: str) -> str:
            return escape(gettext(message))

        return cls(
            permalink=t(_("Permalink to %(name)s")),
            comment_on=t(_("Comment on this provision: %(name)s")),
            comment=t(_("Comment")),
            inserted=t(_("[inserted:")),
            struck=t(_("[struck:")),
            added=t(_("Added")),
            repealed=t(_("Struck")),
            amended=t(_("Amended")),
            moved_from=t(_("Moved from %(old)s")),
            renumbered_was=t(_("Renumbered, was %(old)s")),
            one_comment=t(_("1 comment")),
            comments_count=t(_("%(count)s comments")),
            comments_on=t(_("Published comments on %(name)s: %(count)s")),
            one_response=t(_("1 response")),
            responses_count=t(_("%(count)s responses")),
            responses_on=t(_("Responses to the suggestions on %(name)s: %(count)s")),
        )


# ---------------------------------------------------------------- a version's text


def text_html(root: Provision, strings: Strings, comment_url: str | None = None,
              citations: dict[str, str] | None = None,
              counts: dict[str, int] | None = None,
              responded: dict[str, int] | None = None,
              template: Template | None = None) -> Markup:
    """Every provision below ``root``: headed ones as <section> with a heading, the rest as
    blocks; with ``comment_url``, each links to the comment form for that provision.

    ``citations`` (id -> ``Sec. 3(b)``, ``第十一条第一款``) name each provision's permalink and
    comment link; a provision missing from it is named by its number and heading.

    ``counts`` (id -> published comments on it) adds a link to each counted provision's
    comments (``comments/<id>/``, relative to the draft page) beside its comment link;
    ``responded`` (id -> responses about it) links it to them on the responses page.

    ``template`` (the theme's or project's ``PROVISION_TEMPLATE``) renders each provision
    instead of the markup below.
    """
    out: list[str] = []
    links = _Links.of(strings, comment_url)
    if template is None:
        _provisions(out, root, links, citations or {}, counts or {}, responded or {})
    else:
        _parts(out, root, -1, links, citations or {}, counts or {}, responded or {}, template)
    return Markup("".join(out))


def escape_attr(text: str) -> str:
    """``escape(text)``, asked first whether there is anything to escape (in ids, numbers and
    citations there hardly ever is: five searches of a short string cost less than a call
    that makes five replacements)."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return escape(text)
    return text


def _filled(message: str, key: str) -> tuple[str, str] | None:
    """``message % {key: x}`` as the text before and after ``x``, when ``%(key)s`` is its only
    placeholder (then ``before + x + after`` is the same string, without formatting); None
    when it has another (or none): such a message is formatted with ``%``."""
    placeholder = f"%({key})s"
    if message.count("%") != 1 or placeholder not in message:
        return None
    before, _, after = message.partition(placeholder)
    return before, after


@dataclass(frozen=True)
class _Links:
    """What every provision's permalink and comment link share in one text drawn: the
    strings, the escaped address of the comment form, and the messages that name the
    provision split around its name (``_filled``), worked out once, not per provision."""

    s: Strings
    comment_url: str | None
    comment_link: str  # the comment link up to the provision's id ("" without a form)
    permalink_said: tuple[str, str] | None
    comment_said: tuple[str, str] | None

    @classmethod
    def of(cls, s: Strings, comment_url: str | None) -> _Links:
        link = f'<a class="cl" href="{escape(comment_url)}?provision=' if comment_url else ""
        return cls(s, comment_url, link, _filled(s.permalink, "name"),
                   _filled(s.comment_on, "name"))

    def controls(self, pid: str, name: str) -> tuple[str, str]:
        """(comment link, permalink) of the provision ``pid`` (escaped) named ``name``."""
        said = (self.s.permalink % {"name": name} if self.permalink_said is None
                else f"{self.permalink_said[0]}{name}{self.permalink_said[1]}")
        permalink = f'<a class="pl" href="#{pid}" aria-label="{said}">§</a>'
        if not self.comment_link:
            return "", permalink
        said = (self.s.comment_on % {"name": name} if self.comment_said is None
                else f"{self.comment_said[0]}{name}{self.comment_said[1]}")
        return f'{self.comment_link}{pid}" aria-label="{said}">{self.s.comment}</a>', permalink


def _provisions(out: list[str], root: Provision, links: _Links, cites: dict[str, str],
                counts: dict[str, int], responded: dict[str, int]) -> None:
    """Every provision below ``root`` in the theme's markup (no template): ``pv`` and its
    kind (``pv-sec``) as classes, its id, its number (``<b>``, the element's only use here),
    its controls (``_controls``) and its own text, then its sub-provisions, with no wrapper
    or whitespace between them (the stylesheet lays them out; most of a draft's provisions
    are a line of text, so the markup around each is most of a page's bytes).

    One walk, which works out once what is the same for every provision (``links``, each
    kind's class) and escapes only what has something to escape: every page's text is
    drawn here, a large law's thousands of provisions each time (a third of the time it
    took provision by provision; tests compare it with the same markup as a
    ``PROVISION_TEMPLATE``)."""
    _draw(root, 0, out.append, {}, links, cites, counts, responded)


def _draw(p: Provision, depth: int, append: Callable[[str], None], kinds: dict[str, str],
          links: _Links, cites: dict[str, str], counts: dict[str, int],
          responded: dict[str, int]) -> None:
    """``_provisions``' walk below ``p``; ``kinds``: each kind's escaped class name, as met.
    (A function of its own: a recursive closure is a reference cycle, which kept what it
    reads, and the text's pieces, until the collector found it.)"""
    for part in p.parts:
        if type(part) is not Provision:
            append(part.html)  # type: ignore[union-attr]
            continue
        pid = escape_attr(part.id)
        kind = kinds.get(part.kind)
        if kind is None:
            kind = kinds[part.kind] = escape(part.kind)
        label = part.label
        comment, controls = _controls(part, links, cites, counts, responded, pid)
        if part.is_heading:
            level = min(depth + 2, 6)
            num = f"<b>{escape_attr(label)}</b> " if label else ""
            append(f'<section class="pv pv-{kind}" id="{pid}">'
                   f"{comment}<h{level}>{num}{part.heading_html} {controls}</h{level}>\n")
            _draw(part, depth + 1, append, kinds, links, cites, counts, responded)
            append("</section>\n")
        else:
            num = f"<b>{escape_attr(label)}</b>" if label else ""
            append(f'<div class="pv pv-{kind}" id="{pid}">{num}{comment}{controls}')
            _draw(part, depth + 1, append, kinds, links, cites, counts, responded)
            append("</div>\n")


def _parts(out: list[str], p: Provision, depth: int, links: _Links, cites: dict[str, str],
           counts: dict[str, int], responded: dict[str, int], template: Template) -> None:
    """``p``'s parts, each provision through ``template`` (``_templated``)."""
    for part in p.parts:
        if isinstance(part, Provision):
            _templated(out, part, depth + 1, links, cites, counts, responded, template)
        else:
            out.append(part.html)


def has_controls(p: Provision) -> bool:
    """Whether a provision gets a permalink and comment link of its own.

    One without a number (a Chinese article's 款, counted by position) is read and cited as
    part of its article, whose controls serve it: one "§ 提意见" per article, not one per
    paragraph on the same line. Its id stays, so links to it and comments on it still work.
    """
    return bool(p.label) or p.is_heading


def _controls(p: Provision, links: _Links, cites: dict[str, str], counts: dict[str, int],
              responded: dict[str, int], pid: str | None = None) -> tuple[str, str]:
    """(comment link, permalink), both named by the provision's citation, never its id
    (``pid``: the id escaped, when the caller has it).

    They stand beside every provision, so each is one element with one attribute that
    names it: no ``title`` repeating the ``aria-label`` (the stylesheet shows the label as
    the permalink's tooltip, on hover and on keyboard focus alike).
    """
    if not (p.label or p.is_heading):  # has_controls, asked of every provision
        return "", ""
    if pid is None:
        pid = escape_attr(p.id)
    name = escape_attr(cites.get(p.id) or p.title or p.id)
    comment, permalink = links.controls(pid, name)
    s = links.s
    if counts and counts.get(p.id):
        n = counts[p.id]
        shown = s.one_comment if n == 1 else s.comments_count % {"count": n}
        comment += (f'<a class="comment-count" href="comments/{pid}/" '
                    f'aria-label="{s.comments_on % {"name": name, "count": n}}">{shown}</a>')
    if responded and responded.get(p.id):
        n = responded[p.id]
        shown = s.one_response if n == 1 else s.responses_count % {"count": n}
        comment += (f'<a class="response-count" href="responses/#on-{pid}" '
                    f'aria-label="{s.responses_on % {"name": name, "count": n}}">{shown}</a>')
    return comment, permalink


def _templated(out: list[str], p: Provision, depth: int, links: _Links,
               cites: dict[str, str], counts: dict[str, int], responded: dict[str, int],
               template: Template) -> None:
    """One provision through ``PROVISION_TEMPLATE``: the pieces the default markup is made
    of (``comment``, ``permalink``, ``body``: HTML, escaped here) and the data behind them."""
    comment, permalink = _controls(p, links, cites, counts, responded)
    body: list[str] = []
    _parts(body, p, depth, links, cites, counts, responded, template)
    out.append(template.render(
        provision=p, depth=depth, heading_level=min(depth + 2, 6), controls=has_controls(p),
        citation=cites.get(p.id) or p.title or p.id, comment_url=links.comment_url,
        count=counts.get(p.id, 0), responses=responded.get(p.id, 0),
        heading=Markup(p.heading_html),
        comment=Markup(comment), permalink=Markup(permalink), body=Markup("".join(body))))


# ---------------------------------------------------------------- a table of contents


class ContentsEntry(Protocol):
    """An entry of a table of contents (``pages.TocEntry``, which this module may not
    import: the planner imports it): its provision, and the entries below it."""

    provision: Provision
    children: Sequence[ContentsEntry]


def contents_html(entries: Sequence[ContentsEntry]) -> Markup:
    """A version's table of contents (``pages.table_of_contents``) as nested lists, each
    entry linking to its provision by id and naming it by number and heading (the template
    global ``contents_html``): drawn here, not by a macro calling itself per level, which
    took a fifth of the draft and version pages' own time. Escaped as the templates escape
    (``markupsafe``: ``&#34;``, not ``&quot;``), so the markup is what the macro made."""
    out: list[str] = []
    _contents(entries, out.append)
    return Markup("".join(out))


def _contents(entries: Sequence[ContentsEntry], append: Callable[[str], None]) -> None:
    append("<ol>\n")
    for entry in entries:
        p = entry.provision
        append(f'<li><a href="#{_escaped(p.id)}">{_escaped(p.title or p.id)}</a>\n')
        if entry.children:
            _contents(entry.children, append)
        append("</li>\n")
    append("</ol>\n")


def _escaped(text: str) -> str:
    """``markupsafe.escape(text)`` as text, asked first whether there is anything to escape."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return str(escape_markup(text))
    return text


# ---------------------------------------------------------------- redline rows


def escape_text(text: str) -> str:
    """``escape(text, quote=False)``, asked first whether there is anything to escape (in
    most of a law's text there is not, and three searches cost less than three replaces)."""
    if "&" in text or "<" in text or ">" in text:
        return escape(text, quote=False)
    return text


def ops_html(ops: list[Op], s: Strings, side: str = "both") -> str:
    """Struck text struck through and new text underlined, each also said in words for
    screen readers (meaning never rests on colour alone)."""
    out = []
    for tag, text in ops:
        if tag == "=":
            out.append(escape_text(text))
        elif tag == "+" and side != "old":
            out.append(_mark("ins", s.inserted, text))
        elif tag == "-" and side != "new":
            out.append(_mark("del", s.struck, text))
    return "".join(out)


def _mark(element: str, said: str, text: str) -> str:
    return (f'<{element}><span class="visually-hidden">{said} </span>{escape(text, quote=False)}'
            f'<span class="visually-hidden">]</span></{element}>')


def _shown(ops: list[Op], side: str) -> bool:
    """Whether a run of text has anything on this side (a new paragraph has none on the old)."""
    hidden = "+" if side == "old" else "-" if side == "new" else ""
    return any(tag != hidden for tag, _ in ops)


_ROW_GONE = {"old": "added", "new": "repealed"}  # the table rows a side does not have


def table_html(table: TableDiff, s: Strings, side: str = "both") -> str:
    """A table compared cell by cell, drawn as a table: a changed cell shows its struck and
    inserted words, an added or struck row is marked as a whole (in words too)."""
    gone = {"old": "+", "new": "-"}.get(side, "")
    columns = [k for k, tag in enumerate(table.columns) if tag != gone]
    head, body = "", []
    for n, row in enumerate(table.rows):
        if row.status == _ROW_GONE.get(side):
            continue
        cell, scope = ("th", ' scope="col"') if n == 0 else ("td", "")
        cells = []
        for k in columns:
            tag = ""
            if k == columns[0] and side == "both" and row.status in ("added", "repealed"):
                said = s.added if row.status == "added" else s.repealed
                tag = f' <span class="rl-tag rl-tag--{row.status}">{said}</span>'
            col = {"+": " rl-col--added", "-": " rl-col--repealed"}.get(table.columns[k], "")
            cells.append(f'<{cell}{scope} class="rl-cell{col}">'
                         f"{ops_html(row.cells[k], s, side)}{tag}</{cell}>")
        line = f'<tr class="rl-tr rl-tr--{row.status}">{"".join(cells)}</tr>\n'
        if n == 0:
            head = f"<thead>\n{line}</thead>\n"
        else:
            body.append(line)
    rows = f"<tbody>\n{''.join(body)}</tbody>\n" if body else ""
    return f'<table class="rl-grid">\n{head}{rows}</table>\n'


def _blocks_html(blocks: list[Block], s: Strings, side: str = "both") -> str:
    out = []
    for block in blocks:
        if type(block) is list:
            if side == "both" or _shown(block, side):
                out.append(f'<p class="rl-text">{ops_html(block, s, side)}</p>\n')
        elif any(row.status != _ROW_GONE.get(side) for row in block.rows):  # a TableDiff
            out.append(table_html(block, s, side))
    return "".join(out)


def _label(row: Row, cite: tuple[str, str], s: Strings, side: str = "both") -> str:
    old, new = cite
    shown = (row.old,) if side == "old" else (row.new or row.old,) if side == "new" \
        else (row.old, row.new)
    if all(p is None or (p.is_heading and not p.label) for p in shown):
        return ""  # a heading without a number is cited by its words, which the heading shows
    if row.renumbered and side == "both":
        return f"{_mark('del', s.struck, old)} {_mark('ins', s.inserted, new)}"
    return escape(old if side == "old" else (new or old), quote=False)


def _tag(row: Row, s: Strings) -> str:
    out = ""
    if row.status == "added":
        out = f'<span class="rl-tag rl-tag--added">{s.added}</span>'
    elif row.status == "repealed":
        out = f'<span class="rl-tag rl-tag--repealed">{s.repealed}</span>'
    elif row.status == "amended":
        out = f'<span class="rl-tag rl-tag--amended">{s.amended}</span>'
    if row.moved and row.old is not None:
        old = escape(row.old.title or row.old.id)
        out += f'<span class="rl-tag rl-tag--moved">{s.moved_from % {"old": old}}</span>'
    elif row.renumbered and row.old is not None:
        old = escape(row.old.label or row.old.id)
        out += f'<span class="rl-tag rl-tag--renumbered">{s.renumbered_was % {"old": old}}</span>'
    return out


def _anchor(row: Row) -> str:
    provision = row.new or row.old
    return "rl-" + escape((provision.id if provision is not None else "") or "preamble")


def inline_row(row: Row, cite: tuple[str, str], s: Strings,
               template: Template | None = None) -> str:
    """One provision, struck and inserted text in one flow; a headed provision (``## Section
    3. Fees``) keeps a heading, one level below the page's, so the redline reads like the
    draft and can be navigated by headings. ``template``: the theme's or project's
    ``REDLINE_ROW_TEMPLATE``, rendering the row instead of the markup below."""
    moved = " rl-row--moved" if row.moved else ""
    layout = row.layout
    tags = _tag(row, s)
    if template is not None:
        return template.render(
            row=row, anchor=_anchor(row), level=min(3 + row.depth, 6),
            number=Markup(_label(row, cite, s)), tags=Markup(tags),
            heading=None if layout.heading is None else Markup(ops_html(layout.heading, s)),
            blocks=Markup(_blocks_html(layout.blocks, s)))
    if layout.heading is not None:
        level = min(3 + row.depth, 6)
        top = (f'<h{level} class="rl-heading"><span class="rl-num">{_label(row, cite, s)}</span> '
               f"{ops_html(layout.heading, s)}</h{level}>\n"
               + (f'<p class="rl-meta">{tags}</p>\n' if tags else ""))
        moved += " rl-row--heading"
    elif cite != ("", "") or tags:  # (the preamble has neither)
        top = f'<p class="rl-meta"><span class="rl-num">{_label(row, cite, s)}</span> {tags}</p>\n'
    else:
        top = ""
    return (f'<div class="rl-row rl-row--{row.status}{moved}" id="{_anchor(row)}" '
            f'data-depth="{row.depth}">\n{top}{_blocks_html(layout.blocks, s)}</div>\n')


Drawn = dict[int, list[str]]  # id(strings) -> the rows' inline HTML, in order


def _drawn(rows: list[Row], cite: Callable[[Row], tuple[str, str]], s: Strings,
           drawn: Drawn | None, template: Template | None = None) -> list[str]:
    """Each row's inline HTML, drawn once for both views that show it (see ``drawn``)."""
    if drawn is not None and id(s) in drawn:
        return drawn[id(s)]
    out = [inline_row(row, cite(row), s, template) for row in rows]
    if drawn is not None:
        drawn[id(s)] = out
    return out


def inline_rows(rows: list[Row], cite: Callable[[Row], tuple[str, str]], s: Strings,
                drawn: Drawn | None = None, template: Template | None = None) -> Markup:
    return Markup("".join(_drawn(rows, cite, s, drawn, template)))


def changed_rows(rows: list[Row], cite: Callable[[Row], tuple[str, str]], s: Strings,
                 folded: Callable[[int], str], drawn: Drawn | None = None,
                 template: Template | None = None) -> Markup:
    """The changed rows; each run of unchanged ones between them folded into a <details>
    that says how many it holds and opens (by mouse or keyboard) to show them."""
    out: list[str] = []
    run: list[str] = []

    def fold() -> None:
        if run:
            out.append(f'<details class="rl-fold"><summary>{escape(folded(len(run)))}</summary>\n'
                       + "".join(run) + "</details>\n")
            run.clear()

    for row, html in zip(rows, _drawn(rows, cite, s, drawn, template), strict=True):
        if not row.changed:
            run.append(html)
            continue
        fold()
        out.append(html)
    fold()
    return Markup("".join(out))


def _side_cell(row: Row, cite: tuple[str, str], s: Strings, side: str, label: str) -> str:
    """One side of a side-by-side row; ``label`` names the version where the two columns
    stack (on a phone the table's header is out of sight)."""
    layout = row.layout
    show_tag = (row.status == "repealed") == (side == "old")
    tag = f" {_tag(row, s)}" if show_tag and _tag(row, s) else ""
    num = f'<span class="rl-num">{_label(row, cite, s, side)}</span>'
    if layout.heading is not None:
        heading = ops_html(layout.heading, s, side)
        top = f'<p class="rl-meta rl-meta--heading">{num} {heading}{tag}</p>'
    else:
        top = f'<p class="rl-meta">{num}{tag}</p>'
    said = f'<span class="rl-side">{escape(label)}</span>' if label else ""
    return f"{said}{top}{_blocks_html(layout.blocks, s, side)}"


def side_by_side_rows(rows: list[Row], cite: Callable[[Row], tuple[str, str]],
                      s: Strings, labels: tuple[str, str] = ("", "")) -> Markup:
    """Table rows: the older version's provision on the left, the newer's on the right."""
    out: list[str] = []
    for row in rows:
        c = cite(row)
        old = "" if row.old is None else _side_cell(row, c, s, "old", labels[0])
        new = "" if row.new is None else _side_cell(row, c, s, "new", labels[1])
        out.append(f'<tr class="rl-row--{row.status}" id="{_anchor(row)}" '
                   f'data-depth="{row.depth}">\n<td class="rl-old">{old}</td>\n'
                   f'<td class="rl-new">{new}</td>\n</tr>\n')
    return Markup("".join(out))


def _merged_cell(row: Row, cite: tuple[str, str], s: Strings) -> str:
    """A row's text as the inline view shows it, struck and inserted words in one flow (its
    ``inline_row`` without the wrapper). The side-by-side view shows the same cell as the
    newer version, its struck words hidden by the stylesheet; a paragraph that is struck
    whole is marked ``rl-gone`` so that view hides it too."""
    layout = row.layout
    tags = _tag(row, s)
    label = _label(row, cite, s)
    if layout.heading is not None:
        level = min(3 + row.depth, 6)
        top = (f'<h{level} class="rl-heading"><b>{label}</b> {ops_html(layout.heading, s)}'
               f"</h{level}>" + (f'<p class="rl-meta">{tags}</p>' if tags else ""))
    elif tags:
        top = f'<p class="rl-meta"><b>{label}</b> {tags}</p>'
    elif cite != ("", ""):  # a number alone (most rows) is its own line; the preamble has none
        top = f"<b>{label}</b>"
    else:
        top = ""
    out = [top]
    for block in layout.blocks:
        if type(block) is list:
            gone = "" if _shown(block, "new") else ' class="rl-gone"'
            out.append(f"<p{gone}>{ops_html(block, s)}</p>")
        else:
            out.append(table_html(block, s))
    return "".join(out)


def _old_cell(row: Row, cite: tuple[str, str], s: Strings, label: str) -> str:
    """The older version's side of a changed row (the side-by-side view's left column):
    its kept and struck words, never the inserted ones."""
    layout = row.layout
    tag = f" {_tag(row, s)}" if row.status == "repealed" else ""
    num = f"<b>{_label(row, cite, s, 'old')}</b>"
    if layout.heading is not None:
        top = (f'<p class="rl-meta rl-meta--heading">{num} {ops_html(layout.heading, s, "old")}'
               f"{tag}</p>")
    else:
        top = f'<p class="rl-meta">{num}{tag}</p>'
    said = f'<span class="rl-side">{escape(label)}</span>' if label else ""
    blocks = []
    for block in layout.blocks:
        if type(block) is list:
            if _shown(block, "old"):
                blocks.append(f"<p>{ops_html(block, s, 'old')}</p>")
        elif any(r.status != "added" for r in block.rows):
            blocks.append(table_html(block, s, "old"))
    return f"{said}{top}{''.join(blocks)}"


@dataclass
class RowCitations:
    """How each side of a redline row is cited (``Sec. 3(b)``): called with a row, as any
    ``cite`` is; ``page_rows`` also reads the two versions' citations (id -> citation)
    straight, for the rows it draws from the trees without making them (``Same``)."""

    old: dict[str, str]
    new: dict[str, str]

    def __call__(self, row: Row) -> tuple[str, str]:
        return cite_row(row, self.old, self.new)


def page_rows(rows: list[Row] | Redline, cite: Callable[[Row], tuple[str, str]], s: Strings,
              labels: tuple[str, str], folded: Callable[[int], str],
              template: Template | None = None) -> Markup:
    """A redline's rows for its one page, which shows them in three views (the stylesheet
    chooses, by the address's ``#side-by-side`` or ``#changes``; see redline.html).

    Each row is a table row. An unchanged one has one cell across both columns, its text
    once: the same in both versions. A changed one has the older version's text (kept and
    struck words) and the merged text (kept, struck and inserted: the inline view; the
    side-by-side view hides its struck words to show the newer version). Before each run
    of unchanged rows a fold row (shown only in the changes-only view) says how many there
    are and links to the first, in the inline view, rather than holding their text again.
    ``template``: the ``REDLINE_ROW_TEMPLATE`` renders the merged cell (and holds the row's
    anchor) instead of the markup here.

    Given the ``Redline`` itself (not its ``rows``) and ``RowCitations``, each stretch of
    unchanged provisions whose descendants are the same (``Same``: most of a law) is drawn
    straight from the versions' outlines, never made into rows; the page is the same
    (tests compare them).
    """
    out: list[str] = []
    run_start: str | None = None
    run = 0

    def fold() -> None:
        if run:
            out.insert(fold_at, f'<tr class="rl-fold"><td colspan="2"><a href="#{run_start}">'
                                f"{escape(folded(run))}</a></td></tr>\n")

    fold_at = 0
    if isinstance(rows, Redline):
        entries = rows.entries if template is None and isinstance(cite, RowCitations) else rows.rows
    else:
        entries = rows
    for row in entries:
        if type(row) is Same:
            start = len(out)
            _same_rows_html(out, row, cite, s)  # type: ignore[arg-type]
            if len(out) > start:
                if not run:
                    first = row.news[0][0]
                    fold_at, run_start = start, "rl-" + escape(first.id or "preamble")
                run += len(out) - start
            continue
        c = cite(row)
        old, new = row.old, row.new
        if template is None and _plain(row):
            if not run:
                fold_at, run_start = len(out), _anchor(row)
            run += 1
            out.append(_plain_row(new.id, row.depth, c, row.ops, s))  # type: ignore[union-attr]
            continue
        anchor = _anchor(row)
        if template is not None:
            layout = row.layout
            merged = template.render(
                row=row, anchor=anchor, level=min(3 + row.depth, 6),
                number=Markup(_label(row, c, s)), tags=Markup(_tag(row, s)),
                heading=None if layout.heading is None else Markup(ops_html(layout.heading, s)),
                blocks=Markup(_blocks_html(layout.blocks, s)))
            ident = ""
        else:
            merged = _merged_cell(row, c, s)
            ident = f' id="{anchor}"'
        depth = f' data-depth="{row.depth}"' if row.depth else ""
        if not row.changed:
            if not run:
                fold_at, run_start = len(out), anchor
            run += 1
            out.append(f'<tr{ident} class="same"{depth}><td colspan="2">{merged}</td></tr>\n')
            continue
        fold()
        run = 0
        status = row.status + (" moved" if row.moved else "")
        old_cell = "" if old is None else _old_cell(row, c, s, labels[0])
        said = f'<span class="rl-side">{escape(labels[1])}</span>' if labels[1] else ""
        new_cell = "" if new is None else said
        out.append(f'<tr{ident} class="{status}"{depth}><td class="rl-old">{old_cell}</td>'
                   f'<td class="rl-new">{new_cell}{merged}</td></tr>\n')
    fold()
    return Markup("".join(out))


def _plain(row: Row) -> bool:
    """Whether a row is the most common kind: unchanged, in place, with no heading and no
    table (``_plain_row`` draws it without working out its layout)."""
    old, new = row.old, row.new
    return (row.status == "unchanged" and not row.moved and not row.renumbered
            and old is not None and new is not None and not old.is_heading
            and not new.is_heading and not has_table(old) and not has_table(new))


def _plain_row(pid: str, depth: int, cite: tuple[str, str], ops: list[Op], s: Strings) -> str:
    """The page's row of an unchanged provision in place, with no heading and no table (most
    rows): what ``_merged_cell`` gives such a row (tests compare them), in its wrapper."""
    pid = pid or "preamble"
    if "&" in pid or "<" in pid or ">" in pid or '"' in pid or "'" in pid:  # (rare: ask first)
        pid = escape(pid)
    top = f"<b>{escape_text(cite[1] or cite[0])}</b>" if cite != ("", "") else ""
    if not ops:
        text = ""
    elif len(ops) == 1:
        text = f"<p>{escape_text(ops[0][1])}</p>"
    else:
        text = f"<p>{ops_html(ops, s)}</p>"
    at = f' data-depth="{depth}"' if depth else ""
    return f'<tr id="rl-{pid}" class="same"{at}><td colspan="2">{top}{text}</td></tr>\n'


def _same_rows_html(out: list[str], same: Same, cites: RowCitations, s: Strings) -> None:
    """The page's rows of a stretch of unchanged provisions whose descendants are the same
    (``Same``), appended to ``out`` one string a row: what ``page_rows`` draws of the rows
    it stands for (the plain ones as ``_plain_row`` does), from the versions' outlines."""
    olds, news = same.olds, same.news
    shift = same.depth - news[0][1] if news else 0  # (the outline's depths: in its tree)
    old_cites, new_cites = cites.old, cites.new
    for (p, _, old_table), (q, depth, new_table) in zip(olds, news, strict=True):
        text = p.text
        depth += shift
        ops: list[Op] = [("=", text)] if text else []
        if old_table or new_table or p.is_heading or q.is_heading:
            row = Row("unchanged", depth, p, q, ops)
            data = f' data-depth="{depth}"' if depth else ""
            out.append(f'<tr id="{_anchor(row)}" class="same"{data}><td colspan="2">'
                       f"{_merged_cell(row, cites(row), s)}</td></tr>\n")
        else:  # (``cite_row``'s citations, from the dicts: no row is made)
            cited = (old_cites.get(p.id, p.label), new_cites.get(q.id, q.label))
            out.append(_plain_row(q.id, depth, cited, ops, s))


def redline_rows(strings: Strings, ngettext: Callable[[str, str, int], str],
                 rows: list[Row] | Redline,
                 cite: Callable[[Row], tuple[str, str]], view: str = "inline",
                 labels: tuple[str, str] = ("", ""), drawn: Drawn | None = None,
                 *, row_template: Template | None = None) -> Markup:
    """A redline's rows in one of its views (the template global ``redline_rows``).

    ``view``: ``page`` for the redline page's rows, all three views in one (``page_rows``);
    ``inline`` (the hearing packet, ``docket diff --format html``), ``changes`` or
    ``side-by-side`` for one view alone. ``drawn``, kept by the caller for one comparison,
    lets the inline and changes-only views share each row's HTML (one list of rows per
    ``drawn``, and the same ``strings`` object for as long as it is kept).
    ``row_template``: the theme's or project's ``REDLINE_ROW_TEMPLATE`` for the rows of
    the inline and changes views and the merged cells of the page. ``rows``: the
    redline's rows, or the ``Redline`` (whose page draws its unchanged stretches
    straight from the trees: see ``page_rows``).
    """
    def folded(n: int) -> str:
        return ngettext("%(num)d unchanged provision", "%(num)d unchanged provisions",
                        n) % {"num": n}

    if view == "page":
        return page_rows(rows, cite, strings, labels, folded, row_template)
    if isinstance(rows, Redline):
        rows = rows.rows
    if view == "side-by-side":
        return side_by_side_rows(rows, cite, strings, labels)
    if view == "changes":
        return changed_rows(rows, cite, strings, folded, drawn, row_template)
    return inline_rows(rows, cite, strings, drawn, row_template)
