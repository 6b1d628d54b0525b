"""How a planned page becomes text: one template environment per interface language, with
the functions templates call, and a page rendered through it (or its data function run).

``build/run.py`` writes what this returns to files; ``serve/preview.py`` (``docket serve``) keeps
it in memory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from weakref import WeakKeyDictionary

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import Markup

from .. import __version__
from ..inputfiles import allowed_roots
from ..model import Draft, Provision, SiteConfig, Version
from ..problems import Problem, ProblemsFound, display_path
from ..provisions.citation import provision_choices
from .environment import (
    Assets,
    TemplateFileError,
    compiled_templates,
    fragment_template,
    in_theme,
    make_environment,
)
from .fragments import PROVISION_TEMPLATE, contents_html, text_html
from .languages import links
from .packets import css_page_of
from .page import Page, version_citations, version_url
from .pages import table_of_contents
from .search import search_text

Interfaces = dict[str, tuple[Environment, SiteConfig]]  # language -> its environment and site

# What XML 1.0 forbids anywhere in a document, even as a character reference: the C0 controls
# but tab and newlines, lone surrogates, U+FFFE and U+FFFF. YAML's escapes ("\x0b", a Word line
# break) put them in a title or note; escaping cannot save a feed that holds one, so they go.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def interfaces(root: Path, config: SiteConfig, assets: Assets,
               reuse: bool = True, extra: Iterable[str] = ()) -> Interfaces:
    """One template environment per interface language, with the build's template functions;
    ``reuse``: load templates compiled by an earlier run (a clean build compiles them all);
    ``extra``: further languages pages are printed in (a Chinese draft's packet on a site
    whose interface is English only)."""
    tz = config.tz
    compiled = compiled_templates(root, reuse)
    roots = allowed_roots(root, config.allow_outside_root)
    envs: Interfaces = {}
    for code in [*config.languages, *(c for c in extra if c not in config.languages)]:
        env = make_environment(code, tz, assets, compiled, auto_reload=False, roots=roots)
        env.globals["version_text"] = _version_text_renderer(env)
        env.globals.update(contents=table_of_contents, contents_html=contents_html,
                           provision_choices=provision_choices,
                           search_text=search_text, css_page_of=css_page_of)
        envs[code] = (env, config.for_language(code))
    return envs


def _version_text_renderer(env: Environment):
    """A template function rendering a version's text once, however many pages show it."""
    strings = env.globals["fragment_strings"]
    template = fragment_template(env, PROVISION_TEMPLATE)  # a theme's markup, if it has one
    # Keyed by the parsed text, so an entry goes when the text is forgotten (Version.forget).
    cache: WeakKeyDictionary[Provision, dict[tuple, Markup]] = WeakKeyDictionary()

    def version_text(draft: Draft, version: Version, comment_url: str | None = None,
                     counts: dict[str, int] | None = None,
                     responded: dict[str, int] | None = None) -> Markup:
        """``comment_url`` (given on the draft page) links every provision to the comment form;
        permalinks and comment links are named by citation (``Sec. 3(b)``, ``第十一条``);
        ``counts`` links each provision with published comments to them, ``responded``
        each provision with responses to those."""
        done = cache.setdefault(version.root, {})
        key = (comment_url, tuple(sorted(counts.items())) if counts else (),
               tuple(sorted(responded.items())) if responded else ())
        if key not in done:
            done[key] = text_html(version.root, strings, comment_url, version_citations(version),
                                  counts, responded, template)
        return done[key]

    return version_text


def page_text(envs: Interfaces, config: SiteConfig, now: datetime, page: Page) -> str | bytes:
    """A page's content: its template rendered (and printed, for a PDF: bytes), or its data
    function's output."""
    if page.data is not None:  # a data file, not a template
        return page.data()
    if page.pdf:
        from ..hearings.pdf import print_pdf  # WeasyPrint loads only where a PDF is printed

        return print_pdf(_rendered(envs, config, now, page), config.base_url)
    return _rendered(envs, config, now, page)


def _rendered(envs: Interfaces, config: SiteConfig, now: datetime, page: Page) -> str:
    env, site = envs.get(page.language or config.language) or envs[config.language]
    try:
        text = env.get_template(page.template).render(
            site=site,
            now=now,
            page=page,
            version_url=version_url,
            docket_version=__version__,
            **links(page, config),
            **page.context,
        )
        return NOT_XML.sub("", text) if page.template.endswith(".xml") else text
    except TemplateError as exc:  # a theme or project template is content like any other
        raise ProblemsFound([template_problem(exc, page.template)]) from exc
    except Exception as exc:
        # Anything a project's template raises (a division by zero, an include of itself)
        # is that template's problem, at its line; an exception from Docket's own code and
        # theme is Docket's bug, and stays one.
        if (found := _failed_in(exc, project_only=True)) is None:
            raise
        raise ProblemsFound([Problem(_shown(found[0]), found[1],
                                     f"template error: {_what(exc)}")]) from exc


def template_problem(exc: TemplateError, name: str) -> Problem:
    """``templates/x.html:12: template error: ...`` from a Jinja error, whichever it is."""
    if isinstance(exc, TemplateFileError):
        return Problem(_shown(str(exc.path)), exc.line, str(exc))
    if isinstance(exc, TemplateSyntaxError):
        where, line = exc.filename or exc.name or name, exc.lineno
        return Problem(_shown(where), line, f"template syntax error: {exc.message}")
    where, line = _failed_in(exc) or (name, 0)
    if isinstance(exc, TemplateNotFound):  # ("template error: nosuch.html" said too little)
        return Problem(_shown(where), line, f"template error: no template {exc.name!r} in "
                       "templates/ or the theme (extended, included or imported here)")
    return Problem(_shown(where), line, f"template error: {exc}")


def _failed_in(exc: BaseException, project_only: bool = False) -> tuple[str, int] | None:
    """The template file and line an exception was raised in, as the innermost template
    frame of its traceback (Jinja puts the template's own file and line there); with
    ``project_only``, only a project's template counts, not the theme's."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml")) and not (project_only and in_theme(filename)):
            found = filename, tb.tb_lineno
        tb = tb.tb_next
    return found


def _what(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it includes, extends or calls itself without end"
    return f"{type(exc).__name__}: {exc}"


def _shown(path: str) -> str:
    """A template's path from the current folder when it is below it, else as it is."""
    return display_path(Path(path), Path.cwd()) if os.path.isabs(path) else path
