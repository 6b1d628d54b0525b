"""Sketches of comment texts for the campaign grouping: tokens, exact-duplicate key, shingles
and MinHash, computed in batches, in worker processes while the import reads.

**Why apart from the grouping.** Sketching a text needs nothing but the text, and it is most
of the work of finding campaigns; the grouping (``campaigns.py``) must visit the comments one
by one in the store's order. So texts are handed to a :class:`Sketcher` as soon as they are
known (an import adds each comment as it judges it, long before the store's order is
settled), sketched by worker processes meanwhile, and looked up when the grouping reaches
them. On a two-core machine the workers' sketching then overlaps the import's reading and
judging instead of following it.

**Why batches of arrays.** A batch comes back as four arrays (keys, MinHash values, shingle
offsets, shingles), not as an object per text: sending one array between processes costs a
copy, sending a hundred thousand small objects costs pickling each. The shingles and the
MinHash values of a batch are computed in a few numpy operations over all its texts
(``shingle_sets``, ``minhashes``), with exactly the arithmetic of datasketch's ``MinHash``
(its ``affine32`` scheme: MurmurHash3's finalizer, then ``a * h + b`` modulo 2**32 for each
of the fixed-seed permutations; ``tests/comments/test_campaigns.py`` checks the two agree).

**Workers are a speed-up, never a condition** (``workers.py``): below a chunk of comments,
or if they cannot start or die, the texts are sketched in this process instead, with the
same result.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

from .workers import COUNT, Workers

SHINGLE = 3  # tokens per shingle
NUM_PERM = 64  # MinHash permutations: enough for a 0.5 threshold, cheap to compute
SEED = 1  # of the MinHash permutations: fixed, so every run sketches alike
BATCH = 2_000  # texts sent to a worker at a time
WORKERS = COUNT  # processes sketching texts while the main one reads and groups
MULTIPLIER = 0x9E3779B1  # of the shingle hash: combines a shingle's token hashes
MASK32 = 0xFFFFFFFF
SPAN = 65_536  # shingles permuted at a time by ``minhashes`` (bounds its memory: 16 MB)

# Scripts written without spaces between words: each character is a token.
CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
       "\U00020000-\U0003134f")
TOKEN = re.compile(f"[{CJK}]|[^\\W_{CJK}]+")
# Punctuation inside a word (p.m., don't, e-mail): dropped, not a word break, so a copy
# with its punctuation stripped reads the same.
INSIDE = re.compile(r"(?<=[^\W_])[.'’\-](?=[^\W_])")
# The same two patterns for a text all in ASCII (NFKC leaves it as it is, case-folding is
# lower-casing, a word character is a letter, a digit or "_"): simpler, so quicker to run.
ASCII_TOKEN = re.compile(r"[a-z0-9]+")
ASCII_INSIDE = re.compile(r"(?<=[a-z0-9])[.'\-](?=[a-z0-9])")


def tokens(text: str) -> list[str]:
    """The words (and CJK characters) of ``text``, case-folded and width-normalised, with
    punctuation and whitespace gone: what two copies of one letter have in common. A text
    without a word (👍, ?!) is its characters but spaces: with none at all, 👍 and 👎 would
    read as copies of one letter."""
    if text.isascii():
        words = ASCII_TOKEN.findall(ASCII_INSIDE.sub("", text.lower()))
    else:
        words = TOKEN.findall(INSIDE.sub("", unicodedata.normalize("NFKC", text).casefold()))
    return words or [c for c in unicodedata.normalize("NFKC", text).casefold()
                     if not c.isspace()]


def text_key(words: list[str]) -> bytes:
    """Exact-duplicate key: equal for texts that differ only in case, width, whitespace
    and punctuation."""
    return hashlib.blake2b("\x1f".join(words).encode(), digest_size=8).digest()


def verbatim(text: str) -> bytes:
    """A hash of the text as written: a copy seen before is not tokenised again."""
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def shingles(words: list[str], crc: dict[str, int] | None = None) -> np.ndarray:
    """The sorted, distinct 32-bit hashes of every ``SHINGLE`` consecutive tokens of one
    text (a text shorter than that is one shingle): ``shingle_sets`` for a single text."""
    offsets, flat = shingle_sets([words], {} if crc is None else crc)
    return flat[offsets[0]:offsets[1]]


def shingle_sets(texts: list[list[str]], crc: dict[str, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Each text's sorted, distinct shingle hashes, all at once: (offsets, shingles), text
    ``i``'s set being ``shingles[offsets[i]:offsets[i + 1]]``.

    A shingle's hash combines its tokens' CRC-32s, ``h = (h * MULTIPLIER + crc) mod 2**32``
    token by token from 0; a text of fewer than ``SHINGLE`` tokens is one shingle of all of
    them (none: the hash 0). ``crc`` remembers each token's CRC-32 for this batch."""
    lengths = np.fromiter((len(words) for words in texts), dtype=np.int64, count=len(texts))
    hashed = []
    for words in texts:
        values = list(map(crc.get, words))
        if None in values:
            for number, word in enumerate(words):
                if values[number] is None:
                    values[number] = crc[word] = zlib.crc32(word.encode())
        hashed += values
    flat = np.array(hashed, dtype=np.uint64)
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    # Every window of SHINGLE tokens inside one text...
    count = max(len(flat) - SHINGLE + 1, 0)
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):
        combined = (combined * np.uint64(MULTIPLIER) + flat[offset:offset + count]) \
            & np.uint64(MASK32)
    inside = owner[:count] == owner[SHINGLE - 1:SHINGLE - 1 + count] if count else \
        np.zeros(0, dtype=bool)
    values = [combined[inside]]
    owners = [owner[:count][inside]]
    # ...and, for a text shorter than that, one shingle of all its tokens.
    short = np.flatnonzero(lengths < SHINGLE)
    if len(short):
        whole = np.zeros(len(short), dtype=np.uint64)
        for step in range(SHINGLE - 1):
            has = lengths[short] > step
            at = np.where(has, starts[short] + step, 0)
            whole = np.where(has, (whole * np.uint64(MULTIPLIER) + flat[at] if len(flat) else
                                   whole) & np.uint64(MASK32), whole)
        values.append(whole)
        owners.append(short)
    # Sorted by text, then by hash; a pair equal to the one before it is a repeat.
    pairs = (np.concatenate(owners).astype(np.uint64) << np.uint64(32)) | np.concatenate(values)
    pairs.sort()
    if len(pairs):
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    offsets = np.searchsorted(pairs >> np.uint64(32),
                              np.arange(len(texts) + 1, dtype=np.uint64))
    return offsets.astype(np.int64), (pairs & np.uint64(MASK32)).astype(np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer: the pre-mix datasketch's ``affine32`` MinHash
    applies to every input hash (uint32 arithmetic wraps around, as it must)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The fixed-seed permutations (a, b) datasketch draws for ``NUM_PERM`` and ``SEED``."""
    from datasketch import MinHash  # (loads scipy: only where a sketch is made)

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def minhashes(offsets: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """The MinHash values of each set of ``shingle_sets`` (one row per text, uint32): what
    ``MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int).update_batch(set)`` computes,
    for many sets at a time. Every set has at least one element."""
    a, b = permutations()
    mixed = _fmix32(flat.astype(np.uint32))
    out = np.empty((len(offsets) - 1, NUM_PERM), dtype=np.uint32)
    first = 0
    while first < len(offsets) - 1:
        # As many whole sets as fit in SPAN shingles (at least one).
        last = max(int(np.searchsorted(offsets, offsets[first] + SPAN, side="right")) - 1,
                   first + 1)
        part = mixed[offsets[first]:offsets[last], None] * a + b
        out[first:last] = np.minimum.reduceat(part, offsets[first:last] - offsets[first],
                                              axis=0)
        first = last
    return out


@dataclass
class SketchBatch:
    """The sketches of a batch of texts, as arrays: text ``i``'s exact-duplicate key is
    ``keys[8 * i:8 * i + 8]``, its shingles ``shingles[offsets[i]:offsets[i + 1]]``, its
    MinHash values ``hashvalues[i]``."""

    keys: bytes
    offsets: np.ndarray
    shingles: np.ndarray
    hashvalues: np.ndarray

    def key(self, i: int) -> bytes:
        return self.keys[8 * i:8 * i + 8]

    def shingles_of(self, i: int) -> np.ndarray:
        return self.shingles[self.offsets[i]:self.offsets[i + 1]]


def sketch_texts(texts: list[str]) -> SketchBatch:
    """Tokens, key, shingles and MinHash of each text: the costly, independent part of
    grouping, run in worker processes for a large store. Nothing is kept between calls
    (a worker's state is this call's)."""
    words = [tokens(text) for text in texts]
    keys = b"".join(text_key(w) for w in words)
    offsets, flat = shingle_sets(words, {})
    return SketchBatch(keys, offsets, flat, minhashes(offsets, flat))


class _Part:
    """Texts sent to a worker, until their batch comes back (or is sketched here instead)."""

    def __init__(self, digests: list[bytes], texts: list[str], future: Future | None) -> None:
        self.digests = digests
        self.texts = texts
        self.future = future


class Sketcher:
    """Texts sketched ahead of the grouping, known by their ``verbatim`` hash.

    ``add`` a text as soon as it is known (a copy seen before costs a hash), or ``put`` the
    sketches a worker made along with other work (an import's judging); ``get`` a sketch
    when the grouping reaches its text. Texts added go to the ``workers`` a batch at a time
    once they run; otherwise, and whenever they fail, a batch is sketched here when one of
    its texts is first asked for."""

    def __init__(self, workers: Workers, batch: int | None = None) -> None:
        self.workers = workers
        self.batch = BATCH if batch is None else batch
        # Verbatim hash -> where its sketch is; None once the grouping has taken it (so the
        # batch is freed when all its texts are grouped, and a copy is not sketched again).
        self.sketched: dict[bytes, tuple[SketchBatch, int] | None] = {}
        self.queued: set[bytes] = set()  # added, not yet back
        self.pending: list[tuple[bytes, str]] = []  # added, not yet sent
        self.parts: deque[_Part] = deque()  # sent, not yet back

    def add(self, text: str) -> bytes:
        """Queue ``text`` for sketching unless it was seen before; its verbatim hash."""
        digest = verbatim(text)
        self.workers.note()
        if digest not in self.sketched and digest not in self.queued:
            self.queued.add(digest)
            self.pending.append((digest, text))
            if self.workers.running and len(self.pending) >= self.batch:
                self._send()
        return digest

    def put(self, digests: list[bytes], batch: SketchBatch) -> None:
        """Sketches made elsewhere: text ``i`` of ``batch`` has the verbatim hash
        ``digests[i]`` (a text already known keeps the sketch it has)."""
        for at, digest in enumerate(digests):
            if digest not in self.sketched and digest not in self.queued:
                self.sketched[digest] = (batch, at)

    def flush(self) -> None:
        """Send what is queued to the workers now (the grouping is about to need it)."""
        if self.workers.running and self.pending:
            self._send()

    def get(self, digest: bytes, text: str) -> tuple[SketchBatch, int]:
        """The batch holding the sketch of ``text`` (whose verbatim hash is ``digest``),
        and its place there. Each text is taken once: asked for again (the same text in
        another draft's grouping), it is sketched again."""
        found = self.sketched.get(digest)
        while found is None:
            if digest not in self.queued:
                self.queued.add(digest)
                self.pending.append((digest, text))
            self._collect()
            found = self.sketched.get(digest)
        self.sketched[digest] = None
        return found

    def _send(self) -> None:
        """Send the queued texts to the workers, a batch at a time."""
        pending, self.pending = self.pending, []
        for at in range(0, len(pending), self.batch):
            part = pending[at:at + self.batch]
            texts = [text for _, text in part]
            future = self.workers.submit(sketch_texts, texts)
            self.parts.append(_Part([digest for digest, _ in part], texts, future))

    def _collect(self) -> None:
        """Take the oldest batch back (sketching it here if it was never sent or its
        worker failed)."""
        if not self.parts:
            pending, self.pending = self.pending, []
            self.parts.append(_Part([d for d, _ in pending], [t for _, t in pending], None))
        part = self.parts.popleft()
        result = self.workers.result(part.future, sketch_texts, part.texts)
        for at, digest in enumerate(part.digests):
            self.sketched[digest] = (result, at)
            self.queued.discard(digest)
