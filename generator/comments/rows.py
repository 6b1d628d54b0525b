"""What an importer hands on: a source's rows, read but not yet judged.

An importer knows one source's shape (its columns, its JSON, its database) and nothing of
Docket's rules; ``normalise.py`` knows the rules and nothing of any source. Between them
is :class:`Row`: the values under Docket's field names, where the row is in the source
(so a problem can be reported as ``path:line``), and the row as it was read (so a row that
fails is quarantined whole, never lost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..problems import Problem

# The fields an importer may fill, by the names the built-in form uses (providers/base.py),
# plus what other sources carry: the time received, a phone, a street address, the source's
# own tracking number, attached files, and whether the commenter withdrew the comment.
FIELDS = (
    "draft", "version", "provision", "name", "email", "organisation", "respondent_type",
    "locality", "position", "comment", "publish_name", "received", "phone", "street_address",
    "tracking_number", "attachments", "withdrawn", "late", "source_id",
)
Unit = Literal["line", "item", "row"]


@dataclass
class Row:
    """One submission: ``values`` by the names in FIELDS; ``raw`` as the source had it."""

    at: int  # its line in a CSV file, its position in a JSON list, its row id in a database
    unit: Unit
    source_id: str
    values: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class NotComment:
    """A row that is not a public comment (an agency's own document, another form's
    submission, a spam-flagged entry): counted and left out, as the source meant it."""

    at: int
    unit: Unit
    why: str


@dataclass
class Unreadable:
    """A row that cannot be read at all: it goes to quarantine with the reason."""

    at: int
    unit: Unit
    reason: str
    raw: dict[str, Any] = field(default_factory=dict)


class SourceError(Exception):
    """The source as a whole cannot be read (not the format named, not UTF-8, broken CSV
    quoting): the import stops before touching the store, with ``path:line`` problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
