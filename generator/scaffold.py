"""``docket new``: a draft folder with a commented draft.yaml and a first version to fill in.

The draft opens no comment period: its text is placeholder text, so the period is written
commented out, as an example to switch on when the text is ready. Dates are today in the
site's time zone, the zone every other date of the site is read in. The title is the one
value a person types into the generated YAML: it is written by the YAML library, so a quote,
a backslash, a colon or a newline stays part of the title.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from .content.loader import SLUG, _Reader, load_config
from .content.placeholders import SUMMARY, TEXT
from .problems import Problem, ProblemsFound

MAX_SLUG = 80  # a URL segment people read and type; folder names stay far below file limits

DRAFT_YAML = """\
# Metadata for this draft. Every key is documented in the README (draft.yaml).
{title}
number: ""                      # e.g. "Ordinance 2026-14" or "H.B. 1182"
sponsors: []                    # e.g. ["Council Member Ada Park"]
committee: ""                   # the committee the draft is referred to
status: "Draft"                 # a word or two shown to readers: "Introduced", "In committee"...
summary: >-
  {summary}
topics: []                      # e.g. [housing, zoning]
# language: zh-Hans             # only if this draft is not in the site's language

# No public comment yet: the text above and in versions/ is a placeholder. When the draft
# is ready for comment, remove the "# " before these four lines and set the dates:
# comment_period:
#   opens: {opens}           # dates are whole days in the site's time zone
#   closes: {closes}          # the last day on which comments are accepted
#   allow_late: false           # accept (and mark) comments after the deadline

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

(a) {term}

(b) {other_term}

## Section 3. Effective date

This {kind} takes effect 30 days after its adoption.
"""


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a draft, or None if it can."""
    if len(slug) > MAX_SLUG:
        return f"a draft name must be at most {MAX_SLUG} characters (this one has {len(slug)})"
    if not SLUG.match(slug):
        return ("a draft name must be lower-case letters, digits and hyphens, "
                "starting with a letter or digit")
    return None


def site_today(root: Path, now: datetime | None = None) -> date:
    """Today in the site's time zone (``now``: the clock, pinned by --now or DOCKET_NOW;
    a naive one is the site's time). A site.yaml that cannot be read is an error: the
    draft would be dated in a zone nobody chose, and could not be built anyway."""
    reader = _Reader(root)
    config = load_config(reader)
    if config is None:
        raise ProblemsFound(reader.problems)
    tz = config.tz
    now = now or datetime.now(tz)
    return (now if now.tzinfo else now.replace(tzinfo=tz)).astimezone(tz).date()


def draft_yaml(title: str, today: date) -> str:
    """The commented draft.yaml; the title dumped by the YAML library, on a line of its own."""
    dumped = yaml.safe_dump({"title": title}, allow_unicode=True, default_flow_style=False,
                            sort_keys=False, width=2**31).rstrip("\n")
    return DRAFT_YAML.format(title=dumped, summary=SUMMARY, opens=today,
                             closes=today + timedelta(days=30))


def first_version(title: str, today: date) -> str:
    """The first version's Markdown. The title goes into one sentence of it, on one line
    (a newline in it must not start a heading, a provision or a front matter of its own),
    its Markdown punctuation escaped so it reads as typed."""
    words = re.sub(r"([\\`*_\[\]<>!|~&])", r"\\\1", " ".join(title.split()))
    return FIRST_VERSION.format(today=today, title=words, kind="ordinance",
                                term=TEXT[0], other_term=TEXT[1])


def new_draft(root: Path, slug: str, title: str | None = None,
              now: datetime | None = None) -> Path:
    """Create ``drafts/<slug>/``; refuses to touch an existing folder."""
    if problem := slug_problem(slug):
        raise ProblemsFound([Problem(slug, 0, problem)])
    folder = root / "drafts" / slug
    if folder.exists():
        raise ProblemsFound([Problem(str(folder), 0, "already exists; choose another name")])
    today = site_today(root, now)
    if not title or not title.strip():
        title = slug.replace("-", " ").capitalize()
    try:
        (folder / "versions").mkdir(parents=True)
        (folder / "draft.yaml").write_text(draft_yaml(title, today), encoding="utf-8")
        (folder / "versions" / "01-introduced.md").write_text(first_version(title, today),
                                                               encoding="utf-8")
    except OSError as exc:
        raise ProblemsFound([Problem(str(exc.filename or folder), 0,
                                     f"cannot create the draft: {exc.strerror or exc}")]) from exc
    return folder
