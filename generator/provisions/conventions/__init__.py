"""Numbering conventions of particular legal traditions, one small module each.

``numbering.py`` reads today's English and Chinese numbers; each module here adds what one
tradition writes besides them, and the parser, the tree builder and the cross-reference linker
ask every module in :data:`CONVENTIONS`, in order. A module may define:

- ``match_heading(text)`` and ``match_prefix(text)``: a :class:`~..number.Number` and the
  rest of the text, or None (a heading such as ``Abschnitt 3 - Titel``; a paragraph such as
  ``一、`` or ``aa)``);
- ``TOP_LEVEL_STYLES``: enumeration styles that are always the first level under their unit
  (``一、`` never nests inside ``（七）``);
- ``STYLE_KINDS``: the provision kind an enumeration style always has (``cn-dun``: ``point``);
- ``OTHER_LAW_AFTER``: what follows a reference (and its ``Abs. 2 Nr. 3`` tail) when it names
  another law (``des Bundesdatenschutzgesetzes``), matched where the reference ends;
- ``OTHER_LAW_BEFORE``: what precedes a reference to another law (``刑法第三条``), searched in
  the text before it, unless ``THIS_LAW_BEFORE`` matches there too (``本办法第三条``); both
  end at the end of that text (``$``) and may begin at most ``BEFORE_REACH`` characters
  before its trailing spaces, if the module says so (only the end is then searched);
- ``OTHER_LAW_PARAGRAPH``: a paragraph whose references all cite other laws (the enacting
  formula of a German ordinance, ``Auf Grund des § 5 ... verordnet ...:``);
- ``LIST_JOINER``: what joins two references of one list (``第八十九条、第九十一条``), so that the
  second names the same law as the first.

Adding a tradition is one module and one line in the list below.
"""

from __future__ import annotations

from . import chinese, german

CONVENTIONS = (german, chinese)

STYLE_KINDS: dict[str, str] = {
    style: kind for c in CONVENTIONS for style, kind in getattr(c, "STYLE_KINDS", {}).items()
}
TOP_LEVEL_STYLES: frozenset[str] = frozenset(
    style for c in CONVENTIONS for style in getattr(c, "TOP_LEVEL_STYLES", ())
)
