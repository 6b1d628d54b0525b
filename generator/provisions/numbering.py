"""Recognise the numbers legislation is written with, one small pattern per convention.

Two places carry numbers: headings (``## Section 3. Definitions``, ``# Part II``, ``## 第二章``)
and the start of a paragraph or list item (``第三条　…``, ``(a)``, ``(1)``, ``(i)``, ``1.``, ``a)``,
``（一）``).  Matching is purely lexical; the tree builder decides nesting and kinds from context.
"""

from __future__ import annotations

import re

from .conventions import CONVENTIONS
from .number import Number, id_value
from .numerals import (
    CHINESE_NUMERAL_CHARS,
    chinese_to_int,
    is_roman,
    letter_to_int,
    roman_to_int,
)

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
_SPACE_RE = re.compile(_SPACE)
_DIGITS = re.compile(r"\d+")

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
    for convention in CONVENTIONS:
        if (match := getattr(convention, rule, None)) and (found := match(text)):
            return found
    return None


def enumeration_styles(value: str) -> tuple[tuple[str, int], ...]:
    """Candidate styles of an enumeration value inside parentheses (digits, or one to four
    ASCII letters of one case, as ``ENUM_PAREN`` reads them), most likely first."""
    if value[0].isdigit():
        return (("paren-decimal", int(_DIGITS.match(value)[0])),)
    case = "lower" if value.islower() else "upper"
    styles: list[tuple[str, int]] = []
    if is_roman(value):
        styles.append((f"paren-{case}-roman", roman_to_int(value)))
    if len(set(value)) == 1:  # a letter label repeats one letter: "iv" is Roman only
        styles.append((f"paren-{case}-alpha", letter_to_int(value)))
    return tuple(styles)


# What the paragraph patterns above can begin with: bold, 第, a parenthesis, §, or an ASCII
# letter (``PARAGRAPH_EN`` ignores case, and so also reads the long s, ``ſ``, as an s).
_PREFIX_STARTS = frozenset("*_第（(§ſ")


def match_prefix(text: str, read: dict[str, Number | None] | None = None
                 ) -> tuple[Number, str] | None:
    """Number at the start of a paragraph (``第三条　``, ``Sec. 2.``, ``(a)``...) and the rest.

    ``read``: the numbers in parentheses read so far in this text, by how they are written
    (a dict the caller makes for one text): ``(a)``, ``(1)`` and ``（一）`` come again and
    again, and a ``Number`` cannot be changed, so one serves them all."""
    first = text[:1]
    if first not in _PREFIX_STARTS and not (first.isascii() and first.isalpha()):
        return _convention_match("match_prefix", text)  # (most paragraphs: plain text)
    if m := PARAGRAPH_CN.match(text):
        label = m.group(0).strip().strip("*_")
        return Number(label, _chinese_value(m["num"], m["sub"]), "art"), text[m.end() :]
    if m := PARAGRAPH_EN.match(text):
        label = m.group(0).strip().strip("*_")
        return Number(label, id_value(m["num"]), ENGLISH_WORDS[m["word"].lower()]), text[m.end() :]
    if m := ENUM_CN.match(text):
        written = m.group(0)
        if read is None or (number := read.get(written)) is None:
            value = chinese_to_int(m["v"])
            number = Number(written.strip().strip("*_"), str(value),
                            styles=(("cn-paren", value),))
            if read is not None:
                read[written] = number
        return number, text[m.end() :]
    if m := ENUM_PAREN.match(text):
        written = m["v"]
        if read is None or (number := read.get(written, _UNREAD)) is _UNREAD:
            styles = enumeration_styles(written)
            number = Number(f"({written})", id_value(written), styles=styles) if styles else None
            if read is not None:
                read[written] = number
        if number is not None:
            return number, text[m.end() :]
    if m := ENUM_LETTER_PAREN.match(text):
        value = m["v"]
        return Number(f"{value})", value, styles=(("letter-paren", letter_to_int(value)),)), text[
            m.end() :
        ]
    return _convention_match("match_prefix", text)


_UNREAD = Number("", "")  # (``match_prefix``: not in ``read`` yet; None is "not a number")


def list_item_number(info: str, markup: str) -> Number | None:
    """Number of an ordered Markdown list item (``3.`` or ``3)``)."""
    if not info.isdigit():
        return None
    style = "decimal-period" if markup == "." else "decimal-paren"
    return Number(f"{info}{markup}", str(int(info)), styles=((style, int(info)),))


# ---------------------------------------------------------------- numbers not read, ranges
#
# A line that looks numbered but is not read as a number silently becomes an unnumbered
# heading or text of the provision before it: ``docket check`` warns about it. A repealed
# range stands for the numbers it covers when runs.py follows a run of numbers.

# Words and abbreviations that look like numbering, each with the forms Docket reads.
_READ_AS = {"sec": "Sec. {n} or Section {n}", "sect": "Sec. {n} or Section {n}",
            "section": "Section {n}", "§": "§ {n}", "art": "Art. {n} or Article {n}",
            "article": "Article {n}", "chap": "Chapter {n}", "ch": "Chapter {n}",
            "chapter": "Chapter {n}", "pt": "Part {n}", "part": "Part {n}"}
_NEAR_HEADING_EN = re.compile(
    rf"^{_BOLD}(?P<word>sect?\.?|art\.?|article|section|chap\.?|ch\.?|chapter|pt\.?|part|§)"
    rf"{_SPACE}*(?P<num>\d[\w.\-]*)", re.I)
