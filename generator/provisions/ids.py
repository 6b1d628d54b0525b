"""Provision ids, built from numbers so that edits around a provision leave its id alone.

Rules (the README's Numbering section says why):

- A provision's id joins the numbers of the numbered provisions above it with ``__``:
  ``sec_3__subsec_a__para_1``.
- Sections and articles are numbered through the law, so the containers above them (book,
  part, chapter, German Abschnitt and Titel...) do not enter their ids: BGB § 651k is
  ``sec_651k`` and 第一百六十五条 is ``art_165`` wherever they stand, and a section moved to
  another chapter keeps its id and its comments. A law that numbers its sections afresh in
  each container (the same section number under two of them) keeps the containers in its
  section ids, or they would collide. Chinese 节 and annexes are numbered within their
  chapter or on their own, so what they hold carries them.
- A heading without a number groups what follows on the page but is transparent to ids: it
  enters no other id, and its own id comes from its words (``hcontainer_definitions``), not
  its position, so adding, removing or renaming one changes no other id.
- A numbered list that starts again at its first number under the same provision (German
  ``1. 2. ... Abweichend von Satz 1 ... 1. 2.``, Chinese ``（一）（二）`` under each point) is a
  new list: its items get an Akoma Ntoso ``list_N`` segment, N counting the lists there, so
  the first list's ids are those it always had.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Provision
from ..problems import Problem

THROUGH_NUMBERED = {"sec", "art"}
OWN_SCOPES = {"annex"}  # units inside these are numbered afresh: the scope stays in their ids
SLUG_CHARS = 40


def _is_chinese_section(p: Provision) -> bool:
    """第一节 is a container numbered within its chapter, though its kind is ``sec``."""
    return p.kind == "sec" and p.label.startswith("第") and p.label.endswith("节")


def _numbered_through(p: Provision) -> bool:
    return p.kind in THROUGH_NUMBERED and not _is_chinese_section(p)


def _is_container(p: Provision) -> bool:
    """The root, or a structural heading that sections and articles do not carry."""
    if p.kind == "root":
        return True
    return p.is_heading and p.kind not in OWN_SCOPES and not _numbered_through(p)


def _is_transparent(p: Provision) -> bool:
    """A heading without a number: on the page, never in another provision's id."""
    return p.kind == "hcontainer"


def scoped(root: Provision) -> list[tuple[Provision, Provision]]:
    """(provision, its id scope: the nearest provision above it that is not transparent),
    for every provision below ``root`` in document order (``root.walk()`` but ``root``)."""
    out: list[tuple[Provision, Provision]] = []
    _scope_below(root, root, out)
    return out


def _scope_below(parent: Provision, scope: Provision,
                 out: list[tuple[Provision, Provision]]) -> None:
    """``scoped``'s walk (a function of its own: a recursive closure is a reference cycle,
    which would keep the whole tree, held by ``out``, until the collector finds it)."""
    for child in parent.parts:
        if type(child) is Provision:  # (``children``, without a list per provision)
            out.append((child, scope))
            _scope_below(child, scope if child.kind == "hcontainer" else child, out)


def sections_restart(pairs: list[tuple[Provision, Provision]]) -> bool:
    """Whether this law numbers sections afresh in each container (two containers hold the
    same section number): then its section ids keep their container."""
    where: dict[str, set[int]] = {}
    for p, scope in pairs:
        if p.kind == "sec" and _numbered_through(p) and _is_container(scope):
            where.setdefault(p.num, set()).add(id(scope))
    return any(len(scopes) > 1 for scopes in where.values())


def heading_slug(p: Provision) -> str:
    """The words of an unnumbered heading as an id part: ``Definitions`` gives ``definitions``."""
    text = ""
    if p.parts and not isinstance(p.parts[0], Provision) and p.parts[0].tokens:
        text = p.parts[0].tokens[0].content
    slug = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    if len(slug) > SLUG_CHARS:
        cut = slug[:SLUG_CHARS]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or "untitled"


class ListRuns:
    """Counts the lists under each provision: a run that starts again at its first number,
    where a number of the current list is already used, opens list 2, 3..."""

    def __init__(self) -> None:
        self.current: dict[int, tuple[int, set[str]]] = {}

    def own(self, scope: Provision, own: str, ordinal: int) -> str:
        key = id(scope)
        found = self.current.get(key)
        if found is None:
            number, seen = self.current[key] = (1, set())
        else:
            number, seen = found
        if own in seen and ordinal == 1:
            number, seen = self.current[key] = (number + 1, set())
        seen.add(own)
        return own if number == 1 else f"list_{number}__{own}"


