"""Read a built site back: every link and anchor, for tests that check what a reader gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


@dataclass
class PageLinks(HTMLParser):
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)

    def __post_init__(self):
        super().__init__()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for key in ("src", "srcset"):
            if key in a:
                self.resources.append(a[key])
        # Only what the browser fetches: not canonical, alternate or feed addresses.
        if tag == "link" and "href" in a and a.get("rel") in ("stylesheet", "icon", "preload"):
            self.resources.append(a["href"])


def read(page: Path) -> PageLinks:
    parsed = PageLinks()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def broken_links(site: Path) -> list[str]:
    """Internal links whose file or #anchor does not exist, as 'page -> href'."""
    pages = {p: read(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue
        base = "http://site/" + page.relative_to(site).as_posix()
        for href in parsed.links + parsed.resources:
            url = urlsplit(urljoin(base, href))
            if url.netloc != "site":
                continue
            target = site / url.path.lstrip("/")
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read(target).ids
                if url.fragment not in ids:
                    broken.append(f"{page.relative_to(site)} -> {href}")
    return broken
