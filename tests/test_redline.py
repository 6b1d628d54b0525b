"""Redlines: provisions paired by id or content, text diffed by words or CJK characters."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.provisions.parser import parse_version
from generator.redline import (
    comparable,
    compare,
    diff_table,
    diff_text,
    new_text,
    old_text,
    tokenize,
)


def redline(old: str, new: str):
    a = parse_version(textwrap.dedent(old).lstrip("\n"), "old.md").root
    b = parse_version(textwrap.dedent(new).lstrip("\n"), "new.md").root
    return compare(a, b)


def changes(red) -> list[tuple]:
    """(status, old id, new id, moved, renumbered) of every changed row."""
    return [(r.status, r.old.id if r.old else None, r.new.id if r.new else None,
             r.moved, r.renumbered) for r in red.rows if r.changed]


# ---------------------------------------------------------------- text


def test_words_are_diffed_not_characters_in_english():
    assert diff_text("The fee is $300 per year.", "The fee is $400 per calendar year.") == [
        ("=", "The fee is "), ("-", "$300"), ("+", "$400"), ("=", " per"), ("+", " calendar"),
        ("=", " year."),
    ]


def test_a_replaced_word_or_number_is_struck_and_inserted_whole():
    # Never a shared ":00" after a struck 6 and an inserted 5: printed, that reads "65:00".
    assert diff_text("opens at 6:00 pm", "opens at 5:00 pm") == [
        ("=", "opens at "), ("-", "6:00"), ("+", "5:00"), ("=", " pm")]
    assert diff_text("a fee of $100.", "a fee of $150.") == [
        ("=", "a fee of "), ("-", "$100"), ("+", "$150"), ("=", ".")]
    assert diff_text("under Section 8 of", "under Section 5 of") == [
        ("=", "under Section "), ("-", "8"), ("+", "5"), ("=", " of")]
    assert diff_text("see 4(a) and 1,000 units", "see 4(b) and 1,500 units") == [
        ("=", "see "), ("-", "4(a)"), ("+", "4(b)"), ("=", " and "), ("-", "1,000"),
        ("+", "1,500"), ("=", " units")]
    assert diff_text("from 6:30 to", "from 5:45 to") == [
        ("=", "from "), ("-", "6:30"), ("+", "5:45"), ("=", " to")]
    # A full stop or comma ends the word: it does not come along with the changed word.
    assert diff_text("the fee.", "the fees.") == [("=", "the "), ("-", "fee"), ("+", "fees"),
                                                  ("=", ".")]
    # Chinese stays character by character, even around a time written in digits.
    assert diff_text("于5:00前办理", "于6:00前办理") == [
        ("=", "于"), ("-", "5:00"), ("+", "6:00"), ("=", "前办理")]


def test_a_two_character_chinese_edit_shows_exactly_those_characters():
    ops = diff_text("处五千元以上五万元以下罚款。", "处一千元以上一万元以下罚款。")
    assert ops == [("=", "处"), ("-", "五"), ("+", "一"), ("=", "千元以上"), ("-", "五"),
                   ("+", "一"), ("=", "万元以下罚款。")]


def test_a_replaced_phrase_is_one_struck_run_and_one_inserted_run():
    # Criminal Law, art. 165, as amended in 2023: the shared 理 is not kept as an island
    # between 经 struck, 监事、高级管 inserted and 人员 inserted.
    ops = diff_text("国有公司、企业的董事、经理利用职务便利，自己经营",
                    "国有公司、企业的董事、监事、高级管理人员，利用职务便利，自己经营")
    assert ops == [("=", "国有公司、企业的董事、"), ("-", "经理"), ("+", "监事、高级管理人员，"),
                   ("=", "利用职务便利，自己经营")]
    assert diff_text("经理", "监事、高级管理人员") == [("-", "经理"), ("+", "监事、高级管理人员")]
    # The same in English: the shared "a" between two replacements is folded into them.
    assert diff_text("shall pay a fine of not more than $500",
                     "shall be liable to a civil penalty of not more than $500") == [
        ("=", "shall "), ("-", "pay a fine"), ("+", "be liable to a civil penalty"),
        ("=", " of not more than $500")]


def test_the_clean_up_keeps_single_edits_and_text_kept_between_insertions():
    assert diff_text("处五日以下拘留", "处十日以下拘留") == [
        ("=", "处"), ("-", "五"), ("+", "十"), ("=", "日以下拘留")]
    assert diff_text("拘留五日", "拘留十日") == [("=", "拘留"), ("-", "五"), ("+", "十"), ("=", "日")]
    # A kept run as long as a change beside it is a separate edit's context, not an island.
    assert diff_text("甲乙丙", "丁乙戊") == [("-", "甲"), ("+", "丁"), ("=", "乙"), ("-", "丙"),
                                            ("+", "戊")]
    assert diff_text("the Director of Planning shall", "the Commissioner of Housing and Planning shall") == [
        ("=", "the "), ("-", "Director"), ("+", "Commissioner"), ("=", " of"),
        ("+", " Housing and"), ("=", " Planning shall")]
    # Food Safety Law, art. 35 (2018): two insertions around a kept clause stay two.
    ops = diff_text("但是，销售食用农产品，不需要取得许可。",
                    "但是，销售食用农产品和仅销售预包装食品的，不需要取得许可。仅销售预包装食品的，应当备案。")
    assert ops == [("=", "但是，销售食用农产品"), ("+", "和仅销售预包装食品的"), ("=", "，不需要取得许可"),
                   ("+", "。仅销售预包装食品的，应当备案"), ("=", "。")]


def test_spacing_that_does_not_separate_words_is_no_change():
    # Chinese and Japanese are written without spaces: padding in a heading, full-width or
    # ASCII, is typesetting, not an amendment (the Food Safety Law's `总　　则` to `总 则`).
    for old, new in [("总　　则", "总 则"), ("总则", "总　　则"), ("第一章　总则", "第一章 总则"),
                     ("依照第 3 条", "依照第3条"), ("本法所称食品， 指", "本法所称食品，指"),
                     (" 总则", "总则 "), ("the fee  is due", "the fee is due")]:
        assert diff_text(old, new) == [("=", new)], (old, new)
    # A real edit beside the padding shows the edit alone.
    assert diff_text("总　　则", "总 纲") == [("=", "总 "), ("-", "则"), ("+", "纲")]
    # Spaces that separate words still count: in English, and in Korean (spaced by word).
    assert diff_text("a fee", "afee") != [("=", "afee")]
    assert diff_text("한국어 법률", "한국어법률") != [("=", "한국어법률")]
    # Paragraphs joined into one are a change.
    assert diff_text("第一款。\n第二款。", "第一款。第二款。") != [("=", "第一款。第二款。")]


def test_a_whitespace_only_edit_leaves_the_provision_unchanged():
    red = redline("## 第一章　总　　则\n\n第一条　为了保证食品安全，制定本法。\n",
                  "## 第一章 总 则\n\n第一条 为了保证食品安全，制定本法。\n")
    assert [r.status for r in red.rows] == ["unchanged", "unchanged"]
    assert red.summary.total == 0


def test_japanese_and_korean_are_diffed_by_character():
    assert diff_text("大きな犬", "小さな犬") == [("-", "大き"), ("+", "小さ"), ("=", "な犬")]
    assert diff_text("한국어 법률", "한국어 법령") == [("=", "한국어 법"), ("-", "률"), ("+", "령")]


def test_identical_text_is_one_equal_run():
    assert diff_text("same", "same") == [("=", "same")]
    assert diff_text("", "") == []


def test_tokens_rebuild_the_text():
    text = "Sec. 3(a): 第三条　本条例 applies — ok?\n\tyes"
    assert "".join(tokenize(text)) == text


TEXT = st.text(alphabet=st.sampled_from(list("ab cd,.\n第三条例款项一二。　한국日本")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_operations_rebuild_both_texts(old, new):
    # The new text exactly; the old one up to spacing that does not count (kept runs are the
    # new text's: `总　　则` kept as `总 则`).
    ops = diff_text(old, new)
    assert comparable(old_text(ops)) == comparable(old)
    assert new_text(ops) == new
    assert all(text for _, text in ops)
    if comparable(old) == comparable(new):
        assert ops == ([("=", new)] if new else [])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_operations_rebuild_any_unicode(old, new):
    ops = diff_text(old, new)
    assert (comparable(old_text(ops)), new_text(ops)) == (comparable(old), new)


# ---------------------------------------------------------------- provisions

ORDINANCE_V1 = """
## Section 1. Purpose

