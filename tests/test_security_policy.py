"""The Content-Security-Policy of every page: no inline script, nothing from another host,
and on the comment page exactly the comment provider's host for what its form needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render.security_policy import content_security_policy

from .test_comment_pages import built


def policy(site: Path, path: str) -> dict[str, list[str]]:
    """The page's policy, directive -> sources."""
    html = (site / path).read_text(encoding="utf-8")
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(found) == 1, path
    text = found[0].replace("&#39;", "'")
    return {d.split()[0]: d.split()[1:] for d in text.split(";") if d.strip()}


def test_a_page_forbids_inline_script_and_other_hosts(tmp_path):
    site = built(tmp_path)
    for path in ("index.html", "drafts/noise-open/index.html", "search/index.html",
                 "drafts/noise-open/comment/index.html", "404.html"):
        p = policy(site, path)
        assert p["default-src"] == ["'none'"]
        assert p["script-src"][0] == "'self'" and "'unsafe-inline'" not in p["script-src"]
        assert p["style-src"] == ["'self'"] and p["img-src"] == ["'self'", "data:"]
        assert p["form-action"] == ["'self'"] and p["connect-src"] == ["'self'"]
        assert "frame-src" not in p
    # Only the search page lets WebAssembly (Pagefind's) be compiled.
    assert "'wasm-unsafe-eval'" in policy(site, "search/index.html")["script-src"]
    assert "'wasm-unsafe-eval'" not in policy(site, "index.html")["script-src"]
    assert "worker-src" in policy(site, "search/index.html")


@pytest.mark.parametrize(("comments", "directive", "host"), [
    ("  provider: formspree\n  form_id: xyzzabcd\n", "form-action", "https://formspree.io"),
    ("  provider: google-forms\n  form_id: 1FAIpQLSe_abcdefghijk\n  entries:\n"
     "    name: entry.3\n    email: entry.4\n    comment: entry.5\n", "form-action",
     "https://docs.google.com"),
    ("  provider: tally\n  form_id: w7Lb2X\n", "frame-src", "https://tally.so"),
    ("  provider: staticman\n  endpoint: https://staticman.example.org/\n  repo: c/d\n"
     "  redirect: https://thanks.example.org/ok/\n", "form-action",
     "https://thanks.example.org"),
    ("  provider: local\n  endpoint: https://intake.example.org/api/comments\n",
     "connect-src", "https://intake.example.org"),
])
def test_the_comment_page_allows_its_providers_host(tmp_path, comments, directive, host):
    site = built(tmp_path, comments)
    assert host in policy(site, "drafts/noise-open/comment/index.html")[directive]
    draft_page = policy(site, "drafts/noise-open/index.html")
    assert not any(host in sources for sources in draft_page.values())


def test_a_path_is_no_host():
    from generator.providers.base import FormMarkup

    form = FormMarkup(provider="local", title="x", action="/api/comments", fetch=True,
                      iframe="javascript:alert(1)")
    assert content_security_policy(form) == content_security_policy()
