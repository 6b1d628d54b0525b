"""Cells a spreadsheet will not run: every CSV Docket writes from comments goes through here.

A comment that starts with ``=HYPERLINK(...)`` or ``+cmd|...`` is a formula to Excel,
LibreOffice and Google Sheets when a CSV is opened ("CSV injection"). The usual defence
(OWASP's) is to make such a cell text by putting an apostrophe before it: a cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return. The apostrophe is visible in
the file, which is the point: the value is still all there, and no program treats it as
code. Used by ``docket comments list --format csv`` and meant for the public export.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
