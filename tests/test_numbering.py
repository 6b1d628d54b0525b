"""Each numbering convention is recognised, with the id value Akoma Ntoso naming expects."""

from __future__ import annotations

import textwrap

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


# ---------------------------------------------------------------- what `docket check` warns about


def warnings(text: str) -> list[str]:
    from generator.provisions.parser import parse_version

    parsed = parse_version(textwrap.dedent(text).lstrip("\n"), "v.md")
    return [str(p) for p in parsed.problems if "cross-reference" not in p.message]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Section 4\n\n## Sec 5 - Penalties\n",
         "v.md:3: warning: 'Sec 5' looks like a number but is not read as one, so the heading is "
         "unnumbered (its id comes from its words): write Sec. 5 or Section 5"),
        ("## Sect. 5 Penalties\n", "v.md:1: warning: 'Sect. 5' looks like a number"),
        ("## Ch. 2 Licensing\n", "write Chapter 2"),
        ("## 第 三 条\n", "v.md:1: warning: '第 三 条' looks like a number but is not read as one"),
        ("第二条　x\n\n第一节　一般规定\n",
         "v.md:3: warning: '第一节' starts a paragraph, so it is read as text of the provision "
         "before it: make it a heading (## 第一节 ...)"),
        ("第二条　x\n\n第三条：定义\n",
         "v.md:3: warning: '第三条：' is not read as an article number (it must be followed by a "
         "space)"),
        ("第二条　x\n\n第三　条本法所称\n",
         "v.md:3: warning: '第三\\u3000条' is not read as an article number (a space inside it?)"),
        ("Section 1. x\n\nSec 2. The fee is $10.\n",
         "v.md:3: warning: 'Sec 2.' looks like a number but is not read as one, so this is text of "
         "the provision before it: write Sec. 2 or Section 2."),
    ],
)
def test_a_line_that_looks_numbered_but_is_not_read_is_a_warning(text, expected):
    assert any(w.startswith(expected) or expected in w for w in warnings(text)), warnings(text)


@pytest.mark.parametrize(
    "text",
    [
        "## Section 1\n\nSection 5 of the Zoning Code is amended to read:\n",
        "第一条　x\n\n第三条规定的情形除外。\n",
        "## Chapter summary\n\n## Art and culture\n\n## Part of the plan\n",
        "## § 1\n\n§ 5 gilt entsprechend.\n\nArt. 3 Abs. 2 des Grundgesetzes bleibt unberührt.\n",
        "## Sec. 5\n\n## Section 6. Fees\n\n## Art. 7\n\n## 第八条\n\n第九条　x\n",
    ],
)
def test_prose_and_numbers_that_are_read_give_no_such_warning(text):
    assert warnings(text) == []


