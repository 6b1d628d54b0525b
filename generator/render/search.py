"""Full-text search: the search page, and the Pagefind index built over the rendered pages.

Pagefind indexes each page in one language, and only Pagefind Extended splits Chinese (or
Japanese) text into words, and only in an index of that language. A draft's text is in the
draft's language whatever the interface around it, so the pages of each interface language
are indexed once per language their drafts are written in, each into its own bundle
(``<prefix>pagefind/<lang>/``), and the search page searches all of them at once. A Chinese
query then finds the Chinese drafts' articles on the English site too, and English words keep
their stemming.

Published comments are indexed too, as their own kind of result (meta ``type``: comment,
filter "Result type"): each comment page's document (templates/search_comments.html) holds
its comments, each a heading with the comment's id titled "Comment on Sec. 6(a)", so a
result lands on the comment on its provision's comment page. Only published comments are
on those pages, as published (redacted), with the name only where its writer consented.

Each draft page and each earlier version's page is indexed, from a small document that holds
its title, words and filters (comment status, topic, committee, version: the
``data-pagefind-filter`` attributes of templates/_search_data.html); see
``search_documents``. Each provision in it is a heading with the provision's id and citation
(``search_text``), so Pagefind reports a match as a sub-result at ``page#id`` titled
"Sec. 6(a)", and a search result opens the provision itself.

The search page draws the results itself (templates/static/search.js, over Pagefind's JS API)
rather than with Pagefind's UI: every value a draft gave (title, topics, committee, excerpts)
is put in the page as text, never as markup, whatever Pagefind stored.

A large site's documents of one language are split into several bundles
(``pagefind/en.0/``, ``pagefind/en.1/``...), because Pagefind holds every document of a
bundle in memory while it indexes it: about 40 MB for each MB of Markdown behind them, so the
statute book's 111 MB of English laws took one Pagefind 4 GB. Each bundle is given at most
about ``BUNDLE_BYTES`` of its drafts' Markdown (``search_parts``), a draft always in the same
one (by a hash of its slug), so an edit makes only its own bundle indexed again; the bundles
are indexed a few at a time (``index_site``), and the search page merges them all as it
merges the languages' (Pagefind's ``mergeIndex``), so a search, its filters and its results
are as with one bundle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO

from markupsafe import Markup

from ..content.parsed import Source
from ..model import Draft, Project, Provision, SiteConfig, Version
from ..problems import Problem, ProblemsFound
from .fragments import escape_attr, escape_text
from .page import Page, version_citations

INDEXED_TEMPLATES = frozenset({"draft.html", "version.html", "comments.html"})
# What the index is built from (public words), named as if in the site; a build keeps them
# beside it, with its other files (build/publish.py).
SEARCH_DOCS = ".docket-search/"
SEARCH_PAGE = "search/"
TIMEOUT = 600  # seconds for one Pagefind run; a large site takes a few
# What Pagefind writes into every bundle for its own ready-made interfaces (about 420 kB a
# bundle): the search page draws results itself over pagefind.js (static/search.js), so
# these are never loaded, and a site should not publish what no page uses.
UNUSED_ASSETS = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                 "pagefind-modular-ui.css", "pagefind-component-ui.js",
                 "pagefind-component-ui.css", "pagefind-highlight.js")
# At most this much Markdown (UTF-8 bytes, every version of the drafts) behind one bundle:
# Pagefind then peaks at about 40 MB per MB of it (350 MB), whatever the site's size.
BUNDLE_BYTES = 8_000_000
# Pagefind runs at once (one per bundle): two small bundles (a site's two languages) side
# by side, but one at a time when a language is split, so one bounded bundle is in memory.
PARALLEL_INDEXING = 2


def pagefind_language(code: str) -> str:
    """What Pagefind calls a language: ISO 639-1, so ``zh-Hans`` is ``zh``."""
    return code.split("-")[0].lower() or "en"


def draft_language(draft: Draft, config: SiteConfig) -> str:
    """The Pagefind language a draft's text is indexed in."""
    return pagefind_language(draft.meta.language or config.language)


