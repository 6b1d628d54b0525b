"""Cross-references become links to provisions of the same version; others are left alone."""

from __future__ import annotations

import re
import textwrap

import pytest

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


@pytest.mark.parametrize("written, shown", [
    ("&sect; 2", "§ 2"),  # an entity: the paragraph's Markdown holds no "§"
    ("Sec\\. 2", "Sec. 2"),  # an escape: nor "Sec."
])
def test_a_reference_written_with_an_entity_or_an_escape_is_linked(written, shown):
    """The cheap look for candidate paragraphs reads their Markdown, the links their text."""
    links, problems = render(f"""
        ## § 1

        See {written}.

        ## § 2
        """)
    assert links == [("sec_2", shown)], problems


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


# ---------------------------------------------------------------- rules found on real laws


def test_a_kind_of_unit_the_text_has_none_of_names_another_instrument():
    # German: an Artikel in a law of § is an EU regulation's, named earlier in the sentence.
    links, problems = render("""
        ## § 12 Bußgeldvorschriften

        (1) Ordnungswidrig handelt, wer gegen die Verordnung (EU) Nr. 1210/2010 verstößt,
        indem er

        1. entgegen Artikel 3 Absatz 1 Satz 1 nicht sicherstellt, dass
        Euro-Münzen einer Echtheitsprüfung unterzogen werden, oder

        2. entgegen Artikel 12 Absatz 2 eine Information nicht zur Verfügung stellt.

        (2) Die Ordnungswidrigkeit nach Absatz 1 kann geahndet werden; § 13 gilt.
    """)
    assert links == []
    assert problems == [
        "v.md:11: warning: cross-reference '§ 13' points to no provision in this version"
    ]
    # An ordinance of Artikel that puts a separately published text of § in force.
    links, problems = render("""
        ## Art 1 Inkraftsetzung

        Die Lotsenordnung wird in der Fassung der Anlage 1 in Kraft gesetzt.

        ## Art 2 Zuständige Behörde

        Zuständige Behörde nach den §§ 2, 4 Nummer 1 ist das Amt; Artikel 1 gilt, Artikel 9 nicht.
    """)
    assert links == [("art_1", "Artikel 1")]
    assert problems == [
        "v.md:7: warning: cross-reference 'Artikel 9' points to no provision in this version"
    ]
    # English: an Article in a law of sections, a section in a charter of articles.
    links, problems = render("## Section 1.\n\nAs in Article 9 and section 1; not section 4.\n")
    assert links == [("sec_1", "section 1")]
    assert problems == [
        "v.md:3: warning: cross-reference 'section 4' points to no provision in this version"
    ]
    # Chinese: a decision amending a law numbers its points 一、二、; its 第三条 are the law's.
    links, problems = render("""
        一、将第三条修改为：“国家实行食品安全监督管理制度。”

        二、删去第五十条第二款。
    """)
    assert (links, problems) == ([], [])


def test_an_ordinance_s_enacting_formula_cites_the_empowering_law():
    links, problems = render("""
        ## Eingangsformel

        Auf Grund des § 57 Absatz 2 in Verbindung mit Absatz 1 und 3, § 2
        Absatz 1 sowie § 23 Absatz 1 und Absatz 2 Satz 1 des Bundesnaturschutzgesetzes vom 29.
        Juli 2009 (BGBl. I S. 2542), von denen § 57 Absatz 2 durch Artikel 421
        Nummer 7 der Verordnung vom 31. August 2015 (BGBl. I S. 1474) geändert
        worden ist, verordnet das Bundesministerium für Umwelt:

        ## § 1 Geltungsbereich

        (1) Eins.

        ## § 2 Begriffe

        (1) Aufgrund des § 1 Absatz 1 und nach § 57 gilt Folgendes.
    """)
    # The formula is left alone; the same words in a provision's text still refer.
    assert links == [("sec_1__subsec_1", "§ 1 Absatz 1")]
    assert problems == [
        "v.md:15: warning: cross-reference '§ 57' points to no provision in this version"
    ]


