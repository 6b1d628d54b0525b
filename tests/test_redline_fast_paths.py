"""Redlines' fast paths give what the slow ones give: a draft's shared memo, the bag
arithmetic of similarity, the skipped second walk, the plain rows of a redline page."""

from __future__ import annotations

import itertools
import textwrap
from collections import Counter
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.provisions.citation import citations
from generator.provisions.parser import parse_version
from generator.redline import Memo, Same, _shared, bag, compare, similarity, to_json, tokenize
from generator.render.fragments import RowCitations, Strings, page_rows

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


def test_a_redline_page_drawn_from_the_trees_is_the_page_drawn_row_by_row(monkeypatch):
    """The page's fast paths (the stretches below a pair whose descendants are all the same
    drawn straight from the trees; a plain unchanged row drawn without its layout) give
    what drawing every row through its layout gives."""
    import generator.render.fragments as fragments_module

    strings = Strings.translated(lambda message: message)
    roots, again = _roots(), _roots()  # (``again``: the same texts, parsed apart)
    pairs = [*itertools.permutations(roots, 2), *zip(roots, again, strict=True)]
    escaped = ("## Section 1. Terms & <names>\n\n(a) A 'host' & <guest> are persons.\n\n"
               "(b) Fees < $5 apply.\n\n### Section 2. Ends\n\nIt ends.\n")
    pairs.append((parse_version(escaped, "a.md").root, parse_version(escaped, "b.md").root))
    reds = [(compare(old, new), old, new) for old, new in pairs]
    assert sum(type(e) is Same for red, _, _ in reds for e in red.entries) > 5

    def folded(n: int) -> str:
        return f"{n} unchanged"

    def cites(old, new):
        versions = (SimpleNamespace(root=old), SimpleNamespace(root=new))
        return [RowCitations(citations(versions[0]), citations(versions[1])),
                RowCitations({}, {})]  # (labels alone: the preamble has none)

    labels = ("Old", "New")
    fast = [page_rows(red, cite, strings, labels, folded)
            for red, old, new in reds for cite in cites(old, new)]
    plain = sum(page.count('class="same"') for page in fast)
    monkeypatch.setattr(fragments_module, "_plain", lambda row: False)
    slow = [page_rows(red.rows, lambda row, cite=cite: cite(row), strings, labels, folded)
            for red, old, new in reds for cite in cites(old, new)]
    assert fast == slow
    assert plain > 100


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
    monkeypatch.setattr(redline_module._Aligner, "same_below", lambda self, old, new: False)
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


def test_an_outline_says_two_provisions_descendants_are_the_same_as_walking_them_does():
    from generator.redline import Outline, _same_below

    roots, again = _roots(), _roots()
    outlines = {id(root): Outline.of(root) for root in [*roots, *again]}
    asked = same = 0
    for old, new in [*itertools.permutations(roots, 2), *zip(roots, again, strict=True)]:
        for p in old.walk():
            for q in new.walk():
                fast = outlines[id(old)].same_below(p, outlines[id(new)], q)
                if fast is None:  # (one without children: walked, quickly)
                    assert not p.children or not q.children
                    continue
                assert fast == _same_below(p, q, {}), (p.id, q.id)
                asked += 1
                same += fast
    assert asked > 100 and same > 20
    # The same provisions in the same order, nested otherwise: not the same.
    from generator.model import Provision

    def tree(*nested: Provision) -> Provision:
        return Provision("root", parts=list(nested))

    flat = tree(Provision("sec", "1", parts=[Provision("para", "a"), Provision("para", "b")]))
    deep = tree(Provision("sec", "1", parts=[Provision("para", "a", parts=[Provision("para", "b")])]))
    assert not Outline.of(flat).same_below(flat, Outline.of(deep), deep)
    assert not _same_below(flat, deep, {})


def test_compare_data_counts_an_unchanged_stretch_as_its_rows_one_by_one_would():
    from generator.redline import Redline
    from generator.render.pages import _pair_rows

    roots, again = _roots(), _roots()
    texts: dict[str, int] = {}

    def text_index(text: str) -> int:
        return texts.setdefault(text, len(texts))

    stretches = 0
    for old, new in [*itertools.permutations(roots, 2), *zip(roots, again, strict=True)]:
        red = compare(old, new)
        stretches += sum(type(e) is Same for e in red.entries)
        row_by_row = Redline(list(red.rows), red.summary)  # (no Same among its entries)
        assert _pair_rows(red, text_index, {}) == _pair_rows(row_by_row, text_index, {})
    assert stretches > 5
