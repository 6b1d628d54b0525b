"""A small project with a hearing on each of two drafts (one English, one Chinese), and
comments in the store: published ones (a campaign of three among them, a name withheld),
a pending and a rejected one, and one received after the hearing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from generator.comments.record import Comment, comment_to_json
from generator.comments.store import as_line, comments_file

from ..conftest import write

NOW = datetime(2026, 11, 28, 12, 0)  # the site's local time: both hearings upcoming
WITHHELD = "Wilhelmina Withheld"
CAMPAIGN_TEXT = "Keep short-term rentals affordable for families who host."

SITE = """title: Test Drafts
body: Test Council
base_url: https://drafts.example.org/
language: en
languages: [en, zh-Hans]
timezone: America/Chicago
"""

EN_DRAFT = """title: Noise Ordinance
number: Ordinance 2026-7
committee: Committee on Public Safety
hearings:
  - id: h1
    date: 2026-12-08 18:00:00
    place: Council Chambers, City Hall; Room 2
    committee: Committee on Public Safety
    agenda: [Staff presentation, Public testimony]
    witnesses:
      - {name: Dana Whitfield, organization: Springfield Riders Union, position: for}
      - {name: Omar Reyes, position: against}
      - Clerk of the Council
"""

EN_1 = """---
label: Introduced
date: 2026-10-01
---

## Section 1. Purpose

This ordinance keeps the peace.

## Section 2. Quiet hours

(a) Between 10 p.m. and 7 a.m. no person shall make loud noise.

(b) Subsection (a) does not apply to emergency work.
"""

EN_2 = EN_1.replace("label: Introduced", "label: First reading").replace(
    "2026-10-01", "2026-11-01").replace("10 p.m.", "11 p.m.")

ZH_DRAFT = """title: 春田市噪声污染防治条例（草案）
number: 春人常审〔2026〕3号
language: zh-Hans
committee: 城乡建设环境保护工作委员会
hearings:
  - id: h1
    date: 2026-12-10 14:30:00
    place: 第三会议室
    agenda: [听取起草说明, 听取意见]
    witnesses: [市生态环境局副局长 周明远]
"""

ZH_1 = """---
label: 征求意见稿
date: 2026-10-01
---

第一条　为了防治噪声污染，保障公众健康，制定本条例。

第二条　夜间施工应当取得许可。
"""

ZH_2 = ZH_1.replace("征求意见稿", "二审稿").replace("2026-10-01", "2026-11-01").replace(
    "夜间施工", "夜间建筑施工")


def comment(n: int, slug: str, provision: str, text: str, *, status: str = "published",
            name: str = "", consent: bool = True, position: str = "support",
            campaign: str = "", day: int = 20, month: int = 11,
            organization: str = "") -> Comment:
    return Comment(
        id=f"DKT-2026-T{n:03d}-TEST", tracking_number="", draft=slug,
        version="02-first-reading" if slug == "noise" else "02-second",
        provision_id=provision, received_date=datetime(2026, month, day, 15, n % 60, tzinfo=UTC),
        name=name or f"Commenter {n}", name_consent=consent, organization=organization,
        respondent_type="individual", position=position, comment=text, source="test",
        source_id=str(n), status=status, campaign_id=campaign)  # type: ignore[arg-type]


def english_comments() -> list[Comment]:
    return [
        comment(1, "noise", "sec_2__subsec_a", "Eleven is too late for families.",
                position="oppose", organization="Parents for Sleep"),
        comment(2, "noise", "", "A sensible ordinance overall.", name=WITHHELD, consent=False),
        *(comment(n, "noise", "sec_1", CAMPAIGN_TEXT, campaign="CMP-1") for n in (3, 4, 5)),
        comment(6, "noise", "sec_1", "Not yet moderated.", status="pending", position="neutral"),
        comment(7, "noise", "sec_1", "Spam spam.", status="rejected"),
        comment(8, "noise", "sec_1", "Sent after the hearing.", day=9, month=12, position="mixed"),
    ]


def chinese_comments() -> list[Comment]:
    return [comment(20, "zaosheng", "art_2", "建议明确夜间的起止时间。", position="mixed")]


def store(root: Path, slug: str, comments: list[Comment]) -> None:
    path = comments_file(root, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(as_line(comment_to_json(c)) for c in sorted(comments, key=lambda c: c.id)),
                    encoding="utf-8")


def make_project(root: Path) -> Path:
    write(root / "site.yaml", SITE)
    write(root / "drafts" / "noise" / "draft.yaml", EN_DRAFT)
    write(root / "drafts" / "noise" / "versions" / "01-introduced.md", EN_1)
    write(root / "drafts" / "noise" / "versions" / "02-first-reading.md", EN_2)
    write(root / "drafts" / "zaosheng" / "draft.yaml", ZH_DRAFT)
    write(root / "drafts" / "zaosheng" / "versions" / "01-first.md", ZH_1)
    write(root / "drafts" / "zaosheng" / "versions" / "02-second.md", ZH_2)
    write(root / "drafts" / "quiet" / "draft.yaml", "title: No Hearings Here\n")
    write(root / "drafts" / "quiet" / "versions" / "01-introduced.md", EN_1)
    store(root, "noise", english_comments())
    store(root, "zaosheng", chinese_comments())
    return root
