"""Turn a version's Markdown into a tree of provisions with ids built from their numbers.

Pipeline: markdown-it tokens (numbers already read by the ``provision_numbers`` rule) are cut
into blocks; the blocks are placed in a tree by heading level, unit rank and enumeration style;
unnumbered Chinese 款 are counted; ids are assigned from the numbers; cross-references are
linked; finally each fragment is rendered to HTML and plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml as escape
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from ..content.placeholders import text_placeholders
from ..model import Fragment, ParsedText, Provision
from ..problems import Problem
from .citation import UNIT_KINDS
from .conventions import STYLE_KINDS, TOP_LEVEL_STYLES
from .external import ENV_KEY, is_external
from .ids import assign_ids, scoped
from .markdown import markdown, markdown_for
from .memo import ParseMemo, copy_token
from .number import RANKS, Number
from .numbering import list_item_number
from .runs import NumberRuns
from .xrefs import link_references

BLOCK_LEVEL = 7  # deeper than any Markdown heading: paragraph-level provisions

# Kinds of enumerated subdivisions by depth below their unit (US style under sections,
# European style under articles, 项/目 for Chinese full-width numbering).
DEPTH_KINDS = {
    "sec": ("subsec", "para", "subpara", "clause", "subclause", "item", "subitem"),
    "art": ("para", "point", "subpoint", "item", "subitem"),
    "": ("para", "subpara", "clause", "subclause", "item", "subitem"),
}


@dataclass(slots=True)  # one per paragraph, heading or list item
class Block:
    tokens: list[Token]
    line: int
    number: Number | None = None
    heading_level: int = 0
    continuation: bool = False  # a later part of the same list item as the previous block
    in_list: bool = False  # part of a Markdown list (an item, or text inside one)


ParsedVersion = ParsedText  # what parse_version returns


_TRIPLES = frozenset(("paragraph_open", "heading_open"))  # always opening, inline, closing


def _close(tokens: list[Token], start: int) -> int:
    """Index of the token that closes ``tokens[start]`` (itself for self-contained tokens)."""
    token = tokens[start]
    if token.nesting != 1:
        return start
    if token.type in _TRIPLES:  # markdown-it's paragraph and heading rules push three tokens
        return start + 2
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _children(tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """(first, last) index pairs of the direct children between ``start`` and ``end``."""
    spans, i = [], start
    while i < end:
        j = _close(tokens, i)
        spans.append((i, j))
        i = j + 1
    return spans


def _line(token: Token, offset: int) -> int:
    return (token.map[0] if token.map else 0) + 1 + offset


def _list_is_numbered(tokens: list[Token], start: int, end: int) -> bool:
    if tokens[start].type == "ordered_list_open":
        return True
    for first, _ in _children(tokens, start + 1, end):
        inner = tokens[first + 2] if first + 2 <= end else None
        if inner is not None and inner.type == "inline" and "number" in inner.meta:
            return True
    return False


def _list_blocks(tokens: list[Token], start: int, end: int, offset: int) -> list[Block]:
    """A numbered list becomes one block per item; any other list stays one plain block."""
    if not _list_is_numbered(tokens, start, end):
        return [Block(tokens[start : end + 1], _line(tokens[start], offset))]
    blocks = _numbered_list_blocks(tokens, start, end, offset)
    for block in blocks:
        block.in_list = True
    return blocks


def _numbered_list_blocks(tokens: list[Token], start: int, end: int, offset: int) -> list[Block]:
    blocks: list[Block] = []
    for item_start, item_end in _children(tokens, start + 1, end):
        item = tokens[item_start]
        spans = _children(tokens, item_start + 1, item_end)
        first = spans[0] if spans else None
        number = None
        if first and tokens[first[0]].type == "paragraph_open":
            inline = tokens[first[0] + 1]
            number = inline.meta.get("number") or list_item_number(item.info, item.markup)
        if number is None:  # an unnumbered item in a numbered list: keep it as text
            blocks.append(
                Block(tokens[item_start : item_end + 1], _line(item, offset), continuation=True)
            )
            continue
        para = tokens[first[0] : first[1] + 1]
        for end in (0, -1):  # tight lists hide <p>; the provision is rendered on its own
            if para[end].hidden:  # (a copy: the memo's tokens are read, never changed)
                para[end] = copy_token(para[end])
                para[end].hidden = False
        blocks.append(Block(para, _line(item, offset), number))
        for s, e in spans[1:]:
            if tokens[s].type in ("bullet_list_open", "ordered_list_open"):
                nested = _list_blocks(tokens, s, e, offset)
                for b in nested:
                    b.continuation = b.continuation or b.number is None
                blocks += nested
            else:
                blocks.append(Block(tokens[s : e + 1], _line(tokens[s], offset), continuation=True))
    return blocks


def cut_blocks(tokens: list[Token], offset: int) -> list[Block]:
    blocks: list[Block] = []
    start, count = 0, len(tokens)
    while start < count:  # (``_children`` of the whole text; a paragraph, most blocks, first)
        token = tokens[start]
        if token.type == "paragraph_open":  # (markdown-it's rule pushes three tokens)
            blocks.append(Block(tokens[start : start + 3],
                                (token.map[0] if token.map else 0) + 1 + offset,
                                tokens[start + 1].meta.get("number")))
            start += 3
            continue
        end = _close(tokens, start)
        line = _line(token, offset)
        if token.type == "heading_open":
            inline = tokens[start + 1]
            blocks.append(
                Block(
                    tokens[start : end + 1],
                    line,
                    inline.meta.get("number"),
                    heading_level=int(token.tag[1]),
                )
            )
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            blocks += _list_blocks(tokens, start, end, offset)
        else:
            blocks.append(Block(tokens[start : end + 1], line))
        start = end + 1
    return blocks


# The conventional order of levels in US drafting: (a), (1), (A), (i), (I).
NEXT_STYLE = {
    "paren-lower-alpha": "paren-decimal",
    "paren-decimal": "paren-upper-alpha",
    "paren-upper-alpha": "paren-lower-roman",
    "paren-lower-roman": "paren-upper-roman",
}


def _is_open(style: str, chain: list[tuple[str, int]]) -> bool:
    return any(open_style == style for open_style, _ordinal in chain)


def _choose_level(number: Number, chain: list[tuple[str, int]]) -> tuple[int, str, int]:
    """Where an enumeration sits: (depth, style, ordinal), given the levels open above it.

    ``(i)`` is the ninth letter or the first Roman numeral; the levels already open decide.
    (Whether a style is open is asked only of a number one, the only one rules 1 and 3 take:
    most numbers continue a level, rule 2.)
    """
    styles = number.styles
    # 1. The conventional next level, starting at one: (i) under (A) opens clauses.
    if chain and (following := NEXT_STYLE.get(chain[-1][0])) is not None:
        for style, ordinal in styles:
            if ordinal == 1 and style == following and not _is_open(style, chain):
                return len(chain), style, ordinal
    # 2. The next number of an open level, innermost first: (i) after (h) continues letters.
    for depth in range(len(chain) - 1, -1, -1):
        for style, ordinal in styles:
            if chain[depth] == (style, ordinal - 1):
                return depth, style, ordinal
    # 3. A new level starting at one: (i) after (1) opens Roman numerals.
    for style, ordinal in styles:
        if ordinal == 1 and not _is_open(style, chain):
            return len(chain), style, ordinal
    # 4. An open level of the same style, despite a gap (numbers skipped or struck).
    for depth in range(len(chain) - 1, -1, -1):
        for style, ordinal in styles:
            if chain[depth][0] == style:
                return depth, style, ordinal
    # 5. A new level; of two readings the smaller number is the likelier ((d) is 4, not 500).
    style, ordinal = min(styles, key=lambda s: s[1])
    return len(chain), style, ordinal


_new = object.__new__


def new_provision(kind: str, num: str, label: str, line: int, parts: list[Fragment | Provision],
                  is_heading: bool = False) -> Provision:
    """``Provision(kind=kind, num=num, ...)`` as the tree builder makes one for each numbered
    block, made field by field: the dataclass's ``__init__`` called with keywords costs
    about three times as much, and a statute has a provision per paragraph.
    (``tests/test_provisions.py`` checks every field of ``Provision`` is set as the
    constructor sets it, so a new one in the model fails there, not here.)"""
    made = _new(Provision)
    made.kind = kind
    made.num = num
    made.label = label
    made.heading = ""
    made.heading_html = ""
    made.line = line
    made.id = ""
    made.is_heading = is_heading
    made.parts = parts
    made.text = ""
    return made


def new_fragment(tokens: list[Token], line: int) -> Fragment:
    """``Fragment(tokens=tokens, line=line)``, made field by field (as ``new_provision``,
    and checked the same way)."""
    made = _new(Fragment)
    made.html = ""
    made.text = ""
    made.line = line
    made.tokens = tokens
    made.table = []
    return made


def _is_unit(p: Provision) -> bool:
    """Whether enumerations hang on ``p``: a heading, or a section or article."""
    return p.is_heading or p.kind in UNIT_KINDS


class TreeBuilder:
    """Places blocks in the tree. Keeps the open provisions as a stack, like an outline,
    and tells ``runs`` each number it places (gaps and disorder become warnings)."""

    def __init__(self, offset: int, path: str = ""):
        self.root = Provision(kind="root")
        self.stack: list[Provision] = [self.root]
        self.levels: dict[int, int] = {id(self.root): 0}  # Markdown heading level, per provision
        self.styles: dict[int, tuple[str, int]] = {}  # enumeration style and ordinal
        self.ranks: dict[int, float] = {}  # a convention's own rank, where it has one
        self.listed: set[int] = set()  # enumerations that are items of a Markdown list
        # (provision, enumeration style) -> the numbers of its children of that style
        self.numbered: dict[tuple[int, str], set[str]] = {}
        self.offset = offset
        self.runs = NumberRuns(path)
        self.made: list[Provision] = []  # every provision placed, in document order
        # The last enumeration placed, the stack position of its unit and the styles open
        # from there down to it (its own last): see ``enumeration``.
        self._last_enumeration: tuple[Provision, int, list[tuple[str, int]]] | None = None


    def _rank(self, p: Provision) -> float:
        return self.ranks.get(id(p), RANKS.get(p.kind, RANKS["hcontainer"]))

    @property
    def top(self) -> Provision:
        return self.stack[-1]

    def _push(self, provision: Provision, level: int) -> None:
        stack = self.stack
        stack[-1].parts.append(provision)
        stack.append(provision)
        self.levels[id(provision)] = level
        self.made.append(provision)

    def _unit_index(self) -> int:
        """Stack position of the innermost heading or section/article that enumerations hang on."""
        for i in range(len(self.stack) - 1, 0, -1):
            if _is_unit(self.stack[i]):
                return i
        return 0

    def add(self, block: Block) -> None:
        number = block.number
        if block.heading_level:
            self.heading(block)
        elif number is None:
            self.text(block)
        elif number.kind:  # (not ``is_enumeration``)
            self.unit(block)
        else:
            self.enumeration(block)

    def heading(self, block: Block) -> None:
        level, number = block.heading_level, block.number
        kind = number.kind if number else "hcontainer"
        new = new_provision(kind, number.value if number else "",
                            number.label if number else "", block.line,
                            [new_fragment([block.tokens[1]], block.line)],  # heading text,
                            is_heading=True)  # see render_fragments
        if number and number.rank is not None:
            self.ranks[id(new)] = number.rank
        while len(self.stack) > 1:
            top = self.top
            top_level = self.levels[id(top)]
            same_rank_or_outer = (
                self._rank(top) >= self._rank(new) or "hcontainer" in (top.kind, new.kind)
            )
            if top_level > level or (top_level == level and same_rank_or_outer):
                self.stack.pop()
            else:
                break
        self._push(new, level)
        if number:
            self.runs.unit(new, self.stack[-2])
        else:
            self.runs.unnumbered(block.tokens[1])

    def unit(self, block: Block) -> None:
        number = block.number
        new = new_provision(number.kind, number.value, number.label, block.line,
                            [new_fragment(block.tokens, block.line)])
        while len(self.stack) > 1 and (
            self.levels[id(self.top)] == BLOCK_LEVEL or self._rank(self.top) >= self._rank(new)
        ):
            self.stack.pop()
        self._push(new, BLOCK_LEVEL)
        self.runs.unit(new, self.stack[-2])

    def enumeration(self, block: Block) -> None:
        number, stack, styles = block.number, self.stack, self.styles
        # (``_unit_index`` and the styles open above it: those the last enumeration left,
        # if it is still the innermost open provision (the stack is the way down to it, so
        # the same), else in one walk down the stack: every provision above the unit is an
        # enumeration)
        last = self._last_enumeration
        if last is not None and last[0] is stack[-1]:
            _top, unit, chain = last
        else:
            unit = len(stack) - 1
            chain = []
            while unit:
                p = stack[unit]
                if _is_unit(p):
                    break
                chain.append(styles[id(p)])
                unit -= 1
            chain.reverse()
        depth, style, ordinal = _choose_level(number, chain)
        if style in TOP_LEVEL_STYLES and not _is_open(style, chain):
            depth = 0  # 八、 after items under a heading 七、 is the next point, not an item's
        before = stack[unit + 1 + depth] if depth < len(chain) else None
        # The numbers of this style already at this level (a provision's children only grow
        # while the tree is built, so they are kept as they come, not looked up again).
        taken = self.numbered.setdefault((id(stack[unit + depth]), style), set())
        value = number.value
        self.runs.enumeration(number, block.line, style, ordinal, stack[unit],
                              before, chain[depth][1] if before else 0, value in taken)
        taken.add(value)
        del stack[unit + 1 + depth :]
        if style == "cn-paren":
            kind = "item"
        elif style in STYLE_KINDS:  # a convention's style that has one kind at any depth
            kind = STYLE_KINDS[style]
        else:
            unit_kind = stack[unit].kind if stack[unit].kind in UNIT_KINDS else ""
            kinds = DEPTH_KINDS[unit_kind]
            kind = kinds[depth] if depth < len(kinds) else f"{kinds[-1]}{depth - len(kinds) + 2}"
        new = new_provision(kind, value, number.label, block.line,
                            [new_fragment(block.tokens, block.line)])
        self._push(new, BLOCK_LEVEL)
        styles[id(new)] = (style, ordinal)
        self._last_enumeration = new, unit, [*chain[:depth], (style, ordinal)]
        if block.in_list:
            self.listed.add(id(new))

    def text(self, block: Block) -> None:
        """Unnumbered text belongs to the innermost open provision (a table under (c) is part
        of (c)), except that a paragraph after Chinese 项 starts the article's next 款."""
        unit = self._unit_index()
        if not block.continuation and not block.in_list:
            self._close_list_items(unit)
        items = [i for i in range(unit + 1, len(self.stack))
                 if self.styles[id(self.stack[i])][0] == "cn-paren"]
        in_article = self.stack[unit].kind == "art"
        if (in_article and items and not block.continuation
                and block.tokens[0].type == "paragraph_open"):
            del self.stack[items[0] :]  # the 项 end; a point (一、) above them stays open
        self.top.parts.append(new_fragment(block.tokens, block.line))
        if block.tokens[0].type == "paragraph_open" and not block.continuation:
            self.runs.unnumbered(block.tokens[1])

    def _close_list_items(self, unit: int) -> None:
        """Text after a Markdown list, outside it, is not part of its last item: German
        ``(1) ... 1. ... 2. ... Abweichend von Satz 1 ...`` goes on in the Absatz."""
        for i in range(unit + 1, len(self.stack)):
            if id(self.stack[i]) in self.listed:
                del self.stack[i:]
                return


