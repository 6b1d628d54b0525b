"""Cross-references in the text ("section 5", "§ 12(b)", "Article 4", "第三条") become links.

References are resolved within the same version.  A reference that names another law
("section 5 of the Zoning Code", "《……法》第三条", "42 U.S.C. § 1983") is left alone; one that
points at no provision of this version is reported as a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property, partial

from markdown_it.token import Token

from ..model import Fragment, Provision
from ..problems import Problem
from .conventions import CONVENTIONS
from .markdown import new_token
from .memo import copy_token
from .numbering import id_value
from .numerals import CHINESE_NUMERAL_CHARS, chinese_to_int

_CN = rf"(?:[{CHINESE_NUMERAL_CHARS}]+|\d+)"
# German levels below a § or Artikel: ``Abs. 2 Nr. 3 Buchst. a Satz 1``.
_GERMAN_TAIL = (
    r"(?P<german>(?:\s+(?:Abs\.|Absatz|Absätze|Nr\.|Nummern|Nummer|Buchst\.|Buchstaben|Buchstabe"
    r"|Sätze|Satz)\s*(?:\d+[a-z]?|[a-z]{1,2})\b)*)"
)
ENGLISH = re.compile(  # (the lookahead names every first letter: it spares the lookbehind)
    r"(?=[SsAa§])(?<![\w.§])(?P<word>[Ss]ections?|SECTIONS?|[Ss]ecs?\.|§§?|[Aa]rticles?|ARTICLES?|[Aa]rtt?\.|"
    r"Artikel|Art(?=\s\d))\s?"
    r"(?P<num>\d+[A-Za-z]?(?:\.\d+)*)(?![\w])(?P<subs>(?:\([A-Za-z0-9]{1,4}\))*)" + _GERMAN_TAIL
)
PLURAL_WORDS = ("§§", "sections", "secs.", "articles", "artt.", "artikel")
# One more number after a reference: ``§§ 3 bis 6``, ``sections 4 to 7``, ``§ 5 Abs. 1 und 2``,
# ``section 4(a) and (b)``. It stands for the last level the reference named, and may name
# levels of its own below it: ``§§ 2, 4 Nummer 1`` is § 2 and § 4 Nr. 1.
FOLLOWING = re.compile(
    r"\s*(?:,|und|oder|sowie|bis|and|or|to|through|–)\s*(?P<sign>§\s?)?"
    r"(?P<num>\d+[A-Za-z]?(?:\.\d+)*(?![\w])(?!\.\d)|\([A-Za-z0-9]{1,4}\))" + _GERMAN_TAIL
)
GERMAN_LEVEL = re.compile(
    r"(Abs\.|Absatz|Absätze|Nr\.|Nummern|Nummer|Buchst\.|Buchstaben|Buchstabe|Sätze|Satz)"
    r"\s*(\d+[a-z]?|[a-z]{1,2})\b"
)
RELATIVE = re.compile(
    r"\b(?P<word>subsection|paragraph|subparagraph|clause)\s(?P<subs>(?:\([A-Za-z0-9]{1,4}\))+)"
)
CHINESE = re.compile(
    rf"第(?P<num>{_CN})条(?:之(?P<sub>{_CN}))?(?:第(?P<para>{_CN})款)?(?:第(?P<item>{_CN})项)?"
)


def _may_hold(text: str) -> bool:
    """Whether a text may hold a reference at all; most text holds none. A word of each
    pattern (``ENGLISH``, ``RELATIVE``, ``CHINESE``) is looked for as a plain substring, which
    is several times faster than any regular expression over a long paragraph; a false yes
    (``Arten``) costs only the full look."""
    return ("§" in text or "条" in text
            or ("ec" in text and ("ection" in text or "ec." in text or "ecs." in text))
            or ("rt" in text and ("rticle" in text or "Art" in text or "art." in text
                                  or "artt." in text))
            or "SECTION" in text or "ARTICLE" in text or "paragraph" in text
            or "clause" in text)  # (the words of a kind share "ec" or "rt": looked for once)


def _may_name_unit(text: str) -> bool:
    """Whether ``ENGLISH`` may match in ``text``: each of its words holds ``§``, ``ec``,
    ``rt``, ``EC`` or ``RT`` (a look for each is faster than the pattern's over a text in
    which it has nothing to find, such as a Chinese paragraph with a 条)."""
    return "§" in text or "ec" in text or "rt" in text or "EC" in text or "RT" in text


EXTERNAL_AFTER = re.compile(r"\s+of\s+(?!this\b|these\b)", re.I)
EXTERNAL_BEFORE = re.compile(r"(U\.S\.C\.|C\.F\.R\.|Code|Act|Stat\.|Law)\s*$")
EXTERNAL_BEFORE_REACH = 6  # its longest word: a match begins at most this far before the spaces


def _external_before(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with the name of a code (``EXTERNAL_BEFORE``), searched
    only where such a name can begin (``EXTERNAL_BEFORE_REACH`` before the spaces that end
    it), not at every place of the paragraph before each reference."""
    core = end
    while core and text[core - 1].isspace():  # (``\s`` is ``str.isspace``)
        core -= 1
    return EXTERNAL_BEFORE.search(text, max(0, core - EXTERNAL_BEFORE_REACH), end) is not None
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
    def __init__(self, provisions: list[Provision], index: dict[str, Provision]):
        """``provisions``: the whole tree, root first, in document order (``root.walk()``)."""
        self.index = index
        self.provisions = provisions
        self.units: dict[tuple[str, str], list[Provision]] = defaultdict(list)
        for p in provisions:
            if p.kind in ("sec", "art"):
                self.units[(p.kind, p.num)].append(p)
        # The kinds of unit this text numbers: a reference to a kind it has none of (an
        # ``Artikel`` in a law of ``§``, a ``§`` in an ordinance of ``Artikel`` that puts a
        # separately published ``§`` text in force, a 条 in a decision of 一、二、) names
        # another instrument: an EU regulation, a treaty or the law being amended, named
        # earlier in the sentence or in a heading.
        self.kinds = {kind for kind, _ in self.units}

    @cached_property
    def parents(self) -> dict[str, Provision]:
        """Each provision's parent, by its id: found on first use (a relative reference, or
        a number used in several chapters), which most texts never make."""
        parents: dict[str, Provision] = {}
        for p in self.provisions:
            for child in p.parts:
                if type(child) is Provision:  # (``children``, without a list per one)
                    parents[child.id] = p
        return parents

    def ancestors(self, p: Provision) -> list[Provision]:
        out = []
        parents = self.parents
        while p.id in parents:
            p = parents[p.id]
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
    """A link's three tokens (made field by field, ``new_token``: as ``Token(...)`` makes
    them, for a third of the time)."""
    link = new_token("link_open", "a", 1, 0, block=False)
    link.attrs = {"href": href, "class": "xref"}
    return [link, new_token("text", "", 0, 0, content=text, block=False),
            new_token("link_close", "a", -1, 0, block=False)]


