"""The provision tree: nesting, ids built from numbers, stability across versions."""

from __future__ import annotations

import dataclasses
import textwrap

from generator.model import Fragment, Provision
from generator.provisions.parser import new_fragment, new_provision, parse_version


def parse(text: str):
    return parse_version(textwrap.dedent(text).lstrip("\n"), "v.md")


def ids(text: str) -> list[str]:
    return [p.id for p in parse(text).root.walk()][1:]


US_BILL = """
BE IT ENACTED:

# Part II

## Chapter 2. Licensing

## Section 3. Definitions

In this Act:

(a) "Host" means:

(1) a natural person; or

(2) an entity that:

(A) owns property; and

(i) is registered; or

(ii) is exempt under subsection (b).

(b) "Platform" means an online service.

## Section 4. Fees

The fee is set by section 3(a)(2).
"""


def test_us_style_nesting_gives_hierarchical_ids():
    assert ids(US_BILL) == [
        "part_II",
        "part_II__chp_2",
        "sec_3",
        "sec_3__subsec_a",
        "sec_3__subsec_a__para_1",
        "sec_3__subsec_a__para_2",
        "sec_3__subsec_a__para_2__subpara_A",
        "sec_3__subsec_a__para_2__subpara_A__clause_i",
        "sec_3__subsec_a__para_2__subpara_A__clause_ii",
        "sec_3__subsec_b",
        "sec_4",
    ]


def test_section_headings_nest_under_chapters_at_the_same_level():
    assert ids("""
        ## Chapter 2

        ## Section 3. Scope

        Text.

        ## Chapter 3

        ## Section 4
    """) == ["chp_2", "sec_3", "chp_3", "sec_4"]


def test_deep_heading_levels_are_recognised():
    assert ids("""
        # Book 1

        ## Title 2

        ##### § 5. Deep

        ###### § 6. Deeper still
    """) == ["book_1", "book_1__title_2", "sec_5", "sec_5__sec_6"]


def test_article_headings_and_paragraph_numbers():
    assert ids("""
        ### Article 12. Scope

        1. first point

        2. second point

        ## Art. 13

        (1) A paragraph.

        (2) Another.
    """) == [
        "art_12",
        "art_12__para_1",
        "art_12__para_2",
        "art_13",
        "art_13__para_1",
        "art_13__para_2",
    ]


def test_letter_paren_and_numbered_list_items():
    assert ids("""
        ## Section 1

        a) first

        b) second

        ## Section 2

        1. one
        2. two
    """) == [
        "sec_1",
        "sec_1__subsec_a",
        "sec_1__subsec_b",
        "sec_2",
        "sec_2__subsec_1",
        "sec_2__subsec_2",
    ]


def test_i_after_h_continues_the_letters():
    found = ids("""
        ## Section 1

        (g) g

        (h) h

        (i) the ninth letter

        (j) j
    """)
    assert found[-2:] == ["sec_1__subsec_i", "sec_1__subsec_j"]


def test_i_after_a_number_opens_a_roman_level():
    found = ids("""
        ## Section 1

        (a) a

        (1) one

        (i) roman

        (ii) roman two

        (2) two
    """)
    assert found == [
        "sec_1",
        "sec_1__subsec_a",
        "sec_1__subsec_a__para_1",
        "sec_1__subsec_a__para_1__subpara_i",
        "sec_1__subsec_a__para_1__subpara_ii",
        "sec_1__subsec_a__para_2",
    ]


CHINESE = """
## 第一章　总则

第一条　为了加强生活垃圾管理，制定本条例。

第二条　本条例适用于本市行政区域。

前款所称生活垃圾，包括下列物品：

（一）可回收物；

（二）有害垃圾。

## 第二章　管理

### 第一节　一般规定

第一百六十五条　依照本条例第二条第二款第一项执行。
"""


def test_chinese_structure_articles_and_kuan():
    assert ids(CHINESE) == [
        "chp_1",
        "art_1",
        "art_2",
        "art_2__para_1",
        "art_2__para_2",
        "art_2__para_2__item_1",
        "art_2__para_2__item_2",
        "chp_2",
        "chp_2__sec_1",
        "art_165",
    ]


def test_chinese_article_headings():
    assert ids("""
        ## 第一章　总则

        ### 第三条　定义

        本条例所称……

        第二款内容。
    """) == ["chp_1", "art_3", "art_3__para_1", "art_3__para_2"]


def test_single_paragraph_article_has_no_kuan():
    assert ids("第一条　只有一款。\n") == ["art_1"]


def test_unnumbered_headings_are_named_by_their_words():
    assert ids("""
        ## Findings

        Text.

        ## Section 1

        ## Purpose

        ## Purpose
    """) == ["hcontainer_findings", "sec_1", "hcontainer_purpose", "hcontainer_purpose-2"]


def test_ids_survive_insertions_before_them():
    before = parse("""
        ## Section 1. A

        (a) one

        (b) two

        ## Section 2. B
    """).root
    after = parse("""
        Preamble added.

        ## Section 1. A (amended)

        New intro text.

        (a) one, amended

        (a-1) inserted

        (b) two

        ## Section 1A. Inserted

        ## Section 2. B
    """).root
    old = {p.id: p for p in before.walk()}
    new = {p.id: p for p in after.walk()}
    for key in ("sec_1", "sec_1__subsec_a", "sec_1__subsec_b", "sec_2"):
        assert key in new, key
        assert new[key].label == old[key].label


def test_numbers_are_stripped_from_text_and_kept_as_labels():
    root = parse('## Section 3. Definitions\n\n(a) "Host" means a person.\n').root
    section = root.children[0]
    assert section.label == "Section 3."
    assert section.heading == "Definitions"
    sub = section.children[0]
    assert sub.label == "(a)"
    assert sub.text == '"Host" means a person.'
    assert "(a)" not in sub.fragments[0].html