def search_parts(drafts: Iterable[Draft], config: SiteConfig,
                 sizes: Mapping[str, int] | None = None) -> dict[str, int]:
    """Into how many bundles each content language's documents are split: the smallest
    power of two that gives each at most ``BUNDLE_BYTES`` of Markdown on average.

    A power of two, so that a site growing past a bound splits each bundle in two rather
    than dealing every draft out again, and a bound crossed only when the language's
    Markdown doubles; between two bounds a draft stays in its bundle (``bundle_of``).
    ``sizes``: each draft's ``draft_bytes`` by slug, if the caller measured them
    (``draft_files.py``)."""
    languages: dict[str, int] = {}
    for draft in drafts:
        lang = draft_language(draft, config)
        size = sizes[draft.slug] if sizes is not None else draft_bytes(draft)
        languages[lang] = languages.get(lang, 0) + size
    parts = {}
    for lang, size in languages.items():
        n = 1
        while n * BUNDLE_BYTES < size:
            n *= 2
        parts[lang] = n
    return parts


def draft_bytes(draft: Draft) -> int:
    """The Markdown of every version of a draft, in bytes: what its search documents hold
    (``isascii`` is free in CPython: an English text is not encoded to be measured)."""
    return sum(_utf8_length(v.parse.text) for v in draft.versions if isinstance(v.parse, Source))


def _utf8_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode())


def bundle_of(draft: Draft, config: SiteConfig, parts: dict[str, int]) -> str:
    """The bundle a draft's documents go in: its language (``en``), or with the site's
    documents of that language split, its language and part (``en.3``), by a hash of its
    slug (stable from build to build and from machine to machine, unlike ``hash``)."""
    lang = draft_language(draft, config)
    n = parts.get(lang, 1)
    return lang if n == 1 else f"{lang}.{zlib.crc32(draft.slug.encode()) % n}"


def bundles(project: Project, sizes: Mapping[str, int] | None = None) -> list[str]:
    """Every bundle the search page merges: the content languages the site's drafts are in
    (each split in parts on a large site: ``search_parts``), the site's own first."""
    config = project.config
    own = pagefind_language(config.language)
    parts = search_parts(project.drafts, config, sizes)
    found = {bundle_of(d, config, parts) for d in project.drafts}
    return sorted(found, key=lambda b: (b.split(".")[0] != own, b.split(".")[0],
                                        int(b.partition(".")[2] or 0)))


def search_page(project: Project, sizes: Mapping[str, int] | None = None) -> Page:
    return Page(f"{SEARCH_PAGE}index.html", "search.html",
                {"bundles": bundles(project, sizes), "drafts": project.drafts})


def executable() -> Path:
    """Pagefind Extended's binary from its PyPI wheel (the plain one cannot split Chinese)."""
    from pagefind_bin_extended import get_executable

    return get_executable()


def search_documents(project: Project, pages: list[Page],
                     sizes: Mapping[str, int] | None = None) -> list[Page]:
    """A small document per indexed page (``search_document.html``: its title, filters and
    words), filed by bundle (``bundle_of``) under ``SEARCH_DOCS`` at the page's own path in
    its language.

    Pagefind reads these rather than the pages, a fraction of their size, and records the
    pages' addresses. They are outputs like any other, so an incremental build renders only
    those whose draft changed, and a bundle none of whose documents changed is not indexed
    again (``index_site``).
    """
    config = project.config
    parts = search_parts(project.drafts, config, sizes)
    docs = []
    for page in pages:
        if page.template not in INDEXED_TEMPLATES:
            continue
        draft = page.context["draft"]
        template, context = "search_document.html", page.context
        if page.template == "comments.html":
            indexed = comments_here(page)
            if not indexed:
                continue
            template, context = "search_comments.html", {**page.context, "indexed": indexed}
        elif page.template == "version.html" and page.context["version"] is draft.current:
            continue  # the draft page has the current text: indexing it twice lists it twice
        interface = page.language or config.language
        prefix = "" if interface == config.language else f"{interface}/"
        bundle = bundle_of(draft, config, parts)
        output = f"{SEARCH_DOCS}{bundle_name(prefix, bundle)}/{page.output.removeprefix(prefix)}"
        docs.append(Page(output, template, context, language=page.language, draft=page.draft))
    return docs