def _is_paragraph(part: Fragment | Provision) -> bool:
    return (
        isinstance(part, Fragment) and bool(part.tokens) and part.tokens[0].type == "paragraph_open"
    )


def count_chinese_paragraphs(provisions: list[Provision]) -> None:
    """An article with several unnumbered paragraphs gets one ``para_N`` (款) per paragraph.

    Everything that follows a paragraph (its 项, tables) moves into that 款, in order.
    ``provisions``: every provision of the tree (the tree builder's ``made``: the articles
    are found among them, without a walk of the tree, which is not changed here but for
    the 款 it adds).
    """
    for article in [p for p in provisions if p.kind == "art"]:
        if any(type(c) is Provision and c.kind == "para" for c in article.parts):
            continue
        body = article.parts[1:] if article.is_heading else article.parts
        if sum(_is_paragraph(p) for p in body) < 2:
            continue
        kept = article.parts[: len(article.parts) - len(body)]
        current: Provision | None = None
        for part in body:
            if _is_paragraph(part):
                current = new_provision("para", "", "", part.line, [])
                kept.append(current)
            (current.parts if current else kept).append(part)
        article.parts = kept
        for n, para in enumerate((c for c in article.children if c.kind == "para"), start=1):
            para.num = str(n)


def _inline_text(token: Token) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def _table_cells(tokens: list[Token]) -> list[list[str]]:
    """A fragment that is one table: its cells' text, row by row (else an empty list)."""
    if not tokens or tokens[0].type != "table_open" or tokens[-1].type != "table_close":
        return []
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(_inline_text(token).strip())
    return rows


