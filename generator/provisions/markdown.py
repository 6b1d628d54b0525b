"""The Markdown parser Docket uses, with one extra core rule that reads provision numbers.

The rule runs after block parsing and before inline parsing: it recognises a number at the
start of each heading and each top-level or list-item paragraph, records it in the inline
token's ``meta["number"]`` and strips it from the text, so the number is rendered by the
theme (as a label with a permalink) and never twice.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .external import external_images
from .numbering import match_heading, match_prefix, unread_heading, unread_prefix


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
    for i, token in enumerate(tokens):
        if token.type != "inline" or i == 0:
            continue
        opener = tokens[i - 1]
        if opener.type == "heading_open":
            found, unread = match_heading(token.content), unread_heading
        elif opener.type == "paragraph_open" and (
            opener.level == 0 or (i >= 2 and tokens[i - 2].type == "list_item_open")
        ):
            found, unread = match_prefix(token.content), unread_prefix
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
_THEMATIC_BREAK = re.compile(rf"^{_LINE_OF}([*_-])[ \t]*\1[ \t]*\1{_LINE_OF}$", re.M)
# A setext heading's underline: a line of ``=`` or of ``-`` and nothing else but spaces and
# tabs, after what containers put before it (indentation, block quotes' ``>``). Not any line
# that ends in ``-``: German laws break words with a hyphen at the end of a line, and
# ``lheading`` asked about every paragraph is a twentieth of their parse.
_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.M)
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
    lines = text.replace("\r", "\n") if "\r" in text else text  # (CR, CRLF and LF end lines)
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
    ``newline`` rule); text between breaks is one token."""
    if "\n" not in content:
        return [Token("text", "", 0, content=content)] if content else []
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
            children.append(Token("text", "", 0, content=pending))
        children.append(Token(kind, "br", 0))
        pending = line.lstrip(" \t")
    if pending:
        children.append(Token("text", "", 0, content=pending))
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


def markdown_for(text: str) -> MarkdownIt:
    """``markdown()`` without the rules ``text`` has no use for: the same tokens, sooner."""
    return markdown(unused_rules(text))


@cache
def markdown(without: frozenset[str] = frozenset(), plain: bool = True) -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is off because drafts are untrusted,
    and an image on another host is a link to it (``external.py``). ``without``: rules left
    out (``unused_rules``); one parser per set, made on first use. ``plain``: plain inline
    text is read without the inline parser (``inline``; False, for the tests: markdown-it's
    own rule)."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # With ``html`` off these two rules answer no to every line and every ``<`` they are
    # asked about (raw HTML stays text either way): not asking them is the same output.
    md.disable(["html_block", "html_inline", *without])
    if plain:
        md.core.ruler.at("inline", inline)
    md.core.ruler.before("inline", "provision_numbers", provision_numbers)
    md.core.ruler.after("inline", "external_images", external_images)
    return md