This ordinance regulates rentals.

## Section 2. Fees

(a) The fee is $300.

(b) Fees are due yearly.

(c) No refunds.

## Section 3. Occupancy

Two persons per bedroom.

## Section 4. Local contact

Each host names a contact who answers within one hour.

## Section 5. Effective date

This ordinance takes effect January 1, 2027.
"""

ORDINANCE_V2 = """
## Section 1. Purpose

This ordinance regulates rentals.

## Section 2. Local contact

Each host names a contact who answers within one hour.

## Section 3. Fees

(a) The fee is $400.

(b) No refunds.

## Section 4. Occupancy

Two persons per bedroom.

## Section 5. Effective date

This ordinance takes effect March 1, 2027.

## Section 6. Review

The council reviews this ordinance in 2029.
"""


def test_english_golden_redline():
    red = redline(ORDINANCE_V1, ORDINANCE_V2)
    assert changes(red) == [
        ("unchanged", "sec_4", "sec_2", True, True),  # moved up and renumbered
        ("unchanged", "sec_2", "sec_3", False, True),  # renumbered by the move
        ("amended", "sec_2__subsec_a", "sec_3__subsec_a", False, False),
        ("repealed", "sec_2__subsec_b", None, False, False),
        ("unchanged", "sec_2__subsec_c", "sec_3__subsec_b", False, True),  # relettered
        ("unchanged", "sec_3", "sec_4", False, True),
        ("amended", "sec_5", "sec_5", False, False),
        ("added", None, "sec_6", False, False),
    ]
    s = red.summary
    assert (s.amended, s.added, s.repealed, s.moved, s.renumbered) == (2, 1, 1, 1, 3)
    fee = next(r for r in red.rows if r.new and r.new.id == "sec_3__subsec_a")
    assert fee.ops == [("=", "The fee is "), ("-", "$300"), ("+", "$400"), ("=", ".")]


def test_unchanged_provisions_come_through_in_order():
    red = redline(ORDINANCE_V1, ORDINANCE_V1)
    assert not any(r.changed for r in red.rows)
    assert [r.new.id for r in red.rows] == [
        "sec_1", "sec_2", "sec_2__subsec_a", "sec_2__subsec_b", "sec_2__subsec_c", "sec_3",
        "sec_4", "sec_5",
    ]
    assert red.summary.total == 0


def test_repealed_provisions_stand_where_they_used_to():
    red = redline(ORDINANCE_V1, ORDINANCE_V1.replace("(b) Fees are due yearly.\n", ""))
    order = [(r.status, (r.new or r.old).id) for r in red.rows][2:6]
    assert order == [("unchanged", "sec_2__subsec_a"), ("repealed", "sec_2__subsec_b"),
                     ("unchanged", "sec_2__subsec_c"), ("unchanged", "sec_3")]


def test_an_added_section_counts_once_with_its_subsections():
    red = redline("## Section 1\n\nText.\n", "## Section 1\n\nText.\n\n## Section 2\n\n(a) x\n\n(b) y\n")
    assert red.summary.added == 1
    assert [r.status for r in red.rows] == ["unchanged", "added", "added", "added"]


CHINESE_V1 = """
## 第一章　总则

