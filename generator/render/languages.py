"""The site in each interface language: the default at the root, every other under /<code>/.

Pages are planned once; ``localize`` gives each extra language its own copy of them (the
redlines behind them are computed once and shared), and ``links`` gives a page the functions
its template links with: ``url()`` stays inside the page's language, and every page knows its
counterparts in the other languages (the language switcher, hreflang) and its canonical URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from ..i18n import LANGUAGES
from ..model import SiteConfig, in_language
from .page import Page, url_prefix

# Addresses every language shares: fingerprinted assets, open data, and the intake service
# (one endpoint; the form tells it the reader's language).
SHARED = ("static/", "data/", "api/")
# Files made once for every language: a packet prints in its draft's language, a calendar
# file has no interface.
UNLOCALIZED = (".pdf", ".ics")
ROOT_ONLY = {"404.html"}  # a server has one page for unknown addresses


@dataclass(frozen=True)
class Alternate:
    """The same page in an interface language."""

    code: str
    name: str  # the language's own name: 简体中文
    href: str  # relative to the page
    absolute: str  # from base_url, for <link rel="alternate" hreflang> and the sitemap
    current: bool


def prefix(code: str, config: SiteConfig) -> str:
    return "" if code == config.language else f"{code}/"


def localize(pages: list[Page], config: SiteConfig) -> list[Page]:
    """The planned pages, then a copy of them for each further interface language."""
    out = list(pages)
    for code in config.languages[1:]:
        for page in pages:
            if page.output not in ROOT_ONLY and not shared(page.output):
                out.append(replace(page, output=prefix(code, config) + page.output, language=code))
    return out


def page_path(page: Page, config: SiteConfig) -> str:
    """The page's address inside its language, as a folder: ``drafts/x/`` for
    ``zh-Hans/drafts/x/index.html``; the 404 page stands for the home page."""
    path = page.output.removeprefix(prefix(page.language or config.language, config))
    if path in ROOT_ONLY:
        return ""
    return path.removesuffix("index.html")


def shared(path: str) -> bool:
    return path.startswith(SHARED) or path.endswith(UNLOCALIZED)


def links(page: Page, config: SiteConfig) -> dict:
    """What a page's template links with: ``url``, ``alternates``, ``canonical``."""
    root = url_prefix(page, config.base_url)
    code = page.language or config.language
    own = prefix(code, config)
    path = page_path(page, config)

    def url(target: str) -> str:
        return root + (target if shared(target) else own + target)

    def absolute(target: str) -> str:
        """For feeds, the sitemap and link previews, read away from the site."""
        return config.base_url + (target if shared(target) else own + target)

    alternates = [
        Alternate(other, LANGUAGES[other].name, root + prefix(other, config) + path,
                  config.base_url + prefix(other, config) + path, other == code)
        for other in config.languages
    ]
    return {
        "url": url,
        "absolute": absolute,
        "alternates": alternates if len(alternates) > 1 else [],
        "canonical": config.base_url + own + path,
        # site.yaml's own words (title, body): in the page's language when given in it, else
        # in the default language, whatever the page's
        "site_text_lang": in_language(config.title, code, config.language)[1],
        "site_body_lang": in_language(config.body, code, config.language)[1],
        "site_path": urlsplit(config.base_url).path,
    }
