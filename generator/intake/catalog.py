"""What the service knows of the project: drafts, their current provisions and periods.

The service checks every submission against the same files the site is built from.  A
background task notices when they change (a new version, a moved deadline) and reloads;
a project that no longer loads cleanly (a drafter mid-edit) keeps the last good catalog.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..content.loader import load_project
from ..model import Project, SiteConfig
from ..periods import bounds
from ..problems import ProblemsFound
from ..providers import local, settings_of
from ..providers.local import Settings
from ..provisions.citation import citations

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

    @property
    def rate(self) -> tuple[int, int] | None:
        return local.rate(self.settings)


def origin_of(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme.lower()}://{rest.split('/', 1)[0].lower()}"


def catalog_of(project: Project) -> Catalog:
    config = project.config
    tz = ZoneInfo(config.timezone)
    comments = config.comments
    if comments.provider != local.NAME:
        # The service still runs (e.g. while moving provider), with the local defaults.
        extra = {k: v for k, v in vars(comments).items() if k in ("max_chars",)}
        settings = Settings(**extra)
    else:
        settings = settings_of(comments)
    drafts = {}
    for draft in project.drafts:
        period = draft.meta.comment_period
        opens, closes = bounds(period, tz) if period else (None, None)
        current = draft.current
        drafts[draft.slug] = DraftEntry(
            slug=draft.slug,
            title=draft.meta.title,
            version=current.slug,
            version_label=current.meta.label,
            provisions=citations(current),
            opens=opens,
            closes=closes,
            allow_late=bool(period and period.allow_late),
        )
    origins = {origin_of(config.base_url)} | {
        origin_of(o.rstrip("/")) for o in settings.allowed_origins
    }
    if settings.endpoint.startswith("http"):
        origins.add(origin_of(settings.endpoint))
    return Catalog(drafts, config, tz, settings, frozenset(origins))


def load_catalog(root: Path) -> Catalog:
    """The project's catalog, or ProblemsFound if it does not load cleanly."""
    loaded = load_project(root)
    if not loaded.ok:
        raise ProblemsFound(loaded.problems)
    return catalog_of(loaded.project)


def fingerprint(root: Path) -> tuple:
    """Names, sizes and modification times of everything the catalog is read from."""
    entries = []
    candidates = [root / "site.yaml"]
    drafts = root / "drafts"
    if drafts.is_dir():
        for folder in sorted(drafts.iterdir()):
            candidates.append(folder / "draft.yaml")
            versions = folder / "versions"
            if versions.is_dir():
                candidates += sorted(versions.glob("*.md"))
    for path in candidates:
        try:
            st = os.stat(path)
        except OSError:
            continue
        entries.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(entries)


class LiveCatalog:
    """The current catalog, replaced when ``refresh()`` finds the project's files changed."""

    def __init__(self, root: Path):
        self.root = root
        self.seen = fingerprint(root)
        self.catalog = load_catalog(root)

    def refresh(self) -> bool:
        """Reload if anything changed; True when a new catalog was taken. Runs in a thread."""
        now = fingerprint(self.root)
        if now == self.seen:
            return False
        self.seen = now
        try:
            self.catalog = load_catalog(self.root)
        except ProblemsFound as exc:
            log.warning(
                "the project has %d problem(s) (run `docket check`); still using the drafts "
                "as they were",
                sum(p.is_error for p in exc.problems),
            )
            return False
        log.info("drafts changed: reloaded %d drafts", len(self.catalog.drafts))
        return True
