"""A draft of the repository's own examples with a few comments made in memory: what the
responses tests check responses.yaml against."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from generator.comments.record import Comment
from generator.content.loader import load_project
from generator.model import Draft

REPO = Path(__file__).resolve().parents[2]
SLUG = "short-term-rentals"


def comment(cid: str, provision: str = "sec_3", campaign: str = "", status: str = "published",
            version: str = "03-second-reading", day: int = 5, name: str = "Ana",
            consent: bool = True, text: str = "A comment.") -> Comment:
    return Comment(id=cid, tracking_number=cid, draft=SLUG, version=version,
                   provision_id=provision, received_date=datetime(2026, 11, day, 10, tzinfo=UTC),
                   name=name if consent else "", name_consent=consent, organization="",
                   respondent_type="individual", position="support", comment=text,
                   source="local", source_id=cid, status=status, campaign_id=campaign)


COMMENTS = [
    comment("DKT-2026-AAAA-0001", "sec_3"),
    comment("DKT-2026-AAAA-0002", "sec_3", campaign="CMP-FEES-0001", day=6),
    comment("DKT-2026-AAAA-0003", "sec_4", campaign="CMP-FEES-0001", day=7),
    comment("DKT-2026-AAAA-0004", "sec_4", campaign="CMP-FEES-0001", day=8),
    comment("DKT-2026-AAAA-0005", "sec_3", status="pending", day=9),
]


def project(tmp_path: Path, slug: str = SLUG) -> tuple[Path, Draft]:
    """A copy of the example project holding only ``slug``, and that draft loaded."""
    root = tmp_path / "project"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts" / slug, root / "drafts" / slug)
    loaded = load_project(root)
    assert loaded.ok, loaded.problems
    return root, loaded.project.drafts[0]
