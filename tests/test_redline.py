"""Redlines: provisions paired by id or content, text diffed by words or CJK characters."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.provisions.parser import parse_version
from generator.redline import compare, diff_text, new_text, old_text, tokenize


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
        ("=", "The fee is $"), ("-", "300"), ("+", "400"), ("=", " per"), ("+", " calendar"),
        ("=", " year."),
    ]


def test_a_two_character_chinese_edit_shows_exactly_those_characters():
    ops = diff_text("处五千元以上五万元以下罚款。", "处一千元以上一万元以下罚款。")
    assert ops == [("=", "处"), ("-", "五"), ("+", "一"), ("=", "千元以上"), ("-", "五"),
                   ("+", "一"), ("=", "万元以下罚款。")]


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
    ops = diff_text(old, new)
    assert old_text(ops) == old
    assert new_text(ops) == new
    assert all(text for _, text in ops)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_operations_rebuild_any_unicode(old, new):
    ops = diff_text(old, new)
    assert (old_text(ops), new_text(ops)) == (old, new)


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
    assert fee.ops == [("=", "The fee is $"), ("-", "300"), ("+", "400"), ("=", ".")]


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
