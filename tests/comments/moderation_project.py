"""A draft with two versions (Section 2 renumbered to 3, a section inserted before it) and
a store of comments imported on the first, for the moderation tests."""

from __future__ import annotations

import csv
from pathlib import Path

from generator.cli import main

from ..commenting_project import make_project
from ..conftest import write

DRAFT = "noise-open"
SECOND = """
---
label: First reading
date: 2026-11-20
---

## Section 1. Purpose

This ordinance keeps the peace.

## Section 2. Definitions

In this ordinance "loud noise" means noise above 55 decibels at the property line.

## Section 3. Quiet hours

(a) Between 10 p.m. and 7 a.m. no person shall make loud noise.

(b) Subsection (a) does not apply to emergency work.
"""
# (source_id, received, version, provision, position, respondent type, name, comment)
ROWS = [
    ("a1", "2026-11-05T10:00:00Z", "01-introduced", "sec_2__subsec_a", "oppose", "individual",
     "Ana", "Quiet hours should start at 11. Mail me at ana@example.org or call "
     "(555) 123-4567."),
    ("a2", "2026-11-06T10:00:00Z", "01-introduced", "sec_2", "support", "business",
     "Bo", "=HYPERLINK(\"http://evil.example\",\"click\") We support Section 2(b)."),
    ("a3", "2026-11-07T10:00:00Z", "01-introduced", "sec_1", "support", "individual",
     "Cy", "我支持第一条。手机号13800138000，身份证号11010519491231002X。"),
    ("a4", "2026-11-21T10:00:00Z", "02-first-reading", "sec_2", "neutral", "organisation",
     "Di", "Define decibels as under 42 U.S.C. § 4901, Section 12(b)(3), from 2027-01-01."),
]


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "comments", *args])


def make_store(root: Path, renumbered: bool = True) -> Path:
    """The project, its second version (if ``renumbered``) and the ROWS imported."""
    make_project(root)
    if renumbered:
        write(root / "drafts" / DRAFT / "versions" / "02-first-reading.md", SECOND)
    source = root.parent / "rows.csv"
    with open(source, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["source_id", "received", "version", "provision", "position",
                         "respondent_type", "name", "comment", "publish_name"])
        for row in ROWS:
            if not renumbered and row[2] != "01-introduced":
                continue
            writer.writerow([*row, "yes"])
    assert run(root, "import", "--from", "csv", str(source), "--draft", DRAFT) == 0
    return root
