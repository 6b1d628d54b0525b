"""Redlines: compare two versions provision by provision, then word by word inside each.

Structure first (as committees read amendments): provisions are paired by their stable id
among siblings, then by content for those renumbered or moved, and only the text of paired
provisions that differ is diffed, by words, or by characters in Chinese, Japanese and Korean.
Identical text takes a fast path, so two versions of a long code compare in milliseconds.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import Match, SequenceMatcher
from typing import Literal

from .model import Provision

Tag = Literal["=", "+", "-"]
Op = tuple[Tag, str]
Status = Literal["unchanged", "amended", "added", "repealed"]

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
# A run of spaces (the ideographic space U+3000 among them), one CJK character, a run of other
# word characters, or one other character: joined back together, the tokens are the text again.
TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\W{_CJK}]+|.", re.S)
# Does a token start with a CJK character (``match``)? A lookahead, not the bare class: ``re``
# compiles a class of CJK ranges by marking each of its 40,000 characters in a table, one by
# one (a millisecond), and a pattern that starts with a class compiles it twice (again for its
# search prefix); the lookahead has no such prefix. Asked once per change, not per character.
_CJK_CHAR = re.compile(rf"(?=[{_CJK}])")
# What a reader counts in a run of text: a CJK character, or a word with a letter or digit in it.
_UNIT = re.compile(rf"(?!\s)[{_CJK}]|[^\s{_CJK}]*[^\W_][^\s{_CJK}]*")
# Scripts written without spaces between words (Han, kana, and CJK and full-width punctuation;
# not Hangul, which spaces its words): a space beside one of these characters is padding
# (`总　　则`, `第 3 条`), not a word boundary.
_UNSPACED_CLASS = (
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_UNSPACED = re.compile(f"(?={_UNSPACED_CLASS})")  # does a token start with one (see _CJK_CHAR)
# Spacing that a comparison reads otherwise than it is written (see _significant): a space at
# either end, beside a Chinese or Japanese character, longer than one character, or not a plain
# space or line break. Most texts have none, and are compared token for token.
_RESPACED = re.compile(  # (each match starts at a space, so the scan for one is quick)
    rf"\s(?:(?<=[^\S \n])|(?<=^.)|(?=\s|\Z)"
    rf"|(?<={_UNSPACED_CLASS} )|(?<= )(?={_UNSPACED_CLASS}))", re.S)
_TRAILING = frozenset(".,;:!?")  # punctuation that ends a word rather than belongs to it

KEY_SIMILARITY = 0.5  # a same-numbered provision this similar is the same one, amended
MOVE_SIMILARITY = 0.6  # a differently numbered one this similar was renumbered or moved
WINDOW = 12  # how far (in siblings) a renumbered provision is looked for from its old place


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


def _merge(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    for tag, text in ops:
        if not text:
            continue
        if out and out[-1][0] == tag:
            out[-1] = (tag, out[-1][1] + text)
        else:
            out.append((tag, text))
    return out


def _grouped(ops: list[Op]) -> list[Op]:
    """Merged, with the deletions before the insertions within each changed stretch."""
    grouped: list[Op] = []
    run: list[Op] = []
    for op in [*ops, ("=", "")]:
        if op[0] == "=":
            grouped += [o for o in run if o[0] == "-"] + [o for o in run if o[0] == "+"]
            run = []
            grouped.append(op)
        else:
            run.append(op)
    return _merge(grouped)


def _size(text: str, enough: int | None = None) -> int:
    """How long a run reads: its CJK characters and its words (what spaces delimit, with a
    letter or digit in it: ``4(a)`` and ``1,000`` are one word each, a lone ``,`` none).

    Counting stops at ``enough``, when given: a long kept run is only asked whether it is
    that long.
    """
    if enough is None:
        return len(_UNIT.findall(text))
    size = 0
    for _ in _UNIT.finditer(text):
        size += 1
        if size >= enough:
            break
    return size


def _change(ops: list[Op], sizes: list[int], k: int, step: int) -> tuple[int, int]:
    """The struck and inserted size of the change beside the kept run ``ops[k]`` (before it,
    or after it), from each run's ``sizes``."""
    size = {"-": 0, "+": 0}
    k += step
    while 0 <= k < len(ops) and ops[k][0] != "=":
        size[ops[k][0]] += sizes[k]
        k += step
    return size["-"], size["+"]


def _fold_short_equalities(ops: list[Op]) -> list[Op]:
    """Fold a kept run between two changes into them when it is shorter than both and one of
    them replaces text (strikes some and inserts some).

    The idea of diff-match-patch's semantic clean-up: an alignment finds every shared
    word or character, but a reader wants the replaced phrase. ``经理`` to
    ``监事、高级管理人员`` shares ``理``, and kept in place it splits the amendment into four
    pieces (``经`` struck, ``监事、高级管`` inserted, ``理`` kept, ``人员`` inserted); folded, it
    reads as one struck run and one inserted run. Lengths are counted as the comparison
    counts: CJK characters, or words; a change's length is its longer side. A kept run as
    long as a change beside it stays, so ``五日`` to ``十日`` is still ``五`` struck and ``十``
    inserted, ``$300 per year`` to ``$400 per calendar year`` keeps its ``per``, and two
    separate edits stay two. Text kept between two insertions (or two deletions) is not an
    island inside a replaced phrase but the text the amendment inserts around, so it stays:
    ``销售食用农产品{+和仅销售预包装食品的+}，不需要取得许可{+。仅销售...+}``. Spaces alone
    between two changes are always folded (``-a b+ +c d+``). Folding only lengthens the
    changes around a kept run, so folding every one that qualifies, and repeating until none
    does, reaches the same result as folding them one at a time.
    """
    ops = _grouped(ops)
    while True:
        sizes = [0 if tag == "=" else _size(text) for tag, text in ops]
        out: list[Op] = []
        folded = False
        for k, (tag, text) in enumerate(ops):
            if tag == "=" and 0 < k < len(ops) - 1:
                before, after = _change(ops, sizes, k, -1), _change(ops, sizes, k, 1)
                limit = min(max(before), max(after))
                if not text.strip() or (
                        (min(before) > 0 or min(after) > 0)
                        and (len(text) < limit or _size(text, limit) < limit)):
                    out += [("-", text), ("+", text)]
                    folded = True
                    continue
            out.append((tag, text))
        if not folded:
            return ops
        ops = _grouped(out)