第一条　为了加强管理，制定本条例。

第二条　本条例适用于本市。

## 第二章　法律责任

第三条　违反本条例规定的，处五千元以上五万元以下罚款。

第四条　本条例自2027年1月1日起施行。
"""

CHINESE_V2 = """
## 第一章　总则

第一条　为了加强管理，制定本条例。

第二条　本条例适用于本市。

本市各区另有规定的，从其规定。

第三条　设立误时投放点。

## 第二章　法律责任

第四条　违反本条例规定的，处一千元以上一万元以下罚款。

第五条　本条例自2027年5月1日起施行。
"""


def test_chinese_golden_redline():
    red = redline(CHINESE_V1, CHINESE_V2)
    assert changes(red) == [
        # The article keeps its first 款 (now para_1) and gains a second one.
        ("added", None, "art_2__para_2", False, False),
        ("added", None, "art_3", False, False),
        ("amended", "art_3", "art_4", False, True),
        ("amended", "art_4", "art_5", False, True),
    ]
    fine = next(r for r in red.rows if r.new and r.new.id == "art_4")
    assert [op for op in fine.ops if op[0] != "="] == [("-", "五"), ("+", "一"), ("-", "五"), ("+", "一")]
    date = next(r for r in red.rows if r.new and r.new.id == "art_5")
    assert [op for op in date.ops if op[0] != "="] == [("-", "1"), ("+", "5")]


# ---------------------------------------------------------------- tables

FEES_V1 = """
## Section 5. Fees

