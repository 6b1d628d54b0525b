"""A number as legislation writes it, and its place in the id: what the numbering patterns
(``numbering.py``) and each convention (``conventions/``) produce, kept apart from both so
that neither imports the other to share it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Structural units ranked from the outermost inwards; a heading of a lower rank nests
# inside one of a higher rank when both stand at the same Markdown heading level.
RANKS = {
    "book": 0,
    "subbook": 1,
    "part": 2,
    "subpart": 3,
    "title": 4,
    "subtitle": 5,
    "chp": 6,
    "subchp": 7,
    "division": 8,
    "subdivision": 9,
    "sec": 10,
    "art": 11,
    "hcontainer": 12,
}


@dataclass(frozen=True, slots=True)  # made for most paragraphs: slots make that cheaper
class Number:
    """A number as written, with what the id needs.

    ``kind`` is set for structural units (``sec``, ``art``, ``chp``...). Enumerations leave it
    empty and list their candidate ``styles`` with the ordinal each reading gives, because
    ``(i)`` is the ninth letter or the first Roman numeral depending on its neighbours.
    """

    label: str
    value: str
    kind: str = ""
    styles: tuple[tuple[str, int], ...] = ()
    rank: float | None = None  # where it nests, when not RANKS[kind] (a convention's own order)

    @property
    def is_enumeration(self) -> bool:
        return not self.kind


_NOT_ID = re.compile(r"[^0-9A-Za-z.\-]")
_DOTS = re.compile(r"[.\-]+")


def id_value(raw: str) -> str:
    """The number as an id part: punctuation stripped, inner dots become dashes (1.2. gives 1-2)."""
    if raw.isascii() and raw.isalnum():  # most numbers (3, 12a, ii): nothing to strip
        return raw
    return _DOTS.sub("-", _NOT_ID.sub("", raw).strip(".-"))
