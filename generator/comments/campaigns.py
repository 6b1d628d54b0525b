"""Campaigns: form letters, found and counted, as agencies report mass mail campaigns.

A campaign is a group of at least two comments that say the same thing: exact duplicates
once case, width, whitespace and punctuation are set aside, and near-duplicates (the same
letter with a name signed under it, a few words changed, a sentence added). Pages and
summaries can then show a campaign once, with its count, while each comment in it keeps its
own record and its own link.

**How, in three steps, each cheaper than the next would be alone.**

1. *Exact.* Every text is reduced to its tokens (``tokens``): NFKC, case-folded, words for
   alphabetic text and single characters for CJK (Chinese is not written with spaces, so
   a character is the unit a "few characters changed" changes), punctuation and
   whitespace dropped. The tokens' hash is the text's key; a million comments that are
   mostly copies of twenty letters become a few hundred thousand distinct keys, and only
   those go further.
2. *Candidates.* Each distinct key's shingles (every run of ``SHINGLE`` consecutive
   tokens: word 3-grams in English, character 3-grams in Chinese) are sketched with
   MinHash and looked up in a MinHash LSH index (``datasketch``), which answers with the
   texts likely to share at least ``THRESHOLD`` of their shingles, in time that does not
   grow with the corpus.
3. *Exact similarity.* Only those candidates are compared exactly (Jaccard over the
   shingle sets); a pair at or above ``THRESHOLD`` is joined (union-find).

**Shared over the cores.** Steps 1 and 2's sketching (tokens, key, shingles, MinHash) is
most of the time and needs nothing but the text, so it is done apart (``sketches.py``): by
``WORKERS`` processes for a store large enough to fill a chunk of ``CHUNK`` comments, a
chunk ahead of the main process, or, in an import, as the rows are judged, long before the
grouping starts (``judging.py``). The main process does the rest in the order given: the
same groups, ids and representatives as one process would find.

The index holds *leaders* only: a text that matches an indexed one joins it and is not
indexed itself. Otherwise every copy of a popular letter would be a candidate for every
other (a quadratic number of comparisons); with leaders, a variant is compared with the
few texts that stand for its letter. A text that matches two leaders joins them both.

**Deterministic.** Hashes are content hashes (BLAKE2 and CRC-32, not Python's salted
``hash``), the MinHash permutations come from a fixed seed, and comments are visited in the
order given (the store's, by id). The same comments always give the same groups.

**Stable ids (the rule).** A campaign's id is kept across re-runs and new arrivals:

- a group whose members already carry campaign ids keeps the id most of them carry (ties:
  the smaller id); if two groups claim the same old id (a campaign split), the larger
  group keeps it (ties: the group whose representative comes first) and the other gets a
  new one;
- a group with no old id gets ``CMP-XXXX-XXXX``, drawn from a hash of its representative's
  normalised text (the next hash in the sequence if that id is taken), so two clones of a
  project grouping the same comments agree.

So a comment arriving later joins its letter's campaign under the id it already had, and
ids change only when campaigns really merge or split.

**The representative** is the group's most common normalised text (ties: the one seen
first), shown by the first comment with its most common spelling: for a form letter, the
letter as sent.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path

import numpy as np

from .sketches import NUM_PERM, SEED, WORKERS, SketchBatch, Sketcher, text_key, tokens
from .store import Transaction, as_line, comments_file, lines_of, locked
from .workers import CHUNK, Workers

__all__ = ["CHUNK", "WORKERS", "assign", "group", "regroup", "text_key", "tokens"]

THRESHOLD = 0.5  # Jaccard similarity of shingle sets at which two texts are one letter
PREFIX = "CMP"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32, as comment ids use


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted sets of shingle hashes."""
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    common = int(np.count_nonzero(b[at] == a))
    return common / (len(a) + len(b) - common)


@dataclass
class Campaign:
    """A group of comments saying the same thing: its id, how many, and the comment whose
    text stands for all of them."""

    id: str
    count: int
    representative: str  # the id of a comment with the group's most common text
    members: list[str] = field(default_factory=list)  # comment ids, in the order given


@dataclass
class Grouping:
    """Every campaign found, largest first, and each grouped comment's campaign id
    (a comment in no campaign is not in ``assignment``)."""

    campaigns: list[Campaign]
    assignment: dict[str, str]
    changed: int = 0  # comments whose campaign id this grouping changes (``assign``)


