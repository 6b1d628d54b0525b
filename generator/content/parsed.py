"""A version's text waiting to be parsed: parsed on first use, in the process that renders it.

``parse_version`` is a pure function of the text, its path and its line offset (and of
Docket's code), so a parsed text can serve every build that reads the same text: a
``Source`` handed a cache (``texts``; the build wing's ``ParsedTexts``) asks it first. The
cache is never pickled with the source (drafts kept between builds are pickled), so a draft
taken from such a pickle is handed the cache again (``with_texts``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Protocol

from ..model import Version
from ..provisions import parser
from ..provisions.memo import ParseMemo
from ..provisions.parser import ParsedVersion


class TextCache(Protocol):
    """Where parsed texts are kept between uses (see the module)."""

    def parsed(self, source: Source, memo: ParseMemo | None = None) -> ParsedVersion: ...


@dataclass(frozen=True)
class Source:
    """A version's text, waiting to be parsed: calling it parses (once per distinct text,
    with ``texts``)."""

    text: str
    path: str
    line_offset: int = 0
    texts: TextCache | None = field(default=None, compare=False, repr=False)

    @cached_property
    def key(self) -> str:
        h = hashlib.blake2b(self.text.encode(), digest_size=20)
        h.update(f"\0{self.path}\0{self.line_offset}".encode())
        return h.hexdigest()

    def parse(self, memo: ParseMemo | None = None) -> ParsedVersion:
        """Parsed now, whatever any cache holds (``memo``: the draft's, see
        ``parse_version``)."""
        return parser.parse_version(self.text, self.path, self.line_offset, memo)

    def __call__(self, memo: ParseMemo | None = None) -> ParsedVersion:
        return self.texts.parsed(self, memo) if self.texts is not None else self.parse(memo)

    def with_texts(self, texts: TextCache | None) -> Source:
        return replace(self, texts=texts)

    def __reduce__(self):
        return (Source, (self.text, self.path, self.line_offset))  # never the cache


def parse_together(versions: list[Version]) -> None:
    """Parse ``versions`` (a draft's) that are not parsed yet with one ``ParseMemo``: what
    they have in common is read by markdown-it once. The result is the same as parsing each
    on its own (which is what a version alone gets: it has nothing to share)."""
    waiting = [v for v in versions if not v.is_parsed and isinstance(v.parse, Source)]
    if len(waiting) < 2:
        return
    memo = ParseMemo(v.parse.text for v in waiting)  # type: ignore[union-attr]
    for version in waiting:
        version.parse_with(memo)
