"""Redline pages on the site, and `docket diff` on two files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from generator.build.run import build
from generator.cli import main

from .sitecheck import broken_links

NOW = datetime(2026, 11, 28, 12, 0)
RENTALS = Path("drafts/short-term-rentals/versions")


@pytest.fixture
def site(built_examples) -> Path:
    """The examples built at NOW, shared: these tests only read the site."""
    return built_examples(NOW) / "site"


def test_each_version_has_redlines_against_the_previous_and_the_current(site):
    compare = site / "drafts" / "short-term-rentals" / "compare"
    pairs = sorted(p.name for p in compare.iterdir() if p.is_dir())
    assert pairs == ["01-introduced..02-first-reading", "01-introduced..03-second-reading",
                     "02-first-reading..03-second-reading"]
    for pair in pairs:
        for view in ("", "side-by-side/", "changes/"):
            assert (compare / pair / view / "index.html").exists()
    assert broken_links(site) == []


def test_a_draft_of_one_version_has_nothing_to_compare(built_copy):
    """No compare page, and no compare/data.json (a second copy of the whole text), in the
    site built again after the draft's second version went."""
    examples = built_copy(NOW)
    folder = examples / "drafts" / "waste-sorting"
    versions = sorted((folder / "versions").glob("*.md"))
    versions[-1].unlink()
    # Its example comments and responses name the version removed: they go with it.
    (folder / "responses.yaml").unlink()
    shutil.rmtree(folder / "comments")
    build(examples, now=NOW)
    draft = examples / "site" / "drafts" / "waste-sorting"
    assert (draft / "index.html").is_file() and not (draft / "compare").exists()
    assert "compare/" not in (draft / "index.html").read_text(encoding="utf-8")
    assert broken_links(examples / "site") == []


def test_inline_redline_marks_struck_and_inserted_text_for_everyone(site):
    html = (site / "drafts/short-term-rentals/compare/02-first-reading..03-second-reading/index.html").read_text()
    assert re.search(r'<del><span class="visually-hidden">\[struck: </span>\$500<span class="visually-hidden">\]</span></del>', html)
    assert re.search(r'<ins><span class="visually-hidden">\[inserted: </span>\$750', html)
    assert "Moved from Section 8. Local contact person" in html
    assert "Renumbered, was Section 5." in html


def test_one_page_per_pair_holds_the_three_views(site):
    """The views are one page, each chosen by a fragment; their former addresses lead there."""
    pair = site / "drafts/short-term-rentals/compare/02-first-reading..03-second-reading"
    html = (pair / "index.html").read_text()
    for view in ("inline", "side-by-side", "changes"):
        assert f'<a href="#{view}">' in html and f'id="{view}"' in html
    for view in ("side-by-side", "changes"):
        former = (pair / view / "index.html").read_text()
        assert f'<meta http-equiv="refresh" content="0; url=../#{view}">' in former
        assert f'<a href="../#{view}">' in former and "rl-table" not in former


def test_an_unchanged_provision_is_written_once_and_a_changed_one_twice(site):
    html = (site / "drafts/short-term-rentals/compare/02-first-reading..03-second-reading/"
            "index.html").read_text()
    # Section 1 did not change: one cell across both columns, its words once.
    assert html.count("to preserve the residential character") == 1
    assert re.search(r'<tr id="rl-sec_1" class="same"><td colspan="2"><h3 class="rl-heading">'
                     r"<b>Section 1</b> Purpose</h3>", html)
    # An amended provision: its older text, then the merged text (kept, struck, inserted).
    row = re.search(r'<tr id="rl-sec_4__subsec_a" class="amended[^"]*"[^>]*>(.*?)</tr>', html,
                    re.S)
    assert row, "the amended row"
    old, merged = re.match(r'<td class="rl-old">(.*?)</td><td class="rl-new">(.*)</td>$',
                           row.group(1), re.S).groups()
    assert "<del>" in old and "<ins>" not in old
    assert "<del>" in merged and "<ins>" in merged