def comments_here(page: Page) -> list:
    """The published comments a page of comments is the search result for: on a
    provision's page, its comments; on the draft's whole list, only those on the draft as a
    whole (or on a provision since removed), so each comment is found once, on the page of
    the provision it is about."""
    shown = page.context["comments"]
    if page.context["provision"] is not None:
        return list(shown)
    return [s for s in shown if not s.provision_id]


def search_text(version: Version, draft: Draft) -> Markup:
    """A version's words for the search index: the preamble, then each provision as a heading
    (its citation, with its id: Pagefind's sub-result and its anchor) and its own words.

    For an earlier version, only what differs from the current version is given (struck or
    since amended): a search then finds unchanged words once, on the draft's page, and words
    no longer in the draft on the version that had them.
    """
    root = version.root
    same: dict[str, str] = {}
    if version is not draft.current:
        current = draft.current.root
        _own_texts(current, same)
        same[""] = _preamble(current)
    out: list[str] = []
    if (preamble := _preamble(root)) and same.get("") != preamble:
        out.append(f"<p>{escape_text(preamble)}</p>\n")
    _searched(root, out.append, version_citations(version), same)
    return Markup("".join(out))


def _own_texts(p: Provision, texts: dict[str, str]) -> None:
    """Each provision below ``p``: its id -> its own words, in reading order (a later one
    of the same id wins). A walk of its own, not ``Provision.walk``: no list of them."""
    for part in p.parts:
        if type(part) is Provision:
            texts[part.id] = part.text
            _own_texts(part, texts)


def _searched(p: Provision, append: Callable[[str], None], cites: dict[str, str],
              same: dict[str, str]) -> None:
    """``search_text``'s provisions below ``p``, in reading order: each with a number or
    words, and (``same``: an earlier version's) words other than the current version's."""
    for part in p.parts:
        if type(part) is not Provision:
            continue
        text = part.text
        if (part.label or text) and (not same or same.get(part.id) != text):
            pid = part.id
            cite = cites.get(pid) or part.title or pid
            # (escaped only where there is something to escape: ``escape_attr``, ``escape_text``)
            append(f'<h2 id="{escape_attr(pid)}">{escape_text(cite)}</h2>\n')
            if text:
                append(f"<p>{escape_text(text)}</p>\n")
        _searched(part, append, cites, same)


def _preamble(root: Provision) -> str:
    return "\n".join(f.text for f in root.fragments if f.text)


def bundle_name(prefix: str, bundle: str) -> str:
    """A bundle's name among the search documents: its interface and its bundle of that
    interface's search page (``_-en``, ``zh-Hans-zh``, ``_-en.3``)."""
    return f"{prefix.strip('/') or '_'}-{bundle}"


def bundle_output(name: str) -> str:
    """Where a bundle's index goes in the site: ``zh-Hans-zh`` -> ``zh-Hans/pagefind/zh/``,
    ``_-en.3`` -> ``pagefind/en.3/``."""
    interface, _, bundle = name.rpartition("-")
    return f"{'' if interface == '_' else interface + '/'}pagefind/{bundle}/"


def bundle_language(name: str) -> str:
    """The language a bundle is indexed in: ``_-en.3`` -> ``en``."""
    return name.rpartition("-")[2].partition(".")[0]


def search_bundles(outputs: list[str]) -> list[str]:
    """The bundles (``_-en``) that the search documents among ``outputs`` make up."""
    return sorted({o[len(SEARCH_DOCS):].split("/", 1)[0] for o in outputs
                   if o.startswith(SEARCH_DOCS)})


def index_site(site: Path, into: Path | None = None, only: list[str] | None = None,
               docs: Path | None = None) -> list[str]:
    """Index each bundle of search documents in ``docs`` (default: ``SEARCH_DOCS`` in
    ``site``; or ``only`` those named) into ``into`` (default: the site itself), one Pagefind
    per bundle (see ``Indexer``). Returns the bundles indexed; raises ProblemsFound if
    Pagefind fails."""
    docs = docs if docs is not None else site / SEARCH_DOCS
    todo = only if only is not None else bundles_in(docs)
    indexer = Indexer(docs, into or site, todo)
    try:
        for name in todo:
            indexer.ready(name)
        return indexer.finish()
    finally:
        indexer.close()


