"""Redlines' fast paths give what the slow ones give: a draft's shared memo, the bag
arithmetic of similarity, the skipped second walk, the plain rows of a redline page."""

from __future__ import annotations

import itertools
import textwrap
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.provisions.parser import parse_version
from generator.redline import Memo, _shared, bag, compare, similarity, to_json, tokenize
from generator.render.fragments import Strings, _merged_cell, _plain_cell

# Four versions of one law: amended words, a renumbering, a move within a chapter and one
# to another chapter, a table changed, paragraphs split and joined, a preamble with a table.
VERSIONS = [
    """
    BE IT ENACTED:

    | Term | Meaning |
    |---|---|
    | Host | a person |

    ## Chapter 1. General

    ### Section 1. Purpose

    This law regulates rentals of dwelling units in the city.

    ### Section 2. Fees

    (a) The fee is $300 per year for each unit.

    (b) Fees are due yearly on the first of January.

    (c) No refunds are given once a registration is issued.

    ## Chapter 2. Duties

    ### Section 3. Occupancy

    Two persons per bedroom, and two more in the unit.

    ### Section 4. Local contact

    Each host names a contact who answers within one hour, day or night.

    | Type | Fee |
    |---|---|
    | Hosted | $150 |
    | Whole unit | $300 |
    """,
    """
    BE IT ENACTED:

    | Term | Meaning |
    |---|---|
    | Host | a person |

    ## Chapter 1. General

    ### Section 1. Purpose

    This law regulates rentals of dwelling units in the whole city.

    ### Section 2. Fees

    (a) The fee is $400 per year for each unit.

    (b) No refunds are given once a registration is issued.

    ### Section 3. Local contact

    Each host names a contact who answers within one hour, day or night.

    | Type | Fee |
    |---|---|
    | Hosted | $150 |
    | Whole unit | $350 |

    ## Chapter 2. Duties

    ### Section 4. Occupancy

    Two persons per bedroom, and two more in the unit.
    """,
    """
    BE IT ENACTED BY THE COUNCIL:

    ## Chapter 1. General

    ### Section 1. Purpose

    This law regulates short-term rentals of dwelling units in the city.

    ### Section 2. Fees

    (a) The fee is $400 per year for each unit.

    (b) No refunds are given once a registration is issued.

    ## Chapter 2. Duties

    ### Section 3. Occupancy

    Two persons per bedroom, and two more in the unit.

    ### Section 4. Local contact

    Each host names a contact who answers within one hour, day or night.

    | Type | Fee |
    |---|---|
    | Hosted | $150 |
    | Whole unit | $350 |

    ### Section 5. Review

    The council reviews this law in 2029.
    """,
    """
    ## 第一章　总则

    第一条　为了加强管理，制定本条例。

    第二条　本条例适用于本市。

    本市各区另有规定的，从其规定。

    ## 第二章　法律责任

    第三条　违反本条例规定的，处一千元以上一万元以下罚款。
    """,
]
CHINESE_EARLIER = """
    ## 第一章　总则

    第一条　为了加强管理，制定本条例。

    第二条　本条例适用于本市。

    ## 第二章　法律责任

    第三条　违反本条例规定的，处五千元以上五万元以下罚款。
    """


def _roots():
    texts = [*VERSIONS, CHINESE_EARLIER]
    return [parse_version(textwrap.dedent(t).lstrip("\n"), f"v{n}.md").root
            for n, t in enumerate(texts)]


def test_a_draft_memo_gives_each_pair_the_redline_it_would_have_alone():
    roots = _roots()
    pairs = list(itertools.permutations(range(len(roots)), 2))
    alone = {(i, j): to_json(compare(roots[i], roots[j])) for i, j in pairs}
    memo = Memo()
    for i, j in [*pairs, *reversed(pairs)]:  # each answer met again, in another order
        assert to_json(compare(roots[i], roots[j], memo)) == alone[(i, j)], (i, j)
    assert memo.diffs and memo.scores  # (it was used)