class _Parents:
    """Union-find over distinct texts; the smaller index is the root, so roots are stable."""

    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group(comments: Iterable[tuple[str, str, str]], threshold: float = THRESHOLD,
          workers: int = 1, chunk_size: int = CHUNK, sketcher: Sketcher | None = None
          ) -> Grouping:
    """Campaigns among ``comments``: (comment id, text, campaign id it has now or "").

    Streams, a chunk of comments at a time: the texts of a chunk not seen before go to the
    ``sketcher`` (``sketches.py``: in ``workers`` processes once ``chunk_size`` comments
    have come, while this process groups the chunk before), then the chunk is grouped in
    the order given, so the result is the same however the work was shared. An import
    passes the sketcher it has been filling as it read, so most texts are sketched by then.
    What it keeps per comment is its id and a number; per distinct text, a count and (for
    leaders only) a shingle set."""
    grouper = _Grouper(threshold)
    pool = Workers(workers, start_at=chunk_size)
    if sketcher is None:
        sketcher = Sketcher(pool)
    try:
        behind: list[tuple[str, bytes, str, str]] | None = None
        for chunk in _chunks(comments, chunk_size):
            items = [(comment_id, sketcher.add(text), old, text)
                     for comment_id, text, old in chunk]
            sketcher.flush()
            if behind is not None:
                grouper.take(behind, sketcher)
            behind = items
        if behind is not None:
            grouper.take(behind, sketcher)
    finally:
        pool.close()
    return grouper.result()


class _Grouper:
    """The sequential part of ``group``: exact keys, LSH queries, union-find, counts."""

    def __init__(self, threshold: float) -> None:
        # datasketch loads scipy (about half a second): imported by the grouping that uses
        # it, not by every command that reaches this module (the summary reads its tokens).
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        # One sketch for the queries: the index keeps a sketch's band hashes, not it.
        self.sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
        self.keys: dict[bytes, int] = {}  # text key -> distinct text number
        self.key_of: list[bytes] = []
        self.counts: list[int] = []
        self.leaders: dict[int, np.ndarray] = {}  # distinct text number -> its shingles
        self.parents = _Parents()
        self.ids: list[str] = []
        self.text_of = array("q")  # per comment, its distinct text number
        self.old_ids: dict[str, str] = {}  # comment id -> campaign id it had (if any)
        # Verbatim hash -> [distinct text number, copies, first comment]: the most common
        # spelling is the one shown.
        self.seen: dict[bytes, list[int]] = {}
        self.shown: list[list[int]] = []  # per distinct text, its most common spelling

    def take(self, items: list[tuple[str, bytes, str, str]], sketcher: Sketcher) -> None:
        """Group one chunk: (comment id, verbatim hash, old campaign id, text) in order;
        the sketch of a text not seen before comes from ``sketcher``."""
        seen, keys, counts, shown = self.seen, self.keys, self.counts, self.shown
        for comment_id, digest, old, text in items:
            spelling = seen.get(digest)
            if spelling is None:
                batch, at = sketcher.get(digest, text)
                key = batch.key(at)
                spelling = seen[digest] = [keys.get(key, -1), 0, len(self.ids)]
                if spelling[0] < 0:
                    spelling[0] = self._new_text(key, batch, at)
                    shown.append(spelling)
            number = spelling[0]
            counts[number] += 1
            spelling[1] += 1
            if spelling[1] > shown[number][1]:
                shown[number] = spelling
            self.ids.append(comment_id)
            self.text_of.append(number)
            if old:
                self.old_ids[comment_id] = old

    def _new_text(self, key: bytes, batch: SketchBatch, at: int) -> int:
        """A distinct text: joined to every leader it matches, or made a leader."""
        number = self.keys[key] = self.parents.add()
        self.key_of.append(key)
        self.counts.append(0)
        self.sketch.hashvalues = batch.hashvalues[at]
        found = batch.shingles_of(at)
        matched = False
        for candidate in sorted(self.lsh.query(self.sketch)):
            if jaccard(found, self.leaders[candidate]) >= self.threshold:
                self.parents.union(number, candidate)
                matched = True
        if not matched:
            self.lsh.insert(number, self.sketch, check_duplication=False)
            self.leaders[number] = found.copy()
        return number

    def result(self) -> Grouping:
        first = [spelling[2] for spelling in self.shown]
        return _campaigns(self.ids, self.text_of, self.counts, self.key_of, first,
                          self.parents, self.old_ids)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _campaigns(ids: list[str], text_of: Iterable[int], counts: list[int], key_of: list[bytes],
               first: list[int], parents: _Parents, old_ids: dict[str, str]) -> Grouping:
    """Campaigns from the groups: ``first`` is, per distinct text, the first comment (an
    index into ``ids``) written in its most common spelling."""
    size: Counter[int] = Counter()
    for number, count in enumerate(counts):
        size[parents.find(number)] += count
    members: dict[int, list[str]] = {}
    for comment_id, number in zip(ids, text_of, strict=True):
        root = parents.find(number)
        if size[root] >= 2:
            members.setdefault(root, []).append(comment_id)
    best: dict[int, int] = {}  # root -> its most common distinct text (first seen on a tie)
    for number, count in enumerate(counts):
        root = parents.find(number)
        if root in members and (root not in best or count > counts[best[root]]):
            best[root] = number
    representative = {root: ids[first[number]] for root, number in best.items()}

    # Largest first (ties: the representative seen first): the order ids are settled in.
    order = sorted(members, key=lambda root: (-size[root], best[root]))
    taken: set[str] = set()
    named: dict[int, str] = {}
    for root in order:
        held = Counter(old_ids[c] for c in members[root] if c in old_ids)
        for old, _ in sorted(held.items(), key=lambda item: (-item[1], item[0])):
            if old not in taken:
                named[root] = old
                taken.add(old)
                break
    for root in order:
        if root not in named:
            named[root] = campaign_id(key_of[best[root]], taken.__contains__)
            taken.add(named[root])
    campaigns = [Campaign(named[root], size[root], representative[root], members[root])
                 for root in order]
    assignment = {c: campaign.id for campaign in campaigns for c in campaign.members}
    return Grouping(campaigns, assignment)