def bundles_in(docs: Path) -> list[str]:
    """The bundles of search documents a folder holds."""
    return sorted(d.name for d in docs.iterdir() if d.is_dir()) if docs.is_dir() else []


def bundle_drafts(pages: Iterable[Page]) -> dict[str, set[str]]:
    """Bundle -> the slugs of the drafts whose search documents are among ``pages`` ("" for
    a document of no draft): a bundle is complete once their pages are written."""
    found: dict[str, set[str]] = {}
    for page in pages:
        if page.output.startswith(SEARCH_DOCS):
            name = page.output[len(SEARCH_DOCS):].split("/", 1)[0]
            found.setdefault(name, set()).add(page.draft.slug if page.draft else "")
    return found


def render_order(project: Project, documents: dict[str, set[str]]) -> dict[str, int]:
    """Each draft's place in the render order (``build/workers.py``): the drafts of the
    bundle with the most Markdown first, those of the one with the least last, so that the
    indexing left once the last page is written is that of the smallest bundle."""
    drafts = {d.slug: d for d in project.drafts}

    def size(name: str) -> int:
        return sum(draft_bytes(drafts[slug]) for slug in documents[name] if slug in drafts)

    order: dict[str, int] = {}
    for place, name in enumerate(sorted(documents, key=lambda name: (-size(name), name))):
        for slug in documents[name]:
            order.setdefault(slug, place)
    return order


def is_split(names: Iterable[str]) -> bool:
    """Whether the site's bundles (``_-en.3``) split a language in parts: a large site."""
    return any("." in name.rpartition("-")[2] for name in names)


def search_first(pages: list[Page], documents: dict[str, set[str]]) -> frozenset[int]:
    """The pages a whole new site writes first of each draft's (``workers.batches``), so
    that its bundle is ready as soon as can be: the search documents among ``pages`` (their
    indices), if the bundles are indexed as the drafts are written (``documents``, from
    ``bundle_drafts``; none on an incremental build, which indexes after the last page).

    A forked process tells the build once a draft's search documents are written, before
    its other pages, and a build in one process renders all the drafts' search documents
    before any of their other pages: a bundle's Pagefind then runs beside the other pages
    of its last drafts, not after them. (In forked processes too, every draft's search
    documents before any draft's other pages would need every draft's parsed texts kept in
    between, or parsed twice: tried, that took more CPU time and no less wall time, on the
    real laws as on the synthetic corpus.)"""
    if not documents:
        return frozenset()
    return frozenset(i for i, page in enumerate(pages) if page.output.startswith(SEARCH_DOCS))