def test_source_lines_include_the_front_matter_offset():
    parsed = parse_version("## Section 1\n\n(a) x\n", "v.md", line_offset=5)
    sec, sub = list(parsed.root.walk())[1:]
    assert (sec.line, sub.line) == (6, 8)


def test_duplicate_numbers_are_errors_with_both_lines():
    problems = parse("## Section 1\n\n## Section 1\n").problems
    assert [str(p) for p in problems] == [
        "v.md:3: duplicate provision number 'Section 1' (id sec_1, first at line 1)"
    ]


def test_text_order_is_kept_around_subdivisions():
    section = parse("""
        ## Section 1

        Intro.

        (a) one

        Flush text after the list.

        ## Section 2
    """).root.children[0]
    kinds = [type(p).__name__ for p in section.parts]
    assert kinds == ["Fragment", "Provision"]
    assert [f.text for f in section.children[0].fragments] == ["one", "Flush text after the list."]


def test_a_table_between_subdivisions_belongs_to_the_one_above():
    found = ids("""
        ## Section 1

        (c) The fees are:

        | Fee | Amount |
        | --- | --- |
        | Initial | $300 |

        (d) Renewal.

        (1) one

        (A) sub

        (i) a clause, not the ninth letter

        (ii) another
    """)
    assert found == ["sec_1", "sec_1__subsec_c", "sec_1__subsec_d", "sec_1__subsec_d__para_1",
                     "sec_1__subsec_d__para_1__subpara_A",
                     "sec_1__subsec_d__para_1__subpara_A__clause_i",
                     "sec_1__subsec_d__para_1__subpara_A__clause_ii"]


def test_after_a_gap_the_smaller_reading_wins():
    assert ids("## Section 1\n\n(d) struck (a) to (c) above\n\n(e) next\n") == [
        "sec_1", "sec_1__subsec_d", "sec_1__subsec_e"]


def test_raw_html_in_drafts_is_escaped():
    root = parse("## Section 1\n\n<script>alert(1)</script> and [x](javascript:alert(1))\n").root
    html = root.children[0].fragments[0].html
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_a_provision_and_a_fragment_made_field_by_field_are_the_ones_the_constructors_make(
) -> None:
    """The tree builder makes its provisions and fragments field by field (``new_provision``,
    ``new_fragment``): every field of each must be set as the dataclass's constructor sets
    it, so a field added to the model fails here."""
    tokens: list = []
    fragment = new_fragment(tokens, 7)
    expected_fragment = Fragment(tokens=tokens, line=7)
    for field in dataclasses.fields(Fragment):
        assert getattr(fragment, field.name) == getattr(expected_fragment, field.name), field
    assert fragment.table is not new_fragment(tokens, 7).table  # (a list of its own)
    for heading in (False, True):
        parts: list = [fragment]
        made = new_provision("sec", "3", "Section 3.", 7, parts, is_heading=heading)
        expected = Provision(kind="sec", num="3", label="Section 3.", line=7, parts=parts,
                             is_heading=heading)
        for field in dataclasses.fields(Provision):
            assert getattr(made, field.name) == getattr(expected, field.name), field
        assert made.parts is parts


def test_an_enumeration_placed_with_the_styles_the_last_one_left_is_placed_as_by_a_walk(
        monkeypatch) -> None:
    """``TreeBuilder.enumeration`` takes the unit and the open styles the last enumeration
    left when it is still the innermost open provision: the parse of the examples, the real
    samples and US-style nesting is the one made with a walk down the stack every time."""
    from generator.provisions.parser import TreeBuilder

    from .test_parse_memo import CORPORA, REPO, outline, version_bodies

    roots = [REPO] + ([d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
                      if CORPORA.is_dir() else [])
    texts = [text for root in roots for bodies in version_bodies(root).values()
             for text in bodies] + [textwrap.dedent(US_BILL)]
    remembered = [outline(parse_version(text, "v.md")) for text in texts]
    monkeypatch.setattr(TreeBuilder, "_last_enumeration",
                        property(lambda self: None, lambda self, value: None), raising=False)
    assert [outline(parse_version(text, "v.md")) for text in texts] == remembered


def test_an_image_in_the_drafts_folder_is_its_description_with_one_warning():
    """Docket publishes no file from a draft's folder, so ``![Anlage](x.jpg)`` (how statutes
    pasted from gesetze-im-internet.de name their scanned forms) would be a broken image on
    every page: its description stands in its place, and one warning names the first."""
    text = textwrap.dedent("""\
        ## § 1

        Muster: ![Anlage 1](bgbl1_0010.jpg) und ![](../../bgbl1_0020.jpg)

        ![Anlage 3](/bgbl1_0030.jpg)

        Ein Punkt: ![dot](data:image/gif;base64,R0lGODlhAQABAAAAACw=)
        """)
    parsed = parse_version(text, "v.md", line_offset=4)
    html = "".join(f.html for p in parsed.root.walk() for f in p.fragments)
    assert "<img" in html and "data:image/gif" in html  # (the page's own image stays)
    assert "bgbl1" not in html.replace("../../bgbl1_0020.jpg", "")  # no address as an image
    assert "Muster: Anlage 1 und ../../bgbl1_0020.jpg" in html and "Anlage 3" in html
    warnings = [p for p in parsed.problems if "not published" in p.message]
    assert [(p.line, p.message) for p in warnings] == [(7, (
        "the image bgbl1_0010.jpg is not published with the site (Docket publishes no file "
        "from a draft's folder): its description is shown in its place (and 2 more below)"))]
