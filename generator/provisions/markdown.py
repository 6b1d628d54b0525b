"""The Markdown parser Docket uses, with one extra core rule that reads provision numbers.

The rule runs after block parsing and before inline parsing: it recognises a number at the
start of each heading and each top-level or list-item paragraph, records it in the inline
token's ``meta["number"]`` and strips it from the text, so the number is rendered by the
theme (as a label with a permalink) and never twice.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import heading as _heading
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.text_join import _join_text_tokens
from markdown_it.token import Token

from .external import external_images
from .number import Number
from .numbering import match_heading, match_prefix, unread_heading, unread_prefix

_NEWLINES = re.compile(r"\r\n?|\n")  # as markdown-it's ``normalize`` rule


def normalized(text: str) -> str:
    """The text as markdown-it reads it (line endings, NUL characters)."""
    if "\r" not in text and "\0" not in text:
        return text
    return _NEWLINES.sub("\n", text).replace("\0", "\ufffd")


def normalize(state: StateCore) -> None:
    """markdown-it's core ``normalize`` rule (``normalized``), but a text with neither a
    carriage return nor a NUL, nearly every one, is left as it is: the rule's substitution
    replaces every line end with itself, a twentieth of reading a German law."""
    state.src = normalized(state.src)


def _rebalance(prefix: str, rest: str) -> str:
    """``**Section 3. Title**`` loses its opening ``**`` with the prefix; drop the closing one."""
    if "**" not in prefix and "__" not in prefix:  # most prefixes: (a), 第三条
        return rest
    for marker in ("**", "__"):
        if prefix.count(marker) % 2 and rest.endswith(marker) and rest.count(marker) % 2:
            return rest[: -len(marker)].rstrip()
    return rest


def _in_numbered_item(tokens: list, i: int) -> bool:
    """Whether the paragraph whose inline token is ``tokens[i]`` opens an ordered list item."""
    return i >= 2 and tokens[i - 2].type == "list_item_open" and tokens[i - 2].info.isdigit()


def provision_numbers(state: StateCore) -> None:
    tokens = state.tokens
    read: dict[str, Number | None] = {}  # (``match_prefix``: numbers read in this text)
    for i, token in enumerate(tokens):
        if token.type != "inline" or i == 0:
            continue
        opener = tokens[i - 1]
        if opener.type == "heading_open":
            found, unread = match_heading(token.content), unread_heading
        elif opener.type == "paragraph_open" and (
            opener.level == 0 or (i >= 2 and tokens[i - 2].type == "list_item_open")
        ):
            found, unread = match_prefix(token.content, read), unread_prefix
            if found and not found[0].is_enumeration and _in_numbered_item(tokens, i):
                continue  # "3.  § 42b." cites a section; the item's number is 3.
        else:
            continue
        if not found:  # looks numbered all the same? the parser turns it into a warning
            if unread_number := unread(token.content):
                token.meta["unread_number"] = unread_number  # (its shape, why)
        else:
            number, rest = found
            prefix = token.content[: len(token.content) - len(rest)]
            token.content = _rebalance(prefix, rest)
            token.meta["number"] = number


# Where a rule of markdown-it can begin: a text with none of these has no use for the rule,
# which answers no at every line or character it is asked about, so a parser without it
# gives the same tokens (``tests/test_parse_memo.py`` compares them) for less: on statutes
# each block rule is asked about every paragraph, and most rules never match.
# A thematic break: three of ``*``, ``_`` or ``-`` with nothing else on their line but spaces,
# tabs and what containers put before it (``>``, list markers such as ``-``, ``+``, ``1.``,
# ``2)``): more than a break, never less. Not a table's ``|---|`` row, which asked ``hr``
# about every line of a text with a table.
_LINE_OF = r"[ \t>+\-*_0-9.)]*"
_THEMATIC_BREAK = re.compile(rf"\n{_LINE_OF}([*_-])[ \t]*\1[ \t]*\1{_LINE_OF}(?=\n|\Z)")
# A setext heading's underline: a line of ``=`` or of ``-`` and nothing else but spaces and
# tabs, after what containers put before it (indentation, block quotes' ``>``). Not any line
# that ends in ``-``: German laws break words with a hyphen at the end of a line, and
# ``lheading`` asked about every paragraph is a twentieth of their parse.
_UNDERLINE = re.compile(r"\n[ \t>]*(?:=+|-+)[ \t]*(?=\n|\Z)")
# (Both begin at a line's newline, not at ``^`` in multiline mode, and are searched in the
# text after a newline: the regular expression engine then skips from one newline to the
# next in C, instead of trying the pattern at every character: 4 times faster.)
_STARTS: tuple[tuple[str, tuple[str, ...]], ...] = (  # rule, any of these in the text
    ("table", ("|",)),  # a table's header row holds a pipe
    ("fence", ("```", "~~~")),
    ("blockquote", (">",)),
    ("reference", ("]:",)),
    ("heading", ("#",)),
    ("escape", ("\\",)),
    ("backticks", ("`",)),
    ("strikethrough", ("~",)),
    ("link", ("[",)),
    ("image", ("![",)),
    ("autolink", ("<",)),
    ("entity", ("&",)),
)


def unused_rules(text: str) -> frozenset[str]:
    """The rules of ``markdown()`` that cannot match anywhere in ``text``: where each
    begins is not in it. Without emphasis and strikethrough no delimiters are made, so
    pairing them and joining the text between them have nothing to do either."""
    unused = [rule for rule, starts in _STARTS if not any(s in text for s in starts)]
    lines = "\n" + (text.replace("\r", "\n") if "\r" in text else text)  # (CR, CRLF end lines)
    if not _THEMATIC_BREAK.search(lines):
        unused.append("hr")
    if not _UNDERLINE.search(lines):
        unused.append("lheading")
    if "*" not in text and "_" not in text:
        unused.append("emphasis")
        if "~" not in text:
            unused += ["balance_pairs", "fragments_join"]
    return frozenset(unused)


# Where an inline rule of ``markdown()`` can begin, but for a line break (``text`` only gathers
# characters, and ``linkify`` is off): the backslash of an escape, a backtick, ``~``, ``*``,
# ``_``, ``[`` of a link, ``!`` of an image, ``<`` of an autolink, ``&`` of an entity.
_INLINE_STARTS = re.compile(r"[\\`~*_\[!<&]")


def plain_children(content: str) -> list[Token]:
    """The children markdown-it's inline parser makes of ``content`` when it holds none of
    ``_INLINE_STARTS``: its text, broken where its lines break. A line break is a soft one,
    its line's last space dropped, or a hard one after two spaces or more (all of them
    dropped), and the next line's leading spaces and tabs are skipped (markdown-it's
    ``newline`` rule); text between breaks is one token. (Tokens made field by field, as
    ``new_token`` makes them: the same as ``Token(kind, tag, 0, content=...)``.)"""
    if "\n" not in content:
        return [new_token("text", "", 0, 0, content=content, block=False)] if content else []
    children: list[Token] = []
    lines = content.split("\n")
    pending = lines[0]
    for line in lines[1:]:
        kind = "softbreak"
        if pending.endswith("  "):
            pending, kind = pending.rstrip(" "), "hardbreak"
        elif pending.endswith(" "):
            pending = pending[:-1]
        if pending:
            children.append(new_token("text", "", 0, 0, content=pending, block=False))
        children.append(new_token(kind, "br", 0, 0, block=False))
        pending = line.lstrip(" \t")
    if pending:
        children.append(new_token("text", "", 0, 0, content=pending, block=False))
    return children


def inline(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, but an inline token with nothing for an inline
    rule to match (``plain_children``) gets its children without the inline parser: most of
    a statute's paragraphs, headings and cells are plain text, and each parse of one costs
    a parser state and a walk over its rules at every character that might end the text
    (``tests/test_markdown_inline.py`` compares the two on generated and real texts)."""
    md, env, starts = state.md, state.env, _INLINE_STARTS.search
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if not token.children and not starts(token.content):
                token.children = plain_children(token.content)
            else:
                md.inline.parse(token.content, md, env, token.children)


