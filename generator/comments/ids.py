"""Docket's number for an imported comment: the shape the intake service hands out.

A comment from the built-in intake keeps its tracking number. One from elsewhere gets a
number of the same shape (``DKT-2026-7K3M-9QXP``: prefix, year received, eight characters of
Crockford's base 32) drawn from a hash of its source and its id there, not at random: the
same row imported into two clones of the project gets the same number, so links and
responses written against it agree. Forty bits can collide across a very large docket; the
store is asked, and the next hash in the sequence is taken, so a number once given is never
reused and never changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Every ten bits as their two digits: forty bits are written in four look-ups rather than
# eight shifts (a million-comment import numbers a million comments).
PAIRS = tuple(a + b for a in ALPHABET for b in ALPHABET)


def derived_id(prefix: str, year: int, source: str, source_id: str,
               taken: Callable[[str], bool]) -> str:
    """The first number of the sequence for (source, source_id) that ``taken`` says is free."""
    attempt = 0
    while True:
        seed = f"{source}\0{source_id}\0{attempt}".encode()
        bits = int.from_bytes(hashlib.sha256(seed).digest()[:5], "big")
        number = (f"{prefix}-{year:04d}-{PAIRS[bits >> 30]}{PAIRS[(bits >> 20) & 1023]}-"
                  f"{PAIRS[(bits >> 10) & 1023]}{PAIRS[bits & 1023]}")
        if not taken(number):
            return number
        attempt += 1


def content_id(values: dict[str, str]) -> str:
    """An id for a row whose source gives none (a CSV export without an id column): a hash of
    everything in it, so the same row exported again is recognised."""
    digest = hashlib.sha256()
    for key in sorted(values):
        digest.update(key.encode() + b"\0" + str(values[key]).encode() + b"\0")
    return "sha256:" + digest.hexdigest()[:32]
