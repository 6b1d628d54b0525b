"""The HTML of ``docket summary`` and ``docket report`` (the partials a hearing's packet and a
site page include) in a browser: no WCAG 2.1 A/AA violation, on a desktop and a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.cli import main

from ..hearings.summary_project import DRAFT, make_summary_project
from .conftest import ARTIFACTS
from .test_accessibility import WIDTHS, axe_violations

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    root = make_summary_project(tmp_path_factory.mktemp("documents") / "project")
    found = {"summary": root.parent / "summary.html", "report": root.parent / "report.html"}
    assert main(["--root", str(root), "summary", DRAFT, "--hearing", "h1", "--format", "html",
                 "--out", str(found["summary"])]) == 0
    assert main(["--root", str(root), "report", "--format", "html", "--out",
                 str(found["report"])]) == 0
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", ["summary", "report"])
def test_summary_and_report_pages_are_accessible(page: Page, documents, name, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(documents[name].as_uri())
    heading = "Summary of comments" if name == "summary" else "How suggestions were handled"
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert axe_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-document-{width}.png"), full_page=True)
    # Nothing overflows the page sideways: wide tables scroll in their own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
