"""What a comment must not show when published, and what a moderator should look at twice.

**Redaction.** People put their own email, phone number, home address or ID number in a
comment ("call me on 138 0013 8000"). Each such span is hidden as the comment enters the
store (``propose``): found here as (start, end, kind), replaced in the stored text by a
marker in the draft's interface language (``[email removed]``, ``[邮箱已删除]``), with the
text as received kept in ``.docket-private/``, so no contact detail ever sits in a file git
tracks, pending or not. The person moderating sees each span and can undo any of them
before publishing (``moderation.py`` then rebuilds the text from the private original).
Finding is deliberately pattern-based and explainable: a moderator must be able to see
why a span was hidden.

**Legal text is not an ID number.** Comments on legislation are full of numbers that must
stay: ``Section 12(b)(3)``, ``42 U.S.C. § 1983``, ``Pub. L. 117-328``, dates, years, money
(``$1,250,000``, ``5000000元``), ``第三十二条``. So the patterns ask for the shape of a
personal number, not just "many digits": phone numbers need their separators or a mobile
prefix (1[3-9] and eleven digits in China), Chinese ID numbers are 17 digits and a check
character, bank cards are 16 to 19 digits (or an account number after a word that says
so), a bare run of nine or more digits counts only when no currency is written beside it.

**Flags.** Likely spam (three or more links; a character repeated ten or more times) and
abusive words (``wordlists/abusive-<language>.txt``, documented there) are flags for the
moderator, never an automatic rejection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import LANGUAGES, translations
from .record import Comment, Redaction


def _(message: str) -> str:
    """Marks an interface string for ``make messages``; translated by ``markers``."""
    return message


# What stands in the text for each kind of span hidden, in English (the catalogs' msgids);
# ``markers(language)`` gives them in the draft's interface language.
MARKERS = {
    "email": _("[email removed]"),
    "phone": _("[phone removed]"),
    "address": _("[address removed]"),
    "id-number": _("[ID number removed]"),
    "bank-account": _("[account number removed]"),
}
REMOVED = _("[removed]")  # a kind this version does not know (a hand-edited record)
SPAM_LINKS = "spam-links"
SPAM_REPEATED = "spam-repeated"
ABUSIVE = "abusive"
LINKS_FOR_SPAM = 3
WORDLISTS = Path(__file__).parent / "wordlists"

# A number starts here: not inside another number, a Latin word or a path (a Chinese
# character may touch it: 手机号13800138000); and ends here.
_D = r"(?<![0-9A-Za-z_.,/-])"
_E = r"(?![0-9A-Za-z_]|[.,/-]\d)"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Chinese mobile (138 0013 8000, +86 13800138000), landline (+86 10 6552 9988, 010-65529988,
# （0755）2688 1234), NANP
# with its separators ((555) 123-4567, +1 555.123.4567, 555 123 4567), other international
# forms.
PHONES = [
    re.compile(_D + r"(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}" + _E),
    re.compile(r"(?:\+|00)86[ -]?\(?0?\d{2,3}\)?[ -]?\d{3,4}[ -]?\d{4}" + _E),
    re.compile(_D + r"(?:0\d{2,3}-|[(（]0\d{2,3}[)）] ?)\d{3,4}[ -]?\d{4}" + _E),
    re.compile(r"(?:(?<![0-9A-Za-z_+])(?:\+|00)1[ .-]?)?(?:\(\d{3}\) ?|" + _D
               + r"\d{3}[ .-])\d{3}[ .-]\d{4}" + _E),
    re.compile(r"(?<![0-9A-Za-z_+])\+(?:[2-9]\d{0,2})(?:[ -]?\d){7,12}" + _E),
]
# 身份证号: six digits of place, eight of birth date, three of sequence, a check character.
CHINESE_ID = re.compile(_D + r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
                        r"\d{3}[\dXx]" + _E)
SSN = re.compile(_D + r"(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}" + _E)
CARD = re.compile(_D + r"\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?" + _E)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")
ACCOUNT = re.compile(r"(?:account(?: number| no\.?)?|acct\.?|a/c|银行卡号?|卡号|账号|帐号|账户)"
                     r"[\s:：#是为]{0,4}(\d[\d -]{5,30}\d)", re.IGNORECASE)
LONG_NUMBER = re.compile(_D + r"\d{9,}" + _E)
MONEY_BEFORE = re.compile(r"(?:[$¥€£￥]|USD|RMB|CNY|HK\$)\s?$")
MONEY_AFTER = re.compile(r"^\s?(?:元|万|亿|美元|块|dollars?|yuan|USD|RMB|CNY)", re.IGNORECASE)
STREET = re.compile(
    _D + r"\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\.?\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|"
    r"Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Terrace|Crescent|Close)\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Flat)\.?\s*#?\w+)?")
_HAN = r"(?:(?![在住于是的和与及我你他她到从址为：:，。、])[\u4e00-\u9fa5])"
CHINESE_STREET = re.compile(
    r"(?:" + _HAN + r"{1,6}(?:省|自治区|市|区|县))*" + _HAN + r"{1,6}(?:路|街|大道|巷|胡同|弄)"
    r"\d+(?:号|弄)(?:\d+(?:栋|幢|号楼))?(?:\d+单元)?(?:\d+室)?")
REPEATED = re.compile(r"(\S)\1{9,}")
# Every pattern above needs a digit or an @: a text with neither has nothing to hide, which
# one scan says (most comments; a million-comment import redacts at the speed of this).
MAYBE = re.compile(r"[0-9@]")


def find(text: str) -> list[Redaction]:
    """Every span of ``text`` to hide, in order, not overlapping (the first kind found for a
    span wins, in the order: email, phone, ID number, bank account, address)."""
    found: list[Redaction] = []
    if not MAYBE.search(text):
        return found

    def add(start: int, end: int, kind: str) -> None:
        if any(start < r.end and r.start < end for r in found):
            return
        found.append(Redaction(start, end, kind))

    for match in EMAIL.finditer(text):
        add(match.start(), match.end(), "email")
    for match in CHINESE_ID.finditer(text):  # before phones: an ID holds a mobile's shape
        add(match.start(), match.end(), "id-number")
    for match in ACCOUNT.finditer(text):
        add(match.start(1), match.end(1), "bank-account")
    for match in CARD.finditer(text):
        add(match.start(), match.end(), "bank-account")
    for match in IBAN.finditer(text):
        add(match.start(), match.end(), "bank-account")
    for pattern in PHONES:
        for match in pattern.finditer(text):
            add(match.start(), match.end(), "phone")
    for match in SSN.finditer(text):
        add(match.start(), match.end(), "id-number")
    for match in LONG_NUMBER.finditer(text):
        if not (MONEY_BEFORE.search(text[max(0, match.start() - 4):match.start()])
                or MONEY_AFTER.match(text[match.end():match.end() + 8])):
            add(match.start(), match.end(), "id-number")
    for pattern in (STREET, CHINESE_STREET):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), "address")
    return sorted(found, key=lambda r: r.start)


def interface_language(draft_language: str | None, site_language: str) -> str:
    """The interface language a draft's markers are written in: the draft's own language
    when Docket's interface has it (``zh``, ``zh-CN`` and ``zh-Hans`` are all Chinese), else
    the site's."""
    code = draft_language or site_language
    if code in LANGUAGES:
        return code
    if code.split("-")[0].lower() == "zh":
        return "zh-Hans"
    return site_language if site_language in LANGUAGES else "en"