def _significant(tokens: list[str], text: str) -> tuple[list[str], list[int]]:
    """What a comparison looks at: each token's key, and where it stands in ``tokens``.

    A run of spaces is one space (or one line break, between paragraphs), whatever its kind
    and length; a space beside a Chinese or Japanese character, or at either end of the text,
    is padding and is left out: ``总　　则``, ``总 则`` and ``总则`` are the same heading, and a
    re-typeset law (full-width spaces to ASCII, padding in headings) is not amended.
    """
    if not _RESPACED.search(text):  # ``text``: the tokens joined
        return tokens, list(range(len(tokens)))
    keys: list[str] = []
    at: list[int] = []
    last = len(tokens) - 1
    for k, token in enumerate(tokens):
        if token.isspace():
            if k in (0, last):
                continue
            if "\n" in token:
                token = "\n"
            elif _UNSPACED.match(tokens[k - 1]) or _UNSPACED.match(tokens[k + 1]):
                continue
            else:
                token = " "
        keys.append(token)
        at.append(k)
    return keys, at


def comparable(text: str) -> list[str]:
    """The text as a comparison sees it: texts with equal keys are not amended."""
    return _significant(tokenize(text), text)[0]


def diff_text(old: str, new: str) -> list[Op]:
    """Operations that turn ``old`` into ``new``: ``=`` kept, ``-`` struck, ``+`` inserted.

    Kept runs are the new text's, so the inserted and kept runs give ``new`` exactly; the
    struck and kept runs give ``old`` up to spacing that does not count (see
    :func:`_significant`).
    """
    if old == new:
        return [("=", old)] if old else []
    a, b = tokenize(old), tokenize(new)
    ka, at_a = _significant(a, old)
    kb, at_b = _significant(b, new)
    if ka == kb:
        return [("=", new)] if new else []
    start = 0
    while start < min(len(ka), len(kb)) and ka[start] == kb[start]:
        start += 1
    end = 0
    while end < min(len(ka), len(kb)) - start and ka[-1 - end] == kb[-1 - end]:
        end += 1
    mid_a, mid_b = ka[start : len(ka) - end], kb[start : len(kb) - end]
    matcher = _Matcher(None, mid_a, mid_b, autojunk=False)
    changes = [(i1 + start, i2 + start, j1 + start, j2 + start)
               for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    ops: list[Op] = []
    done = 0  # tokens of ``b`` already emitted
    for i1, i2, j1, j2 in _whole_words(ka, kb, changes):
        # ``b[lo:hi]``: the new text between the kept tokens around the change. Padding there
        # stays kept when a kept character makes it padding (or it begins or ends the text);
        # padding that only an inserted character makes padding goes with the insertion. So
        # the old text read back from the operations means what the old text meant.
        lo = at_b[j1 - 1] + 1 if j1 else 0
        hi = at_b[j2] if j2 < len(at_b) else len(b)
        struck = "".join(a[at_a[i1] : at_a[i2 - 1] + 1]) if i2 > i1 else ""
        if j2 > j1:
            first, last = at_b[j1], at_b[j2 - 1] + 1
            if j1 and not _UNSPACED.match(b[lo - 1]):
                first = lo
            if j2 < len(kb) and not _UNSPACED.match(b[hi]):
                last = hi
        elif j1 < len(kb) and (not j1 or _UNSPACED.match(b[lo - 1])):
            first = last = hi  # a deletion after the padding
        else:
            first = last = lo  # a deletion before it
        ops += [("=", "".join(b[done:first])), ("-", struck), ("+", "".join(b[first:last])),
                ("=", "".join(b[last:hi]))]
        done = hi
    ops.append(("=", "".join(b[done:])))
    return _fold_short_equalities(_merge(ops))


class _Matcher(SequenceMatcher):
    """``SequenceMatcher`` (without junk) whose longest match is found in time linear in
    the two ranges, where its own search would take long: the same matches, sooner.

    Its own search looks, for each token of one text, at every place the other text has
    that token; a space is every other token of prose, so comparing two long paragraphs
    (a rewritten section of a German law: 2,000 characters) looks at a quarter of their
    lengths multiplied. A suffix automaton of the one range, walked along the other, gives
    the longest match ending at each token at once; it costs more to set up, so it serves
    only where the count of places to look at (``linear_from``) is large. Which match it
    returns, of several of the same length, is the one ``SequenceMatcher`` returns: the
    first in the older text, and then the first in the newer (tests check it is the same).
    """

    linear_from = 400  # places to look at: below this, the search of ``SequenceMatcher``
    # (measured on the German laws: 214 ms of word diffs without, 124 to 128 ms from 250 to
    # 1,000; Chinese and the synthetic laws the same either way)

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0,
                           bhi: int | None = None) -> Match:
        a, b = self.a, self.b
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        places = self.b2j
        nothing: list[int] = []
        work = sum(len(places.get(a[i], nothing)) for i in range(alo, ahi))
        if work < self.linear_from:
            return super().find_longest_match(alo, ahi, blo, bhi)
        return _longest_match(a, alo, ahi, b, blo, bhi)


def _longest_match(a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int,
                   bhi: int) -> Match:
    """The longest run shared by ``a[alo:ahi]`` and ``b[blo:bhi]``: of several, the one that
    starts first in ``a``, and then first in ``b`` (``SequenceMatcher.find_longest_match``
    without junk). By a suffix automaton of ``b[blo:bhi]``, each state knowing where its
    strings first end in ``b``, walked along ``a``: linear in the two ranges."""
    follow: list[dict[str, int]] = [{}]  # state -> token -> state
    link = [-1]  # the state of the longest suffix in another state
    longest = [0]  # the length of a state's longest string
    first = [0]  # where a state's strings first end in ``b``
    last = 0
    for j in range(blo, bhi):
        token = b[j]
        current = len(longest)
        follow.append({})
        longest.append(longest[last] + 1)
        link.append(0)
        first.append(j)
        state = last
        while state != -1 and token not in follow[state]:
            follow[state][token] = current
            state = link[state]
        if state != -1:
            then = follow[state][token]
            if longest[state] + 1 == longest[then]:
                link[current] = then
            else:
                clone = len(longest)
                follow.append(dict(follow[then]))
                longest.append(longest[state] + 1)
                link.append(link[then])
                first.append(first[then])
                while state != -1 and follow[state].get(token) == then:
                    follow[state][token] = clone
                    state = link[state]
                link[then] = link[current] = clone
        last = current
    besti, bestj, best = alo, blo, 0
    state, size = 0, 0
    for i in range(alo, ahi):
        token = a[i]
        while state and token not in follow[state]:
            state = link[state]
            size = longest[state]
        following = follow[state].get(token)
        if following is None:
            size = 0
            continue
        state = following
        size += 1
        if size > best:  # (the first to reach a length: first in ``a``, then in ``b``)
            besti, bestj, best = i - size + 1, first[state] - size + 1, size
    return Match(besti, bestj, best)