def _is_plain_paragraph(tokens: list[Token]) -> bool:
    """``<p>``, inline text, ``</p>``, with no attributes and not hidden by a tight list: the
    most common fragment by far."""
    if len(tokens) != 3:
        return False
    opening, inline, closing = tokens
    return (opening.type == "paragraph_open" and opening.tag == "p" and not opening.attrs
            and not opening.hidden and inline.type == "inline" and not closing.attrs
            and not closing.hidden)


_BREAKS = ("softbreak", "hardbreak")


def _inline_renderer(renderer: RendererHTML, options: OptionsDict
                     ) -> Callable[[Token], tuple[str, str]]:
    """An inline token's HTML (``renderer.renderInline`` of its children) and its text
    (``_inline_text``). Text and line breaks (a plain paragraph, most of a statute's) are
    written directly, as the renderer's own rules write them: the texts joined with a NUL
    for each break (a character no text token holds: markdown-it reads it as U+FFFD),
    escaped at once (``escapeHtml``) and each NUL replaced by its break's markup (asked of
    the renderer once) in the HTML, by a space in the text; anything else (links, emphasis,
    code) goes through the renderer."""
    def slow(inline: Token) -> tuple[str, str]:
        return renderer.renderInline(inline.children or [], options, {}), _inline_text(inline)

    if renderer.rules.get("text") != renderer.text:  # (a plugin's own text rule: its way)
        return slow
    soft, hard = (renderer.rules[kind]([Token(kind, "br", 0)], 0, options, {})
                  for kind in _BREAKS)

    def render(inline: Token) -> tuple[str, str]:
        raw = []
        marks = []  # each break's markup, in order
        for child in inline.children or ():
            kind = child.type
            if kind == "text":
                raw.append(child.content)
            elif kind == "softbreak":
                raw.append("\0")
                marks.append(soft)
            elif kind == "hardbreak":
                raw.append("\0")
                marks.append(hard)
            else:
                return slow(inline)
        text = "".join(raw)
        if not marks:
            return escape(text), text
        html = escape(text)
        if text.count("\0") != len(marks):  # (a NUL of its own after all: one by one)
            return slow(inline)
        if hard in marks:
            pieces = html.split("\0")
            html = pieces[0] + "".join(m + p for m, p in zip(marks, pieces[1:], strict=True))
        else:
            html = html.replace("\0", soft)
        return html, text.replace("\0", " ")

    return render


