"""The redline's character tests are written to compile quickly (see ``redline._CJK_CHAR``):
each says of every character what its plain character class says."""

from __future__ import annotations

import re

import pytest

from generator import redline

EVERY_CHARACTER = [chr(c) for c in range(0x10000)] + ["\U00020000", "\U0010ffff", ""]


@pytest.mark.parametrize(("quick", "plain"), [
    (redline._CJK_CHAR, f"[{redline._CJK}]"),
    (redline._UNSPACED, redline._UNSPACED_CLASS),
])
def test_a_quick_character_test_answers_as_its_class_for_every_character(quick, plain):
    plain = re.compile(plain)
    for first in EVERY_CHARACTER:
        for token in (first, first + "a", first + "\u4e00"):
            assert bool(quick.match(token)) == bool(plain.match(token)), (hex(ord(first[:1] or
                                                                                "\0")), token)
