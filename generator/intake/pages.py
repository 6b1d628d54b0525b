"""The pages the service answers a browser with: the receipt and the refusal.

They use the site's own theme (base.html, its navigation and the same fingerprinted
stylesheet) in the reader's interface language, with links relative to the address they are
served at, so they look and work like the rest of the site. The service has one address
whatever the language (``/api/comments``); the form says which language its reader uses with
``?lang=``, and the receipt's address keeps it. Everything shown is autoescaped: a comment is
text, whatever it contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment

from .. import __version__
from ..i18n import LANGUAGES, translations
from ..inputfiles import allowed_roots
from ..model import in_language
from ..render.environment import Assets, make_environment
from ..render.languages import prefix as language_prefix
from ..render.languages import shared
from ..theme import template_dirs
from .catalog import Catalog
from .store import Stored
from .validate import Rejection, Text

LANGUAGE_PARAM = "lang"  # the query parameter that names the reader's interface language


@dataclass(frozen=True)
class Switch:
    """This answer in another interface language, for the language switcher."""

    code: str
    name: str
    href: str
    current: bool


def language_of(requested: str | None, catalog: Catalog) -> str:
    """The interface language asked for, if the site has it; else the site's own."""
    languages = catalog.site.languages or [catalog.site.language]
    return requested if requested in languages else catalog.site.language


class Pages:
    """The service's pages, in each interface language. The theme's static files are hashed
    once, when it is made (the fingerprinted names its pages link to), with the same roots
    as the build's (``allow_outside_root``), not again for each language or answer; the
    service makes a new one when told that templates or site.yaml changed."""

    def __init__(self, root: Path, catalog: Catalog):
        self.root = root
        self.assets = Assets.collect(
            template_dirs(root), allowed_roots(root, catalog.site.allow_outside_root))
        self.envs: dict[str, Environment] = {}

    def env(self, catalog: Catalog, language: str) -> Environment:
        """The theme in ``language``, made when a reader of that language first needs it."""
        if language not in self.envs:
            self.envs[language] = make_environment(language, catalog.tz, self.assets)
        return self.envs[language]

    def text(self, catalog: Catalog, language: str, text: Text) -> str:
        """A service message in the reader's language (for JSON answers and pages alike)."""
        moment = self.env(catalog, language).filters["moment"]
        return text.render(translations(language).gettext, moment)

    def _render(
        self, template: str, catalog: Catalog, base: str, language: str, switch: bool,
        **context,
    ) -> str:
        """``base`` leads from the answer's address to the site's root; with ``switch``, the
        language switcher links to this same address with another ``?lang=`` (an answer
        to a GET: a receipt; an answer to a POST cannot be asked for again)."""
        site = catalog.site.for_language(language)
        own = language_prefix(language, catalog.site)

        def url(target: str) -> str:
            return base + (target if shared(target) else own + target)

        languages = catalog.site.languages or [catalog.site.language]
        alternates = [
            Switch(code, LANGUAGES[code].name, "?" + urlencode({LANGUAGE_PARAM: code}),
                   code == language)
            for code in languages
            if code in LANGUAGES
        ] if switch and len(languages) > 1 else []
        return self.env(catalog, language).get_template(template).render(
            site=site,
            url=url,
            alternates=alternates,
            site_text_lang=in_language(catalog.site.title, language, catalog.site.language)[1],
            site_body_lang=in_language(catalog.site.body, language, catalog.site.language)[1],
            docket_version=__version__,
            **context,
        )

    def receipt(
        self, catalog: Catalog, base: str, language: str, stored: Stored | None
    ) -> str:
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
            base,
            language,
            stored is not None,
            stored=stored,
            draft_title=entry.title if entry else "",
            provision=provision,
        )

    def rating_received(self, catalog: Catalog, base: str, language: str) -> str:
        """The thanks for a rating sent without script (the lookup page sends with fetch)."""
        return self._render("rating_received.html", catalog, base, language, False)

    def refusal(
        self, catalog: Catalog, base: str, language: str, rejection: Rejection,
        not_found: bool = False, heading: Text | None = None,
    ) -> str:
        """Why a comment was not taken, or (``not_found``) that a receipt does not exist;
        ``heading``: the page's own, when it is neither (a receipt lookup refused)."""
        entry = catalog.drafts.get(rejection.draft)
        return self._render(
            "comment_rejected.html",
            catalog,
            base,
            language,
            not_found,
            message=self.text(catalog, language, rejection.message),
            problems=[self.text(catalog, language, t) for t in rejection.fields.values()],
            status=rejection.status,
            not_found=not_found,
            heading=self.text(catalog, language, heading) if heading else "",
            draft=entry,
        )

