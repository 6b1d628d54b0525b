"""The interface languages Docket ships, and their gettext catalogs.

The catalogs are the ``.po`` files under ``generator/locale/`` (the sources translators edit);
they are compiled to gettext's binary form in memory when first used, so a clean clone and an
editable install work with no compile step and no ``.mo`` file can go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


@dataclass(frozen=True)
class Language:
    """An interface language: its code in site.yaml (BCP 47), catalog folder and own name."""

    code: str  # "zh-Hans": what site.yaml, lang="" and hreflang="" use
    catalog: str  # "zh_Hans": the folder under generator/locale/
    name: str  # "中文（简体）": how the language calls itself, for the language switcher
    pagefind: str  # the language Pagefind indexes it as (its CJK segmentation needs "zh")


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "en", "English", "en"),
        Language("zh-Hans", "zh_Hans", "简体中文", "zh"),
    )
}


def known(code: str) -> bool:
    return code in LANGUAGES


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / LANGUAGES[code].catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(code: str) -> Catalog:
    with catalog_path(code).open("rb") as f:
        return read_po(f, locale=LANGUAGES[code].catalog, domain=DOMAIN)


@cache
def translations(code: str) -> Translations:
    """The compiled catalog of ``code``; fuzzy entries are left out, as msgfmt does."""
    buffer = BytesIO()
    write_mo(buffer, read_catalog(code), use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
