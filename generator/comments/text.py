"""Untrusted text from an import, made safe to store and to review, never interpreted.

The same rules as the intake service's (``intake/validate.py``): Unicode NFC, newlines as
``\\n``, and no control, bidi override or invisible format character. Here it matters twice:
the store is reviewed in git, where a bidi override would make a diff read differently from
what it holds ("Trojan Source"), and its lines are the unit of review, so nothing may break
one. Markup is left exactly as typed: it is text, and every page escapes it.
"""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
UNSEEN = ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp")
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
YES = {"yes", "y", "on", "true", "1", "x", "checked", "是", "同意"}


def clean(value: object, multiline: bool = False) -> str:
    """A field's value as stored: text, normalised, on one line unless ``multiline``."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v is not None)
    text = unicodedata.normalize("NFC", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n\n")
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


def visible(value: str) -> bool:
    """Does ``value`` show anything on paper?"""
    return any(unicodedata.category(c) not in UNSEEN and c not in BLANK_LETTERS for c in value)


def yes(value: object) -> bool:
    """A checkbox or yes/no answer as exported: "yes", "on", "true", ✓ (a list: any item)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return any(yes(v) for v in value)
    text = clean(value).lower()
    return text in YES or text.startswith(("yes", "i agree", "publish my name"))
