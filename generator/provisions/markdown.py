"""The Markdown parser Docket uses, with one extra core rule that reads provision numbers.

The rule runs after block parsing and before inline parsing: it recognises a number at the
start of each heading and each top-level or list-item paragraph, records it in the inline
token's ``meta["number"]`` and strips it from the text, so the number is rendered by the
theme (as a label with a permalink) and never twice.
"""

from __future__ import annotations

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


@cache
def markdown() -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is off because drafts are untrusted,
    and an image on another host is a link to it (``external.py``)."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # With ``html`` off these two rules answer no to every line and every ``<`` they are
    # asked about (raw HTML stays text either way): not asking them is the same output.
    md.disable(["html_block", "html_inline"])
    md.core.ruler.before("inline", "provision_numbers", provision_numbers)
    md.core.ruler.after("inline", "external_images", external_images)
    return md
