"""The interface languages Docket ships, and their gettext catalogs.

The catalogs are the ``.po`` files under ``generator/locale/`` (the sources translators edit);
they are compiled to gettext's binary form when first used, so a clean clone and an editable
install work with no compile step; the compiled form is kept under the hash of the ``.po``
it came from (``translations``), so none can go stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from babel.support import Translations

from .fingerprints import digest, theme_folder

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


@dataclass(frozen=True)
class Punctuation:
    """How a language joins words the page puts together itself (a list of sponsors, a
    version's label and date, a label and its value): Chinese uses full-width marks, and
    the enumeration comma 、 between the items of a list. Sentences with words around their
    values are translated whole in the catalogs instead."""

    series: str = ", "  # between the items of a list: "A, B" / "甲、乙"
    comma: str = ", "  # between two parts of a phrase: "First reading, May 1, 2026" / "一审稿，…"
    colon: str = ": "  # after a label or title: "Compare versions: Title" / "版本对照：…"
    opening: str = " ("  # around an aside: "Title (First reading)" / "标题（一审稿）"
    closing: str = ")"
    stop: str = "."  # after a name standing as a sentence: "City Council." / "市人大常委会。"

    def join(self, items: Iterable[object]) -> str:
        return self.series.join(str(item) for item in items)

    def aside(self, text: object) -> str:
        return f"{self.opening}{text}{self.closing}"


FULL_WIDTH = Punctuation(series="、", comma="，", colon="：", opening="（", closing="）", stop="。")


@dataclass(frozen=True)
class Language:
    """An interface language: its code in site.yaml (BCP 47), catalog folder and own name."""

    code: str  # "zh-Hans": what site.yaml, lang="" and hreflang="" use
    catalog: str  # "zh_Hans": the folder under generator/locale/
    name: str  # "中文（简体）": how the language calls itself, for the language switcher
    punctuation: Punctuation = Punctuation()


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "en", "English"),
        Language("zh-Hans", "zh_Hans", "简体中文", FULL_WIDTH),
    )
}


def punctuation(code: str) -> Punctuation:
    """The punctuation of language ``code``; any Chinese or Japanese text is full width, even
    in a language the interface does not have (a draft's own ``language:``)."""
    if code in LANGUAGES:
        return LANGUAGES[code].punctuation
    return FULL_WIDTH if code.split("-")[0].lower() in ("zh", "ja") else Punctuation()


def known(code: str) -> bool:
    return code in LANGUAGES


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / LANGUAGES[code].catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(code: str) -> Catalog:
    with catalog_path(code).open("rb") as f:
        return parsed_catalog(code, f)


def parsed_catalog(code: str, source: BinaryIO) -> Catalog:
    from babel.messages.pofile import read_po  # (here: a catalog kept compiled needs none)

    return read_po(source, locale=LANGUAGES[code].catalog, domain=DOMAIN)


@cache
def translations(code: str) -> Translations:
    """The compiled catalog of ``code``; fuzzy entries are left out, as msgfmt does.

    Compiled once per installation and kept beside the theme's compiled templates
    (``fingerprints.theme_folder``), named by the hash of the ``.po`` it was compiled from:
    an edited catalog is compiled again, and none can go stale."""
    source = catalog_path(code).read_bytes()
    folder = theme_folder()
    name = f"{DOMAIN}-{code}-{digest(source)[:16]}.mo"
    try:
        compiled = (folder.path / name).read_bytes() if folder is not None else None
    except OSError:
        compiled = None
    if compiled is None:
        from babel.messages.mofile import write_mo

        buffer = BytesIO()
        write_mo(buffer, parsed_catalog(code, BytesIO(source)), use_fuzzy=False)
        compiled = buffer.getvalue()
        if folder is not None:
            folder.keep(name, compiled)
    return Translations(BytesIO(compiled), domain=DOMAIN)
