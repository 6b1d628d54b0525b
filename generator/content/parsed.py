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

from ..provisions import parser
from ..provisions.parser import ParsedVersion


class TextCache(Protocol):
    """Where parsed texts are kept between uses (see the module)."""

    def parsed(self, source: Source) -> ParsedVersion: ...


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

    def parse(self) -> ParsedVersion:
        """Parsed now, whatever any cache holds."""
        return parser.parse_version(self.text, self.path, self.line_offset)

    def __call__(self) -> ParsedVersion:
        return self.texts.parsed(self) if self.texts is not None else self.parse()

    def with_texts(self, texts: TextCache | None) -> Source:
        return replace(self, texts=texts)

    def __reduce__(self):
        return (Source, (self.text, self.path, self.line_offset))  # never the cache
