"""Text typed by the public, made safe to store and to review, never interpreted.

One set of rules for every way a comment arrives: the intake service's form
(``intake/validate.py``) and every import (``comments/``). Unicode NFC; newlines as ``\\n``
(a Unicode line or paragraph separator too, so a stored line is a line); and no control,
bidi override or invisible format character. A bidi override would make a receipt, a page or
a reviewed diff of the comment store read differently from what it holds ("Trojan Source").
Markup is left exactly as typed: it is text, and every page and export escapes it.
"""

from __future__ import annotations

import re
import unicodedata

# Characters a field never keeps: C0 controls but tab and newline, DEL and the C1 controls;
# the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder
# how the text around them is shown; and the invisible format characters that carry no
# meaning in a comment (zero-width space, word joiner and invisible operators, the deprecated
# format controls, a byte-order mark, interlinear annotations, tag characters). Kept:
# zero-width joiner and non-joiner (emoji and several scripts need them) and the
# left-to-right and right-to-left marks (harmless hints for mixed-direction text).
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# Letters that draw nothing (Hangul fillers, the blank Braille pattern): a name written
# only in them is as empty as one written in spaces.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
UNSEEN = ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp")  # categories that are not a mark on paper


def clean(value: str, multiline: bool = False) -> str:
    """A field's value as stored: normalised, stripped of ``CONTROL``, on one line unless
    ``multiline``, no surrounding space."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = CONTROL.sub("", value).replace("\u2028", "\n").replace("\u2029", "\n\n")
    if not multiline:
        value = " ".join(value.split())
    return value.strip()


def visible(value: str) -> bool:
    """Does ``value`` show anything on paper? (A required field made only of zero-width or
    blank characters is empty to whoever reads it.)"""
    return any(unicodedata.category(c) not in UNSEEN and c not in BLANK_LETTERS for c in value)
