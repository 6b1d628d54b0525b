"""How a reader cites a provision: ``Sec. 2(a)(1)``, ``Article 4(2)``, ``第六条第一款第一项``.

A provision's label alone is ambiguous ("(a)" is in every section), so the comment form's list
of provisions names each one from its enclosing unit (section or article) down, the way the
text is quoted in testimony and in comment letters.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Provision, Version

UNIT_KINDS = {"sec", "art"}
CHINESE_DIGITS = "零一二三四五六七八九"
EXCERPT = 60  # characters of text that identify an unheaded provision in a list


def chinese_numeral(n: int) -> str:
    """1 一, 10 十, 12 十二, 20 二十, 105 一百零五 (1 to 9999; other values stay digits)."""
    if not 0 < n < 10000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if (d == 1 and unit == "十" and not out) else CHINESE_DIGITS[d]) + unit
    return out


def _is_chinese(unit: Provision) -> bool:
    return unit.label.startswith("第")


def _step(p: Provision, chinese: bool) -> str:
    """This provision's part of a citation below its unit."""
    if chinese:
        if p.kind == "para":  # 款 are counted, not numbered in the text
            return f"第{chinese_numeral(int(p.num))}款" if p.num.isdigit() else p.label
        if p.num.isdigit():
            return f"第{chinese_numeral(int(p.num))}{'项' if p.kind == 'item' else '目'}"
        return p.label
    return f"({p.num})" if p.num else p.label.strip()


def _name(p: Provision) -> str:
    """A unit or container named on its own: its label without the trailing full stop."""
    return p.label.strip().rstrip(".").strip() or p.heading or p.id


def cite(chain: list[Provision]) -> str:
    """The citation of the last provision in ``chain`` (the path from the top, root excluded)."""
    units = [i for i, p in enumerate(chain) if p.kind in UNIT_KINDS]
    if not units:
        return (
            _name(chain[-1])
            if len(chain) == 1
            else _name(chain[0]) + "".join(_step(p, False) for p in chain[1:])
        )
    start = units[-1]
    unit = chain[start]
    chinese = _is_chinese(unit)
    return _name(unit) + "".join(_step(p, chinese) for p in chain[start + 1 :])


def cited(version: Version) -> Iterator[tuple[Provision, str]]:
    """Every provision of ``version`` in document order with its citation, as ``cite`` of
    its chain gives it, in one walk that carries the citation so far: ``cite`` of each
    chain walks it again from the top, and a version's citations are asked for by every
    page that names its provisions (a large law's thousands, each as deep as its outline)."""
    def below(parent: Provision, base: str, chinese: bool, top: bool
              ) -> Iterator[tuple[Provision, str]]:
        for p in parent.parts:
            if not isinstance(p, Provision):
                continue
            if p.kind in UNIT_KINDS:  # a unit starts the citations below it afresh
                citation, in_chinese = _name(p), _is_chinese(p)
            elif top:  # a container above any unit: named on its own
                citation, in_chinese = _name(p), False
            else:
                citation, in_chinese = base + _step(p, chinese), chinese
            yield p, citation
            yield from below(p, citation, in_chinese, False)

    return below(version.root, "", False, True)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def provision_choices(version: Version) -> list[tuple[str, str]]:
    """(id, what the reader sees) for every provision, in document order.

    Headed provisions show their heading; the rest the start of their text, so "(3)" in a
    list of fifty is recognisable without opening the draft.
    """
    choices = []
    for p, citation in cited(version):
        chinese = citation.startswith("第")
        if p.heading and p.heading != citation:
            shown = f"{citation}{'　' if chinese else '. '}{p.heading}"
        elif p.text and not p.heading:
            words = excerpt(p.text, EXCERPT // 2 if chinese else EXCERPT)
            shown = f"{citation}{'　' if chinese else ' — '}{words}"
        else:
            shown = citation
        choices.append((p.id, shown))
    return choices


def citations(version: Version) -> dict[str, str]:
    """Provision id -> citation, for naming each provision in a link's accessible name."""
    return {p.id: citation for p, citation in cited(version)}


def cite_row(row, old: dict[str, str], new: dict[str, str]) -> tuple[str, str]:
    """How each side of a redline row is cited, from each version's citations (``old``,
    ``new``: id -> citation); a provision without one goes by its label."""
    old_cite = old.get(row.old.id, row.old.label) if row.old is not None else ""
    new_cite = new.get(row.new.id, row.new.label) if row.new is not None else ""
    return old_cite, new_cite
