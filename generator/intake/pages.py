"""The pages the service answers a browser with: the receipt and the refusal.

They use the site's own theme (base.html and the same fingerprinted stylesheet), with links
relative to the address they are served at, so they look and work like the rest of the site.
Everything shown is autoescaped: a comment is text, whatever it contains.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..render.environment import Assets, make_environment
from ..theme import template_dirs
from .catalog import Catalog
from .store import Stored
from .validate import Rejection


class Pages:
    def __init__(self, root: Path, catalog: Catalog):
        self.root = root
        self.language = catalog.site.language
        dirs = template_dirs(root)
        self.env = make_environment(root, catalog.site.language, catalog.tz, Assets.collect(dirs))

    def _render(self, template: str, catalog: Catalog, prefix: str, **context) -> str:
        return self.env.get_template(template).render(
            site=catalog.site.for_language(self.language),
            url=lambda path: prefix + path,
            docket_version=__version__,
            **context,
        )

    def receipt(self, catalog: Catalog, prefix: str, stored: Stored | None) -> str:
        """The confirmation; ``stored`` is None for a discarded (honeypot) submission."""
        entry = catalog.drafts.get(stored.draft) if stored else None
        provision = (
            entry.provisions.get(stored.provision, stored.provision)
            if (entry and stored and stored.provision)
            else ""
        )
        return self._render(
            "comment_received.html",
            catalog,
            prefix,
            stored=stored,
            draft_title=entry.title if entry else "",
            provision=provision,
        )

    def refusal(self, catalog: Catalog, prefix: str, rejection: Rejection) -> str:
        entry = catalog.drafts.get(rejection.draft)
        return self._render(
            "comment_rejected.html",
            catalog,
            prefix,
            rejection=rejection,
            draft=entry,
        )
