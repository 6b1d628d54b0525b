"""Numerals that legislation is numbered with: Chinese, Roman and letters."""

from __future__ import annotations

from functools import cache

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(CHINESE_UNITS) + "万"
_DIGIT_CHARS = "".join(CHINESE_DIGITS)

ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
ROMAN_LETTERS = frozenset(ROMAN_VALUES)


def chinese_to_int(text: str) -> int:
    """Value of a Chinese numeral such as 一百六十五 (165), 十二 (12) or 一百零五 (105).

    Plain digit strings (二〇二六 written digit by digit) are read positionally.
    Raises ValueError on anything else, so callers can treat it as "not a number".
    """
    # (``strip`` leaves nothing of a text made only of the characters it is given)
    if not text or text.strip(CHINESE_NUMERAL_CHARS):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if len(text) > 1 and not text.strip(_DIGIT_CHARS):
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
        elif ch in CHINESE_UNITS:
            section += (1 if digit is None else digit) * CHINESE_UNITS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


@cache  # the same few numerals, (i) to (x), over and over
def roman_to_int(text: str) -> int:
    """Value of a well-formed Roman numeral (either case); ValueError otherwise."""
    lowered = text.lower()
    if not lowered or any(ch not in ROMAN_VALUES for ch in lowered):
        raise ValueError(f"not a Roman numeral: {text!r}")
    total = 0
    for ch, nxt in zip(lowered, [*lowered[1:], ""], strict=True):
        value = ROMAN_VALUES[ch]
        total += -value if nxt and ROMAN_VALUES[nxt] > value else value
    if int_to_roman(total) != lowered:
        raise ValueError(f"not a canonical Roman numeral: {text!r}")
    return total


def int_to_roman(value: int) -> str:
    """Lower-case Roman numeral for 1..3999."""
    pairs = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = []
    for amount, letters in pairs:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def is_roman(text: str) -> bool:
    if not text or not set(text.lower()) <= ROMAN_LETTERS:  # (a), (b): no exception raised
        return False
    try:
        roman_to_int(text)
    except ValueError:
        return False
    return True


def letter_to_int(text: str) -> int:
    """Position of a letter label: a=1 ... z=26, aa=27 (the doubled-letter style of US codes)."""
    lowered = text.lower()
    if not lowered.isalpha() or not lowered.isascii() or len(set(lowered)) != 1:
        raise ValueError(f"not a letter label: {text!r}")
    return (ord(lowered[0]) - ord("a") + 1) + 26 * (len(lowered) - 1)
