"""Cross-references in the text ("section 5", "§ 12(b)", "Article 4", "第三条") become links.

References are resolved within the same version.  A reference that names another law
("section 5 of the Zoning Code", "《……法》第三条", "42 U.S.C. § 1983") is left alone; one that
points at no provision of this version is reported as a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict

from markdown_it.token import Token

from ..model import Fragment, Provision
from ..problems import Problem
from .numbering import id_value
from .numerals import CHINESE_NUMERAL_CHARS, chinese_to_int

_CN = rf"(?:[{CHINESE_NUMERAL_CHARS}]+|\d+)"
ENGLISH = re.compile(
    r"(?<![\w.§])(?P<word>[Ss]ection|SECTION|[Ss]ec\.|§|[Aa]rticle|ARTICLE|[Aa]rt\.)(?!s)\s?"
    r"(?P<num>\d+[A-Za-z]?(?:\.\d+)*)(?![\w])(?P<subs>(?:\([A-Za-z0-9]{1,4}\))*)"
)
RELATIVE = re.compile(
    r"\b(?P<word>subsection|paragraph|subparagraph|clause)\s(?P<subs>(?:\([A-Za-z0-9]{1,4}\))+)"
)
CHINESE = re.compile(
    rf"第(?P<num>{_CN})条(?:之(?P<sub>{_CN}))?(?:第(?P<para>{_CN})款)?(?:第(?P<item>{_CN})项)?"
)
# Cheap test that a text may hold a reference at all; most text does not.
MAYBE = re.compile(r"ection|SECTION|[Ss]ec\.|§|rticle|ARTICLE|[Aa]rt\.|条|paragraph|clause")
EXTERNAL_AFTER = re.compile(r"\s+of\s+(?!this\b|these\b)", re.I)
EXTERNAL_BEFORE = re.compile(r"(U\.S\.C\.|C\.F\.R\.|Code|Act|Stat\.|Law)\s*$")
# The relative word names the level whose children the parenthesised numbers are.
RELATIVE_BASE = {
    "subsection": ("sec",),
    "paragraph": ("subsec",),
    "subparagraph": ("para",),
    "clause": ("subpara",),
}


def _cn(value: str) -> str:
    return str(int(value)) if value.isdigit() else str(chinese_to_int(value))


class Resolver:
    def __init__(self, root: Provision, index: dict[str, Provision]):
        self.index = index
        self.parents: dict[str, Provision] = {}
        self.units: dict[tuple[str, str], list[Provision]] = defaultdict(list)
        for p in root.walk():
            for child in p.children:
                self.parents[child.id] = p
            if p.kind in ("sec", "art"):
                self.units[(p.kind, p.num)].append(p)

    def ancestors(self, p: Provision) -> list[Provision]:
        out = []
        while p.id in self.parents:
            p = self.parents[p.id]
            out.append(p)
        return out

    def unit(self, kind: str, num: str, near: Provision) -> Provision | None:
        found = self.units.get((kind, num), [])
        if len(found) > 1:  # same number in several chapters: prefer the referrer's own
            mine = {a.id for a in self.ancestors(near) if a.id}
            for candidate in found:
                if any(a.id in mine for a in self.ancestors(candidate)):
                    return candidate
        return found[0] if found else None

    @staticmethod
    def descend(start: Provision, nums: list[str]) -> tuple[Provision, bool]:
        """Follow ``(b)(2)`` downwards; returns the deepest match and whether all matched."""
        current = start
        for num in nums:
            match = next((c for c in current.children if c.num == num), None)
            if match is None:
                return current, False
            current = match
        return current, True


def _subs(text: str) -> list[str]:
    return [id_value(s) for s in re.findall(r"\(([A-Za-z0-9]+)\)", text)]


def _link_tokens(text: str, href: str) -> list[Token]:
    link = Token("link_open", "a", 1)
    link.attrs = {"href": href, "class": "xref"}
    inner = Token("text", "", 0)
    inner.content = text
    return [link, inner, Token("link_close", "a", -1)]


def _matches(text: str, resolver: Resolver, where: Provision):
    """Yield (start, end, target or None, fully_resolved) for each reference in ``text``."""
    found = []
    for m in ENGLISH.finditer(text):
        if EXTERNAL_AFTER.match(text, m.end()) or EXTERNAL_BEFORE.search(text, 0, m.start()):
            continue
        kind = "art" if m["word"].lower().startswith("art") else "sec"
        unit = resolver.unit(kind, id_value(m["num"]), where)
        if unit is None:
            found.append((m.start(), m.end(), None, False))
            continue
        target, complete = resolver.descend(unit, _subs(m["subs"]))
        found.append((m.start(), m.end(), target, complete))
    for m in RELATIVE.finditer(text):
        if any(s <= m.start() < e for s, e, *_ in found):
            continue
        base = next(
            (a for a in [where, *resolver.ancestors(where)] if a.kind in RELATIVE_BASE[m["word"]]),
            None,
        )
        if base is None:
            continue  # no enclosing level of that kind: prose, not a reference
        target, complete = resolver.descend(base, _subs(m["subs"]))
        found.append((m.start(), m.end(), target if complete else None, complete))
    for m in CHINESE.finditer(text):
        if text[: m.start()].rstrip().endswith("》"):
            continue
        num = _cn(m["num"]) + (f"-{_cn(m['sub'])}" if m["sub"] else "")
        unit = resolver.unit("art", num, where)
        if unit is None:
            found.append((m.start(), m.end(), None, False))
            continue
        path = []
        if m["para"]:
            path.append(_cn(m["para"]))
        if m["item"]:
            path.append(_cn(m["item"]))
        target, complete = resolver.descend(unit, path)
        found.append((m.start(), m.end(), target, complete))
    return sorted(found, key=lambda f: f[0])


def _inline_tokens(provision: Provision) -> list[Token]:
    out = []
    for part in provision.parts:
        if isinstance(part, Fragment):
            out += [t for t in part.tokens if t.type == "inline"]
    return out


def link_references(root: Provision, index: dict[str, Provision], path: str) -> list[Problem]:
    resolver = Resolver(root, index)
    problems: list[Problem] = []
    for provision in root.walk():
        for inline in _inline_tokens(provision):
            line = provision.line
            if inline.map:
                line = provision.line + (inline.map[0] - _first_map(provision))
            inline.children = _link_children(
                inline.children or [], resolver, provision, problems, path, line
            )
    return problems


def _first_map(provision: Provision) -> int:
    for part in provision.fragments:
        for t in part.tokens:
            if t.map:
                return t.map[0]
    return 0


def _link_children(
    children: list[Token],
    resolver: Resolver,
    where: Provision,
    problems: list[Problem],
    path: str,
    line: int,
) -> list[Token]:
    out: list[Token] = []
    in_link = 0
    for child in children:
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type != "text" or in_link or not MAYBE.search(child.content):
            out.append(child)
            continue
        text, pos = child.content, 0
        for start, end, target, complete in _matches(text, resolver, where):
            if start < pos:
                continue
            ref = text[start:end]
            if not complete:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"cross-reference {ref!r} points to no provision in this version",
                        "warning",
                    )
                )
            if target is None:
                continue
            if start > pos:
                out.append(_text(text[pos:start]))
            out += _link_tokens(ref, f"#{target.id}")
            pos = end
        if pos == 0:
            out.append(child)
        elif pos < len(text):
            out.append(_text(text[pos:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
