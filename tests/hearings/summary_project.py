"""A draft with two versions, two hearings and a store of known numbers, for the tests of the
hearing summary and the handling report: two campaigns (form letters), comments of every
status, a late one, organisations, names given with and without consent, contact details
and a phone number in a text that publishing redacts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from generator.cli import main
from generator.comments.record import Comment, utc_text
from generator.comments.store import read_comments

from ..commenting_project import make_project
from ..comments.moderation_project import SECOND
from ..conftest import write

DRAFT = "noise-open"
EMAIL = "secret.person@example.org"
PHONE = "(555) 987-6543"
STREET = "12 Hidden Lane"
LOCALITY = "Quietville 90210"
PRIVATE_NAME = "Wilhelmina Unpublished"
PENDING_TEXT = "This pending comment has not been moderated yet."
REJECTED_TEXT = "Buy cheap watches at our shop today."
WITHDRAWN_TEXT = "I take this back."
MARKUP = "<img src=x onerror=alert(1)>"

DRAFT_YAML = """\
title: Noise Ordinance (open)
number: Ordinance 2026-99
comment_period:
  opens: 2026-11-01
  closes: 2026-11-25
  allow_late: true
hearings:
  - id: h1
    date: 2026-11-25 18:00:00
    place: Council Chambers
    witnesses:
      - {name: Dana Whitfield, organization: Riders Union, position: for}
      - {name: Eli Park, organisation: Hosts Alliance, position: against}
      - Director of Planning
  - id: h2
    date: 2026-11-07
rating_rounds:
  - {id: committee, run_by: Noise Committee, opens: 2026-11-20, closes: 2026-11-30}
  - {id: standing, run_by: Standing Committee, opens: 2026-12-01, closes: 2026-12-31}
