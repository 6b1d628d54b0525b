"""German federal drafting: structural headings, ``aa)`` items, and references to other laws.

Headings: ``Buch 2``, ``Teil 3``, ``Kapitel 1``, ``Abschnitt 4``, ``Unterabschnitt 2``,
``Titel 9``, ``Untertitel 2``, written with a number before or after the word (``3. Abschnitt``,
``Abschnitt 3``, ``Kapitel II``) or an ordinal word (``Zweiter Teil``, ``Erstes Buch``), with
or without a heading after them (``Abschnitt 1 - Allgemeine Vorschriften``), and ``Art 5`` /
``Artikel 5`` (no full stop). They nest, outermost first: Buch, Teil, Kapitel, Abschnitt,
Unterabschnitt, Titel, Untertitel; an Artikel holds the ``§`` of an amending act.
``§ 5`` itself, ``(1)`` Absatz, ``1.`` Nummer and ``a)`` Buchstabe are read by ``numbering.py``
(they are written the same way in English drafting); ``aa)`` Doppelbuchstabe is read here.
"""

from __future__ import annotations

import re

from ..number import RANKS, Number, id_value
from ..numerals import letter_to_int

# Word -> (kind, rank). Ranks sit between the English ones so that the German order holds
# when two headings stand at the same Markdown level (BGB: Buch > Abschnitt > Titel >
# Untertitel; SGB: Kapitel > Abschnitt > Unterabschnitt > Titel).
UNITS: dict[str, tuple[str, float]] = {
    "buch": ("book", RANKS["book"]),
    "teil": ("part", RANKS["part"]),
    "kapitel": ("chp", RANKS["chp"]),
    "abschnitt": ("division", RANKS["division"]),
    "unterabschnitt": ("subdivision", RANKS["division"] + 0.25),
    "titel": ("title", RANKS["division"] + 0.5),
    "untertitel": ("subtitle", RANKS["division"] + 0.75),
    "artikel": ("art", RANKS["sec"] - 0.5),  # above the § it holds
    "art": ("art", RANKS["sec"] - 0.5),
}
ORDINALS = {
    "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebent": 7,
    "siebt": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12,
    "dreizehnt": 13, "vierzehnt": 14, "fünfzehnt": 15, "sechzehnt": 16, "siebzehnt": 17,
    "achtzehnt": 18, "neunzehnt": 19, "zwanzigst": 20,
}
_WORD = r"(?P<word>Buch|Teil|Kapitel|Unterabschnitt|Abschnitt|Untertitel|Titel)"
_NUM = r"(?P<num>\d+[a-z]?|[IVXLC]+)"
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_END = r"(?=[\s,.:\-–—]|$)[\s,.:\-–—]*"
HEADING = re.compile(
    rf"^(?:\*\*)?(?:{_WORD}\s+{_NUM}|(?P<num2>\d+[a-z]?)\.\s*(?P<word2>Buch|Teil|Kapitel"
    rf"|Unterabschnitt|Abschnitt|Untertitel|Titel)|(?i:(?P<ord>{_ORD}))(?:e|er|es)\s+(?P<word3>Buch"
    rf"|Teil|Kapitel|Unterabschnitt|Abschnitt|Untertitel|Titel)|(?P<art>Artikel|Art)\s+"
    rf"(?P<artnum>\d+[a-z]?|[IVXLC]+))(?:\*\*)?{_END}"
)
# ``1\.`` at the start of a paragraph: a Nummer the source escaped so that Markdown would not
# read the lines after it as a list item's.
ESCAPED_NUMBER = re.compile(r"^(?P<v>\d{1,3}[a-z]?)\\\.(?:\s+|$)")
ANNEX = re.compile(
    r"^(?P<word>Anlage|Anhang)\s+(?P<num>\d+[a-z]?|[IVXLC]+)(?=[\s,.:\-–—]|$)[\s,.:\-–—]*"
)
DOUBLE_LETTER = re.compile(r"^(?:\*\*)?(?P<v>([a-z])\2)\)(?:\*\*)?(?:\s+|$)")


