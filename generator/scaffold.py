"""``docket new``: a draft folder with a commented draft.yaml and a first version to fill in."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from .content.loader import SLUG
from .problems import Problem, ProblemsFound

DRAFT_YAML = """\
# {title}: metadata for this draft. Every key is documented in the README.
title: "{title}"
number: ""                      # e.g. "Ordinance 2026-14" or "H.B. 1182"
sponsors: []                    # e.g. ["Council Member Ada Park"]
committee: ""                   # the committee the draft is referred to
status: "Draft"                 # a word or two shown to readers: "Introduced", "In committee"...
summary: >-
  One to three sentences saying what this draft does, in plain language.
topics: []                      # e.g. [housing, zoning]
# language: zh-Hans             # only if this draft is not in the site's language

comment_period:                 # remove this block if the draft takes no public comment
  opens: {opens}                # dates are whole days in the site's time zone
  closes: {closes}              # the last day on which comments are accepted
  allow_late: false             # accept (and mark) comments after the deadline

hearings: []
# hearings:
#   - id: h1
#     date: {closes} 18:00:00
#     place: "Council Chambers, City Hall"
#     committee: ""
#     agenda: ["Public testimony"]
#     witnesses: []
"""

FIRST_VERSION = """\
---
label: Introduced
date: {today}
stage: introduced
note: The text as introduced.
---

## Section 1. Short title

This {kind} may be cited as the {title}.

## Section 2. Definitions

In this {kind}:

(a) "Term" means ...

(b) "Other term" means ...

## Section 3. Effective date

This {kind} takes effect 30 days after its adoption.
"""


def new_draft(root: Path, slug: str, title: str | None = None, today: date | None = None) -> Path:
    """Create ``drafts/<slug>/``; refuses to touch an existing folder."""
    if not SLUG.match(slug):
        raise ProblemsFound(
            [
                Problem(
                    slug,
                    0,
                    "a draft name must be lower-case letters, digits "
                    "and hyphens, starting with a letter or digit",
                )
            ]
        )
    folder = root / "drafts" / slug
    if folder.exists():
        raise ProblemsFound([Problem(str(folder), 0, "already exists; choose another name")])
    today = today or date.today()
    title = title or slug.replace("-", " ").capitalize()
    (folder / "versions").mkdir(parents=True)
    (folder / "draft.yaml").write_text(
        DRAFT_YAML.format(
            title=title.replace('"', "'"), opens=today, closes=today + timedelta(days=30)
        ),
        encoding="utf-8",
    )
    (folder / "versions" / "01-introduced.md").write_text(
        FIRST_VERSION.format(today=today, title=title, kind="ordinance"), encoding="utf-8"
    )
    return folder