def _names_other_law_before(before: str) -> bool:
    """Whether ``before`` ends with a convention's ``OTHER_LAW_BEFORE`` (and not its
    ``THIS_LAW_BEFORE``): searched from ``BEFORE_REACH`` characters before its trailing
    spaces, where the convention gives one (else from its start). Such a pattern matches
    only at the end, and a search from the start of a long paragraph tries every place
    of it, before each reference in it."""
    for c in CONVENTIONS:
        if (pattern := getattr(c, "OTHER_LAW_BEFORE", None)) is None:
            continue
        reach = getattr(c, "BEFORE_REACH", None)
        start = 0 if reach is None else max(0, len(before.rstrip()) - reach)
        if pattern.search(before, start) and not (
                (this := getattr(c, "THIS_LAW_BEFORE", None)) and this.search(before, start)):
            return True
    return False


# What each convention says about a whole paragraph, gathered once at import.
_OTHER_LAW_PARAGRAPHS = tuple(
    pattern for c in CONVENTIONS if (pattern := getattr(c, "OTHER_LAW_PARAGRAPH", None))
)


def _cites_other_laws(paragraph: str) -> bool:
    """A paragraph whose references all cite other laws (an ordinance's enacting formula)."""
    return any(pattern.match(paragraph) for pattern in _OTHER_LAW_PARAGRAPHS)


def _may_refer(source: str) -> bool:
    """Whether a paragraph's Markdown may hold a reference at all: most hold none, and then
    nothing more is done with it (no resolver, no walk of its inline tokens). Its text
    tokens are its source less backslash escapes and with entities decoded (``&sect;`` is
    ``§``), so a source with either is looked at in full."""
    return _may_hold(source) or "&" in source or "\\" in source


def _joins_list(between: str) -> bool:
    """Whether the text between two references joins them into one list (``、``)."""
    return any(
        (pattern := getattr(c, "LIST_JOINER", None)) and pattern.match(between)
        for c in CONVENTIONS
    )


def _names_other_law_after(text: str, end: int) -> bool:
    if EXTERNAL_AFTER.match(text, end):
        return True
    return any(
        (pattern := getattr(c, "OTHER_LAW_AFTER", None)) and pattern.match(text, end)
        for c in CONVENTIONS
    )


def _path(m: re.Match) -> list[str]:
    """The numbers below the unit: ``(b)(2)`` or ``Abs. 2 Nr. 3 Buchst. a`` (Satz is a
    sentence, not a provision)."""
    subs = m.groupdict().get("subs") or ""
    german = m["german"]  # (most references name neither: no pattern is asked then)
    return ((_subs(subs) if subs else [])
            + ([v for w, v in GERMAN_LEVEL.findall(german) if w[0] != "S"] if german else []))