@pytest.mark.parametrize("sentence", [
    # A further reference in the list with its own article (der, des, die) before the law.
    "Die Vorschriften des § 1228 Abs. 2 Satz 1 und der §§ 1229, 1 des Bürgerlichen "
    "Gesetzbuchs finden entsprechende Anwendung.",
    "Unberührt bleiben die Vorschriften des § 30 sowie der Kapitel 3 und 5 des "
    "Bundesnaturschutzgesetzes.",
    "§ 3 Absatz 1 und 2, die §§ 1 bis 3, 2 Absatz 3 bis 6 und die §§ 10 bis 12 des "
    "Bundesgebührengesetzes gelten entsprechend.",
    "Auf Grund des § 1 Absatz 1 Satz 1 in Verbindung mit Absatz 2 und des § 78n Absatz 5 der "
    "Bundesnotarordnung wird bestimmt.",
    # The law's name after an adjective: der revidierten Rheinschiffahrtsakte.
    "Nach § 2 Abs. 1 der revidierten Rheinschiffahrtsakte.",
], ids=["und-der-paragraphs", "sowie-der-kapitel", "und-die-paragraphs", "und-des-paragraph",
        "adjective-before-the-name"])
def test_german_lists_into_another_law_named_after_them(sentence):
    links, problems = render(f"## § 1\n\n(1) Eins.\n\n## § 2\n\n(1) {sentence}\n\n## § 3\n\nDrei.\n")
    assert (links, problems) == ([], [])


def test_german_lists_with_levels_of_their_own():
    law = "".join(f"## § {n}\n\n(1) Eins.\n\n(2) Zwei.\n\n(3) Drei.\n\n(4) Vier.\n\n"
                  for n in (2, 4, 40, 41, 49, 50))
    links, problems = render(law + "## § 60\n\nNach den §§ 2, 4 Absatz 3 und 4 sowie nach den "
                             "§§ 40, 41, 49 Absatz 4, § 50 Absatz 3 und 4.\n")
    assert links == [("sec_2", "§§ 2"), ("sec_4__subsec_3", "4"), ("sec_4__subsec_4", "4"),
                     ("sec_40", "§§ 40"), ("sec_41", "41"), ("sec_49__subsec_4", "49"),
                     ("sec_50__subsec_3", "§ 50 Absatz 3"), ("sec_50__subsec_4", "4")]
    assert not [p for p in problems if "cross-reference" in p]  # (gaps in § 2, 4, 40... are)


def test_chinese_list_after_another_law_s_name_is_that_law_s():
    links, problems = render("""
        第一条　凡属《中华人民共和国海洋环境保护法》第二条、第三条规定的情形，可免于承担责任；税收征管法第三十八条、第四十条所称财产，依照本条例第二条、第三条认定。

        第二条　乙。

        第三条　丙。
    """)
    assert links == [("art_2", "第二条"), ("art_3", "第三条")]
    assert problems == []


def test_chinese_this_law_under_any_of_its_names_is_this_law():
    links, problems = render("""
        第一条　有本实施条例第二条、第三条所列行为之一的，依照本办法第二条处罚；依照本暂行规定第三条执行；依照刑法第三条处罚。

        第二条　乙。

        第三条　丙。
    """)
    assert links == [("art_2", "第二条"), ("art_3", "第三条"), ("art_2", "第二条"),
                     ("art_3", "第三条")]
    assert problems == []