The following fees are established:

| Registration type | Initial | Renewal |
|---|---|---|
| Hosted rental | $150 | $100 |
| Whole-unit rental | $300 | $200 |
| Late renewal surcharge | — | $50 |
| Reinspection | $75 | $75 |

Fees are not refundable.
"""

FEES_V2 = """
## Section 5. Fees and charges

The following fees are established:

| Registration type | Initial | Renewal |
|---|---|---|
| Hosted rental | $150 | $100 |
| Whole-unit rental | $400 | $200 |
| Reinspection | $75 | $75 |
| Appeal | $25 | — |

Fees are not refundable.
"""


def _cells(row) -> list[str]:
    """A table row as text: each cell's runs, struck as [-x-] and inserted as {+x+}."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return ["".join(marks[tag].format(text) for tag, text in cell) for cell in row.cells]


def test_a_table_is_compared_cell_by_cell():
    red = redline(FEES_V1, FEES_V2)
    fees = next(r for r in red.rows if r.new and r.new.id == "sec_5")
    assert fees.status == "amended"
    layout = fees.layout
    assert layout.heading == [("=", "Fees"), ("+", " and charges")]
    text, table, after = layout.blocks
    assert text == [("=", "The following fees are established:")]
    assert after == [("=", "Fees are not refundable.")]
    assert table.columns == ["=", "=", "="]
    assert [(row.status, _cells(row)) for row in table.rows] == [
        ("unchanged", ["Registration type", "Initial", "Renewal"]),
        ("unchanged", ["Hosted rental", "$150", "$100"]),
        ("amended", ["Whole-unit rental", "[-$300-]{+$400+}", "$200"]),  # one cell changed
        ("repealed", ["[-Late renewal surcharge-]", "[-—-]", "[-$50-]"]),  # a row removed
        ("unchanged", ["Reinspection", "$75", "$75"]),
        ("added", ["{+Appeal+}", "{+$25+}", "{+—+}"]),  # a row added
    ]
    assert fees.tables == [table]
    # The flat text comparison is still there (the JSON's "ops"), and still exact.
    assert old_text(fees.ops) == fees.old.text and new_text(fees.ops) == fees.new.text


def test_a_table_column_added_is_matched_by_its_header():
    old = [["Type", "Fee"], ["Hosted", "$150"], ["Whole-unit", "$300"]]
    new = [["Type", "Deposit", "Fee"], ["Hosted", "$50", "$150"], ["Whole-unit", "$90", "$350"]]
    table = diff_table(old, new)
    assert table.columns == ["=", "+", "="]
    assert [(row.status, _cells(row)) for row in table.rows] == [
        ("amended", ["Type", "{+Deposit+}", "Fee"]),
        ("amended", ["Hosted", "{+$50+}", "$150"]),
        ("amended", ["Whole-unit", "{+$90+}", "[-$300-]{+$350+}"]),
    ]


def test_a_renamed_row_is_the_same_row_when_its_cells_are_alike():
    old = [["Type", "Fee", "Renewal"], ["Hosted rental", "$150", "$100"]]
    new = [["Type", "Fee", "Renewal"], ["Hosted short-term rental", "$150", "$100"]]
    assert [row.status for row in diff_table(old, new).rows] == ["unchanged", "amended"]


def test_a_table_added_to_a_provision_is_inserted_whole():
    red = redline("## Section 1. Fees\n\nFees apply.\n",
                  "## Section 1. Fees\n\nFees apply.\n\n| Type | Fee |\n|---|---|\n| A | $1 |\n")
    row = next(r for r in red.rows if r.new and r.new.id == "sec_1")
    text, table = row.layout.blocks
    assert text == [("=", "Fees apply.")]
    assert [row.status for row in table.rows] == ["added", "added"]
    assert table.columns == ["+", "+"]


def test_an_unchanged_headed_provision_keeps_its_heading_apart():
    red = redline(FEES_V1, FEES_V1)
    fees = next(r for r in red.rows if r.new and r.new.id == "sec_5")
    assert fees.layout.heading == [("=", "Fees")]
    assert [type(b).__name__ for b in fees.layout.blocks] == ["list", "TableDiff", "list"]
    assert all(row.status == "unchanged" for row in fees.layout.blocks[1].rows)
