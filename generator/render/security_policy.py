"""The Content-Security-Policy every page carries, as a ``<meta http-equiv>``.

A ``<meta>`` works on any static host, where Docket cannot set headers. The policy contains
the next hole like the search page's (a draft's markup run as script): no inline script and
no handler attributes, nothing loaded from another host, no plugin, no ``<base>`` elsewhere.

- ``script-src 'self'``: the theme's scripts are files under ``static/`` (no inline script
  anywhere in templates/); the search page adds ``'wasm-unsafe-eval'``, which Pagefind needs
  to compile its WebAssembly (it compiles nothing else), and ``worker-src 'self'`` lets it
  search in its own worker (``pagefind-worker.js``).
- ``style-src 'self'``: the stylesheets are files; no ``style=""`` attribute (a redline row's
  depth is a ``data-depth`` attribute the stylesheet reads).
- ``img-src 'self' data:``: the favicon is ``data:,``; an image on another host in a draft is
  made a link (``provisions/external.py``), and refused here should one get through.
- ``form-action``, ``connect-src``, ``frame-src``: the site itself, plus, on the comment page,
  the comment provider's host (its form's action, an address it redirects to, a ``fetch`` to
  the intake on another host, Tally's iframe).

``frame-ancestors``, ``report-uri`` and ``sandbox`` have no effect in a ``<meta>``: give them
as headers where the host allows it (see the README).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..providers.base import FormMarkup


def origin(url: str) -> str:
    """``https://formspree.io`` for ``https://formspree.io/f/x``; "" for a path or nonsense."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def _sources(*urls: str) -> list[str]:
    found: list[str] = []
    for url in urls:
        if (o := origin(url)) and o not in found:
            found.append(o)
    return found


def content_security_policy(form: FormMarkup | None = None, search: bool = False) -> str:
    """The policy of a page: ``form`` is the comment form it holds, if any; ``search`` for the
    search page (Pagefind's WebAssembly and worker)."""
    posts = _sources(form.action, *form.hidden.values()) if form else []
    fetches = _sources(form.action) if form and form.fetch else []
    frames = _sources(form.iframe) if form else []
    directives = [
        "default-src 'none'",
        "script-src 'self'" + (" 'wasm-unsafe-eval'" if search else ""),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        " ".join(["connect-src 'self'", *fetches]),
        *(["worker-src 'self'"] if search else []),
        " ".join(["form-action 'self'", *posts]),
        " ".join(["frame-src", *frames]) if frames else "",
        "base-uri 'self'",
    ]
    return "; ".join(d for d in directives if d)
