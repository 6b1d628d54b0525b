"""Tracking numbers: what a commenter quotes later, like regulations.gov's.

``DKT-2026-7K3M-9QXP``: a prefix, the year received, and eight random characters from
Crockford's base 32 (no I, L, O or U), so a number read out over the phone or retyped from
paper survives the usual confusions; 40 random bits make them unguessable in practice.
Uniqueness is enforced by the database, which retries on the (vanishingly rare) collision.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,7}-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_tracking(prefix: str, year: int) -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{year}-{chars[:4]}-{chars[4:]}"


def normalize(text: str) -> str | None:
    """The tracking number as stored, from however a person typed it; None if it is not one."""
    parts = text.strip().upper().replace(" ", "-").split("-")
    if len(parts) != 4:
        return None
    prefix, year, a, b = parts
    candidate = "-".join([prefix, *(part.translate(CONFUSED) for part in (year, a, b))])
    return candidate if PATTERN.match(candidate) else None
