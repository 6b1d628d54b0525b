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
_THEMATIC_BREAK = re.compile(r"([*_-])[ \t]*\1[ \t]*\1")  # (or more than a break: never less)
_UNDERLINE = re.compile(r"[=-][ \t]*$", re.M)  # a setext heading's underline, and more
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
    if not _THEMATIC_BREAK.search(text):
        unused.append("hr")
    if not _UNDERLINE.search(text):
        unused.append("lheading")
    if "*" not in text and "_" not in text:
        unused.append("emphasis")
        if "~" not in text:
            unused += ["balance_pairs", "fragments_join"]
    return frozenset(unused)


def markdown_for(text: str) -> MarkdownIt:
    """``markdown()`` without the rules ``text`` has no use for: the same tokens, sooner."""
    return markdown(unused_rules(text))


@cache
def markdown(without: frozenset[str] = frozenset()) -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is off because drafts are untrusted,
    and an image on another host is a link to it (``external.py``). ``without``: rules left
    out (``unused_rules``); one parser per set, made on first use."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # With ``html`` off these two rules answer no to every line and every ``<`` they are
    # asked about (raw HTML stays text either way): not asking them is the same output.
    md.disable(["html_block", "html_inline", *without])
    md.core.ruler.before("inline", "provision_numbers", provision_numbers)
    md.core.ruler.after("inline", "external_images", external_images)
    return md
