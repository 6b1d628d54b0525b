"""The handling report as a PDF (``docket report --out FILE.pdf``) and as a page of the
site, read back: metadata, page footer, bookmarks, and its totals as ``report()`` counts them."""

from __future__ import annotations

import re
from datetime import datetime

from pypdf import PdfReader

from generator.build.run import build
from generator.cli import main
from generator.hearings.report import report


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_report_prints_to_pdf_with_its_totals(examples, capsys):
    out = examples.parent / "report.pdf"
    assert main(["--root", str(examples), "report", "--out", str(out)]) == 0
    assert f"wrote {out} (" in capsys.readouterr().err  # as the other documents say
    reader = PdfReader(out)
    assert reader.metadata.title == "How suggestions were handled: Springfield Legislative Drafts"
    assert reader.metadata.author == "City Council of Springfield"
    pages = len(reader.pages)
    text = squeezed(" ".join(p.extract_text() for p in reader.pages))
    assert f"Page {pages} of {pages}" in text
    totals = report(examples).totals
    assert totals.responses > 0
    assert f"Responses {totals.responses}" in text
    assert f"Published comments answered {totals.comments}" in text
    assert next(o.title for o in reader.outline if not isinstance(o, list)).startswith(
        "How suggestions were handled")
    assert main(["--root", str(examples), "report", "--format", "pdf"]) == 2  # no --out
    assert "needs --out" in capsys.readouterr().err


def test_the_report_is_a_page_of_the_site_linked_from_home(examples):
    build(examples, now=datetime(2026, 12, 1, 12, 0))
    site = examples / "site"
    page = (site / "report/index.html").read_text(encoding="utf-8")
    totals = report(examples).totals
    assert "How suggestions were handled" in page
    assert re.search(rf"<th scope=\"row\">Responses</th>\s*<td[^>]*>{totals.responses}</td>", page)
    assert (site / "zh-Hans/report/index.html").is_file()
    assert 'href="report/"' in (site / "index.html").read_text(encoding="utf-8")