def _english(text: str, tail: Callable[[], str], resolver: Resolver, where: Provision) -> list:
    """``section 5``, ``§ 12(b)(2)``, ``§ 5 Abs. 2 Nr. 3``, and the numbers that follow one
    (``§§ 3 bis 6``: both ends), unless the whole run names another law (``tail()``: the
    text after ``text``, asked only once a reference is found)."""
    found: list = []
    if not _may_name_unit(text):
        return found
    whole = None
    for m in ENGLISH.finditer(text):
        kind = "art" if m["word"].lower().startswith("art") else "sec"
        if kind not in resolver.kinds:
            continue  # another instrument's (see Resolver.kinds)
        path = [id_value(m["num"]), *_path(m)]
        german = bool(m["german"].strip())
        refs = [(m.start(), m.end(), path, german)]
        listing = m["word"].lower() in PLURAL_WORDS or len(path) > 1
        sentences = m["german"].rstrip().split()[-2:-1] in (["Satz"], ["Sätze"])
        pos = m.end()
        while listing and not sentences and (f := FOLLOWING.match(text, pos)):
            num = f["num"]
            if num.startswith("("):
                if not m["subs"]:
                    break
                path = [*path[:-1], _subs(num)[0]]
            else:  # ``, § 50 Absatz 3`` is a unit of its own; a bare number, the last level
                path = [*([] if f["sign"] else path[:-1]), id_value(num), *_path(f)]
            refs.append((f.start("num"), f.end("num"), path, german or bool(f["german"].strip())))
            pos = f.end()
            # numbers after ``4 Nummer 1 Satz 1`` count sentences
            sentences = f["german"].rstrip().split()[-2:-1] in (["Satz"], ["Sätze"])
        if whole is None:
            whole = text + tail()
        if _names_other_law_after(whole, pos) or _external_before(text, m.start()):
            continue
        for start, end, steps, levels in refs:
            unit = resolver.unit(kind, steps[0], where)
            if unit is None:
                found.append((start, end, None, False))
                continue
            target, complete = resolver.descend(unit, steps[1:])
            # German Absatz/Nummer/Buchstabe are followed as far as they go: items nested in
            # a Markdown list item are text, so a deeper level may not be a provision here.
            found.append((start, end, target, complete or levels))
    return found


def _matches(text: str, resolver: Resolver, where: Provision,
             tail: Callable[[], str] = str):
    """Yield (start, end, target or None, fully_resolved) for each reference in ``text``;
    ``tail()`` is the text after it in the same paragraph (a law's name may follow a line
    break), worked out only for a text that names a section or an article."""
    found = _english(text, tail, resolver, where)
    # (a cheap look for each pattern's words first: most text holds one kind at most)
    relative = "subsection" in text or "paragraph" in text or "clause" in text
    for m in RELATIVE.finditer(text) if relative else ():
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
    other_law_until = -1  # where the last reference to another law ended
    # (a decision amending a law refers to that law's articles: see Resolver.kinds)
    chinese = "条" in text and "art" in resolver.kinds
    for m in CHINESE.finditer(text) if chinese else ():
        if _names_other_law_before(text[: m.start()]) or (
                other_law_until >= 0 and _joins_list(text[other_law_until : m.start()])):
            other_law_until = m.end()
            continue
        other_law_until = -1
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


def link_references(provisions: list[Provision], index: dict[str, Provision],
                    path: str) -> list[Problem]:
    """Link the references in the text of ``provisions`` (the whole tree, root first:
    ``root.walk()``); a reference to no provision of this version is a warning.

    A provision's own text is the inline tokens of its fragments (a linked paragraph gets a
    copy of its inline token in its fragment's list: the memo's tokens are read, never
    changed), but for a heading's own words, its first: a heading names, it does not refer
    ("(XXXX) §§ 3 bis 6 (weggefallen)" stands for them). They are read in one pass over
    its parts: most paragraphs may hold no reference (``_may_refer``), and then nothing
    more is done with them."""
    resolver: Resolver | None = None  # made for the first paragraph that may refer
    problems: list[Problem] = []
    for provision in provisions:
        skip = provision.is_heading  # (its words: the first inline token)
        first_map: int | None = None
        for part in provision.parts:
            if type(part) is not Fragment:
                continue
            tokens = part.tokens
            if len(tokens) == 3:  # a paragraph (or a heading's text): its inline token
                places: Iterable[int] = (1,) if tokens[1].type == "inline" else ()
            else:
                places = [i for i, t in enumerate(tokens) if t.type == "inline"]
            for at in places:
                inline = tokens[at]
                if skip:
                    skip = False
                    continue
                if not _may_refer(inline.content) or _cites_other_laws(inline.content):
                    continue
                resolver = resolver or Resolver(provisions, index)
                line = provision.line
                if inline.map:
                    if first_map is None:
                        first_map = _first_map(provision)
                    line = provision.line + (inline.map[0] - first_map)
                linked = tokens[at] = copy_token(inline)
                linked.children = _link_children(
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
    for n, child in enumerate(children):
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type != "text" or in_link or not _may_hold(child.content):
            out.append(child)
            continue
        text, pos = child.content, 0
        for start, end, target, complete in _matches(text, resolver, where,
                                                       partial(_tail, children, n)):
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


def _tail(children: list[Token], n: int) -> str:
    """The plain text after ``children[n]``, line breaks as spaces (a little is enough)."""
    out = []
    for child in children[n + 1 : n + 12]:
        out.append(" " if child.type in ("softbreak", "hardbreak") else child.content)
    return "".join(out)


def _text(content: str) -> Token:
    return new_token("text", "", 0, 0, content=content, block=False)
