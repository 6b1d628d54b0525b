"""Full-text search: the search page, and the Pagefind index built over the rendered pages.

Pagefind indexes each page in one language, and only Pagefind Extended splits Chinese (or
Japanese) text into words, and only in an index of that language. A draft's text is in the
draft's language whatever the interface around it, so the pages of each interface language
are indexed once per language their drafts are written in, each into its own bundle
(``<prefix>pagefind/<lang>/``), and the search page searches all of them at once. A Chinese
query then finds the Chinese drafts' articles on the English site too, and English words keep
their stemming.

Only the pages that say so (``data-pagefind-body``: each draft and each earlier version) are
indexed; the filters (comment status, topic, committee) are ``data-pagefind-filter``
attributes on them (templates/_search_data.html).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from ..model import Project, SiteConfig
from ..problems import Problem, ProblemsFound
from .pages import Page

INDEXED_TEMPLATES = frozenset({"draft.html", "version.html"})
SEARCH_PAGE = "search/"
TIMEOUT = 600  # seconds for one Pagefind run; a large site takes a few


def pagefind_language(code: str) -> str:
    """What Pagefind calls a language: ISO 639-1, so ``zh-Hans`` is ``zh``."""
    return code.split("-")[0].lower() or "en"


def bundles(project: Project) -> list[str]:
    """The content languages the site's drafts are in, the site's own first."""
    own = pagefind_language(project.config.language)
    found = {pagefind_language(d.meta.language or project.config.language)
             for d in project.drafts}
    return sorted(found, key=lambda lang: (lang != own, lang))


def search_page(project: Project) -> Page:
    return Page(f"{SEARCH_PAGE}index.html", "search.html",
                {"bundles": bundles(project), "drafts": project.drafts})


def executable() -> Path:
    """Pagefind Extended's binary from its PyPI wheel (the plain one cannot split Chinese)."""
    from pagefind_bin_extended import get_executable

    return get_executable()


def index_groups(config: SiteConfig, pages: list[Page]) -> dict[tuple[str, str], list[str]]:
    """(interface prefix, content language) -> the pages to index in that bundle."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page in pages:
        if page.template not in INDEXED_TEMPLATES:
            continue
        interface = page.language or config.language
        prefix = "" if interface == config.language else f"{interface}/"
        draft = page.context["draft"]
        lang = pagefind_language(draft.meta.language or config.language)
        groups[prefix, lang].append(page.output)
    return groups


def index_site(site: Path, config: SiteConfig, pages: list[Page]) -> None:
    """Write every search bundle into ``site``; raises ProblemsFound if Pagefind fails."""
    groups = index_groups(config, pages)
    if not groups:
        return
    try:
        binary = str(executable())
    except (ImportError, FileNotFoundError) as exc:
        raise ProblemsFound([Problem("pagefind", 0, f"cannot index the site for search: {exc} "
                                     "(reinstall Docket: pip install -e .)")]) from exc
    with tempfile.TemporaryDirectory(prefix=".index-", dir=site.parent) as scratch:
        runs = []
        for (prefix, lang), outputs in sorted(groups.items()):
            # A tree of hard links to just this bundle's pages, laid out as in their
            # language's folder: the browser resolves the addresses Pagefind records from
            # where the bundle is (<prefix>pagefind/<lang>/), so they work under any path.
            shadow = Path(scratch) / f"{prefix.strip('/') or '_'}-{lang}"
            for output in outputs:
                target = shadow / output.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                _link(site / output, target)
            out = site / prefix / "pagefind" / lang
            command = [binary, "--site", str(shadow), "--output-path", str(out),
                       "--force-language", lang, "--silent"]
            runs.append(subprocess.Popen(command, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True))
        failures = []
        for run in runs:
            output, _ = run.communicate(timeout=TIMEOUT)
            if run.returncode:
                failures.append(Problem("pagefind", 0, f"search indexing failed "
                                        f"(exit {run.returncode}): {output.strip()[-500:]}"))
        if failures:
            raise ProblemsFound(failures)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        target.write_bytes(source.read_bytes())
