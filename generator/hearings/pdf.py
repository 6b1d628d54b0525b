"""Printing a packet's HTML to PDF with WeasyPrint (paged-media CSS: ``_packet_print.css``).

The document carries everything the PDF needs: its title, author and language in
``<title>``, ``<meta name="author">`` and ``<html lang>`` (WeasyPrint writes them to the
PDF's metadata), bookmarks from the CSS ``bookmark-level`` of the headings the table of
contents lists, fonts by name (Noto CJK for Chinese text; WeasyPrint embeds the subsets it
uses). Nothing is fetched: the stylesheet is inline, and any other address a document names
(an image in a draft's Markdown) is refused, so a packet prints the same on every machine
and from no one else's server.
"""

from __future__ import annotations

from typing import Any


class FetchRefused(Exception):
    """A packet names a resource outside itself: printed without it."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict:
    raise FetchRefused(url)


def print_pdf(html: str, base_url: str = "") -> bytes:
    """``html`` (a whole document) as PDF bytes; the same bytes for the same document."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs each refused fetch and each CSS property it ignores as a warning; a
    # build's output is its pages and its problems, not a library's chatter.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=base_url or None, url_fetcher=_refuse)
    return document.write_pdf()