def test_the_name_of_another_law_is_looked_for_at_the_end_only_as_a_full_search_finds_it() -> None:
    """``_names_other_law_before`` searches only the end of the text before a reference
    (``BEFORE_REACH``): the same answer as a search of all of it, before every 第…条 of the
    examples and the real samples and of texts made to end at the edge of the reach."""
    from generator.provisions.conventions import CONVENTIONS
    from generator.provisions.xrefs import CHINESE, _names_other_law_before

    from .test_parse_memo import CORPORA, REPO, version_bodies

    def full(before: str) -> bool:
        return any(
            (pattern := getattr(c, "OTHER_LAW_BEFORE", None)) and pattern.search(before)
            and not ((this := getattr(c, "THIS_LAW_BEFORE", None)) and this.search(before))
            for c in CONVENTIONS)

    roots = [REPO] + ([d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
                      if CORPORA.is_dir() else [])
    befores = [text[: m.start()] for root in roots for bodies in version_bodies(root).values()
               for text in bodies for m in CHINESE.finditer(text)]
    names = ["法", "条例", "修正案", "《刑法》", "该办法", "本法", "本实施条例", "本暂行规定",
             "法（草案）", "法（二〇二〇年修正）", "本条例（试行草案）", "条例（一二三四五六七八）",
             "本法（一二三四五六七八）", "条例（一二三四五六七八九）", "《法》（修订）",
             "实施条例（一二三四五六七八）", "修正案（一二三四五六七八）"]  # (the longest)
    for name in names:
        for pad in ("", "x", "本", "本" * 20, "文字" * 10):
            for space in ("", " ", "\u3000", " \n\t" * 5):
                befores.append(pad + name + space)
    assert len(befores) > 300
    assert any(full(b) for b in befores) and not all(full(b) for b in befores)
    for before in befores:
        assert _names_other_law_before(before) == full(before), before


def test_may_hold_looks_for_each_word_as_the_plain_list_of_words_does() -> None:
    """``_may_hold`` looks for the words that share ``ec`` or ``rt`` only where those two
    letters are: the answer of looking for every word, on every paragraph of the examples
    and the real samples and on texts made of the words and their pieces."""
    import itertools

    from generator.provisions.xrefs import _may_hold

    from .test_parse_memo import CORPORA, REPO, version_bodies

    words = ("§", "条", "ection", "SECTION", "ec.", "ecs.", "rticle", "ARTICLE", "Art", "art.",
             "artt.", "paragraph", "clause")

    def every_word(text: str) -> bool:
        return any(word in text for word in words)

    roots = [REPO] + ([d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
                      if CORPORA.is_dir() else [])
    texts = [p for root in roots for bodies in version_bodies(root).values()
             for text in bodies for p in text.split("\n\n")]
    pieces = [*words, "ec", "rt", "e", "c", "s", "A", "a", "r", "t", ".", "x"]
    texts += ["".join(c) for k in (1, 2, 3) for c in itertools.product(pieces, repeat=k)]
    assert any(every_word(t) for t in texts) and not all(every_word(t) for t in texts)
    for text in texts:
        assert _may_hold(text) == every_word(text), text


def test_the_name_of_a_code_before_a_reference_is_looked_for_at_the_end_only() -> None:
    """``_external_before`` searches only the end of the text before a reference: the
    answer of ``EXTERNAL_BEFORE`` searched over all of it, before every reference of the
    examples and the real samples and after names at the edge of its reach."""
    from generator.provisions.xrefs import ENGLISH, EXTERNAL_BEFORE, _external_before

    from .test_parse_memo import CORPORA, REPO, version_bodies

    roots = [REPO] + ([d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
                      if CORPORA.is_dir() else [])
    cases = [(text, m.start()) for root in roots for bodies in version_bodies(root).values()
             for text in bodies for m in ENGLISH.finditer(text)]
    for name in ("U.S.C.", "C.F.R.", "Code", "Act", "Stat.", "Law", "Lawyer", "S.C.", "ode"):
        for pad in ("", "x", "42 ", "Title 5 " * 20):
            for space in ("", " ", "\u3000", " \n\t" * 5):
                text = pad + name + space + "§ 12"
                cases.append((text, len(text) - 4))
    assert len(cases) > (300 if CORPORA.is_dir() else 250)  # (a clean clone has no corpora)
    found = [EXTERNAL_BEFORE.search(text, 0, end) is not None for text, end in cases]
    assert any(found) and not all(found)
    for (text, end), full in zip(cases, found, strict=True):
        assert _external_before(text, end) == full, text[:end]


def test_english_references_are_looked_for_only_in_a_text_that_may_name_a_unit() -> None:
    """``_may_name_unit`` says no only where ``ENGLISH`` finds nothing: on every paragraph of
    the examples and the real samples, and on texts made of its words, their pieces and
    numbers; and on those texts the references found are the ones found without it."""
    import itertools

    from generator.provisions.xrefs import ENGLISH, _may_name_unit

    from .test_parse_memo import CORPORA, REPO, version_bodies

    roots = [REPO] + ([d for d in sorted(CORPORA.iterdir()) if (d / "drafts").is_dir()]
                      if CORPORA.is_dir() else [])
    texts = [p for root in roots for bodies in version_bodies(root).values()
             for text in bodies for p in text.split("\n\n")]
    words = ("Section", "sections", "SECTIONS", "Sec.", "secs.", "§", "§§", "Article",
             "articles", "ARTICLE", "Art.", "artt.", "Artikel", "Art", "第三条")
    pieces = [*words, " ", "5", "(a)", "S", "e", "c", "A", "r", "t", ".", "条"]
    texts += ["".join(c) for k in (1, 2, 3) for c in itertools.product(pieces, repeat=k)]
    assert any(ENGLISH.search(t) for t in texts) and not all(_may_name_unit(t) for t in texts)
    for text in texts:
        assert _may_name_unit(text) or ENGLISH.search(text) is None, text
