"""Where a comment stands now: the provision it was made on, followed into the current text.

A comment keeps the version it was made on (``Comment.version``) and the provision there
(``provision_id``). When later versions renumber or move provisions, a reader of the current
text wants it under the provision it is about now: a comment on Section 4 "Penalties" of
the first reading belongs with Penalties after it becomes Section 5. The pairing is the one
the redlines use (``redline.compare``: by number and content, moves and renumbering
included), so the comment pages and the compare page never disagree about what became of a
provision. Each (draft, version) pair is compared once per :class:`Placer`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Draft, Provision, Version
from ..provisions.citation import citations
from ..redline import compare
from .record import Comment

WHOLE = "the draft as a whole"


@dataclass
class Placement:
    """A comment's provision as the current text cites it, and what happened to it."""

    citation: str  # "Section 5", "第十一条第一款", or WHOLE
    provision_id: str  # its id in the current version ("" for the whole draft, or if gone)
    order: int  # its place in the current version's document order (for sorting counts)
    note: str = ""  # "on Section 4 of “First reading”, now Section 5"


@dataclass
class Placer:
    """Places comments of one draft; remembers each version's pairing with the current."""

    draft: Draft
    _moves: dict[str, dict[int, Provision | None]] = field(default_factory=dict)
    _cites: dict[str, dict[str, str]] = field(default_factory=dict)

    def cites(self, version: Version) -> dict[str, str]:
        if version.slug not in self._cites:
            self._cites[version.slug] = citations(version)
        return self._cites[version.slug]

    def moves(self, version: Version) -> dict[int, Provision | None]:
        """id() of each provision of ``version`` -> the current version's provision it
        became (None: repealed since)."""
        if version.slug not in self._moves:
            redline = compare(version.root, self.draft.current.root)
            self._moves[version.slug] = {id(row.old): row.new for row in redline.rows
                                         if row.old is not None}
        return self._moves[version.slug]

    def place(self, comment: Comment) -> Placement:
        current = self.draft.current
        order = {pid: n for n, pid in enumerate(self.cites(current))}
        if not comment.provision_id:
            return Placement(WHOLE, "", -1)
        versions = {v.slug: v for v in self.draft.versions}
        version = versions.get(comment.version)
        if version is None or comment.provision_id not in version.index:
            return Placement(f"{comment.provision_id} (not in {comment.version})", "",
                             len(order), "unknown provision")
        was = self.cites(version)[comment.provision_id]
        if version is current:
            return Placement(was, comment.provision_id, order[comment.provision_id])
        became = self.moves(version).get(id(version.index[comment.provision_id]))
        label = version.meta.label
        if became is None:
            return Placement(was, "", len(order), f"on {was} of “{label}”, repealed since")
        now = self.cites(current).get(became.id, became.id)
        note = f"on {was} of “{label}”, now {now}" if now != was else ""
        return Placement(now, became.id, order.get(became.id, len(order)), note)