def match_heading(text: str) -> tuple[Number, str] | None:
    """``Abschnitt 3 - Allgemeine Vorschriften``: a numbered container and its heading."""
    if a := ANNEX.match(text):  # an annex numbers its own provisions afresh (see ids.py)
        label = text[: a.end()].strip().rstrip(",.:-–— ").strip()
        return Number(label, id_value(a["num"]), "annex", rank=RANKS["book"]), \
            text[a.end() :].strip()
    m = HEADING.match(text)
    if not m:
        return None
    word = m["word"] or m["word2"] or m["word3"] or m["art"]
    kind, rank = UNITS[word.lower()]
    written = m["num"] or m["num2"] or m["artnum"]
    value = str(ORDINALS[m["ord"].lower()]) if m["ord"] else id_value(written)
    label = text[: m.end()].strip().strip("*").rstrip(",.:-–— ").strip()
    return Number(label, value, kind, rank=rank), text[m.end() :].strip()


def match_prefix(text: str) -> tuple[Number, str] | None:
    """``aa)``, the Doppelbuchstabe under a Buchstabe ``a)``; ``1\\.``, an escaped Nummer."""
    if m := ESCAPED_NUMBER.match(text):
        value = m["v"]
        number = int(re.match(r"\d+", value)[0])
        return Number(f"{value}.", value, styles=(("decimal-period", number),)), text[m.end() :]
    if m := DOUBLE_LETTER.match(text):
        value = m["v"]
        styles = (("double-letter-paren", letter_to_int(value)),)
        return Number(f"{value})", value, styles=styles), text[m.end() :]
    return None


# What may follow a reference before the name of the law it belongs to: ``Abs. 2 Satz 1
# Nr. 3 Buchstabe a``, ``und § 128a``, ``in Verbindung mit Absatz 1 und 3``.
_SUB = (
    r"(?:Abs\.|Absatz|Absätze|Satz|Sätze|Nr\.|Nummer|Nummern|Buchst\.|Buchstabe|Buchstaben"
    r"|Halbsatz|Alt\.|Alternative|Unterabs\.|Unterabsatz)"
)
# A further reference in the list may have its own article: ``des § 1228 Abs. 2 und der §§ 1229,
# 1230 des BGB``, ``des § 30 sowie der Kapitel 3 und 5 des BNatSchG``, ``und die §§ 10 bis 12``.
_CHAIN = (
    rf"(?:\s*(?:,|und|oder|sowie|bis|in\s+Verbindung\s+mit|i\.\s*V\.\s*m\.)?\s*"
    rf"(?:(?:des|der|dem|den|die)\s+(?=§|Art|Kapitel|Teil|Abschnitt))?"
    rf"(?:(?:{_SUB}|Kapitel|Teil|Abschnitt|Anlage|Anhang|Sachgebiet)\s*\w+"
    rf"|(?:§§?|Art\.|Artikel)\s*\d+[a-z]?|\d+[a-z]?\b|[a-z]{{1,2}}\b))"
)
# ``§ 5 des Bundesdatenschutzgesetzes``, ``§ 850b der Zivilprozessordnung``, ``Artikel 26 der
# revidierten Rheinschiffahrtsakte``, ``§ 5 BDSG``, ``Art. 7 G v. 25.11.2015`` (an amending
# act, in the notes above a consolidated text); not ``§ 5 der folgenden Anlage``.
_NOT_A_LAW = r"(?!dies|vorliegend|nachfolgend|folgend|vorstehend|Anlage|Anhang|Nummer|Absatz|Satz)"
OTHER_LAW_AFTER = re.compile(
    rf"(?:{_CHAIN})*\s*(?:(?:des|der)\s+{_NOT_A_LAW}(?:[a-zäöüß]+en\s+{_NOT_A_LAW})?[A-ZÄÖÜ]"
    r"|(?:[A-ZÄÖÜ][a-zäöü]*[A-Z][\w-]*)\b|[GV]\s+v\.)"
)
# The enacting formula of an ordinance (``Auf Grund des § 57 Absatz 2 ... des
# Bundesnaturschutzgesetzes ... verordnet das Bundesministerium:``) cites the law that
# empowers it, all of it, however many references and clauses (``von denen § 57 Absatz 2
# durch ... geändert worden ist``) come before that law's name or after it: never this text.
OTHER_LAW_PARAGRAPH = re.compile(
    r"^\s*(?:Auf\s+Grund|Aufgrund)\b.*\b(?:verordne[nt]|erl(?:ä|a)ss(?:t|en)|beschlie(?:ß|ss)(?:t|en)"
    r"|bestimm(?:t|en)|verfüg(?:t|en))\b[^.]*:\s*$", re.S)