"""

# Filled with the ids the store gave: {u1}, {a} (letter A's campaign).
RESPONSES_YAML = """\
- id: r-purpose
  answers: {{comments: [{u1}]}}
  summary: Keep the purpose as it is
  handled_by: {{unit: Clerk's Office, person: Ida Clerk}}
  supervised_by: {{unit: Noise Committee, person: Council Member Ro Chair}}
  plan: Confirm the purpose with the sponsor.
  result: accepted
  reason: The purpose stays.
  follow_ups:
    - {{date: 2026-11-19, stage: before, by: Ida Clerk, note: Called the commenter}}
  date: 2026-11-20
- id: r-quiet-hours
  answers: {{campaign: {a}}}
  summary: "Start quiet hours at ten: <b>not</b> markup"
  handled_by: {{unit: Police Department, person: Lt. Noor}}
  supervised_by: {{unit: Noise Committee, person: Council Member Ro Chair}}
  plan: Count the night-time complaints by hour.
  result: not-accepted
  reason: Complaints peak after eleven.
  key: true
  date: 2026-11-24
- id: r-section-1
  answers: {{provision: sec_1}}
  summary: Reword the purpose
  handled_by: {{unit: Clerk's Office, person: Ida Clerk}}
  supervised_by: {{unit: Noise Committee, person: Council Member Ro Chair}}
  plan: Draft a new purpose clause.
  result: in-progress
  date: 2026-11-30
"""

# (source of the comment rated, when, rating): the latest of a comment counts; each round
# counts the ratings received within its dates (the site's days).
RATINGS = [
    ("u1", "2026-11-21T15:00:00Z", "satisfied"),
    ("a1", "2026-11-22T15:00:00Z", "dissatisfied"),
    ("a2", "2026-11-22T16:00:00Z", "basically-satisfied"),
    ("u3", "2026-11-23T15:00:00Z", "satisfied"),
    ("a3", "2026-12-02T15:00:00Z", "dissatisfied"),
    ("a1", "2026-12-03T15:00:00Z", "satisfied"),
]

LETTER_A = ("Quiet hours must start at ten in the evening. Our families need their sleep and "
            "the city has to enforce the rule every night of the week without exception.")
LETTER_B = ("The emergency work exemption is far too broad and should be limited to genuine "
            "emergencies that threaten life or property in the neighbourhood.")

COLUMNS = ["source_id", "received", "version", "provision", "position", "respondent_type",
           "name", "publish_name", "email", "phone", "street_address", "locality",
           "organisation", "comment", "late", "withdrawn"]


def _row(source_id: str, received: str, provision: str, position: str, respondent: str,
         name: str, consent: str, organisation: str, comment: str, version: str = "01-introduced",
         email: str = "", phone: str = "", late: str = "", withdrawn: str = "") -> list[str]:
    return [source_id, received, version, provision, position, respondent, name, consent,
            email, phone, STREET if email else "", LOCALITY if email else "", organisation,
            comment, late, withdrawn]


# Received times are UTC; the project's zone is America/Chicago (h2, 2026-11-07, begins at
# 06:00 UTC that day; h1 at 2026-11-26 00:00 UTC).
ROWS = [
    _row("a1", "2026-11-03T15:00:00Z", "sec_2__subsec_a", "oppose", "individual", "Ann Ames",
         "yes", "", LETTER_A + " Signed, Ann Ames", email="ann@example.org"),
    _row("a2", "2026-11-04T15:00:00Z", "sec_2__subsec_a", "oppose", "individual", "Ben Bose",
         "yes", "", LETTER_A),
    _row("a3", "2026-11-08T15:00:00Z", "sec_2__subsec_a", "oppose", "individual", "Cal Cruz",
         "no", "", LETTER_A + " Cal", email="cal@example.org"),
    _row("a4", "2026-11-09T15:00:00Z", "sec_2__subsec_a", "oppose", "individual", "Dee Dunn",
         "yes", "", LETTER_A),  # left pending
    _row("b1", "2026-11-05T15:00:00Z", "sec_2__subsec_b", "support", "individual", "Eve Eng",
         "yes", "", LETTER_B),
    _row("b2", "2026-11-06T15:00:00Z", "sec_2__subsec_b", "support", "organisation", "Fay Fox",
         "yes", "Street Safety League", LETTER_B),
    _row("b3", "2026-11-10T15:00:00Z", "sec_1", "support", "individual", "Gus Gill",
         "yes", "", LETTER_B + " Thanks."),  # the same letter, on another provision
    _row("u1", "2026-11-02T15:00:00Z", "sec_1", "support", "individual", "Ana Public", "yes", "",
         "I support the purpose of this ordinance.", email=EMAIL, phone=PHONE),
    _row("u2", "2026-11-06T16:00:00Z", "", "mixed", "business", PRIVATE_NAME, "no", "Acme Ltd",
         "Acme supports parts of the ordinance but not the fines.", email="w@example.org"),
    _row("u3", "2026-11-07T15:00:00Z", "sec_1", "neutral", "organisation", "Bo Lee", "yes",
         "Tenants Union", "The Tenants Union takes no side on the purpose."),
    _row("u4", "2026-11-11T15:00:00Z", "sec_2__subsec_a", "", "government", "", "no",
         "County Health", "Noise harms health; consider 9 p.m. on school nights."),
    _row("u5", "2026-11-26T15:00:00Z", "sec_2", "support", "individual", "Late Larry", "yes", "",
         "Sorry this is late: the new definition is good.", version="02-first-reading",
         late="yes"),
    _row("u6", "2026-11-12T15:00:00Z", "sec_1", "oppose", "individual", "Wes Withdrawn", "yes",
         "", WITHDRAWN_TEXT, withdrawn="yes"),
    _row("u7", "2026-11-13T15:00:00Z", "sec_1", "oppose", "individual", "Spam Bot", "yes", "",
         REJECTED_TEXT),
    _row("u8", "2026-11-14T15:00:00Z", "sec_1", "support", "individual", "Pat Pending", "yes",
         "", PENDING_TEXT),
    _row("u9", "2026-11-15T15:00:00Z", "sec_1", "oppose", "individual", "Mo Markup", "yes",
         "tenants union", f"Markup {MARKUP} stays text. Call me at {PHONE} about it."),
]
PUBLISH = ["a1", "a2", "a3", "b1", "b2", "b3", "u1", "u2", "u3", "u4", "u5", "u9"]
REJECT = ["u7"]


def make_summary_project(root: Path) -> Path:
    """The project, the draft's second version and hearings, the ROWS imported, PUBLISH
    published and REJECT rejected (the rest stay pending, or withdrawn as imported)."""
    make_project(root)
    folder = root / "drafts" / DRAFT
    write(folder / "versions" / "02-first-reading.md", SECOND)
    (folder / "draft.yaml").write_text(DRAFT_YAML, encoding="utf-8")
    source = root.parent / "summary-rows.csv"
    with open(source, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        writer.writerows(ROWS)
    assert main(["--root", str(root), "comments", "import", "--from", "csv", str(source),
                 "--draft", DRAFT, "--map", "late=late", "--map", "withdrawn=withdrawn"]) == 0
    ids = by_source(root)
    assert main(["--root", str(root), "comments", "publish", DRAFT,
                 *(ids[s].id for s in PUBLISH)]) == 0
    assert main(["--root", str(root), "comments", "reject", DRAFT,
                 *(ids[s].id for s in REJECT), "--reason", "Advertising"]) == 0
    (folder / "responses.yaml").write_text(
        RESPONSES_YAML.format(u1=ids["u1"].id, a=ids["a1"].campaign_id), encoding="utf-8")
    lines = sorted((ids[source].id, when, rating, n) for n, (source, when, rating)
                   in enumerate(RATINGS))
    (folder / "comments" / "ratings.jsonl").write_text("".join(
        json.dumps({"comment_id": cid, "received_date": when, "rating": rating,
                    "source": "local", "source_id": f"rating-{n}"}) + "\n"
        for cid, when, rating, n in lines), encoding="utf-8")
    return root


def by_source(root: Path) -> dict[str, Comment]:
    """The store's comments by the source id of ROWS they came from (the csv importer keys
    rows by a hash, so they are found by the time received)."""
    times = {r[1]: r[0] for r in ROWS}
    return {times[utc_text(c.received_date)]: c for c in read_comments(root, DRAFT)}
