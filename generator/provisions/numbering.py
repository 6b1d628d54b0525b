"""Recognise the numbers legislation is written with, one small pattern per convention.

Two places carry numbers: headings (``## Section 3. Definitions``, ``# Part II``, ``## 第二章``)
and the start of a paragraph or list item (``第三条　…``, ``(a)``, ``(1)``, ``(i)``, ``1.``, ``a)``,
``（一）``).  Matching is purely lexical; the tree builder decides nesting and kinds from context.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from .numerals import (
    CHINESE_NUMERAL_CHARS,
    chinese_to_int,
    is_roman,
    letter_to_int,
    roman_to_int,
)

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

ENGLISH_WORDS = {
    "book": "book",
    "part": "part",
    "subpart": "subpart",
    "title": "title",
    "subtitle": "subtitle",
    "chapter": "chp",
    "subchapter": "subchp",
    "division": "division",
    "subdivision": "subdivision",
    "article": "art",
    "art.": "art",
    "section": "sec",
    "sec.": "sec",
    "§": "sec",
}
CHINESE_UNITS = {"编": "book", "分编": "subbook", "章": "chp", "节": "sec", "条": "art"}

_EN_NUM = r"(?-i:(?P<num>\d+[A-Za-z]*(?:[.\-]\d+[A-Za-z]*)*|[IVXLCDM]+|[A-Z]))"
_EN_WORD = (
    r"(?P<word>book|part|subpart|title|subtitle|chapter|subchapter|division|subdivision"
    r"|article|art\.|section|sec\.|§)"
)
_CN_NUM = rf"(?:[{CHINESE_NUMERAL_CHARS}]+|\d+)"
_BOLD = r"(?:\*\*|__)?"
_SPACE = r"[\s\u3000]"

HEADING_EN = re.compile(
    rf"^{_BOLD}{_EN_WORD}{_SPACE}*{_EN_NUM}(?![\w])\.?{_BOLD}(?:{_SPACE}*[.:\-–—]?{_SPACE}*)", re.I
)
HEADING_CN = re.compile(
    rf"^{_BOLD}第(?P<num>{_CN_NUM})(?P<unit>分编|编|章|节|条)(?:之(?P<sub>{_CN_NUM}))?{_BOLD}{_SPACE}*"
)
# The same units at the start of a paragraph must be followed by a space: "第三条规定的" is prose.
PARAGRAPH_CN = re.compile(
    rf"^{_BOLD}第(?P<num>{_CN_NUM})条(?:之(?P<sub>{_CN_NUM}))?{_BOLD}(?:{_SPACE}+|$)"
)
PARAGRAPH_EN = re.compile(
    rf"^{_BOLD}(?P<word>article|art\.|section|sec\.|§){_SPACE}*{_EN_NUM}\.{_BOLD}(?:{_SPACE}+|$)",
    re.I,
)
ENUM_PAREN = re.compile(
    rf"^{_BOLD}\((?P<v>\d+[A-Za-z]?|[a-z]{{1,4}}|[A-Z]{{1,4}})\){_BOLD}(?:{_SPACE}+|$)"
)
ENUM_LETTER_PAREN = re.compile(rf"^{_BOLD}(?P<v>[a-z])\){_BOLD}(?:{_SPACE}+|$)")
ENUM_CN = re.compile(rf"^{_BOLD}[（(](?P<v>[{CHINESE_NUMERAL_CHARS}]+)[）)]{_BOLD}{_SPACE}*")


@dataclass(frozen=True)
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


def id_value(raw: str) -> str:
    """The number as an id part: punctuation stripped, inner dots become dashes (1.2. gives 1-2)."""
    cleaned = re.sub(r"[^0-9A-Za-z.\-]", "", raw).strip(".-")
    return re.sub(r"[.\-]+", "-", cleaned)


def _chinese_value(num: str, sub: str | None) -> str:
    value = str(int(num)) if num.isdigit() else str(chinese_to_int(num))
    if sub:
        value += "-" + (sub if sub.isdigit() else str(chinese_to_int(sub)))
    return value


def match_heading(text: str) -> tuple[Number, str] | None:
    """Number and remaining heading text of a heading such as ``Section 3. Definitions``."""
    if m := HEADING_CN.match(text):
        number = Number(
            m.group(0).strip().strip("*_"),
            _chinese_value(m["num"], m["sub"]),
            CHINESE_UNITS[m["unit"]],
        )
        return number, text[m.end() :].strip()
    if m := HEADING_EN.match(text):
        kind = ENGLISH_WORDS[m["word"].lower()]
        label = text[: m.end()].strip().strip("*_").rstrip(":-–—").strip()
        return Number(label, id_value(m["num"]), kind), text[m.end() :].strip()
    return _convention_match("match_heading", text)


def _convention_match(rule: str, text: str) -> tuple[Number, str] | None:
    """Ask each registered convention (``conventions/``) in turn; the first answer wins."""
    from .conventions import CONVENTIONS  # they build on Number, defined here

    for convention in CONVENTIONS:
        if (match := getattr(convention, rule, None)) and (found := match(text)):
            return found
    return None


def enumeration_styles(value: str) -> tuple[tuple[str, int], ...]:
    """Candidate styles of an enumeration value inside parentheses, most likely first."""
    if value[0].isdigit():
        return (("paren-decimal", int(re.match(r"\d+", value)[0])),)
    case = "lower" if value.islower() else "upper"
    styles: list[tuple[str, int]] = []
    if is_roman(value):
        styles.append((f"paren-{case}-roman", roman_to_int(value)))
    with contextlib.suppress(ValueError):  # "iv" is Roman only
        styles.append((f"paren-{case}-alpha", letter_to_int(value)))
    return tuple(styles)


def match_prefix(text: str) -> tuple[Number, str] | None:
    """Number at the start of a paragraph (``第三条　``, ``Sec. 2.``, ``(a)``...) and the rest."""
    if m := PARAGRAPH_CN.match(text):
        label = m.group(0).strip().strip("*_")
        return Number(label, _chinese_value(m["num"], m["sub"]), "art"), text[m.end() :]
    if m := PARAGRAPH_EN.match(text):
        label = m.group(0).strip().strip("*_")
        return Number(label, id_value(m["num"]), ENGLISH_WORDS[m["word"].lower()]), text[m.end() :]
    if m := ENUM_CN.match(text):
        label = m.group(0).strip().strip("*_")
        value = chinese_to_int(m["v"])
        return Number(label, str(value), styles=(("cn-paren", value),)), text[m.end() :]
    if m := ENUM_PAREN.match(text):
        styles = enumeration_styles(m["v"])
        if styles:
            return Number(f"({m['v']})", id_value(m["v"]), styles=styles), text[m.end() :]
    if m := ENUM_LETTER_PAREN.match(text):
        value = m["v"]
        return Number(f"{value})", value, styles=(("letter-paren", letter_to_int(value)),)), text[
            m.end() :
        ]
    return _convention_match("match_prefix", text)


def list_item_number(info: str, markup: str) -> Number | None:
    """Number of an ordered Markdown list item (``3.`` or ``3)``)."""
    if not info.isdigit():
        return None
    style = "decimal-period" if markup == "." else "decimal-paren"
    return Number(f"{info}{markup}", str(int(info)), styles=((style, int(info)),))
