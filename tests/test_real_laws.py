"""Real legislation: German and Chinese conventions, lists that start again, ids that do not
depend on unnumbered headings, references to other laws, and the real samples in
``../shared/corpora`` (skipped where that folder is absent)."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.provisions.parser import parse_version

REPO = Path(__file__).resolve().parent.parent
# ../shared/corpora beside the clone (CI), or further up (a worktree under the clone's parent)
CORPORA = next((d / "shared" / "corpora" for d in REPO.parents
                if (d / "shared" / "corpora").is_dir()), REPO.parent / "shared" / "corpora")


def parse(text: str):
    return parse_version(textwrap.dedent(text).lstrip("\n"), "v.md")


def ids(text: str) -> list[str]:
    return [p.id for p in parse(text).root.walk()][1:]


def links(text: str):
    parsed = parse(text)
    html = "".join(f.html for p in parsed.root.walk() for f in p.fragments)
    found = re.findall(r'<a href="#([^"]+)" class="xref">([^<]+)</a>', html)
    return found, [str(p) for p in parsed.problems]


# ------------------------------------------------------------------ headings


def test_bgb_style_headings_are_numbered_containers_and_sections_carry_none():
    got = ids("""
        # Bürgerliches Gesetzbuch (BGB)

        ## Buch 2 - Recht der Schuldverhältnisse

        ### Abschnitt 8 - Einzelne Schuldverhältnisse

        #### Titel 9 - Werkvertrag und ähnliche Verträge

        ##### Untertitel 2 - Pauschalreisevertrag

        ###### § 651k Abhilfe

        (1) Der Reisende kann Abhilfe verlangen.
    """)
    assert got == ["book_2", "book_2__division_8", "book_2__division_8__title_9",
                   "book_2__division_8__title_9__subtitle_2", "sec_651k", "sec_651k__subsec_1"]
    assert not any("hcontainer" in i for i in got)


@pytest.mark.parametrize("heading, expected", [
    ("## Erster Teil - Allgemeines", "part_1"),
    ("## 3. Abschnitt - Berufsbild", "division_3"),
    ("## Kapitel II - Amtliche Pässe", "chp_II"),
    ("## Unterabschnitt 2 - Gesundheitsschutz", "subdivision_2"),
    ("## Zweites Buch", "book_2"),
    ("## Anlage 1 Lotsenordnung", "annex_1"),
])
def test_german_heading_forms(heading, expected):
    assert ids(heading + "\n")[0] == expected


def test_german_headings_nest_by_rank_at_the_same_level():
    assert ids("""
        ## Abschnitt 1

        ## Titel 2

        ## Untertitel 3

        ## Abschnitt 2
    """) == ["division_1", "division_1__title_2", "division_1__title_2__subtitle_3", "division_2"]


def test_an_artikel_holds_the_sections_of_an_amending_act():
    assert ids("""
        #### Art 1

        #### § 1

        #### Art 2

        #### § 1
    """) == ["art_1", "art_1__sec_1", "art_2", "art_2__sec_1"]


def test_chinese_article_id_and_english_section_id_do_not_carry_containers():
    assert "art_165" in ids("## 第二章　罪名\n\n### 第一节　一般\n\n第一百六十五条　内容。\n")
    assert ids("# Part I\n\n## Chapter 2\n\n### Section 3. Scope\n")[-1] == "sec_3"


# ------------------------------------------------------------------ title


def test_a_leading_unnumbered_heading_is_the_title_not_a_container():
    parsed = parse("""
        # Gesetz über Beispiele

        ## § 1 Zweck

        Text.
    """)
    assert [p.id for p in parsed.root.walk()][1:] == ["sec_1"]
    preamble = "".join(f.html for f in parsed.root.fragments)
    assert '<p class="draft-text__title">Gesetz über Beispiele</p>' in preamble


# ------------------------------------------------------------------ items and restarts


def test_german_list_that_starts_again_after_text_is_a_second_list():
    parsed = parse("""
        ### § 11 Schutz

        (1) Er darf nicht

        1.  dies tun,

        2.  das tun.

        Abweichend von Satz 1 gilt,

        1.  wenn dies,

        2.  wenn das.

        (2) Weiter.
    """)
    got = [p.id for p in parsed.root.walk()][1:]
    assert got == ["sec_11", "sec_11__subsec_1", "sec_11__subsec_1__para_1",
                   "sec_11__subsec_1__para_2", "sec_11__subsec_1__list_2__para_1",
                   "sec_11__subsec_1__list_2__para_2", "sec_11__subsec_2"]
    assert not parsed.problems
    subsec = parsed.index["sec_11__subsec_1"]
    order = [getattr(part, "id", None) or "text" for part in subsec.parts]
    # the intervening sentence stays between the two lists, in the Absatz
    assert order == ["text", "sec_11__subsec_1__para_1", "sec_11__subsec_1__para_2", "text",
                     "sec_11__subsec_1__list_2__para_1", "sec_11__subsec_1__list_2__para_2"]


def test_german_double_letters_nest_under_letters():
    assert ids("""
        ### § 2

        a) erstens

        aa) davon eins

        bb) davon zwei

        b) zweitens
    """) == ["sec_2", "sec_2__subsec_a", "sec_2__subsec_a__para_aa", "sec_2__subsec_a__para_bb",
             "sec_2__subsec_b"]


def test_chinese_decision_points_items_and_restarts():
    parsed = parse("""
        # 关于某事的决定

        一、 国家机关的职责是：

        (一)制订规划。

        指导、检查执行。

        (二)审批设置。

        二、 有关部门的职责是：

        (一)贯彻执行。

        (二)组织预测。

        1．设计

        2．研究
    """)
    got = [p.id for p in parsed.root.walk()][1:]
    assert got == ["point_1", "point_1__item_1", "point_1__item_2", "point_2", "point_2__item_1",
                   "point_2__item_2", "point_2__item_2__subitem_1", "point_2__item_2__subitem_2"]
    assert not parsed.problems


def test_chinese_items_restarting_under_unnumbered_headings_are_new_lists():
    assert ids("""
        ## 一、总则

        (一)甲

        (二)乙

        ## 二、定义

        (一)丙
    """) == ["hcontainer_一-总则", "item_1", "item_2", "hcontainer_二-定义", "list_2__item_1"]


def test_english_list_restart_and_a_real_duplicate_section():
    assert ids("""
        ## Section 1.

        (a) The council shall:

        (1) meet; and

        (2) report.

        It may also:

        (1) adjourn.
    """)[-1] == "sec_1__subsec_a__list_2__para_1"
    problems = [str(p) for p in parse("""
        ## Section 9. Fines

        A fine of $50.

        ## Section 9. Penalties
    """).problems]
    assert problems == ["v.md:5: duplicate provision number 'Section 9.' (id sec_9, first at line 1)"]


# ------------------------------------------------------------------ ids and unnumbered headings


def test_a_section_moved_to_another_chapter_keeps_its_id():
    before = ids("## Chapter 1\n\n## Section 1.\n\n## Section 2.\n\n## Chapter 2\n\n## Section 3.\n")
    after = ids("## Chapter 1\n\n## Section 1.\n\n## Chapter 2\n\n## Section 2.\n\n## Section 3.\n")
    assert "sec_2" in before and "sec_2" in after


def test_a_law_that_numbers_sections_afresh_in_each_chapter_keeps_the_chapter():
    assert ids("## Chapter 1\n\n## Section 1\n\n## Chapter 2\n\n## Section 1\n") == [
        "chp_1", "chp_1__sec_1", "chp_2", "chp_2__sec_1"]


UNITS = st.integers(min_value=1, max_value=6)
WORDS = st.lists(st.sampled_from(["General", "Fees", "Scope", "Rules", "Penalties", "Misc"]),
                 min_size=1, max_size=3, unique=True).map(" ".join)


def _law(chinese: bool, units: int, headings: dict[int, str]) -> str:
    """A law of numbered units, each with items and a list that starts again after text;
    ``headings`` puts an unnumbered heading before some units."""
    out = []
    for n in range(units):
        if n in headings:
            out.append(f"## {headings[n]}")
        if chinese:
            out += [f"第{'一二三四五六七八九十'[n]}条　内容：", "（一）甲", "（二）乙", "第二款：",
                    "（一）丙"]
        else:
            out += [f"## Section {n + 1}. Title", "(a) first:", "1. one", "2. two", "More:",
                    "1. again", "(b) second"]
    return "\n\n".join(out) + "\n"


@settings(max_examples=60, deadline=None)
@given(chinese=st.booleans(), units=UNITS, at=st.data())
def test_unnumbered_headings_change_no_other_id(chinese, units, at):
    positions = st.integers(min_value=0, max_value=units - 1)
    base = at.draw(st.dictionaries(positions, WORDS, max_size=3), label="headings")

    def others(headings):
        parsed = parse_version(_law(chinese, units, headings), "v.md")
        return [p.id for p in parsed.root.walk()[1:] if p.kind != "hcontainer"]

    reference = others(base)
    assert len(set(reference)) == len(reference)
    where = at.draw(positions, label="where")
    added = {**base, where: at.draw(WORDS, label="name")}  # added or renamed
    removed = {k: v for k, v in base.items() if k != where}
    assert others(added) == reference
    assert others(removed) == reference


# ------------------------------------------------------------------ references to other laws


@pytest.mark.parametrize("sentence", [
    "nach § 5 des Bundesdatenschutzgesetzes",
    "nach § 850b der Zivilprozessordnung",
    "nach Artikel 3 des Grundgesetzes",
    "nach § 7 Absatz 1 des Vierten Buches Sozialgesetzbuch",
    "nach § 87b Abs. 3 und § 3 der Verwaltungsgerichtsordnung",
    "Zuletzt geändert durch Art. 7 G v. 25.11.2015 I 2095",
    "nach § 3 BGB",
    "依照刑法第三百三十八条的规定",
    "依照《中华人民共和国刑法》第三条",
    "under 42 U.S.C. § 1983",
    "under section 5 of the Zoning Code",
])
def test_references_to_other_laws_are_neither_linked_nor_warned(sentence):
    found, problems = links(f"## § 3 Zweck\n\n{sentence}.\n\n第三条　内容。\n\n## Section 5.\n")
    # (§ 3 then Section 5 is a gap in the numbering, warned about as such: not a reference)
    assert found == [] and [p for p in problems if "numbering skips" not in p] == []


def test_references_to_this_law_still_link():
    found, _ = links("第三条　内容。\n\n第四条　依照本法第三条。\n")
    assert found == [("art_3", "第三条")]
    found, _ = links("## § 5 Zweck\n\n(1) Eins.\n\n(2) Zwei.\n\n## § 6\n\nNach § 5 dieses Gesetzes.\n")
    assert found == [("sec_5", "§ 5")]


def test_ranges_and_lists_link_each_end():
    law = "".join(f"## § {n}\n\n(1) Eins.\n\n(2) Zwei.\n\n" for n in range(3, 8))
    found, problems = links(law + "## § 9\n\nDie §§ 3 bis 6 und § 5 Abs. 1 und 2 gelten.\n")
    assert found == [("sec_3", "§§ 3"), ("sec_6", "6"), ("sec_5__subsec_1", "§ 5 Abs. 1"),
                     ("sec_5__subsec_2", "2")]
    assert problems == ["v.md:31: warning: numbering skips: § 9 follows § 7"]  # not a reference
    english = "".join(f"## Section {n}.\n\n" for n in range(3, 8))
    found, _ = links(english + "## Section 9.\n\nSee sections 4 to 7.\n")
    assert found == [("sec_4", "sections 4"), ("sec_7", "7")]
    found, _ = links("第三条　甲。\n\n第四条　乙。\n\n第五条　第三条至第五条。\n")
    assert found == [("art_3", "第三条"), ("art_5", "第五条")]


# ------------------------------------------------------------------ docket diff


def test_diff_compares_files_with_problems_and_warns(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text("## § 9\n\nAlt.\n\n## § 9 Neu\n\nText.\n", encoding="utf-8")
    new.write_text("## § 9\n\nAlt.\n\n## § 9 Neu\n\nText geändert.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "diff", str(old), str(new)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0
    assert "warning: duplicate provision number" in proc.stderr
    assert "{+geändert+}" in proc.stdout or "geändert" in proc.stdout


# ------------------------------------------------------------------ the real samples


@pytest.mark.skipif(not CORPORA.is_dir(), reason="no ../shared/corpora beside the repository")
@pytest.mark.parametrize("sample", ["gesetze-sample", "laws-zh-sample"])
def test_every_real_law_passes_check_but_for_a_genuinely_duplicated_number(sample):
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(CORPORA / sample),
                           "check"], cwd=REPO, capture_output=True, text=True)
    errors = [line for line in (proc.stdout + proc.stderr).splitlines()
              if re.match(r"^drafts/\S+:\d+: (?!warning:)", line)]
    genuine = re.compile(r": duplicate provision number '(§ \d+\w*|第\S+条|Art\S* \d+)' "
                         r"\(id (sec|art)_\w+, first at line \d+\)$")
    assert [e for e in errors if not genuine.search(e)] == []


# ------------------------------------------------------------------ repealed stand-ins


@pytest.mark.parametrize(("text", "stand_in", "live"), [
    ("## § 9\n\n-\n\n## § 9 Bußgeldvorschriften\n\n(1) Ordnungswidrig handelt, wer ...\n",
     "sec_9__repealed", "sec_9"),
    ("## § 23 (weggefallen)\n\n## § 23 Speicherung\n\nAuf einen Nachweis ...\n",
     "sec_23__repealed", "sec_23"),
    ("## Section 5. [Repealed]\n\n## Section 5. Fees\n\nA fee is charged.\n",
     "sec_5__repealed", "sec_5"),
    ("第十条　新的规定。\n\n第十条　（删除）\n", "art_10__repealed", "art_10"),
])
def test_a_repealed_stand_in_gives_its_number_to_the_live_provision(text, stand_in, live):
    """Consolidated texts keep the stand-in of a repealed section beside a new section with
    the same number: the live one keeps the id (and its comments), the law still publishes,
    and the drafter is told."""
    parsed = parse(text)
    got = {p.id: p for p in parsed.root.walk()}
    assert stand_in in got and live in got
    assert not got[live].is_heading or got[live].heading  # the live one has the words
    problems = [str(p) for p in parsed.problems]
    assert len(problems) == 1 and "warning: " in problems[0] and "used twice" in problems[0]


def test_two_live_provisions_with_one_number_are_still_an_error():
    problems = [str(p) for p in parse("## § 9 Erstens\n\nText.\n\n## § 9 Zweitens\n\nMehr.\n").problems]
    assert problems == ["v.md:5: duplicate provision number '§ 9' (id sec_9, first at line 1)"]

def _food_safety_law() -> Path:
    """The Food Safety Law's history in the Chinese sample (found by its title, not its folder)."""
    drafts = CORPORA / "laws-zh-sample" / "drafts"
    return next(d for d in sorted(drafts.glob("history-*"))
                if "食品安全法" in (d / "draft.yaml").read_text(encoding="utf-8"))


def _diff(old: Path, new: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "generator", "diff", str(old), str(new)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.skipif(not CORPORA.is_dir(), reason="no ../shared/corpora beside the repository")
def test_food_safety_law_history_shows_the_2018_amendment_and_no_whitespace_edits():
    versions = sorted((_food_safety_law() / "versions").glob("*.md"))
    amendment = _diff(versions[0], versions[1])
    # 食品药品监督管理 -> 食品安全监督管理, character by character.
    assert "国务院食品[-药品-]{+安全+}监督管理部门依照本法" in amendment
    # `总则` -> `总　　则` (padding in a heading) is not an amendment.
    assert "第一章" not in amendment and "总{+" not in amendment
    # Later versions only re-typeset the headings (`总　　则` -> `总 则`): nothing changed.
    for old, new in itertools.pairwise(versions[1:]):
        assert _diff(old, new).strip() == "0 amended, 0 added, 0 repealed, 0 moved, 0 renumbered"