REPEALED_WORDS = {"", "weggefallen", "aufgehoben", "repealed", "reserved", "删除", "已删除", "废止"}


def is_repealed_placeholder(p: Provision) -> bool:
    """A provision that only says it is gone: ``§ 23 (weggefallen)``, ``§ 9`` with the text
    ``-``, ``Section 5. [Repealed]``, ``第十条（删除）``, with nothing below it (a mark, a dash
    or one of ``REPEALED_WORDS``; an empty one is not a stand-in)."""
    if p.children or (p.is_heading and p.kind not in THROUGH_NUMBERED):
        return False
    # (ids are given before the text is rendered: read the words from the parser's tokens)
    # (a text of just "-" is Markdown for an empty list item: its marker counts as the mark)
    words = p.heading + "".join(t.content if t.type == "inline" else t.markup
                                for f in p.fragments for t in f.tokens
                                if t.type in ("inline", "list_item_open"))
    if p.label and words.startswith(p.label):
        words = words[len(p.label):]
    if not words.strip():  # an empty section is unfinished, not repealed
        return False
    return re.sub(r"[\s()（）\[\]【】〔〕.。\-–—*_]+", "", words).lower() in REPEALED_WORDS


def _repealed_twin(first: Provision, second: Provision) -> Provision | None:
    """Of two provisions with one number, the one that only says it was repealed (which gives
    the number to the other), if either does: consolidated texts keep the stand-in of a
    repealed section beside the new section of the same number."""
    if is_repealed_placeholder(first):
        return first
    if is_repealed_placeholder(second):
        return second
    return None


def _give_way(stand_in: Provision, live: Provision, index: dict[str, Provision],
              path: str) -> Problem:
    """``live`` takes the number's id; ``stand_in`` keeps its place on the page under an id
    of its own, and the drafter is told (a warning: the text is publishable as it is)."""
    taken = live.id
    stand_in.id = f"{taken}__repealed"
    n = 1
    while stand_in.id in index:
        n += 1
        stand_in.id = f"{taken}__repealed_{n}"
    index[taken] = live
    index[stand_in.id] = stand_in
    return Problem(
        path, stand_in.line,
        f"{stand_in.label or stand_in.num!r} is used twice; this one only says it was repealed, "
        f"so the one at line {live.line} keeps the number (id {taken}; this one is "
        f"{stand_in.id})", "warning")


def assign_ids(
    root: Provision, path: str, styles: dict[int, tuple[str, int]],
    pairs: list[tuple[Provision, Provision]],
) -> tuple[dict[str, Provision], list[Problem]]:
    """Give every provision below ``root`` its id; ``styles`` holds each enumeration's style
    and ordinal (from the tree builder), which tells where a list starts again. ``pairs``:
    ``scoped(root)`` (the caller's: its walk serves the caller too).

    A number used twice under the same provision (two ``§ 9`` in one Teil) is an error that
    names both lines.
    """
    index: dict[str, Provision] = {}
    problems: list[Problem] = []
    restart = sections_restart(pairs)
    runs = ListRuns()
    slugs: Counter[tuple[int, str]] = Counter()
    for child, scope in pairs:
        if _is_transparent(child):
            slug = heading_slug(child)
            slugs[(id(scope), slug)] += 1
            if slugs[(id(scope), slug)] > 1:
                slug = f"{slug}-{slugs[(id(scope), slug)]}"
            child.num = child.num or slug
            own = f"hcontainer_{slug}"
            prefix = scope.id
        else:
            own = f"{child.kind}_{child.num}"
            carries_scope = not (
                _numbered_through(child)
                and _is_container(scope)
                and not (restart and child.kind == "sec")
            )
            prefix = scope.id if carries_scope else ""
            if id(child) in styles:
                own = runs.own(scope, own, styles[id(child)][1])
        child.id = f"{prefix}__{own}" if prefix else own
        if child.id in index and (stand_in := _repealed_twin(index[child.id], child)):
            problems.append(_give_way(stand_in, child if stand_in is not child
                                      else index[child.id], index, path))
        elif child.id in index:
            first = index[child.id]
            problems.append(
                Problem(
                    path,
                    child.line,
                    f"duplicate provision number {child.label or child.num!r} "
                    f"(id {child.id}, first at line {first.line})",
                )
            )
        else:
            index[child.id] = child
    return index, problems