def _wordish(token: str) -> bool:
    """Part of a word: not a space and not a CJK character (those stand alone)."""
    return not token.isspace() and not _CJK_CHAR.match(token)


def _glued(tokens: list[str], k: int) -> bool:
    """Whether a change starting or ending before ``tokens[k]`` would cut a word in two.

    ``6:00``, ``$100``, ``4(a)`` and ``short-term`` are one word each: a reader of the
    printed page must see ``6:00`` struck and ``5:00`` inserted, never ``6``/``5`` beside a
    shared ``:00`` (which prints as "65:00"). Sentence punctuation at the end of a word
    (``fee.``, ``fee,``) comes off it, so a changed word does not drag its full stop along.
    """
    if not 0 < k < len(tokens) or not (_wordish(tokens[k - 1]) and _wordish(tokens[k])):
        return False
    detachable = tokens[k] in _TRAILING and (k + 1 == len(tokens) or not _wordish(tokens[k + 1]))
    return not detachable


def _whole_words(a: list[str], b: list[str],
                 changes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Widen each changed stretch (token ranges of ``a`` and ``b``) to whole words.

    The tokens taken in are equal on both sides (they come from the kept runs around the
    change), so a stretch grows by the same count on each side; stretches that meet merge.
    """
    out: list[list[int]] = []
    k = 0
    while k < len(changes):
        i1, i2, j1, j2 = changes[k]
        while _glued(a, i1) or _glued(b, j1):
            if out and out[-1][1] == i1:
                i1, _, j1, _ = out.pop()
            else:
                i1, j1 = i1 - 1, j1 - 1
        while _glued(a, i2) or _glued(b, j2):
            if k + 1 < len(changes) and changes[k + 1][0] == i2:
                k += 1
                i2, j2 = changes[k][1], changes[k][3]
            else:
                i2, j2 = i2 + 1, j2 + 1
        if out and out[-1][1] == i1:
            i1, _, j1, _ = out.pop()
        out.append([i1, i2, j1, j2])
        k += 1
    return [(i1, i2, j1, j2) for i1, i2, j1, j2 in out]


def old_text(ops: list[Op]) -> str:
    return "".join(text for tag, text in ops if tag != "+")


def new_text(ops: list[Op]) -> str:
    return "".join(text for tag, text in ops if tag != "-")


def bag(text: str) -> Counter[str]:
    """The words (or CJK characters) of a text, with their counts, spaces left out."""
    counts = Counter(tokenize(text))  # (counted in C; the spaces taken out after)
    for token in [t for t in counts if t.isspace()]:
        del counts[token]
    return counts


def similarity(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two token bags: 1.0 for the same words, 0.0 for none in common.

    Linear in the text, unlike an alignment, so it can screen many candidate pairs.
    """
    total = a.total() + b.total()
    if not total:
        return 1.0
    return 2 * _shared(a, b) / total


def _shared(a: Counter[str], b: Counter[str]) -> int:
    """How many tokens two bags share (``(a & b).total()``, without building the bag)."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    shared = 0
    for token, n in a.items():
        m = get(token)
        if m:
            shared += n if n < m else m
    return shared


Node = tuple[Provision, int, bool]  # a provision, its depth, and whether it holds a table


@dataclass
class Outline:
    """A version's provisions in reading order (its root left out), walked once for every
    comparison of the draft that meets it.

    ``nodes``: each provision with its depth (the root's children at 0) and whether it
    holds a table (``has_table``). ``keys``: what ``_same_below`` compares of each (kind,
    number, label, own text, and how many children it has: in reading order, the tree
    and nothing else). ``spans``: where each provision's descendants are (id -> start and
    end in both lists; a provision itself stands just before them), so two provisions'
    descendants are the same exactly when their slices of ``keys`` are equal: compared
    in C, not provision by provision.
    """

    nodes: list[Node] = field(default_factory=list)
    keys: list[tuple[str, str, str, str, int] | None] = field(default_factory=list)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Provision) -> Outline:
        outline = cls()
        _visit(root, -1, 0, outline.nodes, outline.keys, outline.spans)
        return outline

    def same_below(self, old: Provision, other: Outline, new: Provision) -> bool | None:
        """``_same_below(old, new)``, ``old`` in this outline and ``new`` in ``other``;
        None when either is not in its outline (an implicit 款, made by a comparison)."""
        a, b = self.spans.get(id(old)), other.spans.get(id(new))
        if a is None or b is None:
            return None
        return a[1] - a[0] == b[1] - b[0] and self.keys[a[0]:a[1]] == other.keys[b[0]:b[1]]


def _visit(p: Provision, at: int, depth: int, nodes: list[Node],
           keys: list[tuple[str, str, str, str, int] | None],
           spans: dict[int, tuple[int, int]]) -> None:
    """``Outline.of``: ``p`` and its descendants (``p`` at ``nodes[at]``, unless the root)."""
    start = len(nodes)
    table = False
    kids = 0
    for part in p.parts:
        if type(part) is Provision:
            kids += 1
            k = len(nodes)
            nodes.append(None)  # type: ignore[arg-type]
            keys.append(None)
            _visit(part, k, depth + 1, nodes, keys, spans)
        elif part.table:  # type: ignore[union-attr]
            table = True
    spans[id(p)] = (start, len(nodes))
    if at >= 0:
        nodes[at] = (p, depth - 1, table)
        keys[at] = (p.kind, p.num, p.label, p.text, kids)


@dataclass
class Memo:
    """What comparing two versions works out, kept for the other pairs of the same draft.

    A draft's pairs share most of their texts: each version is compared with the current
    one, so a law whose versions 1 to 5 differ in a few words and whose version 6 rewrote
    a hundred sections diffs the same hundred texts five times, and scores the same
    renumbered candidates five times, unless each answer is kept. Keyed by text, so an
    answer holds for any pair that meets the same texts. One per draft, handed down by its
    caller (``render/pages.py``), never module-wide: it lives as long as the draft's
    comparisons do.
    """

    diffs: dict[tuple[str, str], list[Op]] = field(default_factory=dict)
    bags: dict[str, tuple[Counter[str], int]] = field(default_factory=dict)  # with the total
    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    # id(root) -> the root (kept, so the id stays its own) and its outline
    outlines: dict[int, tuple[Provision, Outline]] = field(default_factory=dict)

    def outline(self, root: Provision) -> Outline:
        """The version's ``Outline``, walked once for all the draft's pairs that meet it."""
        kept = self.outlines.get(id(root))
        if kept is None:
            kept = self.outlines[id(root)] = (root, Outline.of(root))
        return kept[1]

    def clear(self) -> None:
        """Forget every answer (and the trees the outlines keep): the draft's pages are
        written, and the memo would otherwise hold both its versions' trees for the rest
        of the build."""
        self.diffs.clear()
        self.bags.clear()
        self.scores.clear()
        self.outlines.clear()

    def diff(self, old: str, new: str) -> list[Op]:
        """``diff_text(old, new)``, worked out once per pair of texts (the list is shared:
        never changed in place)."""
        if old == new:
            return [("=", old)] if old else []
        key = (old, new)
        ops = self.diffs.get(key)
        if ops is None:
            ops = self.diffs[key] = diff_text(old, new)
        return ops

    def bag(self, signature: str) -> tuple[Counter[str], int]:
        kept = self.bags.get(signature)
        if kept is None:
            counts = bag(signature)
            kept = self.bags[signature] = (counts, counts.total())
        return kept

    def score(self, a: str, b: str, threshold: float) -> float:
        """``similarity`` of the bags of two signatures, or 0.0 when it is certainly below
        ``threshold`` (the smaller bag's size bounds what they share)."""
        key = (a, b)
        score = self.scores.get(key)
        if score is not None:
            return score
        (bag_a, total_a), (bag_b, total_b) = self.bag(a), self.bag(b)
        total = total_a + total_b
        if not total:
            score = 1.0
        elif 2 * min(total_a, total_b) / total < threshold:
            return 0.0  # (not kept: another threshold may ask again)
        else:
            score = 2 * _shared(bag_a, bag_b) / total
        self.scores[key] = score
        return score


# ---------------------------------------------------------------- the result


@dataclass
class TableRow:
    status: Status
    cells: list[list[Op]]  # one per column of its table; [] where a side has no such cell


@dataclass
class TableDiff:
    """A table compared cell by cell: rows paired by their text or their first cell (a fee
    schedule's rows are named there), columns by their header."""

    columns: list[Tag]  # "=" a column of both tables, "-" only of the old, "+" only of the new
    rows: list[TableRow]  # the header row first


Block = list[Op] | TableDiff  # a run of text (its paragraphs joined by newlines), or a table


@dataclass
class Layout:
    """A row's own text as the reader sees it: its heading, then its text and tables."""

    heading: list[Op] | None  # None unless the provision is a headed one (``## Section 3. Fees``)
    blocks: list[Block]


@dataclass
class Row:
    status: Status
    depth: int
    old: Provision | None  # where it stood; None when added
    new: Provision | None  # where it stands; None when repealed
    ops: list[Op]  # its own text (heading, text, tables' cells) compared as one text
    moved: bool = False
    renumbered: bool = False
    _layout: Layout | None = field(default=None, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged" or self.moved or self.renumbered

    @property
    def layout(self) -> Layout:
        """Heading, text and tables compared apart, for the views (worked out when a view
        first asks; the comparison itself needs only ``ops``)."""
        if self._layout is None:
            self._layout = _layout(self)
        return self._layout

    @property
    def tables(self) -> list[TableDiff]:
        if not (has_table(self.old) or has_table(self.new)):
            return []
        return [b for b in self.layout.blocks if isinstance(b, TableDiff)]


@dataclass
class Summary:
    amended: int = 0
    added: int = 0
    repealed: int = 0
    moved: int = 0
    renumbered: int = 0

    @property
    def total(self) -> int:
        return self.amended + self.added + self.repealed + self.moved + self.renumbered


@dataclass
class Same:
    """A stretch of rows unchanged and in place, whose provisions are the same on both
    sides number for number and word for word (most of a law between two versions): all
    below a pair, or consecutive sibling pairs with all below them. Not made into rows: a
    redline page draws them straight from the versions' outlines (``render/fragments.py``),
    and ``Redline.rows`` makes them rows only when asked."""

    olds: list[Node]  # the stretch's provisions in the older version's outline
    news: list[Node]  # and in the newer's (depths: each in its own tree)
    depth: int  # the depth of its first row
    # Where it ends in each outline: a sibling pair that starts there extends it.
    old_end: int = -1
    new_end: int = -1

    def rows(self) -> list[Row]:
        """Its rows: each pair, unchanged (what pairing them one by one makes of them)."""
        shift = self.depth - self.news[0][1] if self.news else 0
        return [Row("unchanged", depth + shift, p, q, [("=", p.text)] if p.text else [])
                for (p, _, _), (q, depth, _) in zip(self.olds, self.news, strict=True)]

    @property
    def size(self) -> int:
        """How many rows it stands for."""
        return len(self.news)


class Redline:
    """A comparison's rows in reading order, and its summary.

    ``entries`` holds the rows, with each stretch of unchanged provisions whose descendants
    are all the same as one ``Same``; ``rows`` is every row, those included (made on first
    use).
    """

    def __init__(self, entries: list[Row | Same] | None = None,
                 summary: Summary | None = None) -> None:
        self.entries: list[Row | Same] = entries if entries is not None else []
        self.summary = summary if summary is not None else Summary()
        self._rows: list[Row] | None = None

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            rows: list[Row] = []
            for entry in self.entries:
                if type(entry) is Same:
                    rows += entry.rows()
                else:
                    rows.append(entry)  # type: ignore[arg-type]
            self._rows = rows
        return self._rows


# ---------------------------------------------------------------- headings and tables


Piece = str | list[list[str]]  # text, or a table's cells


def has_table(p: Provision | None) -> bool:
    """Whether a provision's own text holds a table (asked of every row: kept quick)."""
    if p is not None:
        for part in p.parts:  # (a loop, not any() over a generator: asked of every row)
            if type(part) is not Provision and part.table:
                return True
    return False


def provision_pieces(p: Provision) -> tuple[str | None, list[Piece]]:
    """A provision's heading (None if it has none) and its text and tables, in order.

    Joined with newlines, the heading and the pieces' text give ``p.text`` again.
    """
    heading = p.heading if p.is_heading else None
    body: list[Piece] = []
    texts: list[str] = []
    for f in p.fragments:
        if f.table:
            if texts:
                body.append("\n".join(texts))
                texts = []
            body.append(f.table)
        elif f.text:
            texts.append(f.text)
    if texts:
        body.append("\n".join(texts))
    return heading, body


def _one_sided(piece: Piece, tag: Tag) -> Block:
    if isinstance(piece, str):
        return [(tag, piece)] if piece else []
    columns: list[Tag] = [tag] * (len(piece[0]) if piece else 0)
    status: Status = "unchanged" if tag == "=" else "added" if tag == "+" else "repealed"
    return TableDiff(columns, [TableRow(status, [[(tag, c)] if c else [] for c in row])
                               for row in piece])


def _layout(row: Row) -> Layout:
    old, new = row.old, row.new
    if (row.status == "unchanged" and old is not None and new is not None and new.is_heading
            and old.is_heading and old.text == new.text and old.heading == new.heading
            and not has_table(new) and not has_table(old)):
        # The common case, kept quick: a headed provision as it was (its text is its heading,
        # a newline, and the rest).
        heading = new.heading
        rest = new.text[len(heading) + 1:] if heading else new.text
        return Layout([("=", heading)] if heading else [], [[("=", rest)]] if rest else [])
    structured = ((old is not None and old.is_heading) or (new is not None and new.is_heading)
                  or has_table(old) or has_table(new))
    # Only a provision's own parts are laid out: an implicit 款 (see _Aligner) has none.
    if not structured or (old is not None and old.text != old_text(row.ops)
                          and comparable(old.text) != comparable(old_text(row.ops))) or (
            new is not None and new.text != new_text(row.ops)):
        return Layout(None, [row.ops] if row.ops else [])
    if old is None or new is None:
        tag: Tag = "+" if old is None else "-"
        heading, body = provision_pieces(new or old)  # type: ignore[arg-type]
        return Layout(None if heading is None else _one_sided(heading, tag),  # type: ignore
                      [b for b in (_one_sided(x, tag) for x in body) if b])
    (old_heading, old_body), (new_heading, new_body) = provision_pieces(old), provision_pieces(new)
    if row.status == "unchanged" and (old_heading, old_body) == (new_heading, new_body):
        return Layout(None if new_heading is None else _one_sided(new_heading, "="),  # type: ignore
                      [b for b in (_one_sided(x, "=") for x in new_body) if b])
    heading = None
    if old_heading is not None or new_heading is not None:
        heading = diff_text(old_heading or "", new_heading or "")
    return Layout(heading, diff_blocks(old_body, new_body))


def diff_blocks(old: list[Piece], new: list[Piece]) -> list[Block]:
    """Text against text and table against table (paired by their header row), in order."""
    def key(piece: Piece) -> tuple:
        return ("text",) if isinstance(piece, str) else ("table", *(piece[0] if piece else ()))

    out: list[Block] = []
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        left = list(old[i1:i2])
        for piece in new[j1:j2]:
            kind = isinstance(piece, str)
            same = next((n for n, x in enumerate(left) if isinstance(x, str) == kind), None)
            if same is None:
                out.append(_one_sided(piece, "+"))
                continue
            out += [_one_sided(x, "-") for x in left[:same]]
            was = left[same]
            del left[: same + 1]
            if isinstance(piece, str):
                out.append(diff_text(was, piece))  # type: ignore[arg-type]
            else:
                out.append(diff_table(was, piece))  # type: ignore[arg-type]
        out += [_one_sided(x, "-") for x in left]
    return [b for b in out if b]


def _pair_in_order(olds: list, news: list, same) -> list[tuple[int | None, int | None]]:
    """Indices of ``olds`` and ``news`` paired in order where their keys (``same``) are
    equal; each of the rest stands alone, the old ones first, where they stood."""
    pairs: list[tuple[int | None, int | None]] = []
    keys_a, keys_b = [same(x) for x in olds], [same(x) for x in news]
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        olds_left, news_left = list(range(i1, i2)), list(range(j1, j2))
        pairs += [(i, None) for i in olds_left] + [(None, j) for j in news_left]
    return pairs


def diff_table(old: list[list[str]], new: list[list[str]]) -> TableDiff:
    """Cell by cell: columns matched by header, rows by their text, then by their first cell
    (the row's name: "Hosted rental"), then by being similar enough."""
    old_header, new_header = (old[0] if old else []), (new[0] if new else [])
    # A renamed header is the same column renamed; a header that is new or gone, a column.
    columns = _pair_leftovers(_pair_in_order(old_header, new_header, str), lambda i, j: True)
    rows: list[tuple[int | None, int | None]] = [(0, 0)]  # the header rows
    rows += [(None if i is None else i + 1, None if j is None else j + 1)
             for i, j in _pair_by_name(_pair_in_order(old[1:], new[1:], tuple), old[1:], new[1:])]
    out: list[TableRow] = []
    for i, j in rows:
        cells: list[list[Op]] = []
        for ci, cj in columns:
            a = old[i][ci] if i is not None and ci is not None and ci < len(old[i]) else None
            b = new[j][cj] if j is not None and cj is not None and cj < len(new[j]) else None
            if a is not None and b is not None:
                cells.append(diff_text(a, b))
            elif a is not None:
                cells.append([("-", a)] if a else [])
            elif b is not None:
                cells.append([("+", b)] if b else [])
            else:
                cells.append([])
        if i is None:
            status: Status = "added"
        elif j is None:
            status = "repealed"
        else:
            changed = any(tag != "=" for cell in cells for tag, _ in cell)
            status = "amended" if changed else "unchanged"
        out.append(TableRow(status, cells))
    tags: list[Tag] = ["=" if i is not None and j is not None else "-" if j is None else "+"
                       for i, j in columns]
    return TableDiff(tags, out)


Pairs = list[tuple[int | None, int | None]]


def _stretches(pairs: Pairs) -> Iterator[tuple[tuple[int | None, int | None] | None,
                                              list[int], list[int]]]:
    """Each pair that is already made, as ``(pair, [], [])``, and each stretch of unpaired
    items between them, as ``(None, olds, news)``: where the next pairing step looks."""
    k = 0
    while k < len(pairs):
        if pairs[k][0] is not None and pairs[k][1] is not None:
            yield pairs[k], [], []
            k += 1
            continue
        stretch = []
        while k < len(pairs) and (pairs[k][0] is None or pairs[k][1] is None):
            stretch.append(pairs[k])
            k += 1
        yield (None, [i for i, _ in stretch if i is not None],
               [j for _, j in stretch if j is not None])


def _pair_leftovers(pairs: Pairs, similar) -> Pairs:
    """Within each stretch of unpaired items, pair old and new in order where ``similar``
    says so; the unpaired old ones come first, where they stood."""
    out: Pairs = []
    for pair, olds, news in _stretches(pairs):
        if pair is not None:
            out.append(pair)
            continue
        matched: Pairs = []
        while olds and news and similar(olds[0], news[0]):
            matched.append((olds.pop(0), news.pop(0)))
        out += matched + [(i, None) for i in olds] + [(None, j) for j in news]
    return out


def _pair_by_name(pairs: Pairs, old: list[list[str]], new: list[list[str]]) -> Pairs:
    """Rows left unpaired by their whole text: the same first cell is the same row, amended;
    otherwise a row similar enough to its counterpart in the same place is."""
    out: Pairs = []
    for pair, olds, news in _stretches(pairs):
        if pair is not None:
            out.append(pair)
            continue
        by_name = _pair_in_order([old[i] for i in olds], [new[j] for j in news],
                                 lambda row: row[0] if row else "")
        named = [(None if a is None else olds[a], None if b is None else news[b])
                 for a, b in by_name]

        def alike(i: int, j: int) -> bool:
            return similarity(bag(" ".join(old[i])), bag(" ".join(new[j]))) >= KEY_SIMILARITY

        out += _pair_leftovers(named, alike)
    return out


# ---------------------------------------------------------------- pairing provisions


class _Aligner:
    """Pairs old and new provisions: by number among siblings, then by content."""

    def __init__(self, memo: Memo, old: Outline | None = None,
                 new: Outline | None = None) -> None:
        self.memo = memo
        self.old_outline = old if old is not None else Outline()
        self.new_outline = new if new is not None else Outline()
        self.to_old: dict[int, Provision] = {}  # id(new provision) -> old provision
        self.to_new: dict[int, Provision] = {}
        self.moved: set[int] = set()  # id(new provision)
        self._kids: dict[int, list[Provision]] = {}
        self._texts: dict[int, str] = {}  # own text, where an implicit 款 took it over
        self._signatures: dict[int, str] = {}
        # Whether pairing siblings left any old (new) provision unpaired: if not on either
        # side, nothing moved to another parent, and the trees need no second walk.
        self.left_old = self.left_new = False
        # Pairs whose descendants are all the same, number for number and word for word
        # (most of a law between two versions): paired in place as a whole, never one by
        # one, and drawn as unchanged rows straight from the trees (``Same``).
        self.same_old: set[int] = set()  # id(old provision)
        self.same_new: set[int] = set()  # id(new provision)
        self._same: dict[tuple[int, int], bool] = {}  # (ids of a pair) -> _same_below

    def kids(self, p: Provision) -> list[Provision]:
        """Children, computed once per provision (the model derives them on each call)."""
        kids = self._kids.get(id(p))
        if kids is None:
            kids = self._kids[id(p)] = p.children
        return kids

    def text(self, p: Provision) -> str:
        return self._texts.get(id(p), p.text)

    def same_below(self, old: Provision, new: Provision) -> bool:
        """``_same_below``, from the two versions' outlines (walked once each) where they
        hold the pair, and provision by provision where not (an implicit 款)."""
        same = self.old_outline.same_below(old, self.new_outline, new)
        return _same_below(old, new, self._same) if same is None else same

    def split_paragraphs(self, old: Provision, new: Provision) -> None:
        """An article that gains (or loses) a second 款 keeps its first one.

        With one paragraph the text is the article's own; with two it moves into
        ``para_1``. Treat the lone paragraph as an implicit ``para_1`` so the redline shows
        the new 款, not the whole article struck and re-added.
        """
        for one, many in ((old, new), (new, old)):
            if not one.text or many.text:  # (most provisions: asked before their children)
                continue
            kids = self.kids(many)
            if self.kids(one) or not kids or (kids[0].kind, kids[0].num) != ("para", "1"):
                continue
            implicit = Provision(kind="para", num="1", id=f"{one.id}__para_1", line=one.line,
                                 text=one.text)
            self._kids[id(one)] = [implicit]
            self._texts[id(one)] = ""

    def signature(self, p: Provision) -> str:
        """Own text and the own text of its children: enough to recognise it renumbered."""
        key = id(p)
        if key not in self._signatures:
            self._signatures[key] = "\n".join([self.text(p), *(self.text(c) for c in self.kids(p))])
        return self._signatures[key]

    def pair(self, old: Provision, new: Provision) -> None:
        self.to_old[id(new)] = old
        self.to_new[id(old)] = new

    def siblings(self, old: Provision, new: Provision) -> None:
        if bool(old.text) != bool(new.text):  # (one has text, the other none: see there)
            self.split_paragraphs(old, new)
        elif self.same_below(old, new):  # (what pairing one by one would find)
            self.same_old.add(id(old))
            self.same_new.add(id(new))
            return
        old_kids, new_kids = self.kids(old), self.kids(new)
        if not old_kids and not new_kids:
            return
        if _same_outline(old_kids, new_kids):  # the fast path: nothing here was renumbered
            to_new, to_old = self.to_new, self.to_old
            for p, q in zip(old_kids, new_kids, strict=True):
                if id(p) not in to_new and id(q) not in to_old:
                    to_old[id(q)], to_new[id(p)] = p, q
                    self.siblings(p, q)
                else:
                    self.left_old = self.left_new = True
            return
        olds = [p for p in old_kids if id(p) not in self.to_new]
        news = [q for q in new_kids if id(q) not in self.to_old]
        # 1. The same text: the same provision, wherever it stands now (renumbered, moved).
        self.by_content(olds, news, fuzzy=False)
        # 2. Similar text: amended, and perhaps renumbered; the same number breaks ties.
        self.by_content(olds, news)
        # 3. What is left with the same number was amended beyond recognition.
        by_key = {(q.kind, q.num): q for q in news if id(q) not in self.to_old}
        for p in olds:
            q = by_key.get((p.kind, p.num))
            if id(p) not in self.to_new and q is not None and id(q) not in self.to_old:
                self.pair(p, q)
        self.mark_moves(old_kids, new_kids)
        self.left_old = self.left_old or any(id(p) not in self.to_new for p in old_kids)
        self.left_new = self.left_new or any(id(q) not in self.to_old for q in new_kids)
        in_new = {id(q) for q in new_kids}
        for p in old_kids:
            q = self.to_new.get(id(p))
            if q is not None and id(q) in in_new:
                self.siblings(p, q)

    def by_content(self, olds: list[Provision], news: list[Provision],
                   fuzzy: bool = True) -> list[Provision]:
        """Pair leftovers of the same kind by identical, or else similar, text.

        Similar pairs are taken best first. Candidates are limited to a window around the
        expected position, so a long code with many changes stays linear, not quadratic.
        Returns the new provisions paired.
        """
        paired = []
        if not fuzzy:
            free_new: dict[tuple[str, str], list[Provision]] = defaultdict(list)
            for q in news:
                if id(q) not in self.to_old:
                    free_new[(q.kind, self.signature(q))].append(q)
            for p in olds:
                candidates = free_new.get((p.kind, self.signature(p)))
                if id(p) not in self.to_new and candidates:
                    q = candidates.pop(0)
                    self.pair(p, q)
                    paired.append(q)
            return paired
        left_old = [(i, p) for i, p in enumerate(olds) if id(p) not in self.to_new]
        left_new = [(j, q) for j, q in enumerate(news) if id(q) not in self.to_old]
        window = WINDOW + abs(len(news) - len(olds))
        places = [i for i, _ in left_old]  # (in order: each window is a slice of them)
        signatures = [self.signature(p) for _, p in left_old]
        scored = []
        for j, q in left_new:
            first = bisect_left(places, j - window)
            last = bisect_right(places, j + window)
            signature = self.signature(q)
            for k in range(first, last):
                i, p = left_old[k]
                if p.kind != q.kind:
                    continue
                same_key = p.num == q.num
                threshold = KEY_SIMILARITY if same_key else MOVE_SIMILARITY
                score = self.memo.score(signatures[k], signature, threshold)
                if score >= threshold:
                    scored.append((score + (0.05 if same_key else 0.0), -abs(i - j), p, q))
        scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
        for _, _, p, q in scored:
            if id(p) not in self.to_new and id(q) not in self.to_old:
                self.pair(p, q)
                paired.append(q)
        return paired

    def mark_moves(self, olds: list[Provision], news: list[Provision]) -> None:
        """Siblings out of their old order moved; the longest run kept in order did not."""
        position = {id(p): i for i, p in enumerate(olds)}
        seq = [(position[id(self.to_old[id(q)])], q) for q in news
               if id(q) in self.to_old and id(self.to_old[id(q)]) in position]
        keep = _longest_increasing([k for k, _ in seq])
        for n, (_, q) in enumerate(seq):
            if n not in keep:
                self.moved.add(id(q))

    def across_parents(self, old_root: Provision, new_root: Provision) -> None:
        """Provisions moved to another parent: pair the top-most leftovers by content."""
        if not (self.left_old and self.left_new):
            return
        olds = _unpaired_tops(old_root, self.to_new, self.kids, self.same_old)
        news = _unpaired_tops(new_root, self.to_old, self.kids, self.same_new)
        for q in self.by_content(olds, news):
            self.moved.add(id(q))
            self.siblings(self.to_old[id(q)], q)


def _same_outline(olds: list[Provision], news: list[Provision]) -> bool:
    """The same numbers in the same order, each with the same own text."""
    return len(olds) == len(news) and all(
        p.kind == q.kind and p.num == q.num and p.text == q.text
        for p, q in zip(olds, news, strict=True)
    )


def _same_below(old: Provision, new: Provision, known: dict[tuple[int, int], bool]) -> bool:
    """Whether two provisions' descendants are the same: numbers, labels and own texts, in
    the same order (their own texts aside). Pairing them one by one would pair each in
    place, unchanged, neither moved nor renumbered.

    ``known`` keeps each answer by the pair, so a section asked about as part of its chapter
    is not walked again when it is asked about itself (by the pair, as pairing by content
    may give a provision another partner than the one it stands beside)."""
    key = (id(old), id(new))
    same = known.get(key)
    if same is not None:
        return same
    olds = [p for p in old.parts if type(p) is Provision]  # (``children``, a little quicker)
    news = [q for q in new.parts if type(q) is Provision]
    same = len(olds) == len(news)
    if same:
        for p, q in zip(olds, news, strict=True):
            if (p.text != q.text or p.num != q.num or p.kind != q.kind or p.label != q.label
                    or not _same_below(p, q, known)):
                same = False
                break
    known[key] = same
    return same


def _unpaired_tops(root: Provision, paired: dict[int, Provision], kids,
                   same: set[int]) -> list[Provision]:
    out: list[Provision] = []
    _unpaired_below(root, paired, kids, same, out)
    return out


def _unpaired_below(p: Provision, paired: dict[int, Provision], kids, same: set[int],
                    out: list[Provision]) -> None:
    """``_unpaired_tops``'s walk (a function of its own: a recursive closure is a reference
    cycle, which would keep ``paired``, and both trees, until the collector finds it)."""
    if id(p) in same:  # (everything below it is paired)
        return
    for c in kids(p):
        if id(c) in paired:
            _unpaired_below(c, paired, kids, same, out)
        else:
            out.append(c)


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_index.append(i)
        else:
            tails[k] = v
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep


# ---------------------------------------------------------------- rows in reading order


class _Rows:
    def __init__(self, aligner: _Aligner):
        self.a = aligner
        self.rows: list[Row | Same] = []

    def subtree(self, p: Provision, depth: int, status: Status) -> None:
        tag: Tag = "+" if status == "added" else "-"
        text = self.a.text(p)
        self.rows.append(Row(status, depth, None if status == "added" else p,
                             p if status == "added" else None, [(tag, text)] if text else []))
        for c in self.a.kids(p):
            self.subtree(c, depth + 1, status)

    def paired(self, p: Provision, q: Provision, depth: int) -> None:
        ops = self.a.memo.diff(self.a.text(p), self.a.text(q))
        # (most pairs: one kept run, or none)
        amended = ops[0][0] != "=" if len(ops) == 1 else any(tag != "=" for tag, _ in ops)
        self.rows.append(Row("amended" if amended else "unchanged", depth, p, q,
                             ops, moved=id(q) in self.a.moved, renumbered=p.label != q.label))
        self.children(p, q, depth + 1)

    def children(self, old: Provision | None, new: Provision, depth: int) -> None:
        """New children in order, with repealed old ones where they used to stand."""
        if old is not None and id(new) in self.a.same_new:
            self.same(old, new, depth)
            return
        olds = self.a.kids(old) if old is not None else []
        position = {id(p): i for i, p in enumerate(olds)}
        same_new, moved, texts = self.a.same_new, self.a.moved, self.a._texts
        done = 0
        for q in self.a.kids(new):
            p = self.a.to_old.get(id(q))
            if p is not None and id(p) in position and id(q) not in self.a.moved:
                self.repealed(olds[done : position[id(p)]], depth)
                done = max(done, position[id(p)] + 1)
            if p is None:
                self.subtree(q, depth, "added")
            elif (id(q) in same_new and p.text == q.text and p.label == q.label
                  and id(q) not in moved and id(p) not in texts and id(q) not in texts):
                self.same(p, q, depth, whole=True)  # unchanged, and all below it the same
            else:
                self.paired(p, q, depth)
        self.repealed(olds[done:], depth)

    def same(self, old: Provision, new: Provision, depth: int, whole: bool = False) -> None:
        """The rows below a pair whose descendants are all the same (with ``whole``, the
        pair's own row too: it is unchanged and in place) as a ``Same``, or as the end of
        the one before, when that ends where this begins in both outlines."""
        a = self.a.old_outline.spans.get(id(old))
        b = self.a.new_outline.spans.get(id(new))
        if a is None or b is None:  # (an implicit 款: made by the comparison, no outline)
            if whole:
                self.paired(old, new, depth)
            else:
                self.rows += same_rows(old, new, depth)
            return
        (old_start, old_end), (new_start, new_end) = a, b
        if whole:
            old_start, new_start = old_start - 1, new_start - 1
        elif old_start == old_end:  # (nothing below it)
            return
        last = self.rows[-1] if self.rows else None
        olds = self.a.old_outline.nodes[old_start:old_end]
        news = self.a.new_outline.nodes[new_start:new_end]
        if type(last) is Same and (last.old_end, last.new_end) == (old_start, new_start):
            last.olds += olds
            last.news += news
            last.old_end, last.new_end = old_end, new_end
        else:
            self.rows.append(Same(olds, news, depth, old_end, new_end))

    def repealed(self, olds: list[Provision], depth: int) -> None:
        for p in olds:
            if id(p) not in self.a.to_new:
                self.subtree(p, depth, "repealed")


def same_rows(old: Provision, new: Provision, depth: int) -> list[Row]:
    """The rows below a pair whose descendants are all the same (``_same_below``): what
    pairing them one by one makes of each, unchanged. (Where the pair has no outline.)"""
    rows = []
    news = [q for q in new.parts if type(q) is Provision]
    for p, q in zip([p for p in old.parts if type(p) is Provision], news, strict=True):
        text = p.text
        rows.append(Row("unchanged", depth, p, q, [("=", text)] if text else []))
        rows += same_rows(p, q, depth + 1)
    return rows


def _summarise(rows: list[Row | Same]) -> Summary:
    """Counts a reader expects: an added section counts once, not once per subsection."""
    s = Summary()
    parents: list[Row] = []
    for row in rows:
        if type(row) is Same:  # (unchanged rows, all deeper than the row after them)
            continue
        del parents[row.depth :]
        parent = parents[-1] if parents else None
        if row.status == "added" and (parent is None or parent.status != "added"):
            s.added += 1
        elif row.status == "repealed" and (parent is None or parent.status != "repealed"):
            s.repealed += 1
        elif row.status == "amended":
            s.amended += 1
        if row.moved:
            s.moved += 1
        elif row.renumbered and row.status not in ("added", "repealed"):
            s.renumbered += 1
        parents.append(row)
    return s


def compare(old: Provision, new: Provision, memo: Memo | None = None) -> Redline:
    """Redline between two parsed versions (their root provisions).

    ``memo``: what comparing other pairs of the same draft worked out (see ``Memo``); the
    result is the same with or without it.
    """
    memo = Memo() if memo is None else memo
    aligner = _Aligner(memo, memo.outline(old), memo.outline(new))
    aligner.siblings(old, new)
    aligner.across_parents(old, new)
    rows = _Rows(aligner)
    preamble = diff_text(old.text, new.text)
    if preamble:  # the root's own text: an enacting clause before the first provision
        changed = any(tag != "=" for tag, _ in preamble)
        rows.rows.append(Row("amended" if changed else "unchanged", 0, old, new, preamble))
    rows.children(old, new, 0)
    return Redline(rows.rows, _summarise(rows.rows))


# ---------------------------------------------------------------- JSON (docket diff, site data)


def _side_json(p: Provision | None, citation: str) -> dict[str, str] | None:
    if p is None or p.kind == "root":
        return None
    return {"id": p.id, "label": p.label, "title": p.title, "citation": citation}


def _ops_json(ops: list[Op]) -> list[list[str]]:
    return [[tag, text] for tag, text in ops]


def table_json(table: TableDiff) -> dict:
    return {"columns": list(table.columns),
            "rows": [{"status": row.status, "cells": [_ops_json(cell) for cell in row.cells]}
                     for row in table.rows]}


def to_json(redline: Redline, cite: Callable[[Row], tuple[str, str]] | None = None) -> dict:
    """The documented JSON shape (README, "docket diff"): summary, then rows in reading order.

    ``cite`` gives each row's citation on either side (``Sec. 3(a)(1)``); without it a
    provision's label stands in.
    """
    s = redline.summary
    rows = []
    for r in redline.rows:
        old_cite, new_cite = cite(r) if cite else (r.old.label if r.old else "",
                                                   r.new.label if r.new else "")
        rows.append({"status": r.status, "moved": r.moved, "renumbered": r.renumbered,
                     "depth": r.depth, "old": _side_json(r.old, old_cite),
                     "new": _side_json(r.new, new_cite), "ops": _ops_json(r.ops),
                     "tables": [table_json(t) for t in r.tables]})
    return {
        "summary": {"amended": s.amended, "added": s.added, "repealed": s.repealed,
                    "moved": s.moved, "renumbered": s.renumbered},
        "rows": rows,
    }
