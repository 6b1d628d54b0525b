"""``docket serve``'s fast path: the pages a save changes, rendered into memory at once.

A build of a large site takes seconds even when one draft changed: it loads the project,
works out which pages changed, renders them, publishes them in place and indexes search
again. While serving, a save inside ``drafts/`` is instead rendered straight into an overlay
the server answers from first: the
saved draft's pages, and the site-wide pages that list every draft (home, feeds, sitemap, open
data). The overlay is replaced whole, never edited, so a reader sees all of a save or none of
it. A full build then follows in a separate process (search index included); once it is
swapped in, the overlay is worked out again against it, and shrinks to nothing.

The overlay is always "the current files, rendered, minus what ``site/`` already holds": the
base is the build state (``.docket-state``) of the build on disk, and a draft whose files
hash as they did for that build is served from disk. A change to templates, ``site.yaml`` or
the theme's assets changes every page; then the full build is the only path.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import TemplateError

from ..build.caches import ParsedTexts
from ..build.state import BuildState
from ..content.loader import load_drafts, load_project
from ..fingerprints import Inputs, StatCache, cache_folder
from ..inputfiles import allowed_roots
from ..model import Project
from ..problems import ProblemsFound, has_errors
from ..render.draft_files import DraftFiles, look
from ..render.environment import Assets
from ..render.output import Interfaces, interfaces, page_text
from ..render.page import Page
from ..render.search import SEARCH_DOCS
from ..render.site import Part, site_pages, sitemap_pages
from ..theme import template_dirs
from .watch import Changes


@dataclass
class Overlay:
    """Pages newer than site/: output path -> its bytes, or None for a page now gone."""

    pages: dict[str, bytes | None] = field(default_factory=dict)
    drafts: frozenset[str] = frozenset()  # the drafts it shows newer than site/

    def lookup(self, url_path: str) -> tuple[bool, bytes | None]:
        """(whether the overlay has this URL, its bytes or None if the page is gone)."""
        output = url_path.lstrip("/")
        if output == "" or output.endswith("/"):
            output += "index.html"
        if output in self.pages:
            return True, self.pages[output]
        return False, None


@dataclass
class Planned:
    """What the preview keeps of a draft's last planning, true while its files hash as
    they did then: its folder's facts, and its pages the sitemap lists (``site.Part``)."""

    digest: str  # the hash of the draft's files it was loaded from
    files: DraftFiles
    listed: list[Page]


