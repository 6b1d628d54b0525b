"""Images a page cannot show: on another host, a link to the image; in the draft's folder,
its description.

A draft's ``![seal](https://tracker.example/pixel.gif)`` would make every reader's browser
call that host as the page opens (a tracking pixel, or an image that changes after
publication). A link is a click the reader chooses, so links to other hosts stay links; an
image on another host becomes a link to it, its alt text the link's text, and ``docket check``
says so with the line (the site's Content-Security-Policy refuses such an image too).

An image named by a relative address (``![Anlage 1](bgbl1_2017_0010.jpg)``, as statutes
pasted from gesetze-im-internet.de name their scanned forms) would be a broken image on
every page that shows the text: Docket publishes no file from a draft's folder, and the
same address resolves differently from the draft page, a version's page and a redline. Its
description (alt text, else its address) stands in its place as text, and ``docket check``
says so. A ``data:`` image is the page's own and is shown.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ENV_KEY = "external_images"  # (0-based line in the text, address) of each one rewritten
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_external(src: str) -> bool:
    """An address on another host: any scheme but ``data:``, or protocol-relative ``//``."""
    src = src.strip()
    if src.startswith("//"):
        return True
    return bool(_SCHEME.match(src)) and not src.lower().startswith("data:")


def is_unpublished(src: str) -> bool:
    """An address in the draft's folder (relative, or from the site's root): nothing there
    is published with the site."""
    return not is_external(src) and not src.strip().lower().startswith("data:")


def external_images(state: StateCore) -> None:
    """A core rule (after ``inline``): each image on another host becomes a link to it, and
    each one in the draft's folder its description."""
    found = state.env.setdefault(ENV_KEY, [])
    if "![" not in state.src:  # no image at all (an entity never makes one): most texts
        return
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        children: list[Token] = []
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            src = str(child.attrGet("src") or "") if child.type == "image" else ""
            if child.type != "image" or not (is_external(src) or is_unpublished(src)):
                children.append(child)
                continue
            found.append((line, src))
            text = child.content or src
            if not is_external(src):
                children.append(Token("text", "", 0, content=text, level=child.level))
                continue
            children += [
                Token("link_open", "a", 1, attrs={"href": src}, level=child.level),
                Token("text", "", 0, content=text, level=child.level + 1),
                Token("link_close", "a", -1, level=child.level),
            ]
        token.children = children