def render_fragments(provisions: list[Provision]) -> None:
    """Fill in HTML and plain text of ``provisions`` (a whole tree: ``root.walk()``), then
    drop the tokens (the model must stay light).

    A plain paragraph's HTML is written here as markdown-it's renderer writes it (``<p>``,
    its inline content, ``</p>`` and a newline), without its walk over the three tokens;
    anything else (tables, lists, the title's classed paragraph) goes through the renderer.
    """
    md = markdown()
    renderer, options = md.renderer, md.options
    render_inline = _inline_renderer(renderer, options)
    for provision in provisions:
        fragments = [p for p in provision.parts if type(p) is Fragment]  # (``fragments``)
        if provision.is_heading and fragments:
            provision.heading_html, heading = render_inline(fragments[0].tokens[0])
            provision.heading = heading.strip()
            provision.parts.remove(fragments[0])
            fragments = fragments[1:]
        for part in fragments:
            tokens = part.tokens
            if _is_plain_paragraph(tokens):
                inline = tokens[1]
                children = inline.children
                if children and len(children) == 1 and children[0].type == "text":
                    content = children[0].content  # plain text: the renderer's ``text`` rule
                    part.html = f"<p>{escape(content)}</p>\n"
                    part.text = content.strip()
                else:
                    inner, text = render_inline(inline)
                    part.html = f"<p>{inner}</p>\n"
                    part.text = text.strip()
            else:
                part.html = renderer.render(tokens, options, {})
                part.text = " ".join(_inline_text(t) for t in tokens
                                     if t.type == "inline").strip()
                part.table = _table_cells(tokens)
            part.tokens = []
        if len(fragments) == 1 and not provision.heading:  # (most provisions: one paragraph)
            provision.text = fragments[0].text
        else:
            own = [provision.heading] if provision.heading else []
            provision.text = "\n".join(own + [f.text for f in fragments if f.text])


