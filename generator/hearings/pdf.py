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

import hashlib
import os
from pathlib import Path
from typing import Any

# A folder where printed PDFs are kept by the hash of what they were printed from, for
# builds that print the same packet again (CI runs, `--clean` builds, a test suite): the
# same document gives the same bytes, so a copy is as good as printing it.
CACHE_ENV = "DOCKET_PDF_CACHE"


class FetchRefused(Exception):
    """A packet names a resource outside itself: printed without it."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict:
    raise FetchRefused(url)


def print_pdf(html: str, base_url: str = "") -> bytes:
    """``html`` (a whole document) as PDF bytes; the same bytes for the same document.

    With ``DOCKET_PDF_CACHE`` set to a folder, a document printed before is copied from
    there (keyed by the document, its base address and WeasyPrint's version) instead."""
    from weasyprint import __version__ as weasyprint_version

    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return _print(html, base_url)
    key = hashlib.sha256(f"{weasyprint_version}\n{base_url}\n{html}".encode()).hexdigest()
    kept = Path(folder) / f"{key}.pdf"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    pdf = _print(html, base_url)
    try:  # written aside and renamed: a reader sees the whole file or none
        kept.parent.mkdir(parents=True, exist_ok=True)
        aside = kept.with_name(f".{key}.{os.getpid()}.tmp")
        aside.write_bytes(pdf)
        os.replace(aside, kept)
    except OSError:  # a cache that cannot be written costs time, never the build
        pass
    return pdf


def _print(html: str, base_url: str) -> bytes:
    import logging

    from weasyprint import HTML

    # WeasyPrint logs each refused fetch and each CSS property it ignores as a warning; a
    # build's output is its pages and its problems, not a library's chatter.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=base_url or None, url_fetcher=_refuse)
    return document.write_pdf()
