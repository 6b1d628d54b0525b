"""A small project for the commenting tests: one draft in each comment-period state."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .conftest import write

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)  # noon in Chicago, the project's zone

VERSION = """
---
label: Introduced
date: 2026-10-01
---

## Section 1. Purpose

This ordinance keeps the peace.

## Section 2. Quiet hours

(a) Between 10 p.m. and 7 a.m. no person shall make loud noise.

(b) Subsection (a) does not apply to emergency work.
"""

PERIODS = {
    "open": "comment_period:\n  opens: 2026-11-01\n  closes: 2027-01-15\n",
    "late": "comment_period:\n  opens: 2026-09-01\n  closes: 2026-10-01\n  allow_late: true\n",
    "closed": "comment_period:\n  opens: 2026-09-01\n  closes: 2026-10-01\n",
    "upcoming": "comment_period:\n  opens: 2026-12-15\n  closes: 2027-02-15\n",
    "none": "",
}


def site_yaml(comments: str = "  provider: local\n") -> str:
    return (
        "title: Test Drafts\nbody: Test Council\nbase_url: https://drafts.example.org/\n"
        "language: en\ntimezone: America/Chicago\ncomments:\n" + comments
    )


def make_project(root: Path, comments: str = "  provider: local\n") -> Path:
    """``root`` with site.yaml and drafts noise-open, noise-late, noise-closed, ..."""
    write(root / "site.yaml", site_yaml(comments))
    for state, period in PERIODS.items():
        folder = root / "drafts" / f"noise-{state}"
        write(folder / "draft.yaml", f"title: Noise Ordinance ({state})\n{period}")
        write(folder / "versions" / "01-introduced.md", VERSION)
    return root