def _leading_title(blocks: list[Block]) -> Fragment | None:
    """A ``# Title`` with no number before anything else is the law's title, not a container:
    it is kept with the preamble (shown as the title), so no id depends on it."""
    if not blocks or blocks[0].heading_level != 1 or blocks[0].number is not None:
        return None
    block = blocks[0]
    # (copies: the memo's tokens are read, never changed)
    opening = block.tokens[0] = copy_token(block.tokens[0])
    closing = block.tokens[-1] = copy_token(block.tokens[-1])
    opening.tag = closing.tag = "p"
    opening.attrSet("class", "draft-text__title")
    return new_fragment(block.tokens, block.line)


def unread_numbers(tokens: list[Token], path: str, offset: int) -> list[Problem]:
    """Headings and paragraphs that look numbered but were not read as numbers (the Markdown
    rule marks them): each silently became an unnumbered heading or another provision's text,
    so its id, its comments and its redline would not be what the drafter meant.

    One warning per shape and file: a law whose every article is headed ``Art 1`` (a form
    Docket does not read) gets one warning saying how many, not one per article.
    """
    first: dict[str, tuple[int, str]] = {}
    more: dict[str, int] = {}
    for t in tokens:
        if t.meta and "unread_number" in t.meta and t.type == "inline":
            _kind, shape, why = t.meta["unread_number"]
            if shape in first:
                more[shape] = more.get(shape, 0) + 1
            else:
                first[shape] = (_line(t, offset), why)
    return [Problem(path, line, why + (f" (and {more[shape]} more like it below)"
                                       if shape in more else ""), "warning")
            for shape, (line, why) in first.items()]