# What a line may begin with (after up to three columns of its container's indent) to start, or
# go on with, nothing but a paragraph: every block rule but the paragraph's starts at one of
# these (a fence, a block quote, a thematic break, a list item, a link reference definition,
# raw HTML, an ATX heading, a setext heading's underline), or at an indented line, or at a
# line with a pipe (a table's header row; see ``_plain_paragraph``). A line that begins with
# a digit is a paragraph's but for an ordered list item's marker (``_ORDERED``).
_NOT_PLAIN = frozenset("`~>*-_+[<#=|")
_DIGITS = frozenset("0123456789")
# An ordered list item's marker, as markdown-it's ``skipOrderedListMarker`` reads it: one to
# nine ASCII digits, ``.`` or ``)``, then a space, a tab or the end of the line.
_ORDERED = re.compile(r"[0-9]{1,9}[.)](?:[ \t]|$)")


def _not_plain(src: str, start: int, end: int) -> bool:
    """Whether the line from ``start`` (its first character but spaces) to ``end`` may begin
    a block other than a paragraph (``_NOT_PLAIN``, an ordered list item)."""
    first = src[start]
    return first in _NOT_PLAIN or (first in _DIGITS
                                   and _ORDERED.match(src, start, end) is not None)


def new_token(kind: str, tag: str, nesting: int, level: int, span: list[int] | None = None,
               markup: str = "", content: str = "", block: bool = True) -> Token:
    """``Token(kind, tag, nesting)`` as ``StateBlock.push`` makes it (``block`` true, unless
    told), made field by field: its constructor's defaults and ``__post_init__`` are a
    third of a paragraph's cost. (``tests/test_markdown_block.py`` checks every field of
    ``Token`` is set, so a new one in markdown-it fails there.)"""
    token = _new_object(Token)
    token.type = kind
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = span
    token.level = level
    token.children = None
    token.content = content
    token.markup = markup
    token.info = ""
    token.meta = {}
    token.block = block
    token.hidden = False
    return token