def test_a_provision_moved_to_another_chapter_is_still_found():
    # Pairing siblings leaves the Local contact section unpaired in one chapter on one side
    # and in the other chapter on the other side: only then do the trees get their second
    # walk, which pairs it across chapters, as moved.
    roots = _roots()
    for old, new, expected in ((0, 1, [("sec_4", "sec_3", "amended")]),
                               (1, 2, [("sec_3", "sec_4", "unchanged")]),
                               (2, 1, [("sec_4", "sec_3", "unchanged")])):
        red = compare(roots[old], roots[new])
        assert [(r.old.id, r.new.id, r.status) for r in red.rows if r.moved] == expected
    # A section only added (nothing left unpaired on the old side) moved nowhere.
    red = compare(roots[0], roots[2])
    assert not any(r.moved for r in red.rows)
    assert [r.new.id for r in red.rows if r.status == "added"] == ["sec_5"]


words = st.lists(st.sampled_from(["the", "fee", "$300", "的", "规定", " ", "\n", "a", "、"]),
                 max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_shared_tokens_are_what_the_bags_intersection_counts(a, b):
    assert bag(a) == Counter(t for t in tokenize(a) if not t.isspace())
    assert _shared(bag(a), bag(b)) == (bag(a) & bag(b)).total()


@settings(max_examples=300, deadline=None)
@given(words, words, st.sampled_from([0.5, 0.6]))
def test_a_memo_score_is_the_similarity_unless_it_is_certainly_below_the_threshold(a, b, at):
    exact = similarity(bag(a), bag(b))
    memo = Memo()
    score = memo.score(a, b, at)
    assert score == exact if exact >= at else score < at
    assert memo.score(a, b, at) == score  # and again, from the memo


def test_a_plain_row_is_drawn_as_its_merged_cell_would_be():
    strings = Strings.translated(lambda message: message)
    roots = _roots()
    plain = 0
    for old, new in itertools.permutations(roots, 2):
        for row in compare(old, new).rows:
            for cite in ((row.old.label if row.old else "", row.new.label if row.new else ""),
                         ("", ""), ("Sec. 1", "Sec. 2")):
                fast = _plain_cell(row, cite, strings)
                if fast is not None:
                    plain += 1
                    assert fast == _merged_cell(row, cite, strings)
    assert plain > 10


def _rows(red) -> list[tuple]:
    def side(p):  # (by value: a comparison makes an implicit 款 of its own, see _Aligner)
        return None if p is None else (p.id, p.kind, p.num, p.label, p.title, p.text, p.line)

    return [(r.status, r.depth, side(r.old), side(r.new), r.ops, r.moved, r.renumbered)
            for r in red.rows]


def test_a_pair_whose_descendants_are_the_same_gives_the_rows_pairing_one_by_one_would(
        monkeypatch):
    import generator.redline as redline_module

    roots, again = _roots(), _roots()  # (``again``: the same texts, parsed apart)
    pairs = [*itertools.permutations(roots, 2), *zip(roots, again, strict=True),
             *zip(roots, roots, strict=True)]
    fast = [_rows(compare(old, new)) for old, new in pairs]
    monkeypatch.setattr(redline_module, "_same_below", lambda old, new, known: False)
    slow = [_rows(compare(old, new)) for old, new in pairs]
    assert fast == slow


tokens = st.lists(st.sampled_from(["a", "b", "c", " ", "的", "x"]), max_size=60)


@settings(max_examples=500, deadline=None)
@given(tokens, tokens, st.data())
def test_the_linear_longest_match_is_the_one_sequence_matcher_finds(a, b, data):
    from difflib import SequenceMatcher

    from generator.redline import _longest_match

    alo = data.draw(st.integers(0, len(a)))
    ahi = data.draw(st.integers(alo, len(a)))
    blo = data.draw(st.integers(0, len(b)))
    bhi = data.draw(st.integers(blo, len(b)))
    plain = SequenceMatcher(None, a, b, autojunk=False)
    assert _longest_match(a, alo, ahi, b, blo, bhi) == plain.find_longest_match(
        alo, ahi, blo, bhi)


@settings(max_examples=300, deadline=None)
@given(tokens, tokens)
def test_the_linear_matcher_gives_the_operations_sequence_matcher_gives(a, b):
    from difflib import SequenceMatcher

    from generator.redline import _Matcher

    linear = _Matcher(None, a, b, autojunk=False)
    linear.linear_from = 0  # (always the suffix automaton)
    assert linear.get_opcodes() == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
