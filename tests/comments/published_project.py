"""Comments imported into a project with contact details, some published: for the tests of
what the public site and its open data show of them."""

from __future__ import annotations

import csv
from pathlib import Path

from generator.cli import main
from generator.comments.record import utc_text
from generator.comments.store import read_comments

MARKUP = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
EMAIL = "secret.person@example.org"
PHONE = "(555) 987-6543"
STREET = "12 Hidden Lane"
LOCALITY = "Quietville 90210"
PRIVATE_NAME = "Wilhelmina Unpublished"

COLUMNS = ["source_id", "received", "version", "provision", "position", "respondent_type",
           "name", "publish_name", "email", "phone", "street_address", "locality",
           "organisation", "comment"]


def rows(version: str, provision: str) -> list[list[str]]:
    """Four comments: three to publish, one (the last) left pending."""
    return [
        ["p1", "2026-11-05T10:00:00Z", version, provision, "oppose", "individual",
         "Ana Public", "yes", EMAIL, PHONE, STREET, LOCALITY, "", f"Markup: {MARKUP} stays text."],
        ["p2", "2026-11-06T10:00:00Z", version, "", "support", "business",
         PRIVATE_NAME, "no", "other@example.org", "", "", LOCALITY, "Acme Ltd", FORMULA],
        ["p3", "2026-11-07T10:00:00Z", version, provision, "support", "individual",
         "Cy Public", "yes", "", "", "", "", "", "I support this provision."],
        ["p4", "2026-11-08T10:00:00Z", version, provision, "neutral", "individual",
         "Pending Person", "yes", "", "", "", "", "", "Still waiting for moderation."],
    ]


def import_comments(root: Path, slug: str, version: str, provision: str) -> None:
    source = root.parent / f"{slug}-rows.csv"
    with open(source, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        writer.writerows(rows(version, provision))
    assert main(["--root", str(root), "comments", "import", "--from", "csv", str(source),
                 "--draft", slug]) == 0


def publish(root: Path, slug: str, *source_ids: str) -> list[str]:
    """Publish the comments of ``rows`` whose first cells are ``source_ids`` (the csv importer
    keys rows by a hash, so they are found by the time received); their Docket ids."""
    times = {r[1] for r in rows("", "") if r[0] in source_ids}
    ids = [c.id for c in read_comments(root, slug) if utc_text(c.received_date) in times]
    assert len(ids) == len(source_ids)
    assert main(["--root", str(root), "comments", "publish", slug, *ids]) == 0
    return ids
