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
most of the time and needs nothing but the text, so for a store large enough to fill a
chunk of ``CHUNK`` comments it runs in ``WORKERS`` processes (``sketch_texts``), a chunk
ahead of the main process, which does the rest in the order given: the same groups, ids
and representatives as one process would find.

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
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from json.decoder import scanstring
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from .store import Transaction, as_line, comments_file, lines_of, locked

SHINGLE = 3  # tokens per shingle
THRESHOLD = 0.5  # Jaccard similarity of shingle sets at which two texts are one letter
NUM_PERM = 64  # MinHash permutations: enough for a 0.5 threshold, cheap to compute
SEED = 1  # of the MinHash permutations: fixed, so every run sketches alike
PREFIX = "CMP"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32, as comment ids use

# Scripts written without spaces between words: each character is a token.
CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
       "\U00020000-\U0003134f")
TOKEN = re.compile(f"[{CJK}]|[^\\W_{CJK}]+")
# Punctuation inside a word (p.m., don't, e-mail): dropped, not a word break, so a copy
# with its punctuation stripped reads the same.
INSIDE = re.compile(r"(?<=[^\W_])[.'’\-](?=[^\W_])")


def tokens(text: str) -> list[str]:
    """The words (and CJK characters) of ``text``, case-folded and width-normalised, with
    punctuation and whitespace gone: what two copies of one letter have in common."""
    return TOKEN.findall(INSIDE.sub("", unicodedata.normalize("NFKC", text).casefold()))


def text_key(words: list[str]) -> bytes:
    """Exact-duplicate key: equal for texts that differ only in case, width, whitespace
    and punctuation."""
    return hashlib.blake2b("\x1f".join(words).encode(), digest_size=8).digest()


def shingles(words: list[str], crc: dict[str, int]) -> np.ndarray:
    """The sorted, distinct 32-bit hashes of every ``SHINGLE`` consecutive tokens (a text
    shorter than that is one shingle). ``crc`` remembers each token's hash for this run."""
    hashed = list(map(crc.get, words))
    if None in hashed:
        for number, word in enumerate(words):
            if hashed[number] is None:
                hashed[number] = crc[word] = zlib.crc32(word.encode())
    if not hashed:
        return np.zeros(1, dtype=np.uint32)
    values = np.array(hashed, dtype=np.uint64)
    if len(values) < SHINGLE:
        combined = np.array([_combine(values)], dtype=np.uint64)
    else:
        combined = np.zeros(len(values) - SHINGLE + 1, dtype=np.uint64)
        for offset in range(SHINGLE):
            part = values[offset:len(values) - SHINGLE + 1 + offset]
            combined = (combined * np.uint64(0x9E3779B1) + part) & np.uint64(0xFFFFFFFF)
    return np.unique(combined.astype(np.uint32))


