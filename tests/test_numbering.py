"""Each numbering convention is recognised, with the id value Akoma Ntoso naming expects."""

from __future__ import annotations

import pytest

from generator.provisions.numbering import match_heading, match_prefix
from generator.provisions.numerals import chinese_to_int, roman_to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零五", 105),
        ("一百六十五", 165),
        ("一千零一", 1001),
        ("两百", 200),
        ("二〇二六", 2026),
        ("一万二千", 12000),
    ],
)
def test_chinese_numerals_become_digits(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "abc", "第一"])
def test_non_numerals_are_rejected(text):
    with pytest.raises(ValueError):
        chinese_to_int(text)


def test_roman_numerals_must_be_canonical():
    assert roman_to_int("XIV") == 14
    assert roman_to_int("iv") == 4
    with pytest.raises(ValueError):
        roman_to_int("IIII")


@pytest.mark.parametrize(
    ("heading", "kind", "value", "rest"),
    [
        ("Section 3. Definitions", "sec", "3", "Definitions"),
        ("SECTION 4. SHORT TITLE", "sec", "4", "SHORT TITLE"),
        ("Sec. 3", "sec", "3", ""),
        ("Sec. 7A. Inserted section", "sec", "7A", "Inserted section"),
        ("§ 3", "sec", "3", ""),
        ("§ 12.1. Fees", "sec", "12-1", "Fees"),
        ("Art. 4", "art", "4", ""),
        ("Article 12. Scope", "art", "12", "Scope"),
        ("Part II", "part", "II", ""),
        ("Part A—General provisions", "part", "A", "General provisions"),
        ("Chapter 2. Licensing", "chp", "2", "Licensing"),
        ("Title IV", "title", "IV", ""),
        ("**Section 5.** Penalties", "sec", "5", "Penalties"),
        ("第一编　总则", "book", "1", "总则"),
        ("第二章　管理职责", "chp", "2", "管理职责"),
        ("第一节 一般规定", "sec", "1", "一般规定"),
        ("第三条　定义", "art", "3", "定义"),
        ("第一百六十五条", "art", "165", ""),
        ("第十条之一　新增条款", "art", "10-1", "新增条款"),
    ],
)
def test_headings(heading, kind, value, rest):
    number, remainder = match_heading(heading)
    assert (number.kind, number.value, remainder) == (kind, value, rest)


@pytest.mark.parametrize(
    "heading",
    [
        "Title of the Act",
        "Chapter in review",
        "Definitions",
        "Part of the plan",
        "Sections generally",
    ],
)
def test_unnumbered_headings_are_not_provision_numbers(heading):
    assert match_heading(heading) is None


@pytest.mark.parametrize(
    ("text", "label", "value", "styles"),
    [
        ("(a) text", "(a)", "a", {"paren-lower-alpha"}),
        ("(1) text", "(1)", "1", {"paren-decimal"}),
        ("(A) text", "(A)", "A", {"paren-upper-alpha"}),
        ("(i) text", "(i)", "i", {"paren-lower-roman", "paren-lower-alpha"}),
        ("(ii) text", "(ii)", "ii", {"paren-lower-roman", "paren-lower-alpha"}),
        ("(iv) text", "(iv)", "iv", {"paren-lower-roman"}),
        ("a) text", "a)", "a", {"letter-paren"}),
        ("（一）可回收物", "（一）", "1", {"cn-paren"}),
        ("（十二）其他", "（十二）", "12", {"cn-paren"}),
    ],
)
def test_enumeration_prefixes(text, label, value, styles):
    number, _ = match_prefix(text)
    assert number.label == label
    assert number.value == value
    assert {s for s, _ in number.styles} == styles


@pytest.mark.parametrize(
    ("text", "kind", "value", "rest"),
    [
        ("第三条　本条例所称生活垃圾", "art", "3", "本条例所称生活垃圾"),
        ("第三条\u3000\u3000两个全角空格", "art", "3", "两个全角空格"),
        ("**第三条**　加粗的条号", "art", "3", "加粗的条号"),
        ("第一百六十五条 半角空格", "art", "165", "半角空格"),
        ("Section 1. This Act may be cited as", "sec", "1", "This Act may be cited as"),
    ],
)
def test_paragraph_units(text, kind, value, rest):
    number, remainder = match_prefix(text)
    assert (number.kind, number.value, remainder) == (kind, value, rest)


@pytest.mark.parametrize(
    "text",
    [
        "第三条规定的情形除外。",  # prose that mentions an article, no space after it
        "Section 5 of the Zoning Code is amended to read:",  # amending language, no period
        "(this is an aside) in parentheses",
        "In this ordinance:",
    ],
)
def test_prose_is_not_numbered(text):
    assert match_prefix(text) is None
