"""Runs of numbers as the parser meets them: warn where one skips numbers or goes back.

``(a) (b) (e)``, ``§ 3`` after ``§ 5``, 第三条 after 第五条: a renumbering left half done, or
a provision lost. Real statutes number in ways that must not be flagged: inserted numbers
(``§ 12a``, ``Sec. 7A``, 第十条之一, ``(1a)``), repealed provisions kept as placeholders or
as a range (``§§ 2 bis 4 (weggefallen)``), numbering that starts again in each chapter or
runs through them all. These are warnings: the drafter decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from ..model import Provision
from ..problems import Problem
from .numbering import Number, is_roman, letter_to_int, repealed_range, roman_to_int

Key = tuple[tuple[int, str], ...]


def order_key(value: str) -> Key | None:
    """A number's place in its run: ``12a`` is (12, "a"), ``10-1`` (第十条之一) is (10,)(1,),
    ``II`` is 2, ``B`` is 2. None for a number of no known shape."""
    key = []
    for part in value.split("-"):
        if part.isascii() and part.isdigit():  # (most numbers: the pattern's answer, sooner)
            key.append((int(part), ""))
        elif m := re.fullmatch(r"(\d+)([A-Za-z]*)", part):
            key.append((int(m[1]), m[2].lower()))
        elif is_roman(part) and part.isupper():
            key.append((roman_to_int(part), ""))
        elif len(part) == 1 and part.isalpha():
            key.append((letter_to_int(part), ""))
        else:
            return None
    return tuple(key)


def sequence_problem(before: Key, after: Key) -> str | None:
    """``"back"`` if ``after`` comes before ``before``, ``"gap"`` if numbers were skipped
    between them (12 then 14, or 12a then 14; not 12 then 12b: inserted numbers are often
    repealed again), None when ``after`` follows on."""
    if after < before:
        return "back"
    for (b, _), (a, _) in zip(before, after, strict=False):
        if a != b:
            return "gap" if a > b + 1 else None
    return None


def _starts_run(key: Key) -> bool:
    return key.count((1, "")) == len(key)  # every part is 1: 1, (a), 第一条, 1-1


def _suffix(value: str) -> str:
    """``a`` of an inserted ``1a``; nothing for letters and Roman numerals."""
    return value.lstrip("0123456789") if value[:1].isdigit() else ""


@dataclass
class RunEnd:
    """The last number of a run seen so far: a section, an article, a chapter..."""

    label: str
    key: Key
    parent: Provision  # where it stands: numbering may start again in the next container
    before: RunEnd | None = None  # the end before this one, if this one went back


class NumberRuns:
    """Follows every run of a version's numbers, told by the tree builder as it places them."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.units: dict[str, RunEnd] = {}  # kind of structural unit -> the last one seen
        self.used: set[tuple[int | None, str, str]] = set()  # (container, kind, number)
        self.unread: set[str] = set()  # kinds of lines that looked numbered, since the last
        # (unit, enumeration style) -> the last item of that style: its label and order key
        self.enumerated: dict[tuple[int, str], tuple[str, Key]] = {}

    def _warn(self, what: str, line: int, label: str, before: str) -> None:
        message = ("numbering goes back" if what == "back" else "numbering skips") + (
            f": {label} follows {before}")
        self.problems.append(Problem(self.path, line, message, "warning"))

    def unit(self, provision: Provision, parent: Provision) -> None:
        """A numbered section, article, chapter..., checked against the last of its kind.

        Numbers run through the whole text (第一百条 after 第九十九条 in another chapter), or
        start again at one in each container (chapter 2's section 1): both are in order.
        A number used twice is already an error (its id is taken), so it is not a warning too;
        one number out of place is one warning, not one for it and one for the next.
        """
        key = order_key(provision.num)
        last = self.units.get(provision.kind)
        # Articles' ids are not prefixed by their container (see assign_ids).
        used = (None if provision.kind == "art" else id(parent), provision.kind, provision.num)
        if key is None:
            self.units.pop(provision.kind, None)
            return
        end = RunEnd(provision.label.rstrip("."), key, parent)
        if last is not None and used not in self.used and not (
                last.parent is not parent and _starts_run(key)):
            what = sequence_problem(last.key, key)
            outlier = last.before is not None and not sequence_problem(last.before.key, key)
            if what and not outlier and provision.kind not in self.unread:
                self._warn(what, provision.line, end.label, last.label)
            if what == "back":
                end.before = last
        self.used.add(used)
        self.units[provision.kind] = end
        self.unread.discard(provision.kind)

    def unnumbered(self, inline: Token) -> None:
        """An unnumbered heading or paragraph: a repealed range stands in for its numbers; a
        line that looked numbered but was not read (warned about on its own) explains the
        next gap in its kind's run."""
        if "unread_number" in inline.meta:
            self.unread.add(inline.meta["unread_number"][0])
        found = repealed_range(inline.content)
        last = self.units.get(found[0]) if found else None
        key = order_key(found[1]) if found else None
        if last is not None and key is not None and key > last.key:
            self.units[found[0]] = RunEnd(found[2], key, last.parent)

    def enumeration(self, number: Number, line: int, style: str, ordinal: int, unit: Provision,
                    before: Provision | None, before_ordinal: int,
                    repeated: bool) -> None:
        """(e) after (b), (2) after (3), or a run starting at (c).

        ``before``: the item this one follows at its level, if that level is open (its
        ordinal; ``repeated``: whether an item of that level already has this number). A
        level closed by text between its items (a Chinese 款 after 项) is remembered per
        ``unit``, so (一), a paragraph, (二) is in order. A Markdown list may start where it
        likes (15.).
        """
        value = number.value
        suffix = value.lstrip("0123456789") if value[:1].isdigit() else ""  # (_suffix)
        key = ((ordinal, suffix),)
        slot = (id(unit), style)
        previous = self.enumerated.get(slot)
        self.enumerated[slot] = (number.label, key)
        if ordinal == 1 and not suffix:  # a list that starts again is a new list (list_N),
            return  # in order (``_starts_run``)
        if before is not None:
            if repeated:  # a number used twice: an error already (assign_ids)
                return
            if ordinal == before_ordinal + 1:  # the next number: in order, whatever the
                return  # suffixes (``sequence_problem``'s most common answer, sooner)
            if what := sequence_problem(((before_ordinal, _suffix(before.num)),), key):
                self._warn(what, line, number.label, before.label)
        elif ordinal != 1 and not style.startswith("decimal-"):
            if previous is None:
                self.problems.append(Problem(self.path, line,
                                             f"numbering starts at {number.label}", "warning"))
            elif what := sequence_problem(previous[1], key):
                self._warn(what, line, number.label, previous[0])
