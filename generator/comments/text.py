"""Untrusted text from an import, made safe to store and to review, never interpreted.

The intake service's rules (``generator/plaintext.py``), applied to an export's cells, which
may be empty or lists; and how exports write a yes.
"""

from __future__ import annotations

from .. import plaintext
from ..plaintext import visible

YES = {"yes", "y", "on", "true", "1", "x", "checked", "是", "同意"}


def clean(value: object, multiline: bool = False) -> str:
    """A field's value as stored (``plaintext.clean``); an export's empty cell or list of
    choices becomes text."""
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v is not None)
    return plaintext.clean(str(value), multiline)


__all__ = ["clean", "visible", "yes"]


def yes(value: object) -> bool:
    """A checkbox or yes/no answer as exported: "yes", "on", "true", ✓ (a list: any item)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return any(yes(v) for v in value)
    text = clean(value).lower()
    return text in YES or text.startswith(("yes", "i agree", "publish my name"))