def test_changes_only_folds_unchanged_provisions_into_links(site):
    html = (site / "drafts/short-term-rentals/compare/02-first-reading..03-second-reading/"
            "index.html").read_text()
    redline = html.split('class="redline')[1]
    # Before each run of unchanged provisions, a row that says how many and links to the
    # first in the inline view, instead of holding their text again.
    folds = re.findall(r'<tr class="rl-fold"><td colspan="2"><a href="#(rl-[\w-]+)">'
                       r"(\d+) unchanged provisions?</a></td></tr>\n<tr id=\"(rl-[\w-]+)\" "
                       r'class="same"', redline)
    assert folds and all(link == first for link, _, first in folds)
    assert sum(int(n) for _, n, _ in folds) == redline.count('class="same"')
    assert "<details" not in redline


def test_change_summaries_on_the_draft_page_and_versions_list(site):
    html = (site / "drafts/short-term-rentals/index.html").read_text()
    assert re.search(r"Changes in Second reading from First reading:.*\d+ provisions amended", html, re.S)
    assert "1 repealed" in html and "1 moved" in html


def test_other_pairs_are_precomputed_compactly(tmp_path, examples):
    # Fifteen versions: 105 pairs, of which only the previous/current ones are pages.
    for other in ("consumer-data-privacy", "waste-sorting"):  # (not needed: not built)
        shutil.rmtree(examples / "drafts" / other)
    versions = examples / "drafts" / "short-term-rentals" / "versions"
    base = (versions / "03-second-reading.md").read_text()
    for n in range(4, 16):
        (versions / f"{n:02d}-reading-{n}.md").write_text(
            base.replace("Second reading", f"Reading {n}").replace("$750", f"${700 + n}"), encoding="utf-8")
    build(examples, now=NOW)
    compare = examples / "site" / "drafts" / "short-term-rentals" / "compare"
    data = json.loads((compare / "data.json").read_text())
    assert len(data["versions"]) == 15
    assert len(data["pairs"]) == 105 - 27  # 14 against the previous, 14 against the current, 1 both
    size = (compare / "data.json").stat().st_size
    text_size = sum(f.stat().st_size for f in versions.glob("*.md")) / 15
    assert size < 12 * text_size, (size, text_size)


def test_compare_data_holds_no_text_when_every_pair_is_a_page(site):
    """Two versions: their one pair is a page, so the script never draws one, and the
    compare data is not a copy of the draft's text (only the versions, for its form)."""
    data = json.loads((site / "drafts/waste-sorting/compare/data.json").read_text())
    assert data["pairs"] == {} and data["texts"] == []
    assert [v["provisions"] for v in data["versions"]] == [[], []]


