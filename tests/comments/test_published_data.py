"""What the built site publishes of comments: the open-data files, and an incremental build
picking up a comment published since the last build."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from generator.build.run import build

from ..commenting_project import NOW, make_project
from ..test_incremental import rendered
from .published_project import (
    EMAIL,
    FORMULA,
    LOCALITY,
    MARKUP,
    PHONE,
    PRIVATE_NAME,
    STREET,
    import_comments,
    publish,
)

DRAFT = "noise-open"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    import_comments(root, DRAFT, "01-introduced", "sec_2__subsec_a")
    publish(root, DRAFT, "p1", "p2", "p3")
    return root


def everything_in(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in site.rglob("*") if p.is_file())


def test_open_data_holds_the_published_comments_only_and_no_contact_details(root):
    build(root, now=NOW)
    data = root / "site" / "data" / DRAFT
    published = json.loads((data / "comments.json").read_text(encoding="utf-8"))
    assert published["format"] == "docket-comments/1"
    comments = published["comments"]
    assert [c["comment"] for c in comments] == [f"Markup: {MARKUP} stays text.", FORMULA,
                                                "I support this provision."]
    assert [c["name"] for c in comments] == ["Ana Public", "", "Cy Public"]  # consent only
    assert comments[1]["organisation"] == "Acme Ltd"
    assert comments[0]["provision"] == "sec_2__subsec_a"
    assert comments[0]["received_at"] == "2026-11-05T10:00:00Z"
    assert set(comments[0]) == set(published["fields"])
    rows = list(csv.DictReader(io.StringIO((data / "comments.csv").read_text(encoding="utf-8"))))
    assert [r["tracking"] for r in rows] == [c["tracking"] for c in comments]
    assert rows[1]["comment"] == "'" + FORMULA  # a spreadsheet shows it, never runs it
    assert rows[0]["comment"] == f"Markup: {MARKUP} stays text."  # text in a CSV: inert
    assert rows[0]["late"] == "false"
    site = everything_in(root / "site")
    assert "Still waiting for moderation." not in site  # pending: nowhere
    for secret in (EMAIL, "other@example.org", PHONE, STREET, LOCALITY, PRIVATE_NAME):
        assert secret not in site


def test_markup_in_a_comment_is_never_markup_on_the_site(root):
    build(root, now=NOW)
    pages = [p for p in (root / "site").rglob("*") if p.suffix in (".html", ".xml", ".json")
             and p.parent.name != DRAFT]  # the open data (data/<slug>/) holds it as data
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert MARKUP not in text
    assert "Markup: &lt;img src=x onerror=alert(1)&gt; stays text." in text


def test_an_incremental_build_picks_up_a_newly_published_comment(root):
    first = build(root, now=NOW)
    assert first.rendered == first.pages
    assert build(root, now=NOW).rendered == 0
    publish(root, DRAFT, "p4")
    again = build(root, now=NOW)
    assert 0 < again.rendered < again.pages  # that draft's pages, not the whole site
    data = root / "site" / "data" / DRAFT
    assert "Still waiting for moderation." in (data / "comments.json").read_text(encoding="utf-8")
    assert "Still waiting for moderation." in (data / "comments.csv").read_text(encoding="utf-8")
    clean = build(root, out=root.parent / "clean", now=NOW, clean=True)
    assert rendered(root / "site") == rendered(clean.out)
