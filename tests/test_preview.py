"""``docket serve``'s fast path (preview.py): a save rendered into memory must be exactly what
the next full build writes, and must never hide a problem or a page that is gone."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build.run import build
from generator.problems import Problem, ProblemsFound
from generator.render import pages as planner
from generator.serve.child import as_json, from_json
from generator.serve.preview import Overlay, Preview
from generator.serve.server import CatchUp, ChildBuild
from generator.serve.watch import Changes

from .conftest import write

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
DRAFT = Path("drafts") / "short-term-rentals"
CURRENT = DRAFT / "versions" / "03-second-reading.md"


def edit(root: Path, old: str, new: str, path: Path = CURRENT) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    write(root / path, text.replace(old, new, 1))


@pytest.fixture
def served(built_copy) -> tuple[Path, Preview]:
    examples = built_copy(NOW)  # this test's own copy, built
    return examples, Preview(examples, examples / "site")


def test_nothing_changed_is_an_empty_overlay(served):
    _root, preview = served
    assert preview.update(NOW) is True
    assert preview.overlay.pages == {}


def test_a_save_is_rendered_exactly_as_the_next_full_build_writes_it(served, tmp_path):
    root, preview = served
    edit(root, "without a current registration", "without a valid registration")
    assert preview.update(NOW) is True
    overlay = preview.overlay
    assert overlay.drafts == {"short-term-rentals"}
    assert "drafts/short-term-rentals/index.html" in overlay.pages
    assert "index.html" in overlay.pages and "zh-Hans/index.html" in overlay.pages  # listings
    assert not any(o.startswith(("drafts/waste-sorting/", "drafts/consumer-data-privacy/"))
                   for o in overlay.pages)  # drafts that did not change stay on disk
    assert b"without a valid registration" in overlay.pages["drafts/short-term-rentals/index.html"]

    clean = build(root, out=tmp_path / "clean", now=NOW, clean=True).out
    for output, body in overlay.pages.items():
        assert body is not None
        assert body == (clean / output).read_bytes(), output


def test_a_save_shows_the_packet_page_at_once_and_leaves_its_pdf_to_the_build(served):
    root, preview = served
    edit(root, "without a current registration", "without a valid registration")
    assert preview.update(NOW) is True
    pages = preview.overlay.pages
    assert b"without a valid registration" in pages["drafts/short-term-rentals/hearings/h1/index.html"]
    # Printing takes seconds: the PDF is neither printed nor marked gone (None) in the
    # overlay, so site/ serves the last build's until the background build prints it.
    assert not any(output.endswith(".pdf") for output in pages)


def test_a_save_the_watcher_reports_is_rendered_without_looking_at_other_drafts(served):
    root, preview = served
    assert preview.update(NOW) is True  # the first look takes every input
    edit(root, "without a current registration", "without a valid registration")
    other = root / "drafts" / "waste-sorting" / "draft.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert preview.update(NOW, Changes(drafts=frozenset({"short-term-rentals"}))) is True
    assert preview.overlay.drafts == {"short-term-rentals"}  # told of this one only
    assert preview.update(NOW, Changes(drafts=frozenset({"waste-sorting"}))) is True
    assert preview.overlay.drafts == {"short-term-rentals", "waste-sorting"}
    assert preview.update(NOW, Changes(project=True)) is True  # anything: every input
    assert preview.overlay.drafts == {"short-term-rentals", "waste-sorting"}


def test_a_save_plans_only_the_saved_drafts_pages(served, monkeypatch):
    root, preview = served
    assert preview.update(NOW) is True  # the server's first look plans every draft, once
    planned: list[str] = []
    plan_comparisons = planner.comparison_pages

    def counted(draft, status):
        planned.append(draft.slug)
        return plan_comparisons(draft, status)

    monkeypatch.setattr(planner, "comparison_pages", counted)
    edit(root, "without a current registration", "without a valid registration")
    assert preview.update(NOW, Changes(drafts=frozenset({"short-term-rentals"}))) is True
    assert planned == ["short-term-rentals"]
    assert "sitemap.xml" in preview.overlay.pages and "index.html" in preview.overlay.pages


def test_the_sitemap_stays_whole_when_a_draft_is_saved_back_as_site_has_it(served, tmp_path):
    root, preview = served
    preview.update(NOW)
    version = root / DRAFT / "versions" / "02-first-reading.md"
    text = version.read_bytes()
    version.unlink()
    assert preview.update(NOW) is True
    assert b"short-term-rentals/02-first-reading/" not in preview.overlay.pages["sitemap.xml"]
    version.write_bytes(text)  # as the build on disk has it: not in the next overlay...
    edit(root, "第一条", "第一条 ", root / "drafts" / "waste-sorting" / "versions" /
         "02-second-review.md")
    assert preview.update(NOW) is True
    assert preview.overlay.drafts == {"waste-sorting"}
    # ...but its pages are in the sitemap again, as a full build lists them
    clean = build(root, out=tmp_path / "clean", now=NOW, clean=True).out
    assert preview.overlay.pages["sitemap.xml"] == (clean / "sitemap.xml").read_bytes()


def test_a_save_of_the_same_bytes_leaves_the_overlay_as_it_is(served):
    root, preview = served
    edit(root, "without a current registration", "without a valid registration")
    assert preview.update(NOW) is True
    shown = preview.overlay
    text = (root / CURRENT).read_bytes()
    (root / CURRENT).write_bytes(text)  # an editor's second write of the same save
    assert preview.update(NOW, Changes(drafts=frozenset({"short-term-rentals"}))) is True
    assert preview.overlay is shown  # nothing new: the server reloads no page
    edit(root, "without a valid registration", "without a current registration")
    assert preview.update(NOW, Changes(drafts=frozenset({"short-term-rentals"}))) is True
    assert preview.overlay is not shown and preview.overlay.pages == {}  # as site/ has it


def test_a_version_removed_is_gone_from_the_overlay(served):
    root, preview = served
    (root / DRAFT / "versions" / "02-first-reading.md").unlink()
    assert preview.update(NOW) is True
    assert preview.overlay.lookup("/drafts/short-term-rentals/02-first-reading/") == (
        True, None)
    found, body = preview.overlay.lookup("/drafts/short-term-rentals/")
    assert found and b"02-first-reading" not in body


def test_a_broken_draft_is_reported_and_the_last_overlay_stays(served):
    root, preview = served
    edit(root, "without a current registration", "without any registration")
    preview.update(NOW)
    shown = preview.overlay
    write(root / DRAFT / "draft.yaml", "title: [broken\n")
    with pytest.raises(ProblemsFound) as caught:
        preview.update(NOW)
    assert str(caught.value.problems[0]).startswith(
        "drafts/short-term-rentals/draft.yaml:1: YAML syntax error")
    assert preview.overlay is shown


def test_templates_and_site_yaml_need_a_full_build(served):
    root, preview = served
    write(root / "templates" / "404.html", "{% extends 'base.html' %}")
    assert preview.update(NOW) is False


def test_overlay_lookup_maps_addresses_to_outputs():
    overlay = Overlay({"index.html": b"home", "drafts/a/index.html": b"a",
                       "data/drafts.json": b"[]", "drafts/b/index.html": None})
    assert overlay.lookup("/") == (True, b"home")
    assert overlay.lookup("/drafts/a/") == (True, b"a")
    assert overlay.lookup("/data/drafts.json") == (True, b"[]")
    assert overlay.lookup("/drafts/b/") == (True, None)
    assert overlay.lookup("/drafts/c/") == (False, None)


def test_the_background_build_catches_site_up_and_empties_the_overlay(served, monkeypatch):
    root, preview = served
    edit(root, "without a current registration", "without a registration on file")
    preview.update(NOW)
    assert preview.overlay.pages
    # The round is over when the catch-up has said it failed, or has caught up, rebased the
    # preview on the new site and updated it (its last step): waited for as such, not
    # polled, with a deadline generous enough for a child build of the examples at a low
    # priority on a loaded machine.
    said: list[str] = []
    over = threading.Event()

    def announce(line: str) -> None:
        said.append(line)
        if "caught up" not in line:
            over.set()

    update = preview.update

    def update_then_tell(*args, **kwargs):
        try:
            return update(*args, **kwargs)
        finally:
            over.set()

    monkeypatch.setattr(preview, "update", update_then_tell)
    catch_up = CatchUp(root, root / "site", preview, announce, idle=0)
    catch_up.start()
    catch_up.request()
    try:
        assert over.wait(timeout=600), "no background build finished in 10 minutes"
        assert said and all("caught up" in line for line in said), said
        page = root / "site" / "drafts" / "short-term-rentals" / "index.html"
        assert "without a registration on file" in page.read_text(encoding="utf-8")
        assert preview.overlay.pages == {}
    finally:
        catch_up.stop()


def test_a_new_draft_is_served_from_the_overlay_before_any_build(served):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from generator.serve.livereload import LiveReload, LiveState

    root, preview = served
    folder = root / "drafts" / "tree-canopy"
    write(folder / "draft.yaml", "title: Tree Canopy Ordinance\n")
    write(folder / "versions" / "01-introduced.md",
          "---\nlabel: Introduced\ndate: 2026-11-20\n---\n\n## Section 1. Trees\n\nPlant them.\n")
    assert preview.update(NOW) is True
    app = LiveReload(Starlette(), LiveState(), overlay=lambda: preview.overlay)
    with TestClient(app) as client:
        moved = client.get("/drafts/tree-canopy", follow_redirects=False)
        assert moved.status_code == 307 and moved.headers["location"] == "/drafts/tree-canopy/"
        page = client.get("/drafts/tree-canopy/")
        assert page.status_code == 200 and "Plant them." in page.text
        assert "livereload.js" in page.text  # served pages carry the reload script
        assert "Tree Canopy Ordinance" in client.get("/").text  # the listing shows it


def test_a_template_change_is_built_in_a_child_and_its_errors_come_back_as_problems(served):
    root, preview = served
    catch_up = CatchUp(root, root / "site", preview, lambda text: None)
    write(root / "templates" / "404.html", "{% extends 'base.html' %}{% block main %}"
          "<p>Lost here.</p>{% endblock %}")
    assert preview.update(NOW) is False  # a full build's work
    assert catch_up.build().code == 0
    assert "Lost here." in (root / "site" / "404.html").read_text(encoding="utf-8")
    write(root / "site.yaml", (root / "site.yaml").read_text() + "languages: [en, xx]\n")
    done = catch_up.build()
    problems = done.errors()
    assert done.code == 1 and problems[0].path == "site.yaml" and problems[0].line > 1
    assert "Lost here." in (root / "site" / "404.html").read_text(encoding="utf-8")  # kept


def test_a_child_builds_problems_come_back_as_data_and_warnings_are_no_reason():
    found = [Problem("drafts/a/draft.yaml", 3, "unknown key 'x'"),
             Problem("drafts/b/versions/01-a.md", 9, "no section 4 to link", "warning")]
    assert from_json(as_json(found)) == found
    done = ChildBuild(1, from_json(as_json(found)), "")
    assert [str(p) for p in done.errors()] == ["drafts/a/draft.yaml:3: unknown key 'x'"]
    crashed = ChildBuild(70, from_json("Traceback..."), "Traceback...\nBoom\n")
    assert str(crashed.errors()[0]).startswith("docket build: failed (exit 70): Traceback")