class Preview:
    """Keeps the overlay for one served project; ``update`` after each save."""

    def __init__(self, root: Path, out: Path, texts: ParsedTexts | None = None):
        self.root = root
        self.out = out
        # Parsed texts, kept across saves (and on disk, as builds keep them, unless given).
        self._texts = texts if texts is not None else ParsedTexts(cache_folder(root, "parsed"))
        self.overlay = Overlay()  # replaced whole; readers take a reference
        self._stat = StatCache()
        self._lock = threading.Lock()  # one update at a time
        self._base: BuildState | None = None
        self._project: Project | None = None
        self._loaded: dict[str, str] = {}  # draft slug -> hash of the files it was loaded from
        self._envs: Interfaces = {}
        self._key: tuple | None = None  # what the environments and project were made for
        self._inputs: Inputs | None = None  # the files' hashes, as of the last update
        self._planned: dict[str, Planned] = {}  # draft slug -> what its last planning left
        # What the overlay was made from: the build on disk, the files' hashes, the clock.
        self._shown: tuple[BuildState, Inputs, datetime] | None = None

    def rebase(self) -> None:
        """The build on disk changed (a full build swapped in): read its state again."""
        with self._lock:
            self._base = None

    def update(self, now: datetime, changes: Changes | None = None) -> bool:
        """Render what changed since the build on disk into a new overlay.

        ``changes``: what the watcher saw written since the last update (``watch.py``); only
        the drafts it names are hashed again. None: anything may have changed, every input
        is looked at. Returns False when only a full build can show the change (templates,
        site.yaml, assets, or no build to compare with); raises ProblemsFound if a changed
        draft is broken, leaving the overlay as it was. When the files hash as they did for
        the overlay (a save of the same bytes, an editor's second write of a save already
        shown) the overlay is left as it is, the same object: there is nothing new to show.
        """
        with self._lock:
            if self._base is None:
                self._base = BuildState.read(self.out)
            base = self._base
            inputs = self._hashed(changes)
            if base is None or (inputs.key, inputs.templates) != (base.key, base.templates):
                return False
            self._refresh(inputs)
            if self._shown is not None and self._shown[0] is base and (
                    self._shown[1:] == (inputs, now)):
                return True
            changed = sorted(slug for slug in inputs.drafts.keys() | base.drafts.keys()
                             if inputs.drafts.get(slug) != base.drafts.get(slug))
            if not changed:
                self.overlay = Overlay()
                if self._unplanned():  # (once, as the server starts: not on the first save)
                    self._plan(set(), now)
            else:
                self.overlay = self._render(changed, base, now)
            self._shown = (base, inputs, now)
            return True

    def _hashed(self, changes: Changes | None) -> Inputs:
        """The inputs' hashes now: those of the drafts ``changes`` names taken again, or
        every input's (the first time, for a change to anything but a draft, or ``None``)."""
        if self._inputs is None or changes is None or changes.project:
            self._inputs = Inputs.read(self.root, cache=self._stat)
        elif changes.drafts:
            self._inputs = self._inputs.with_drafts(self.root, changes.drafts, self._stat)
        return self._inputs

    def _refresh(self, inputs: Inputs) -> None:
        """Bring the in-memory project up to the files: reload only drafts that changed."""
        key = (inputs.key, tuple(sorted(inputs.templates.items())))
        if self._project is None or key != self._key:
            loaded = load_project(self.root, parse=False, texts=self._texts)
            if not loaded.ok or loaded.project is None:
                raise ProblemsFound(loaded.problems)
            config = loaded.project.config
            assets = Assets.collect(template_dirs(self.root),
                                    allowed_roots(self.root, config.allow_outside_root))
            if has_errors(assets.problems):
                raise ProblemsFound(assets.problems)
            self._project, self._key = loaded.project, key
            self._planned = {}
            self._loaded = {d.slug: inputs.drafts.get(d.slug, "") for d in loaded.project.drafts}
            self._envs = interfaces(self.root, config, assets)
            for env, _site in self._envs.values():  # compiled now, not on the first save
                for name in env.list_templates(extensions=["html", "xml"]):
                    with contextlib.suppress(TemplateError):  # the build reports it
                        env.get_template(name)
        project = self._project
        stale = sorted(slug for slug in inputs.drafts.keys() | self._loaded.keys()
                       if inputs.drafts.get(slug) != self._loaded.get(slug))
        if not stale:
            return
        fresh, problems = load_drafts(self.root, project.config, stale, texts=self._texts)
        if has_errors(problems):
            raise ProblemsFound(problems)
        kept = [d for d in project.drafts if d.slug not in stale]
        project.drafts = sorted(kept + list(fresh.values()), key=lambda d: d.slug)
        for slug in stale:
            self._loaded.pop(slug, None)
        self._loaded.update({slug: inputs.drafts[slug] for slug in fresh})

    def _unplanned(self) -> set[str]:
        """The drafts loaded since their last planning (or never planned)."""
        assert self._project is not None
        return {d.slug for d in self._project.drafts
                if (kept := self._planned.get(d.slug)) is None
                or kept.digest != self._loaded.get(d.slug)}

    def _plan(self, changed: set[str], now: datetime) -> list[Page]:
        """The pages of ``changed`` and of the whole site (``site.Part``), and of any draft
        not planned since it was loaded (all of them the first time), whose facts and
        sitemap pages are then kept for the next save."""
        project = self._project
        assert project is not None
        todo = self._unplanned() | changed
        kept = {slug: p for slug, p in self._planned.items() if slug not in todo}
        files = {d.slug: kept[d.slug].files if d.slug in kept else look(project.root, d)
                 for d in project.drafts}
        part = Part(frozenset(todo), {slug: p.listed for slug, p in kept.items()})
        pages = site_pages(project, now, part, files)
        listed = sitemap_pages(pages)
        self._planned = {**{slug: p for slug, p in kept.items() if slug in files},
                         **{slug: Planned(self._loaded.get(slug, ""), files[slug],
                                          listed.get(slug, []))
                            for slug in todo if slug in files}}
        return pages

    def _render(self, changed: list[str], base: BuildState, now: datetime) -> Overlay:
        project = self._project
        assert project is not None
        config = project.config
        wanted = set(changed)
        out: dict[str, bytes | None] = {}
        skipped: set[str] = set()
        for page in self._plan(wanted, now):
            if page.output.startswith(SEARCH_DOCS) or page.pdf:
                skipped.add(page.output)  # what Pagefind indexes, never shown, and packets
                continue  # printed to PDF (seconds each): the full build catches up
            draft = page.draft
            if draft is None or draft.slug in wanted:
                text = page_text(self._envs, config, now, page)
                out[page.output] = text if isinstance(text, bytes) else text.encode()
        for output, (_key, scope) in base.pages.items():  # a changed draft's pages now gone
            if scope in wanted and output not in out and output not in skipped and (
                    not output.startswith(SEARCH_DOCS)):
                out[output] = None
        return Overlay(out, frozenset(changed))
