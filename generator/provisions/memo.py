"""What a draft's versions have in common, parsed by markdown-it once.

A draft's versions repeat most of each other's text (a committee substitute changes a few
words of the introduced text and adds a subsection), and markdown-it-py's parse is about
half of parsing a version. A ``ParseMemo`` is made for one draft, from the texts of all its
versions, by whoever parses them together (the build's analyse stage), and handed to
``parse_version``: each text is cut into top-level chunks at lines that begin a block
whatever came before them (a heading, an article, a subsection), each chunk that more than
one text (or one text twice) holds is parsed once, and every other use of it gets its
tokens with their line maps moved to where it stands. The tokens themselves, not copies:
the texts are parsed one after the other, each text's tokens are done with before the next
text is parsed (``parse_version`` keeps none), and Docket reads them without changing them
(where it would change one, a tight list's ``hidden``, the title's tag, a paragraph's links,
it puts a copy in its place: ``copy_token``). Only a chunk a text holds twice gets a copy
for its second place. The chunks a memo does not hold yet are parsed as runs (the whole
text, for the first version), not one by one: a parse has a fixed cost, and a statute's
chunks are a paragraph or two.

Where a cut may not be a block boundary, or chunks depend on each other, a text is parsed
whole, as without a memo: the tokens are the same either way (``tests/test_parse_memo.py``
compares them on the examples, the real-law samples and hostile inputs).

Why a line can start a chunk: it begins at column 0, follows a blank line, is outside a
fenced code block, and starts neither a list item nor a block quote. After a blank line
no paragraph is open (so nothing is a lazy continuation), a list item goes on only with an
indented line, a block quote only with ``>``, indented code only with an indented line;
raw HTML blocks are off (``markdown.py``). What remains is a fenced code block opened at
the top level, which runs across blank lines: fences are followed line by line, and a text
with a fence-like line that is indented (which may sit in a list item) is parsed whole. And
what ties chunks together: a link reference definition (``[x]: /url``) serves links
anywhere, so a text with ``]:`` is parsed whole.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it.token import Token

from .external import ENV_KEY
from .markdown import markdown_for, normalized

# A line at column 0 after a blank line that starts neither a list item nor a block quote
_CUT = re.compile(r"\n[ \t]*\n(?=[^-+*>0-9 \t\n])")
_LIST_OR_QUOTE = frozenset("-+*>0123456789")


def _fence_opening(line: str) -> tuple[str, int] | None:
    """The marker and length of a fence this column-0 line opens (CommonMark: three or more
    backticks or tildes; a backtick fence's info string has no backtick)."""
    marker = line[0]
    if marker not in "`~":
        return None
    length = len(line) - len(line.lstrip(marker))
    if length < 3 or (marker == "`" and "`" in line[length:]):
        return None
    return marker, length


def _closes(line: str, fence: tuple[str, int]) -> bool:
    """Whether ``line`` closes ``fence`` (at column 0: indented fence lines are ruled out
    before): the same marker, at least as long, nothing after it but spaces."""
    marker, length = fence
    run = len(line) - len(line.lstrip(marker))
    return run >= length and not line[run:].strip(" \t")


Fences = tuple[tuple[int, int | None], ...]  # (first line, line after the closing one)


def chunks(text: str) -> list[tuple[int, str, Fences]] | None:
    """``text`` (normalized) cut before each line that begins a block whatever came before
    it (see the module): the first line, the text and the fenced code blocks of each chunk
    (lines counted from the chunk's first; an unclosed fence's end None), or None when it
    must be parsed whole (see the module)."""
    if "]:" in text:
        return None
    if "```" in text or "~~~" in text:
        return _chunks_around_fences(text)
    found: list[tuple[int, str, Fences]] = []
    line = start = 0
    for match in _CUT.finditer(text):
        cut = match.end()
        found.append((line, text[start:cut], ()))
        line += text.count("\n", start, cut)
        start = cut
    found.append((line, text[start:], ()))
    return found


def _chunks_around_fences(text: str) -> list[tuple[int, str, Fences]] | None:
    """``chunks`` for a text with fence-like lines: read line by line, so that no cut falls
    inside a fenced code block."""
    found: list[tuple[int, str, Fences]] = []
    start_line = start_char = position = 0
    fence: tuple[str, int] | None = None
    fences: list[tuple[int, int | None]] = []  # those of the chunk being read
    blank = False  # whether the line before was blank
    for number, line in enumerate(text.split("\n")):
        here, position = position, position + len(line) + 1
        content = line.lstrip(" \t")
        if content is not line and content[:3] in ("```", "~~~"):
            return None  # an indented fence: maybe in a list item, maybe not
        if fence is not None:
            if content is line and _closes(line, fence):
                fence = None
                fences[-1] = (fences[-1][0], number + 1 - start_line)
            blank = False
            continue
        if not content:
            blank = True
            continue
        if content is line and (opening := _fence_opening(line)):
            fence = opening
            fences.append((number - start_line, None))
        elif blank and content is line and line[0] not in _LIST_OR_QUOTE and number:
            found.append((start_line, text[start_char:here], tuple(fences)))
            start_line, start_char, fences = number, here, []
        blank = False
    found.append((start_line, text[start_char:], tuple(fences)))
    return found


def _fences_agree(tokens: list[Token], fences: Fences) -> bool:
    """Whether markdown-it read the chunk's top-level fenced code blocks where the cut did
    (a guard on the line-by-line reading: a fence it missed, or one read longer or shorter,
    could have put a cut inside a fence)."""
    read = [t.map for t in tokens if t.type == "fence" and t.level == 0 and t.map]
    return len(read) == len(fences) and all(
        m[0] == first and (end is None or m[1] == end)
        for m, (first, end) in zip(read, fences, strict=True))


Chunk = tuple[list[Token], list[tuple[int, str]]]  # tokens and external images, from line 0


@dataclass
class Kept:
    """A chunk's tokens as a memo keeps them for a later use."""

    tokens: list[Token]
    images: list[tuple[int, str]]  # its external images, from line 0
    at: int  # the line the tokens' maps start at now (where they were last used)
    parse: int  # the parse that last used them (``ParseMemo._parses``)


class ParseMemo:
    """markdown-it's tokens of the chunks a draft's texts share (see the module). Made from
    all the texts that will be parsed with it, so it keeps a chunk only while a later use
    is to come. The tokens ``parse`` gives are the caller's to read until it parses the
    next text, never to change: a later text may be given the same tokens."""

    def __init__(self, texts: Iterable[str]):
        self._cut: dict[str, list[tuple[int, str, Fences]] | None] = {}
        self._uses: Counter[str] = Counter()
        for text in texts:
            cut = self._cut[text] = chunks(normalized(text))
            self._uses.update(chunk for _line, chunk, _fences in cut or ())
        self._kept: dict[str, Kept] = {}
        self._parses = 0  # texts parsed so far: which parse last used kept tokens

    def parse(self, text: str, env: dict) -> list[Token]:
        """markdown-it's tokens of ``text`` (and its ``env``), as ``markdown().parse``
        gives them (to read, not to change: see the class)."""
        self._parses += 1
        cut = self._cut.pop(text) if text in self._cut else chunks(normalized(text))
        if cut is None or len(cut) == 1:
            return markdown_for(text).parse(text, env)
        pieces: list[Chunk | None] = [self._take(chunk, first) if chunk in self._kept else None
                                      for first, chunk, _fences in cut]
        start = 0
        while start < len(cut):
            if pieces[start] is not None:
                start += 1
                continue
            end = start + 1
            while end < len(cut) and pieces[end] is None:
                end += 1
            if not self._parse_run(cut[start:end], pieces, start):
                env.clear()
                return markdown_for(text).parse(text, env)
            start = end
        tokens: list[Token] = []
        images: list[tuple[int, str]] = []
        for piece in pieces:
            tokens += piece[0]  # type: ignore[index]
            images += piece[1]  # type: ignore[index]
        env[ENV_KEY] = images
        return tokens

    def skip(self, text: str) -> None:
        """``text`` will not be parsed with the memo after all (a parse of it was kept from
        an earlier build): its chunks have one use fewer, so none is kept, or copied, for
        it."""
        for _line, chunk, _fences in self._cut.pop(text, None) or ():
            uses = self._uses[chunk] - 1
            if uses > 0:
                self._uses[chunk] = uses
            else:
                del self._uses[chunk]
                self._kept.pop(chunk, None)

    def _take(self, chunk: str, first: int) -> Chunk:
        """A kept chunk for this use, its lines moved to ``first``: the kept tokens
        themselves (an earlier text is done with them), but a copy when this text already
        uses them (a chunk it holds twice)."""
        kept = self._kept[chunk]
        images = [(line + first, src) for line, src in kept.images]
        if kept.parse == self._parses:
            tokens = [copy_token(t, first - kept.at) for t in kept.tokens]
        else:
            tokens = kept.tokens
            _shift(tokens, first - kept.at)
            kept.at, kept.parse = first, self._parses
        uses = self._uses[chunk] - 1
        if uses > 0:
            self._uses[chunk] = uses
        else:
            del self._kept[chunk], self._uses[chunk]
        return tokens, images

    def _parse_run(self, run: list[tuple[int, str, Fences]], pieces: list[Chunk | None],
                   at: int) -> bool:
        """Parse consecutive chunks the memo does not hold in one go, and put each chunk's
        tokens in ``pieces`` (from index ``at``), keeping those a later use will want. False
        if they do not stand alone after all (markdown-it left something else in its env,
        or read fences where the cut did not): the text is then parsed whole."""
        base = run[0][0]
        source = "".join(chunk for _first, chunk, _fences in run)
        env: dict = {}
        tokens = markdown_for(source).parse(source, env)
        expected = tuple((first - base + line, end if end is None else first - base + end)
                         for first, _chunk, fences in run for line, end in fences)
        if set(env) - {ENV_KEY} or (  # (no fence without three backticks or tildes)
                (expected or "```" in source or "~~~" in source)
                and not _fences_agree(tokens, expected)):
            return False
        starts = [first - base for first, _chunk, _fences in run]
        split: list[list[Token]] = [[] for _ in run] if len(run) > 1 else [tokens]
        k = 0
        for token in tokens if len(run) > 1 else ():  # each top-level block lies in one
            if token.level == 0 and token.map is not None:  # chunk: where it starts
                while k + 1 < len(starts) and token.map[0] >= starts[k + 1]:
                    k += 1
            split[k].append(token)
        found: list[list[tuple[int, str]]] = [[] for _ in run]
        for line, src in env.get(ENV_KEY, []):
            k = max(i for i, s in enumerate(starts) if s <= line)
            found[k].append((line + base, src))
        _shift(tokens, base)
        for k, (first, chunk, _fences) in enumerate(run):
            chunk_tokens = split[k]
            uses = self._uses.get(chunk, 0)
            if uses > 1:  # kept for the later uses (this one's tokens, at ``first``)
                self._uses[chunk] = uses - 1
                self._kept[chunk] = Kept(chunk_tokens,
                                         [(line - first, src) for line, src in found[k]],
                                         first, self._parses)
            else:  # its last use (a chunk kept for an earlier place in this run goes too)
                self._uses.pop(chunk, None)
                self._kept.pop(chunk, None)
            pieces[at + k] = chunk_tokens, found[k]
        return True


def _shift(tokens: list[Token], lines: int) -> None:
    """Move the tokens' maps down by ``lines``."""
    if lines:
        for token in tokens:
            if (span := token.map) is not None:
                token.map = [span[0] + lines, span[1] + lines]


def copy_token(token: Token, shift: int = 0) -> Token:
    """A copy of ``token``, its map moved down by ``shift`` lines, that shares nothing Docket
    changes with it: its attributes, map, meta and list of children are its own. The
    children themselves (inline tokens) are shared: after the parse Docket replaces an
    inline token's children (with links), it never changes one. What Docket changes in a
    token after the parse, it changes in such a copy (see the module).

    Made field by field, not by ``Token(...)``: a third of the time (the constructor's
    defaults and its ``__post_init__`` are for tokens built by hand). ``tests/test_parse_memo.py``
    checks that every field of ``Token`` is copied, so a new one in markdown-it fails there,
    not here.
    """
    copy = _new(Token)
    copy.type = token.type
    copy.tag = token.tag
    copy.nesting = token.nesting
    copy.attrs = dict(token.attrs) if token.attrs else {}
    span = token.map
    copy.map = [span[0] + shift, span[1] + shift] if span is not None else None
    copy.level = token.level
    children = token.children
    copy.children = list(children) if children is not None else None
    copy.content = token.content
    copy.markup = token.markup
    copy.info = token.info
    copy.meta = dict(token.meta) if token.meta else {}
    copy.block = token.block
    copy.hidden = token.hidden
    return copy


_new = object.__new__