_NEAR_PARAGRAPH_EN = re.compile(
    rf"^{_BOLD}(?P<word>sect?\.?|art\.?)(?-i:{_SPACE}*)(?P<num>\d+[A-Za-z]?)\.{_SPACE}", re.I)
_NEAR_CN = re.compile(rf"^{_BOLD}第{_SPACE}*(?P<num>{_CN_NUM}){_SPACE}*(?P<unit>分编|编|章|节|条)")
# A heading written as a paragraph (第一节　一般规定), or an article number without its space.
_CN_HEADING_AS_PARAGRAPH = re.compile(rf"^{_BOLD}第{_CN_NUM}(?:分编|编|章|节){_BOLD}{_SPACE}+\S")
_CN_ARTICLE_PUNCTUATED = re.compile(rf"^{_BOLD}第{_CN_NUM}条(?:之{_CN_NUM})?{_BOLD}[：:．.]")


def _read_as(word: str, num: str) -> str:
    return _READ_AS.get(word.lower().rstrip("."), "Section {n}").format(n=num)


def _unread_kind(word: str) -> str:
    """The kind of unit a word that was not read would have numbered."""
    word = word.lower().rstrip(".")
    if word in CHINESE_UNITS:
        return CHINESE_UNITS[word]
    return {"art": "art", "article": "art", "ch": "chp", "chap": "chp", "chapter": "chp",
            "pt": "part", "part": "part"}.get(word, "sec")


def unread_heading(text: str) -> tuple[str, str, str] | None:
    """(the kind it would number, its shape, why) for a heading that ``match_heading`` did
    not read but that looks numbered (``Sec 5 - Penalties`` is not ``Sec. 5``); None when it
    does not. Headings of one shape in a file (``Art 1``, ``Art 2``...) share their shape,
    so one warning can stand for them all."""
    if m := _NEAR_HEADING_EN.match(text):
        written = text[m.start("word") : m.end("num")]
        return _unread_kind(m["word"]), m["word"].lower(), (
            f"{written!r} looks like a number but is not read as one, so the heading is "
            f"unnumbered (its id comes from its words): write {_read_as(m['word'], m['num'])}")
    if m := _NEAR_CN.match(text):
        written = text[m.start() : m.end()].strip("*_")
        return _unread_kind(m["unit"]), "第" + m["unit"], (
            f"{written!r} looks like a number but is not read as one (a space inside it?), "
            f"so the heading is unnumbered: write 第{m['num']}{m['unit']}")
    return None


def unread_prefix(text: str) -> tuple[str, str, str] | None:
    """(the kind it would number, its shape, why) for a paragraph that ``match_prefix`` did
    not read but that starts like a number, or None."""
    if m := _CN_HEADING_AS_PARAGRAPH.match(text):
        written = text[: m.end() - 1].strip()
        return _unread_kind(written[-1]), "第" + written[-1], (
            f"{written!r} starts a paragraph, so it is read as text of the provision before "
            f"it: make it a heading (## {written} ...)")
    if m := _CN_ARTICLE_PUNCTUATED.match(text):
        written = text[: m.end()].strip("*_")
        return "art", "第条:", (
            f"{written!r} is not read as an article number (it must be followed by a space), "
            f"so this is text of the article before it")
    if (m := _NEAR_CN.match(text)) and m["unit"] == "条" and _SPACE_RE.search(m.group(0)):
        written = m.group(0).strip("*_")
        return "art", "第 条", (
            f"{written!r} is not read as an article number (a space inside it?), so this is "
            f"text of the article before it: write 第{m['num']}条")
    if m := _NEAR_PARAGRAPH_EN.match(text):
        written = text[m.start("word") : m.end()].strip()
        return _unread_kind(m["word"]), m["word"].lower(), (
            f"{written!r} looks like a number but is not read as one, so this is text of the "
            f"provision before it: write {_read_as(m['word'], m['num'])}.")
    return None


# Repealed ranges that stand in for numbers: "§§ 2 bis 4 (weggefallen)", "Sections 5 to 7.
# [Repealed]", "第十条至第十二条（删除）".
_RANGE_NUM = r"(?-i:\d+[A-Za-z]*(?:[.\-]\d+[A-Za-z]*)*|[IVXLCDM]+)"
_RANGE_EN = re.compile(
    rf"(?P<word>§§|sections|secs\.?|articles|arts\.?){_SPACE}*{_RANGE_NUM}{_SPACE}*"
    rf"(?:bis|to|through|und|and|–|—|-){_SPACE}*(?:§{_SPACE}*)?(?P<last>{_RANGE_NUM})",
    re.I)
_RANGE_CN = re.compile(rf"第{_CN_NUM}条{_SPACE}*(?:至|到|—|－|-){_SPACE}*"
                       rf"第(?P<last>{_CN_NUM})条")
_RANGE_START = re.compile(rf"^{_BOLD}(?:\([^)]*\){_SPACE}*)?")  # "(XXXX) §§ 2 bis 4"


def repealed_range(text: str) -> tuple[str, str, str] | None:
    """(kind, last value, as written) of the range of numbers a heading or paragraph starting
    with one stands for, or None."""
    start = _RANGE_START.match(text).end()
    if m := _RANGE_CN.match(text, start):
        return "art", _chinese_value(m["last"], None), m.group(0)
    if m := _RANGE_EN.match(text, start):
        word = m["word"].lower()
        return ("art" if word.startswith("art") else "sec"), id_value(m["last"]), m.group(0)
    return None
