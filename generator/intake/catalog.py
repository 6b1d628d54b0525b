"""What the service knows of the project: drafts, their current provisions and periods.

The service checks every submission against the same files the site is built from.  When
they change (a new version, a moved deadline) it is told which drafts were written (by the
watcher of ``docket serve`` or ``docket intake``: ``Intake.notice``) and reloads those; a
project that no longer loads cleanly (a drafter mid-edit) keeps the last good catalog.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..content.loader import load_drafts, load_project
from ..fingerprints import StatCache, draft_digests, redigest_drafts
from ..model import Draft, SiteConfig
from ..periods import bounds
from ..problems import ProblemsFound, has_errors
from ..providers import local, settings_of
from ..providers.local import Settings
from ..provisions.citation import citations
from .proxies import Network, networks

log = logging.getLogger("docket.intake")


@dataclass(frozen=True)
class DraftEntry:
    slug: str
    title: str
    version: str  # the current version's slug
    version_label: str
    provisions: dict[str, str]  # id -> citation, in the current version
    opens: datetime | None = None
    closes: datetime | None = None
    allow_late: bool = False


@dataclass(frozen=True)
class Catalog:
    drafts: dict[str, DraftEntry]
    site: SiteConfig
    tz: ZoneInfo
    settings: Settings
    origins: frozenset[str] = field(default_factory=frozenset)  # allowed to post (CORS)
    proxies: tuple[Network, ...] = ()  # whose X-Forwarded-For is believed (proxies.py)

    @property
    def rate(self) -> tuple[int, int] | None:
        return local.rate(self.settings)


def origin_of(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme.lower()}://{rest.split('/', 1)[0].lower()}"


def entry_of(draft: Draft, tz: ZoneInfo) -> DraftEntry:
    """What the service checks a comment on ``draft`` against (parses its current text)."""
    period = draft.meta.comment_period
    opens, closes = bounds(period, tz) if period else (None, None)
    current = draft.current
    entry = DraftEntry(
        slug=draft.slug,
        title=draft.meta.title,
        version=current.slug,
        version_label=current.meta.label,
        provisions=citations(current),
        opens=opens,
        closes=closes,
        allow_late=bool(period and period.allow_late),
    )
    current.forget()  # the entry holds all the service needs
    return entry


def catalog_of(config: SiteConfig, drafts: dict[str, DraftEntry]) -> Catalog:
    tz = config.tz
    comments = config.comments
    if comments.provider != local.NAME:
        # The service still runs (e.g. while moving provider), with the local defaults.
        extra = {k: v for k, v in vars(comments).items() if k in ("max_chars",)}
        settings = Settings(**extra)
    else:
        settings = settings_of(comments)
    origins = {origin_of(config.base_url)} | {
        origin_of(o.rstrip("/")) for o in settings.allowed_origins
    }
    if settings.endpoint.startswith("http"):
        origins.add(origin_of(settings.endpoint))
    return Catalog(dict(sorted(drafts.items())), config, tz, settings, frozenset(origins),
                   networks(settings.trusted_proxies))


class LiveCatalog:
    """The current catalog, brought up to date by ``refresh()`` when the files change.

    Only the drafts whose files changed are read again (by content hash, with a stat cache),
    so a save on a site of a thousand drafts costs one draft's parse, not a thousand.
    """

    def __init__(self, root: Path):
        self.root = root
        self._stat = StatCache()
        self._site = self._site_yaml()
        self._hashes = draft_digests(root, self._stat)
        loaded = load_project(root, parse=False)
        if not loaded.ok or loaded.project is None:
            raise ProblemsFound(loaded.problems)
        config = loaded.project.config
        tz = config.tz
        entries = {}
        for draft in loaded.project.drafts:
            problems = draft.current.parsed.problems
            if has_errors(problems):
                raise ProblemsFound(problems)
            entries[draft.slug] = entry_of(draft, tz)
        self.catalog = catalog_of(config, entries)

    def _site_yaml(self) -> bytes:
        try:
            return (self.root / "site.yaml").read_bytes()
        except OSError:
            return b""

    def refresh(self, drafts: Collection[str] | None = None) -> bool:
        """Reload what changed; True when a new catalog was taken. Runs in a thread.

        ``drafts``: the draft folders known to have been written (``docket serve``'s watcher
        says which), the only ones hashed again; None: any may have, every draft is."""
        site = self._site_yaml()
        hashes = (draft_digests(self.root, self._stat) if drafts is None
                  else redigest_drafts(self.root, self._hashes, drafts, self._stat))
        if site == self._site and hashes == self._hashes:
            return False
        try:
            if site != self._site:
                fresh = LiveCatalog(self.root)
                self.catalog, self._stat = fresh.catalog, fresh._stat
            else:
                self.catalog = self._updated(hashes)
        except ProblemsFound as exc:
            log.warning(
                "the project has %d problem(s) (run `docket check`); still using the drafts "
                "as they were",
                sum(p.is_error for p in exc.problems),
            )
            return False
        self._site, self._hashes = site, hashes
        log.info("drafts changed: %d drafts known", len(self.catalog.drafts))
        return True

    def _updated(self, hashes: dict[str, str]) -> Catalog:
        old = self.catalog
        changed = sorted(slug for slug in hashes.keys() | self._hashes.keys()
                         if hashes.get(slug) != self._hashes.get(slug))
        fresh, problems = load_drafts(self.root, old.site, changed)
        if has_errors(problems):
            raise ProblemsFound(problems)
        entries = {slug: e for slug, e in old.drafts.items() if slug not in changed}
        entries.update({slug: entry_of(draft, old.tz) for slug, draft in fresh.items()})
        return catalog_of(old.site, entries)
