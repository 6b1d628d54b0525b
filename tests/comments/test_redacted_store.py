"""Contact details in a comment's text never sit in a git-tracked file: the import hides
them at once (markers in the draft's interface language), the text as received is kept in
.docket-private/, review shows it and can undo a span; a store written before imports
redacted is upgraded on first use without losing anything."""

from __future__ import annotations

import io
import json
from pathlib import Path

from generator.comments.store import comments_file, format_file, originals_file, read_comments

from ..commenting_project import make_project
from ..conftest import write
from .moderation_project import DRAFT, run

RECEIVED = "Mail me at ana@example.org or call (555) 123-4567 about Section 2(a)."
OLD_LINES = [
    # pending, as an import wrote it before: the text as received in the public line
    {"id": "DKT-2026-0000-0001", "tracking_number": "", "draft": DRAFT,
     "version": "01-introduced", "provision_id": "sec_2", "received_date": "2026-11-05T10:00:00Z",
     "name": "Ana", "name_consent": True, "organization": "", "respondent_type": "individual",
     "position": "oppose", "comment": RECEIVED, "source": "csv", "source_id": "a1",
     "status": "pending", "rejection_reason": "", "redactions": [], "campaign_id": "",
     "attachments": [], "flags": []},
    # rejected, with a Chinese mobile number in it
    {"id": "DKT-2026-0000-0002", "tracking_number": "", "draft": DRAFT,
     "version": "01-introduced", "provision_id": "", "received_date": "2026-11-06T10:00:00Z",
     "name": "", "name_consent": False, "organization": "", "respondent_type": "",
     "position": "", "comment": "手机号13800138000", "source": "csv", "source_id": "a2",
     "status": "rejected", "rejection_reason": "spam", "redactions": [], "campaign_id": "",
     "attachments": [], "flags": []},
    # published with its email kept on purpose (the moderator undid the redaction)
    {"id": "DKT-2026-0000-0003", "tracking_number": "", "draft": DRAFT,
     "version": "01-introduced", "provision_id": "", "received_date": "2026-11-07T10:00:00Z",
     "name": "Clerk", "name_consent": True, "organization": "City", "respondent_type":
     "government", "position": "neutral", "comment": "Write to clerk@city.example.gov.",
     "source": "csv", "source_id": "a3", "status": "published", "rejection_reason": "",
     "redactions": [], "campaign_id": "", "attachments": [], "flags": []},
    # pending, nothing to hide
    {"id": "DKT-2026-0000-0004", "tracking_number": "", "draft": DRAFT,
     "version": "01-introduced", "provision_id": "", "received_date": "2026-11-08T10:00:00Z",
     "name": "", "name_consent": False, "organization": "", "respondent_type": "",
     "position": "support", "comment": "Fine as it is.", "source": "csv", "source_id": "a4",
     "status": "pending", "rejection_reason": "", "redactions": [], "campaign_id": "",
     "attachments": [], "flags": []},
]


def old_store(root: Path) -> Path:
    make_project(root)
    path = comments_file(root, DRAFT)
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in OLD_LINES),
                    encoding="utf-8")
    return path


def test_an_old_store_is_upgraded_on_first_use_losing_nothing(tmp_path, capsys):
    root = tmp_path / "project"
    public = old_store(root)
    before = public.read_text(encoding="utf-8").splitlines()
    assert run(root, "list", DRAFT) == 0
    listed = capsys.readouterr().out
    assert "ana@example.org" not in listed and "[email removed]" in listed
    after = public.read_text(encoding="utf-8")
    for secret in ("ana@example.org", "123-4567", "13800138000"):
        assert secret not in after
    lines = after.splitlines()
    assert lines[2:] == before[2:]  # published as decided, and nothing to hide: untouched
    comments = {c.id: c for c in read_comments(root, DRAFT)}
    ana = comments["DKT-2026-0000-0001"]
    assert ana.comment == "Mail me at [email removed] or call [phone removed] about Section 2(a)."
    assert [(RECEIVED[r.start:r.end], r.confirmed) for r in ana.redactions] == [
        ("ana@example.org", False), ("(555) 123-4567", False)]
    assert comments["DKT-2026-0000-0002"].comment == "手机号[phone removed]"
    assert comments["DKT-2026-0000-0002"].status == "rejected"
    kept = {json.loads(line)["id"]: json.loads(line)["comment"] for line in
            originals_file(root, DRAFT).read_text(encoding="utf-8").splitlines()}
    assert kept == {"DKT-2026-0000-0001": RECEIVED, "DKT-2026-0000-0002": "手机号13800138000"}
    assert format_file(root, DRAFT).exists()
    # Once: the next command changes no byte, public or private.
    snapshot = (after, originals_file(root, DRAFT).read_bytes())
    assert run(root, "stats", DRAFT) == 0
    assert (public.read_text(encoding="utf-8"), originals_file(root, DRAFT).read_bytes()) == (
        snapshot)