_new_object = object.__new__


def _plain_paragraph(state: StateBlock, line: int) -> bool:
    """markdown-it's ``paragraph`` rule, for a paragraph that no other rule could read, nor
    end before a blank line: none of its lines may begin another block (``_not_plain``; but
    lazy continuation lines, indented four columns or more, and the lines a block quote
    marks so) and none holds a pipe (a table's header row has one). False, with nothing
    done, for any other paragraph. (At the top level, or in a list item or a block quote:
    the rule's own checks, with ``blkIndent`` and the marks of those lines.)"""
    b_marks, e_marks, t_shift, s_count, src = (state.bMarks, state.eMarks, state.tShift,
                                               state.sCount, state.src)
    indent, end = state.blkIndent, state.lineMax  # (the rule reads to the end, as here)
    if s_count[line] - indent > 3 or _not_plain(src, b_marks[line] + t_shift[line],
                                                e_marks[line]):
        return False
    following = line + 1
    while following < end:
        start = b_marks[following] + t_shift[following]
        if start >= e_marks[following]:
            break  # a blank line
        shift = s_count[following]
        if shift - indent <= 3 and shift >= 0 and _not_plain(src, start, e_marks[following]):
            return False
        following += 1
    if src.find("|", b_marks[line], e_marks[following - 1]) >= 0:
        return False
    state.line = following
    level = state.level
    inline = new_token("inline", "", 0, level + 1, [line, following])
    if state.parentType == "root":  # (``getLines`` at the top level: the lines whole)
        inline.content = mdTrim(src[b_marks[line] : e_marks[following - 1]])
    else:
        inline.content = mdTrim(state.getLines(line, following, indent, False))
    inline.children = []
    state.tokens += (new_token("paragraph_open", "p", 1, level, [line, following]), inline,
                     new_token("paragraph_close", "p", -1, level))
    return True


class _BlockState(StateBlock):
    """markdown-it's ``StateBlock``, but ``push`` makes each token field by field
    (``new_token``: a third of ``Token(...)``'s time); the same tokens
    (``tests/test_markdown_block.py`` compares the block parser's with markdown-it's)."""

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        if nesting < 0:
            self.level -= 1  # closing tag
        token = new_token(ttype, tag, nesting, self.level)
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token


def block_state(src: str, md: MarkdownIt, env: dict, tokens: list[Token]) -> StateBlock:
    """``StateBlock(src, md, env, tokens)``, its marks of each line's start, end and indent
    found line by line with ``str`` methods instead of a walk over each line's characters
    in Python (which was a tenth of reading a German law). Every other field is set by
    ``StateBlock`` itself (made for an empty text, then given this one). The same marks
    (``tests/test_markdown_block.py``)."""
    state = _BlockState("", md, env, tokens)
    lines = src.split("\n")
    if src.endswith("\n") or not lines[-1].strip(" \t"):
        lines.pop()  # no line after the last break; a last line of spaces has no marks
    lengths = [len(line) + 1 for line in lines]
    b_marks = list(accumulate(lengths, initial=0))
    b_marks.pop()
    e_marks = [start + length - 1 for start, length in zip(b_marks, lengths, strict=True)]
    t_shift = [len(line) - len(line.lstrip(" \t")) for line in lines]
    s_count = t_shift[:]
    if "\t" in src:  # a tab in an indent goes to the next multiple of four columns
        for n, line in enumerate(lines):
            if "\t" in line[: t_shift[n]]:
                offset = 0
                for character in line[: t_shift[n]]:
                    offset += 4 - offset % 4 if character == "\t" else 1
                s_count[n] = offset
    length = len(src)  # (and the fake line after the last, as StateBlock adds it)
    state.src = src
    state.bMarks, state.eMarks = [*b_marks, length], [*e_marks, length]
    state.tShift, state.sCount = [*t_shift, 0], [*s_count, 0]
    state.bsCount = [0] * (len(lines) + 1)
    state.lineMax = len(lines)
    return state


