"""How search engines and link previews find the site: sitemap.xml and robots.txt.

The sitemap lists the reading pages (home, each draft, each version, each compare page,
search, what was done with the comments, each hearing's packet, the handling report) in
every interface language, each with its counterparts (hreflang), so a search
engine shows a reader the page in their language. Redline views are reached from those.
"""

from __future__ import annotations

from functools import partial

from ..model import Project, SiteConfig
from .languages import page_path, prefix
from .page import Page

LISTED = frozenset({"home.html", "draft.html", "version.html", "compare.html", "search.html",
                    "responses.html", "packet.html", "report_page.html"})
PER_FILE = 50_000  # the sitemap protocol's limit


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """``value`` quoted as an XML attribute, as ``xml.sax.saxutils.quoteattr`` quotes it
    (whose module imports ``urllib.request``, and with it ``ssl`` and ``email``: a few
    hundredths of a second of every build's start, for one page)."""
    value = _text(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def _entry(config: SiteConfig, path: str, code: str) -> str:
    """One page in language ``code``, with its counterparts in every interface language."""
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang={_attribute(other)} '
        f"href={_attribute(config.base_url + prefix(other, config) + path)}/>"
        for other in config.languages
    ) if len(config.languages) > 1 else ""
    return f"<url><loc>{_text(config.base_url + prefix(code, config) + path)}</loc>{links}</url>"


def sitemap(config: SiteConfig, entries: list[tuple[str, str]]) -> str:
    """One sitemap file: each (language, path) with its counterparts."""
    body = "\n".join(_entry(config, path, code) for code, path in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + body + "\n</urlset>\n")


def sitemap_index(config: SiteConfig, names: list[str]) -> str:
    body = "\n".join(f"<sitemap><loc>{_text(config.base_url + n)}</loc></sitemap>" for n in names)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + body + "\n</sitemapindex>\n")


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nDisallow: /api/\n\nSitemap: {config.base_url}sitemap.xml\n"


def discovery_pages(project: Project, pages: list[Page]) -> list[Page]:
    config = project.config
    paths = [page_path(p, config) for p in pages if p.template in LISTED and not p.language]
    entries = [(code, path) for code in config.languages for path in paths]
    chunks = [entries[i:i + PER_FILE] for i in range(0, len(entries), PER_FILE)] or [[]]
    out = [Page("robots.txt", "", data=partial(robots, config))]
    if len(chunks) == 1:
        return [*out, Page("sitemap.xml", "", data=partial(sitemap, config, chunks[0]))]
    names = [f"sitemap-{i}.xml" for i in range(1, len(chunks) + 1)]
    out += [Page(name, "", data=partial(sitemap, config, chunk))
            for name, chunk in zip(names, chunks, strict=True)]
    return [*out, Page("sitemap.xml", "", data=partial(sitemap_index, config, names))]