def _combine(values: np.ndarray) -> int:
    combined = 0
    for value in values.tolist():
        combined = (combined * 0x9E3779B1 + value) & 0xFFFFFFFF
    return combined


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted sets of shingle hashes."""
    common = len(np.intersect1d(a, b, assume_unique=True))
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


@dataclass
class Sketched:
    """What the candidate search needs of one text, computed apart (``sketch_texts``): its
    exact-duplicate key, its shingle set and its MinHash values."""

    key: bytes
    shingles: np.ndarray
    hashvalues: np.ndarray


def verbatim(text: str) -> bytes:
    """A hash of the text as written: a copy seen before is not tokenised again."""
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def sketch_texts(texts: list[str]) -> list[Sketched]:
    """Tokens, key, shingles and MinHash of each text: the costly, independent part of
    grouping, run in worker processes for a large store (``group``). Nothing is kept
    between calls (a worker's state is this call's)."""
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    crc: dict[str, int] = {}
    out = []
    for text in texts:
        words = tokens(text)
        found = shingles(words, crc)
        sketch.clear()
        sketch.update_batch(found.tolist())
        out.append(Sketched(text_key(words), found, sketch.hashvalues.copy()))
    return out


CHUNK = 20_000  # comments read ahead at a time; the first full chunk starts the workers
# Processes sketching texts while the main one groups (this machine: 2 cores). Only the
# ``docket`` command asks for them: a worker process starts by importing the program's main
# module, which for a script without a ``__main__`` guard would run the script again.
WORKERS = 2


def group(comments: Iterable[tuple[str, str, str]], threshold: float = THRESHOLD,
          workers: int = 1, chunk_size: int = CHUNK) -> Grouping:
    """Campaigns among ``comments``: (comment id, text, campaign id it has now or "").

    Streams, a chunk of comments at a time: the texts of a chunk not seen before are
    sketched (``sketch_texts``: in ``workers`` processes once the store is large enough
    to fill a chunk, while the main process groups the chunk before), then grouped in
    the order given, so the result is the same however the work was shared. What it keeps
    per comment is its id and a number; per distinct text, a count and (for leaders only)
    a sketch and a shingle set."""
    grouper = _Grouper(threshold)
    pool = None
    behind: tuple[list[tuple[str, bytes, str]], tuple[list[bytes], Any]] | None = None
    submitted: set[bytes] = set()
    try:
        for chunk in _chunks(comments, chunk_size):
            items, novel, texts = [], [], []
            for comment_id, text, old in chunk:
                digest = verbatim(text)
                items.append((comment_id, digest, old))
                if digest not in submitted:
                    submitted.add(digest)
                    novel.append(digest)
                    texts.append(text)
            if pool is None and workers > 1 and len(chunk) == chunk_size:
                pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            job = _Job.start(pool, texts, workers) if pool is not None else sketch_texts(texts)
            if isinstance(job, _Job) and not job.futures and pool is not None:
                pool.shutdown(cancel_futures=True)  # broken: the rest is sketched here
                pool, workers = None, 1
            if behind is not None:
                grouper.take(*behind)
            behind = (items, (novel, job))
        if behind is not None:
            grouper.take(*behind)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return grouper.result()


class _Job:
    """One chunk's texts being sketched by the workers, in as many parts as there are.

    Workers are a speed-up, never a condition: if they cannot start or die (a program that
    imports this without a ``__main__`` guard, a worker killed by the system), the texts
    are sketched here instead, with the same result."""

    def __init__(self, texts: list[str], futures: list[tuple[int, int, Future]]) -> None:
        self.texts = texts
        self.futures = futures  # (start, end, future) of each part

    @classmethod
    def start(cls, pool: ProcessPoolExecutor | None, texts: list[str], parts: int) -> _Job:
        size = -(-len(texts) // parts) or 1
        futures = []
        if pool is not None:
            try:
                for at in range(0, len(texts), size):
                    part = texts[at:at + size]
                    futures.append((at, at + len(part), pool.submit(sketch_texts, part)))
            except (BrokenProcessPool, RuntimeError, OSError):
                futures = []
        return cls(texts, futures)

    def result(self) -> list[Sketched]:
        if not self.futures:
            return sketch_texts(self.texts)
        done: list[Sketched] = []
        for start, end, future in self.futures:
            try:
                done += future.result()
            except (BrokenProcessPool, OSError):
                done += sketch_texts(self.texts[start:end])
        return done


class _Grouper:
    """The sequential part of ``group``: exact keys, LSH queries, union-find, counts."""

    def __init__(self, threshold: float) -> None:
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
        self.text_of: list[int] = []  # per comment, its distinct text number
        self.old_ids: dict[str, str] = {}  # comment id -> campaign id it had (if any)
        # Verbatim hash -> [distinct text number, copies, first comment]: the most common
        # spelling is the one shown.
        self.seen: dict[bytes, list[int]] = {}
        self.shown: list[list[int]] = []  # per distinct text, its most common spelling

    def take(self, items: list[tuple[str, bytes, str]], sketched) -> None:
        """Group one chunk: (comment id, verbatim hash, old campaign id) in order, with the
        sketches of the texts first seen in it."""
        novel, job = sketched
        done = job.result() if isinstance(job, _Job) else job
        fresh = dict(zip(novel, done, strict=True))
        seen, keys, counts, shown = self.seen, self.keys, self.counts, self.shown
        for comment_id, digest, old in items:
            spelling = seen.get(digest)
            if spelling is None:
                made = fresh[digest]
                spelling = seen[digest] = [keys.get(made.key, -1), 0, len(self.ids)]
                if spelling[0] < 0:
                    spelling[0] = self._new_text(made)
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

    def _new_text(self, made: Sketched) -> int:
        """A distinct text: joined to every leader it matches, or made a leader."""
        number = self.keys[made.key] = self.parents.add()
        self.key_of.append(made.key)
        self.counts.append(0)
        self.sketch.hashvalues = made.hashvalues
        matched = False
        for candidate in sorted(self.lsh.query(self.sketch)):
            if jaccard(made.shingles, self.leaders[candidate]) >= self.threshold:
                self.parents.union(number, candidate)
                matched = True
        if not matched:
            self.lsh.insert(number, self.sketch, check_duplication=False)
            self.leaders[number] = made.shingles
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


def _campaigns(ids: list[str], text_of: list[int], counts: list[int], key_of: list[bytes],
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


def assign(lines: Callable[[], Iterable[str]], workers: int = 1
           ) -> tuple[Grouping, Iterator[str]]:
    """Group the comments of a draft's store and give its lines back with each comment's
    campaign id set. ``lines`` is called twice and must give the same lines both times
    (the store read under its lock): once to group, once to write, so a million comments
    are never all in memory. A line whose campaign id does not change is given back byte
    for byte, so a re-run changes nothing."""
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

    grouping = group(comments(), workers=workers)
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
