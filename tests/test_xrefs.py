"""Cross-references become links to provisions of the same version; others are left alone."""

from __future__ import annotations

import re
import textwrap

from generator.provisions.parser import parse_version


def render(text: str):
    parsed = parse_version(textwrap.dedent(text).lstrip("\n"), "v.md")
    html = "".join(f.html for p in parsed.root.walk() for f in p.fragments)
    links = re.findall(r'<a href="#([^"]+)" class="xref">([^<]+)</a>', html)
    return links, [str(p) for p in parsed.problems]


ENGLISH = """
## Section 1. Purpose

See section 2, Section 2(a), § 2(a)(1), Sec. 3 and section 2(z).

## Section 2. Definitions

(a) "Host" means:

(1) a person, as in subsection (b).

(b) "Rental" means a dwelling, but not under section 5 of the Zoning Code or 42 U.S.C. § 1983.

## Sec. 3. Fees
"""


def test_english_references_link_to_provisions():
    links, _ = render(ENGLISH)
    assert links == [
        ("sec_2", "section 2"),
        ("sec_2__subsec_a", "Section 2(a)"),
        ("sec_2__subsec_a__para_1", "§ 2(a)(1)"),
        ("sec_3", "Sec. 3"),
        ("sec_2", "section 2(z)"),  # the section exists; the subsection does not
        ("sec_2__subsec_b", "subsection (b)"),
    ]


def test_missing_targets_are_warnings_with_lines():
    _, problems = render(ENGLISH)
    assert problems == [
        "v.md:3: warning: cross-reference 'section 2(z)' points to no provision in this version"
    ]


def test_references_to_other_laws_are_left_alone():
    links, problems = render(ENGLISH)
    assert all("Zoning" not in text and "1983" not in text for _, text in links)
    assert not any("section 5" in p for p in problems)


def test_article_references():
    links, problems = render("""
        ## Article 4. Scope

        ## Article 5

        As set out in Article 4 and Art. 9.
    """)
    assert links == [("art_4", "Article 4")]
    assert problems == [
        "v.md:5: warning: cross-reference 'Art. 9' points to no provision in this version"
    ]


def test_chinese_references():
    links, problems = render("""
        第一条　依照本条例第二条第二款第一项和第三条执行，但《中华人民共和国固体废物污染环境防治法》第三条另有规定的除外。

        第二条　本条例适用于本市。

        前款所称垃圾包括：

        （一）可回收物。
    """)
    assert links == [("art_2__para_2__item_1", "第二条第二款第一项")]
    assert problems == [
        "v.md:1: warning: cross-reference '第三条' points to no provision in this version"
    ]


def test_references_inside_existing_links_are_not_relinked():
    links, _ = render("## Section 1\n\nSee [section 1 here](https://example.org/).\n")
    assert links == []


def test_same_number_in_two_chapters_prefers_the_referrers_chapter():
    links, _ = render("""
        ## Chapter 1

        ## Section 1

        ## Chapter 2

        ## Section 1

        ## Section 2

        Under section 1.
    """)
    assert links == [("chp_2__sec_1", "section 1")]