def test_docket_diff_text_json_and_html(capsys):
    old, new = str(RENTALS / "02-first-reading.md"), str(RENTALS / "03-second-reading.md")
    assert main(["diff", old, new]) == 0
    text = capsys.readouterr().out
    assert "[-$500-]{+$750+}" in text
    assert "moved from Section 8. Local contact person" in text
    assert main(["diff", old, new, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"amended": 11, "added": 0, "repealed": 1, "moved": 1,
                               "renumbered": 4}
    renumbered = {(r["old"]["id"], r["new"]["id"]) for r in data["rows"]
                  if r["renumbered"] and not r["moved"]}
    assert renumbered == {("sec_5", "sec_6"), ("sec_6", "sec_7"),
                          ("sec_6__subsec_d", "sec_7__subsec_c"), ("sec_7", "sec_8")}
    row = next(r for r in data["rows"] if r["moved"])
    assert row["old"]["id"] == "sec_8" and row["new"]["id"] == "sec_5"
    assert set(row) == {"status", "moved", "renumbered", "depth", "old", "new", "ops", "tables"}
    assert row["old"]["citation"] == "Section 8" and row["new"]["citation"] == "Section 5"
    assert main(["diff", old, new, "--format", "html"]) == 0
    assert "<del>" in capsys.readouterr().out


def test_docket_diff_names_rows_by_citation_and_says_what_a_renumbered_child_was(capsys):
    old, new = str(RENTALS / "01-introduced.md"), str(RENTALS / "03-second-reading.md")
    assert main(["diff", old, new]) == 0
    text = capsys.readouterr().out
    assert "~ Section 4(b)(4)  (amended)\n" in text  # a citation, not "sec_4__subsec_b__para_4"
    assert "~ Section 6  (amended, renumbered, was Section 5)\n" in text
    # (a) of Section 7 is still (a), but it was 7(a) and is now 8(a): the row says so.
    assert "~ Section 8(a)  (amended, was Section 7(a))\n" in text


def test_docket_diff_draws_a_fee_table_row_by_row_and_cell_by_cell(capsys):
    old, new = str(RENTALS / "01-introduced.md"), str(RENTALS / "03-second-reading.md")
    assert main(["diff", old, new]) == 0
    text = capsys.readouterr().out
    assert "  ~ | Whole-unit rental | [-$300-]{+$400+} | $200 |\n" in text
    assert "    | Hosted rental | $150 | $100 |\n" in text
    assert main(["diff", old, new, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    fees = next(r for r in rows if r["tables"])
    assert fees["new"]["citation"] == "Section 6"
    table = fees["tables"][0]
    assert table["columns"] == ["=", "=", "="]
    assert table["rows"][2] == {"status": "amended", "cells": [
        [["=", "Whole-unit rental"]], [["-", "$300"], ["+", "$400"]], [["=", "$200"]]]}
    assert main(["diff", old, new, "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert '<table class="rl-grid">' in html
    assert re.search(r'<tr class="rl-tr rl-tr--amended"><td class="rl-cell">Whole-unit rental</td>'
                     r'<td class="rl-cell"><del>.*?\$300.*?</del><ins>.*?\$400.*?</ins></td>', html)


def test_every_view_draws_tables_and_headings(site):
    compare = site / "drafts/short-term-rentals/compare/01-introduced..02-first-reading"
    html = (compare / "index.html").read_text()
    # The fee table: the older version's (side by side, left) and the merged one.
    assert html.count('<table class="rl-grid">') == 2
    assert re.search(r"<td class=\"rl-cell\"><del>.*?\$300.*?</del><ins>.*?\$400", html)
    assert '<h3 class="rl-heading"><b>Section 5</b> Fees</h3>' in html


def test_docket_diff_on_missing_files_fails_cleanly(tmp_path):
    run = subprocess.run([sys.executable, "-m", "generator", "diff", str(tmp_path / "a.md"),
                          str(tmp_path / "b.md")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "cannot read" in run.stderr and "Traceback" not in run.stderr


def test_a_heading_without_a_number_is_not_named_twice(tmp_path, capsys):
    """`## Definitions` is cited by its words: the redline shows them once, as the draft page
    does, not as a number before the same words."""
    text = "---\nlabel: {0}\ndate: 2026-0{1}-01\n---\n\n## Definitions\n\n## Section 1. X\n\n{0}.\n"
    old, new = tmp_path / "01-a.md", tmp_path / "02-b.md"
    old.write_text(text.format("One", 1), encoding="utf-8")
    new.write_text(text.format("Two", 2), encoding="utf-8")
    assert main(["diff", str(old), str(new), "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert html.count("Definitions") == 1, html


def test_docket_diff_says_where_a_file_is_not_utf8(tmp_path, capsys):
    """A file saved in Latin-1 is named with its line, as `docket check` names it, not with
    the codec's words ("'utf-8' codec can't decode byte 0xe9 in position 57")."""
    old, new = tmp_path / "01-a.md", tmp_path / "02-b.md"
    old.write_bytes(b"## Section 1. Name\n\nCaf\xe9.\n")
    new.write_text("## Section 1. Name\n\nCafe.\n", encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    assert f"{old}:3: not valid UTF-8 (byte 23)" in capsys.readouterr().err