class Blocks(ParserBlock):
    """markdown-it's block parser, but a paragraph that could be nothing else
    (``_plain_paragraph``) is read without asking every block rule about it and about each
    of its lines, and a line that starts with ``#`` is asked of the ``heading`` rule first
    (no other rule reads such a line): most of a statute's blocks are one or the other, at
    the top level and in list items. Every other block is read by markdown-it's rules, as
    ``ParserBlock.tokenize`` reads it (``tests/test_markdown_block.py`` compares the two on
    generated texts, the examples and the real samples)."""

    def parse(self, src: str, md: MarkdownIt, env: dict, outTokens: list[Token]
              ) -> list[Token] | None:
        """``ParserBlock.parse``, with a ``block_state``."""
        if not src:
            return None
        state = block_state(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        rules = self.ruler.getRules("")
        heading = next((r for r in rules if r is _heading), None)
        max_nesting = state.md.options.maxNesting
        b_marks, t_shift, s_count, src = state.bMarks, state.tShift, state.sCount, state.src
        line = startLine
        empty_lines = False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine:
                break
            if s_count[line] < state.blkIndent:
                break  # (the end of a list item or a block quote's nested call)
            if state.level >= max_nesting:
                state.line = endLine
                break
            if not _plain_paragraph(state, line) and not (
                    heading is not None and s_count[line] - state.blkIndent <= 3
                    and src[b_marks[line] + t_shift[line]] == "#"
                    and src.find("|", b_marks[line], state.eMarks[line]) < 0
                    and heading(state, line, endLine, False)):
                for rule in rules:
                    if rule(state, line, endLine, False):
                        if state.line <= line:
                            raise RuntimeError("block rule didn't increment state.line")
                        break
                else:
                    raise RuntimeError("none of the block rules matched")
            state.tight = not empty_lines
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):
                empty_lines = True
            if line < endLine and state.isEmpty(line):
                empty_lines = True
                line += 1
                state.line = line


def text_join(state: StateCore) -> None:
    """markdown-it's core ``text_join`` rule (turn ``text_special`` tokens into text and join
    each run of text tokens into one), but not over the children of an inline token that
    holds none of ``_INLINE_STARTS``: ``plain_children`` made them, text between line
    breaks, with nothing to join."""
    starts = _INLINE_STARTS.search
    for token in state.tokens:
        if token.type == "inline" and starts(token.content):
            children = token.children or []
            for child in children:
                if child.children:  # (an image's alt text)
                    child.children = _join_text_tokens(child.children)
            token.children = _join_text_tokens(children)


def markdown_for(text: str) -> MarkdownIt:
    """``markdown()`` without the rules ``text`` has no use for: the same tokens, sooner."""
    return markdown(unused_rules(text))


@cache
def markdown(without: frozenset[str] = frozenset(), plain: bool = True) -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is off because drafts are untrusted,
    and an image on another host is a link to it (``external.py``). ``without``: rules left
    out (``unused_rules``); one parser per set, made on first use. ``plain``: plain inline
    text is read without the inline parser (``inline``), plain paragraphs without every
    block rule (``Blocks``) and a text without carriage returns or NULs is not normalized
    (``normalize``); False, for the tests: markdown-it's own rules."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # With ``html`` off these two rules answer no to every line and every ``<`` they are
    # asked about (raw HTML stays text either way): not asking them is the same output.
    md.disable(["html_block", "html_inline", *without])
    if plain:
        blocks = Blocks()
        blocks.ruler = md.block.ruler  # (as configured above)
        md.block = blocks
        md.core.ruler.at("normalize", normalize)
        md.core.ruler.at("inline", inline)
        md.core.ruler.at("text_join", text_join)
    md.core.ruler.before("inline", "provision_numbers", provision_numbers)
    md.core.ruler.after("inline", "external_images", external_images)
    return md