def test_one_warning_stands_for_every_heading_of_the_same_shape():
    found = warnings("## Sect. 1\n\nx\n\n## Sect. 2\n\nx\n\n## Sect. 3\n\nx\n\n## Ch 9\n")
    assert found == [
        "v.md:1: warning: 'Sect. 1' looks like a number but is not read as one, so the heading "
        "is unnumbered (its id comes from its words): write Sec. 1 or Section 1 (and 2 more like it "
        "below)",
        "v.md:13: warning: 'Ch 9' looks like a number but is not read as one, so the heading "
        "is unnumbered (its id comes from its words): write Chapter 9",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Section 1\n\n(a) x\n\n(b) x\n\n(e) x\n", ["v.md:7: warning: numbering skips: (e) follows (b)"]),
        ("## Section 1\n\n(a) x\n\n(c) x\n\n(b) x\n",
         ["v.md:5: warning: numbering skips: (c) follows (a)",
          "v.md:7: warning: numbering goes back: (b) follows (c)"]),
        ("## § 5\n\n## § 3\n", ["v.md:3: warning: numbering goes back: § 3 follows § 5"]),
        ("## § 12a\n\n## § 14\n", ["v.md:3: warning: numbering skips: § 14 follows § 12a"]),
        ("## Section 1. A\n\n## Section 3. C\n",
         ["v.md:3: warning: numbering skips: Section 3 follows Section 1"]),
        ("第五条　x\n\n第三条　y\n", ["v.md:3: warning: numbering goes back: 第三条 follows 第五条"]),
        ("第一条　x\n\n第三条　y\n", ["v.md:3: warning: numbering skips: 第三条 follows 第一条"]),
        ("## 第一章\n\n## 第三章\n", ["v.md:3: warning: numbering skips: 第三章 follows 第一章"]),
        ("第一条　x：\n\n（一）a\n\n（三）c\n", ["v.md:5: warning: numbering skips: （三） follows （一）"]),
        ("## Section 1\n\n(b) x\n", ["v.md:3: warning: numbering starts at (b)"]),
        ("## Section 1\n\n(1) x\n\n(3) x\n", ["v.md:5: warning: numbering skips: (3) follows (1)"]),
        # One number out of place is one warning, not one for it and one for the next.
        ("## § 35\n\n## § 36\n\n## § 21\n\n## § 37\n",
         ["v.md:5: warning: numbering goes back: § 21 follows § 36"]),
    ],
)
def test_gaps_and_disorder_in_a_numbered_run_are_warnings(text, expected):
    assert warnings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Inserted numbers, in English, German and Chinese drafting.
        "## § 12\n\n## § 12a\n\n## § 12b\n\n## § 13\n",
        "## Sec. 7\n\n## Sec. 7A\n\n## Sec. 8\n",
        "## Section 12\n\n## Section 12.1\n\n## Section 12.2\n\n## Section 13\n",
        "第十条　x\n\n第十条之一　y\n\n第十条之二　z\n\n第十一条　w\n",
        "## Section 1\n\n(1) a\n\n(1a) b\n\n(2) c\n\n(2a) d\n\n(3) e\n",
        # Repealed placeholders keep their numbers, or stand for a range of them.
        "## § 1\n\nx\n\n## § 2 (weggefallen)\n\n## § 3\n",
        "#### § 1\n\nx\n\n#### (XXXX) §§ 2 bis 4 (weggefallen)\n\n#### § 5\n\nx\n",
        "## Section 4\n\nSections 5 to 7. [Repealed]\n\n## Section 8\n",
        "第九条　x\n\n第十条至第十二条　（删除）\n\n第十三条　y\n",
        # Numbering that starts again in each container, or runs through all of them.
        "## Chapter 1\n\n### Section 1\n\n### Section 2\n\n## Chapter 2\n\n### Section 1\n",
        "## Chapter 1\n\n### Section 1\n\n### Section 2\n\n## Chapter 2\n\n### Section 3\n",
        "## 第一章\n\n### 第一节\n\n第一条　x\n\n### 第二节\n\n第二条　x\n\n## 第二章\n\n"
        "### 第一节\n\n第三条　x\n",
        # (i) after (h) is a letter; (i), (ii) under (1) are Roman numerals.
        "## Section 1\n\n" + "".join(f"({c}) x\n\n" for c in "abcdefghij"),
        "## Section 1\n\n(a) x\n\n(1) y\n\n(i) z\n\n(ii) z\n\n(2) y\n\n(b) x\n",
        # A 款 between 项 closes them; the items still count on.
        "第一条　x：\n\n（一）a\n\n其他情形。\n\n（二）b\n",
        # German numbered lists, and a Markdown list that starts where it is told to.
        "## § 1\n\n(1) x\n\n1.  a\n2.  b\n    a)  c\n    b)  d\n3.  e\n\n(2) y\n",
        "## § 1\n\n15. Personenbeförderungsgesetz\n16. Gaststättengesetz\n",
    ],
)
def test_real_numbering_gives_no_order_warning(text):
    assert warnings(text) == []


def test_a_number_used_twice_is_an_error_and_not_also_a_warning():
    found = warnings("## Section 1\n\n(a) x\n\n(b) y\n\n(b) z\n")
    assert found == ["v.md:7: duplicate provision number '(b)' (id sec_1__subsec_b, first at line 5)"]


def test_numbers_read_once_per_text_are_the_numbers_read_afresh() -> None:
    """``match_prefix`` with the numbers already read in a text (``read``) gives what it
    gives without them, on every paragraph of the examples and the real samples and on
    numbers written in every way, twice over (the second time from ``read``)."""
    from .test_parse_memo import CORPORA, REPO, version_bodies

    roots = [REPO] + ([d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
                      if CORPORA.is_dir() else [])
    paragraphs = [p.strip() for root in roots for bodies in version_bodies(root).values()
                  for text in bodies for p in text.split("\n\n")]
    paragraphs += ["(a) x", "(i) x", "(iv) x", "(I) x", "(aa) x", "(12a) x", "(abcde) x",
                   "**(b)** x", "(ii)", "（一）x", "(二) x", "**（三）** x", "(c)x", "(x) y"]
    read: dict = {}
    for _ in range(2):
        for paragraph in paragraphs:
            assert match_prefix(paragraph, read) == match_prefix(paragraph), paragraph
    assert any(number is not None for number in read.values())


def test_a_numbers_place_in_its_run_is_read_from_ascii_digits_at_once_and_others_as_before(
) -> None:
    """``runs.order_key`` takes a part of plain ASCII digits without its pattern; digits of
    other scripts are still the pattern's (``\\d``), and a superscript two is no number."""
    from generator.provisions.runs import order_key

    assert order_key("12") == ((12, ""),)
    assert order_key("0012") == ((12, ""),)
    assert order_key("10-1") == ((10, ""), (1, ""))
    assert order_key("12a") == ((12, "a"),)
    assert order_key("١٢") == ((12, ""),)  # (Arabic-Indic digits: ``\d``, not ASCII)
    assert order_key("²") is None  # (``str.isdigit`` says yes; ``int`` would fail)
    assert order_key("IV") == ((4, ""),)
    assert order_key("") is None