def parse_version(text: str, path: str, line_offset: int = 0,
                  memo: ParseMemo | None = None) -> ParsedVersion:
    """Parse one version file's Markdown body (which starts at ``line_offset`` + 1).
    ``memo``: the draft's, shared with its other versions (what they have in common is read
    by markdown-it once); the result is the same without it."""
    env: dict = {}
    tokens = memo.parse(text, env) if memo is not None else markdown_for(text).parse(text, env)
    builder = TreeBuilder(line_offset, path)
    blocks = cut_blocks(tokens, line_offset)
    if title := _leading_title(blocks):
        builder.root.parts.append(title)
        blocks = blocks[1:]
    for block in blocks:
        builder.add(block)
    root = builder.root
    count_chinese_paragraphs(builder.made)
    pairs = scoped(root)  # the tree is complete: one walk serves what follows
    index, problems = assign_ids(root, path, builder.styles, pairs)
    problems += unread_numbers(tokens, path, line_offset) + builder.runs.problems
    provisions = [root, *[p for p, _scope in pairs]]  # (``root.walk()``)
    problems += link_references(provisions, index, path)
    problems += text_placeholders(text, path, line_offset)
    render_fragments(provisions)
    if not root.parts:
        problems.append(Problem(path, line_offset + 1, "the version has no text", "warning"))
    images = env.get(ENV_KEY, [])
    problems += [Problem(path, line_offset + line + 1, f"the image {src} is on another host: "
                         "it is shown as a link to it, not loaded (a reader's browser would "
                         "call that host)", "warning")
                 for line, src in images if is_external(src)]
    problems += unpublished_images(images, path, line_offset)
    return ParsedVersion(root, index, problems)


def unpublished_images(images: list[tuple[int, str]], path: str,
                       offset: int) -> list[Problem]:
    """One warning for a version's images in the draft's folder (``external``), however
    many: a statute pasted with its scanned forms names a hundred."""
    local = [(line, src) for line, src in images if not is_external(src)]
    if not local:
        return []
    line, src = local[0]
    more = f" (and {len(local) - 1} more below)" if len(local) > 1 else ""
    return [Problem(path, offset + line + 1, f"the image {src} is not published with the site "
                    "(Docket publishes no file from a draft's folder): its description is "
                    f"shown in its place{more}", "warning")]