def campaign_id(key: bytes, taken) -> str:
    """``CMP-XXXX-XXXX`` from a text key: the first of its hash sequence not ``taken``."""
    attempt = 0
    while True:
        digest = hashlib.sha256(key + attempt.to_bytes(4, "big")).digest()
        bits = int.from_bytes(digest[:5], "big")
        chars = "".join(ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
        number = f"{PREFIX}-{chars[:4]}-{chars[4:]}"
        if not taken(number):
            return number
        attempt += 1


# ---------------------------------------------------------------- the store's lines


def assign(lines: Callable[[], Iterable[str]], workers: int = 1,
           sketcher: Sketcher | None = None) -> tuple[Grouping, Iterator[str]]:
    """Group the comments of a draft's store and give its lines back with each comment's
    campaign id set. ``lines`` is called twice and must give the same lines both times
    (the store read under its lock): once to group, once to write, so a million comments
    are never all in memory. A line whose campaign id does not change is given back byte
    for byte, so a re-run changes nothing. ``sketcher``: texts already being sketched
    (an import's, see ``group``)."""
    ids: list[str] = []
    olds: list[str] = []
    known: dict[str, str] = {}  # one string per campaign id, however many comments share it

    def comments() -> Iterator[tuple[str, str, str]]:
        for line in lines():
            comment_id, text, old = grouped_fields(line)
            old = known.setdefault(old, old)
            ids.append(comment_id)
            olds.append(old)
            yield comment_id, text, old

    grouping = group(comments(), workers=workers, sketcher=sketcher)
    grouping.changed = sum(grouping.assignment.get(i, "") != old
                           for i, old in zip(ids, olds, strict=True))

    def rewritten() -> Iterator[str]:
        for number, line in enumerate(lines()):
            want = grouping.assignment.get(ids[number], "")
            yield line if want == olds[number] else with_campaign(line, olds[number], want)

    return grouping, rewritten()


_ID = '{"id": "'
_TEXT = '"comment": "'
_CAMPAIGN = '"campaign_id": "'


def grouped_fields(line: str) -> tuple[str, str, str]:
    """(id, comment, campaign id) of one line of the store: what grouping reads of it.

    Read where ``as_line`` puts them, decoding only the comment's JSON string: inside a JSON
    string every quote is escaped, so ``"comment": "`` can only be the field itself. A line
    written another way (by hand) is decoded whole."""
    at = line.find(_TEXT)
    mark = line.find(_CAMPAIGN)
    if line.startswith(_ID) and at > 0 and mark > 0:
        comment_id, _ = scanstring(line, len(_ID))
        text, _ = scanstring(line, at + len(_TEXT))
        old, _ = scanstring(line, mark + len(_CAMPAIGN))
        return comment_id, text, old
    value = json.loads(line)
    return (str(value.get("id", "")), str(value.get("comment", "")),
            str(value.get("campaign_id") or ""))


def with_campaign(line: str, old: str, new: str) -> str:
    """``line`` (one record of the store) with its campaign id ``old`` made ``new``.

    The field is replaced in the text: inside a JSON string every quote is escaped, so
    ``"campaign_id": "`` can only be the field itself. A line written some other way (by
    hand, with other spacing) is decoded and encoded again instead."""
    field_was = f'"campaign_id": {json.dumps(old, ensure_ascii=False)}'
    if line.count(field_was) == 1:
        return line.replace(field_was, f'"campaign_id": {json.dumps(new)}')
    value = json.loads(line)
    value["campaign_id"] = new
    return as_line(value)


def regroup(root: Path, slug: str, workers: int = 1) -> tuple[Grouping, dict[str, str]]:
    """``docket comments campaigns SLUG``: group the draft's stored comments again and write
    the ids that changed (in one transaction; nothing at all when none did). Returns the
    grouping and the text of each campaign's representative, by comment id."""
    path = comments_file(root, slug)
    with locked(root):
        def lines() -> Iterator[str]:
            return (line for _, line, _ in lines_of(path, root))

        grouping, rewritten = assign(lines, workers)
        if grouping.changed:
            transaction = Transaction(root)
            transaction.stage(path, rewritten)
            transaction.commit()
        wanted = {c.representative for c in grouping.campaigns}
        texts = {str(v.get("id")): str(v.get("comment", ""))
                 for _, _, v in lines_of(path, root) if v.get("id") in wanted}
    return grouping, texts