class Indexer:
    """Pagefind runs, one per bundle of search documents, each started when its bundle is
    ``ready``: ``PARALLEL_INDEXING`` at once, or one at a time when a language is split into
    parts (each then as large as a bundle may be, and as much memory). A build makes a bundle
    ready as soon as its drafts' search documents are written (``written``; each draft's
    before its other pages: ``search_first``), so a bundle is indexed while the render
    processes still write the other pages, and what is left to index when the last page is
    written is at most the last bundle (``run.py`` renders the largest bundle's drafts
    first). On a site large enough to be split too, one bundle at a time: one Pagefind
    (about 300 MB, whatever the site's size) beside the render processes, so the bundles
    are indexed while the pages are rendered rather than one after another once the last
    page is written (the build's memory at one moment: README, Performance).
    A bundle queued behind a run starts the moment that run ends: the build waits on the
    runs' ``sentinels`` beside its render processes and then calls ``poll``.
    ``finish`` waits for them all; ``close`` stops any still running (a build that fails),
    so none writes into a folder being deleted."""

    def __init__(self, docs: Path, into: Path, names: Iterable[str],
                 drafts: dict[str, set[str]] | None = None):
        """``names``: every bundle this indexer may run (to know if a language is split);
        ``drafts``: each bundle's drafts, for ``written``."""
        self.docs, self.into = docs, into
        names = list(names)
        self.at_once = 1 if is_split(names) else PARALLEL_INDEXING
        self.waiting = {name: set(slugs) for name, slugs in (drafts or {}).items()}
        self.queued: list[str] = []
        # Each run: its bundle, its process, the file its output goes to, and a descriptor
        # that becomes readable when it ends (``sentinels``; None where the system has none).
        self.running: list[tuple[str, subprocess.Popen, IO[bytes], int | None]] = []
        self.indexed: list[str] = []
        self.failures: list[Problem] = []
        self._binary = ""

    def written(self, slug: str) -> None:
        """Draft ``slug``'s search documents are written: a bundle with no draft left is
        ready."""
        for name, slugs in list(self.waiting.items()):
            slugs.discard(slug)
            if not slugs:
                self.ready(name)

    def ready(self, name: str) -> None:
        """Bundle ``name``'s documents are all written: index it as soon as a run is free."""
        self.waiting.pop(name, None)
        self.queued.append(name)
        self._reap(block=False)
        self._start()

    def sentinels(self) -> list[int]:
        """What the build waits on beside its render processes (``workers.Workers``): a
        descriptor for each running Pagefind that becomes readable when it ends, so that
        the next bundle queued starts then (``poll``), not when another bundle is made ready
        (on a split site whose Pagefinds fell behind the render processes, that left
        Pagefind idle for up to the time a bundle's drafts take to render, bundle after
        bundle)."""
        return [fd for _name, _run, _log, fd in self.running if fd is not None]

    def poll(self) -> None:
        """Collect the runs that ended and start what is queued in their place."""
        self._reap(block=False)
        self._start()

    def finish(self) -> list[str]:
        """Wait for every bundle made ready (and start those never made so); the bundles
        indexed. Raises ProblemsFound if Pagefind failed."""
        self.queued += sorted(self.waiting)  # (none: every draft's pages were written)
        self.waiting = {}
        self._start()
        while self.running:
            self._reap(block=True)
            self._start()
        if self.failures:
            raise ProblemsFound(self.failures)
        return sorted(self.indexed)

    def close(self) -> None:
        """Stop what still runs (a failed build: its folder is about to go)."""
        for _name, run, log, fd in self.running:
            run.kill()
            run.wait()
            log.close()
            if fd is not None:
                os.close(fd)
        self.running = []

    def _binary_path(self) -> str:
        if not self._binary:
            try:
                self._binary = str(executable())
            except (ImportError, FileNotFoundError) as exc:
                raise ProblemsFound([Problem(
                    "pagefind", 0, f"cannot index the site for search: {exc} "
                    "(reinstall Docket: pip install -e .)")]) from exc
        return self._binary

    def _start(self) -> None:
        while self.queued and len(self.running) < self.at_once and not self.failures:
            name = self.queued.pop(0)
            out = self.into / bundle_output(name)
            shutil.rmtree(out, ignore_errors=True)
            command = [self._binary_path(), "--site", str(self.docs / name), "--output-path",
                       str(out), "--force-language", bundle_language(name), "--silent"]
            # What it says goes to a file, not a pipe: nothing reads it while it runs.
            log = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the run is reaped)
            run = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            self.running.append((name, run, log, _pidfd(run.pid)))

    def _reap(self, block: bool) -> None:
        """Collect the runs that ended (with ``block``, the first started, waited for)."""
        for entry in list(self.running):
            name, run, log, fd = entry
            if block:
                try:
                    run.wait(timeout=TIMEOUT)
                except subprocess.TimeoutExpired:
                    self.close()
                    raise
                block = False
            elif run.poll() is None:
                continue
            self.running.remove(entry)
            if fd is not None:
                os.close(fd)
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
            log.close()
            if run.returncode:
                self.failures.append(Problem("pagefind", 0, f"search indexing failed "
                                             f"(exit {run.returncode}): {output.strip()[-500:]}"))
            for asset in UNUSED_ASSETS:
                (self.into / bundle_output(name) / asset).unlink(missing_ok=True)
            self.indexed.append(name)


def _pidfd(pid: int) -> int | None:
    """A descriptor that becomes readable when process ``pid`` ends (Linux 5.3 and later),
    or None: the build then starts a queued bundle only when another is made ready."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None