def markers(language: str = "en") -> dict[str, str]:
    """Kind -> marker in interface language ``language`` (``[邮箱已删除]`` in Chinese), with
    ``""`` for a kind not known."""
    gettext = translations(language).gettext if language in LANGUAGES else str
    found = {kind: gettext(marker) for kind, marker in MARKERS.items()}
    found[""] = gettext(REMOVED)
    return found


def apply(text: str, redactions: list[Redaction], shown: dict[str, str] | None = None) -> str:
    """``text`` with each span replaced by its marker (spans in the original's positions;
    markers from ``shown``, ``markers(language)``: English when not given)."""
    shown = shown or markers()
    out, at = [], 0
    for r in sorted(redactions, key=lambda r: r.start):
        if r.start < at:
            continue  # overlapping spans (a hand-edited record): the first one stands
        out.append(text[at:r.start])
        out.append(shown.get(r.kind, shown[""]))
        at = r.end
    out.append(text[at:])
    return "".join(out)


def propose(comment: Comment, shown: dict[str, str]) -> str | None:
    """Hide ``comment``'s spans before it is stored: its text becomes the text with markers
    (``shown``: ``markers(language)``), its ``redactions`` the spans (in the text as received,
    unconfirmed), and the text as received is returned, for ``.docket-private/`` (None, and
    nothing changed, when there is nothing to hide)."""
    spans = find(comment.comment)
    if not spans:
        return None
    original = comment.comment
    comment.comment = apply(original, spans, shown)
    comment.redactions = spans
    return original


@dataclass
class Wordlist:
    """One language's abusive words: whole-word entries, or substrings for Chinese."""

    words: re.Pattern[str] | None
    substrings: tuple[str, ...]


def wordlists(folder: Path = WORDLISTS) -> list[Wordlist]:
    """Every ``abusive-<language>.txt`` in ``folder`` (read on each call: nothing cached)."""
    lists = []
    for path in sorted(folder.glob("abusive-*.txt")):
        entries = [line.split("#", 1)[0].strip()
                   for line in path.read_text(encoding="utf-8").splitlines()]
        entries = [e for e in entries if e]
        whole = [e for e in entries if e.isascii()]
        pattern = (re.compile(r"\b(?:" + "|".join(re.escape(w) for w in whole) + r")\b",
                              re.IGNORECASE) if whole else None)
        lists.append(Wordlist(pattern, tuple(e for e in entries if not e.isascii())))
    return lists


def flags(text: str, lists: list[Wordlist] | None = None) -> list[str]:
    """The moderator's flags for ``text``: likely spam, abusive words."""
    found = []
    if len(URL.findall(text)) >= LINKS_FOR_SPAM:
        found.append(SPAM_LINKS)
    if REPEATED.search(text):
        found.append(SPAM_REPEATED)
    for wordlist in wordlists() if lists is None else lists:
        if (wordlist.words and wordlist.words.search(text)) or any(
                w in text for w in wordlist.substrings):
            found.append(ABUSIVE)
            break
    return found