def test_a_clone_without_the_private_folder_upgrades_to_the_same_bytes(tmp_path, capsys):
    root = tmp_path / "project"
    public = old_store(root)
    assert run(root, "list", DRAFT) == 0
    upgraded = public.read_bytes()
    for path in sorted((root / ".docket-private").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    assert run(root, "list", DRAFT) == 0
    assert public.read_bytes() == upgraded


def test_review_shows_the_text_as_received_and_undoing_restores_it(tmp_path, capsys,
                                                                   monkeypatch):
    root = tmp_path / "project"
    old_store(root)
    monkeypatch.setattr("sys.stdin", io.StringIO("u 1\np\nq\n"))
    assert run(root, "review", DRAFT) == 0
    out = capsys.readouterr().out
    assert "[1 email: ana@example.org]" in out and "[2 phone: (555) 123-4567]" in out
    ana = next(c for c in read_comments(root, DRAFT) if c.id == "DKT-2026-0000-0001")
    assert ana.status == "published"
    assert ana.comment == "Mail me at ana@example.org or call [phone removed] about Section 2(a)."
    assert [(r.kind, r.confirmed) for r in ana.redactions] == [("phone", True)]


def test_without_the_original_a_redaction_is_kept_and_cannot_be_undone(tmp_path, capsys,
                                                                      monkeypatch):
    root = tmp_path / "project"
    old_store(root)
    assert run(root, "list", DRAFT) == 0
    originals_file(root, DRAFT).unlink()
    monkeypatch.setattr("sys.stdin", io.StringIO("u 1\np\nq\n"))
    assert run(root, "review", DRAFT) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "cannot be undone" in out and "ana@example.org" not in out
    ana = next(c for c in read_comments(root, DRAFT) if c.id == "DKT-2026-0000-0001")
    assert ana.status == "published" and "[email removed]" in ana.comment


ZH_VERSION = """
---
label: 征求意见稿
date: 2026-10-01
---

## 第一条 目的

为了保持安静，制定本条例。
"""


def test_markers_are_in_the_drafts_interface_language(tmp_path, capsys):
    root = make_project(tmp_path / "project")
    write(root / "drafts" / "zaoyin" / "draft.yaml",
          "title: 噪声条例\nlanguage: zh-Hans\ncomment_period:\n  opens: 2026-11-01\n"
          "  closes: 2027-01-15\n")
    write(root / "drafts" / "zaoyin" / "versions" / "01-zhengqiu.md", ZH_VERSION)
    source = write(tmp_path / "rows.csv",
                   "source_id,received,comment\n"
                   "z1,2026-11-05T10:00:00Z,我的手机号13800138000，邮箱wang@example.cn。\n")
    assert run(root, "import", "--from", "csv", str(source), "--draft", "zaoyin") == 0
    stored = comments_file(root, "zaoyin").read_text(encoding="utf-8")
    comment = json.loads(stored)["comment"]
    assert comment == "我的手机号[电话号码已隐去]，邮箱[电子邮箱已隐去]。"
    assert "13800138000" not in stored and "wang@example.cn" not in stored
    # The English draft's comments keep English markers, Chinese text or not.
    source = write(tmp_path / "en.csv",
                   "source_id,received,comment\ne1,2026-11-05T10:00:00Z,手机号13800138000\n")
    assert run(root, "import", "--from", "csv", str(source), "--draft", DRAFT) == 0
    assert "手机号[phone removed]" in comments_file(root, DRAFT).read_text(encoding="utf-8")
