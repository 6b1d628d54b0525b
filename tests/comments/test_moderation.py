"""docket comments publish, reject, review, list, stats and add: exit codes, messages and the
bytes of the store."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from generator.comments.moderation import originals_file
from generator.comments.store import comments_file, contacts_file, read_comments

from .moderation_project import DRAFT, ROWS, make_store, run


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_store(tmp_path / "project")


def by_name(root: Path) -> dict:
    return {c.name: c for c in read_comments(root, DRAFT)}


def store_bytes(root: Path) -> bytes:
    return comments_file(root, DRAFT).read_bytes()


def test_import_hides_contact_details_at_once_keeping_the_text_as_received_privately(root):
    """Pending, the git-tracked line already has no email, phone or ID number in it."""
    stored = store_bytes(root).decode()
    for secret in ("ana@example.org", "123-4567", "13800138000", "11010519491231002X"):
        assert secret not in stored
    ana, cy = by_name(root)["Ana"], by_name(root)["Cy"]
    assert ana.status == "pending"
    assert ana.comment == ("Quiet hours should start at 11. Mail me at [email removed] "
                           "or call [phone removed].")
    assert [(r.kind, r.confirmed) for r in ana.redactions] == [("email", False),
                                                                ("phone", False)]
    originals = [json.loads(line) for line in
                 originals_file(root, DRAFT).read_text(encoding="utf-8").splitlines()]
    assert {o["id"]: o["comment"] for o in originals} == {
        ana.id: ROWS[0][7], cy.id: ROWS[2][7]}
    received = ROWS[0][7]
    assert [received[r.start:r.end] for r in ana.redactions] == ["ana@example.org",
                                                                  "(555) 123-4567"]


def test_publish_confirms_the_redactions_and_changes_one_line(root, capsys):
    before = store_bytes(root).splitlines()
    ana = by_name(root)["Ana"]
    assert run(root, "publish", DRAFT, ana.id) == 0
    assert "published: 1, unchanged: 0" in capsys.readouterr().out
    after = store_bytes(root).splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    published = by_name(root)["Ana"]
    assert published.status == "published"
    assert published.comment == ana.comment
    assert [(r.kind, r.confirmed) for r in published.redactions] == [("email", True),
                                                                      ("phone", True)]
    assert b"ana@example.org" not in store_bytes(root)
    again = store_bytes(root)
    assert run(root, "publish", DRAFT, ana.id) == 0
    assert "already published" in capsys.readouterr().err
    assert store_bytes(root) == again


def test_unknown_ids_are_an_error_and_change_nothing(root, capsys):
    before = store_bytes(root)
    ana = by_name(root)["Ana"]
    assert run(root, "publish", DRAFT, ana.id, "DKT-2026-NOPE-NOPE") == 1
    assert "no comment DKT-2026-NOPE-NOPE in noise-open's store; nothing was changed" in (
        capsys.readouterr().err)
    assert run(root, "reject", DRAFT, "DKT-0000", "--reason", "spam") == 1
    assert store_bytes(root) == before


def test_usage_errors_exit_2(root, capsys):
    assert run(root, "publish", DRAFT) == 2
    assert "give comment ids or --all-pending" in capsys.readouterr().err
    assert run(root, "publish", "no-such-draft", "--all-pending") == 2
    assert "no draft 'no-such-draft'" in capsys.readouterr().err
    assert run(root, "reject", DRAFT, by_name(root)["Bo"].id, "--reason", "  ") == 2


def test_publish_all_pending_and_reject_with_a_reason(root, capsys):
    bo = by_name(root)["Bo"]
    assert run(root, "reject", DRAFT, bo.id.lower(), "--reason", "Spreadsheet formula") == 0
    assert "rejected: 1" in capsys.readouterr().out
    assert run(root, "publish", DRAFT, "--all-pending") == 0
    assert "published: 3, unchanged: 0" in capsys.readouterr().out
    comments = by_name(root)
    assert comments["Bo"].status == "rejected"
    assert comments["Bo"].rejection_reason == "Spreadsheet formula"
    assert {comments[n].status for n in ("Ana", "Cy", "Di")} == {"published"}
    assert comments["Cy"].comment == "我支持第一条。手机号[phone removed]，身份证号[ID number removed]。"
    assert comments["Di"].redactions == []  # legal text kept whole
    assert "11010519491231002X" not in store_bytes(root).decode()


def test_review_walks_through_with_piped_input(root, capsys, monkeypatch):
    # Oldest first: Ana (undo the email redaction, publish), Bo (reject, reason asked),
    # Cy (skip), Di (quit).
    monkeypatch.setattr("sys.stdin", io.StringIO("u 1\np\nr\nA formula\nwhat\ns\nq\n"))
    assert run(root, "review", DRAFT) == 0
    out = capsys.readouterr().out
    assert "Comment 1 of 4" in out and "On: Section 3(a) (on Section 2(a) of “Introduced”, now " \
        "Section 3(a))" in out
    assert "[1 email: ana@example.org]" in out and "1. email, characters" in out
    assert "Not understood: 'what'" in out
    assert "published: 1, rejected: 1, skipped: 1, not reviewed: 1" in out
    comments = by_name(root)
    assert comments["Ana"].status == "published"
    assert comments["Ana"].comment.endswith("Mail me at ana@example.org or call [phone removed].")
    assert [r.kind for r in comments["Ana"].redactions] == ["phone"]
    assert (comments["Bo"].status, comments["Bo"].rejection_reason) == ("rejected", "A formula")
    assert comments["Cy"].status == comments["Di"].status == "pending"


class Interrupting(io.StringIO):
    """Input that is Ctrl-C'd after its lines run out (as a person pressing it)."""

    def readline(self, *args) -> str:  # type: ignore[override]
        line = super().readline(*args)
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_in_review_keeps_every_decision_made(root, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", Interrupting("p\nr Off topic\n"))
    assert run(root, "review", DRAFT) == 130
    out = capsys.readouterr().out
    assert "Stopped. Every decision made is saved." in out
    assert "published: 1, rejected: 1, skipped: 0, not reviewed: 2" in out
    comments = by_name(root)
    assert [comments[n].status for n in ("Ana", "Bo", "Cy", "Di")] == [
        "published", "rejected", "pending", "pending"]
    root_private = root / ".docket-private"
    assert not list(root_private.glob("**/.*.new")) and not (root_private / "import-journal.json").exists()


def test_list_by_citation_as_json_and_csv(root, capsys):
    assert run(root, "list", DRAFT, "--format", "json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["name"], c["provision"], c["provision_note"]) for c in listed] == [
        ("Ana", "Section 3(a)", "on Section 2(a) of “Introduced”, now Section 3(a)"),
        ("Bo", "Section 3", "on Section 2 of “Introduced”, now Section 3"),
        ("Cy", "Section 1", ""),
        ("Di", "Section 2", ""),
    ]
    assert "ana@example.org" not in json.dumps(listed)
    assert run(root, "list", DRAFT, "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,received_date,status,provision,provision_note")
    assert ",\"'=HYPERLINK(\"\"http://evil.example\"\"" in lines[2]
    assert not any("sec_" in line for line in lines)
    assert run(root, "list", DRAFT, "--status", "published", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(root, "list", DRAFT) == 0
    table = capsys.readouterr().out
    assert "Section 3(a)" in table and "sec_2" not in table


def test_without_renumbering_a_comment_stays_where_it_was_made(tmp_path, capsys):
    root = make_store(tmp_path / "project", renumbered=False)
    capsys.readouterr()
    assert run(root, "list", DRAFT, "--format", "json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["provision"], c["provision_note"]) for c in listed] == [
        ("Section 2(a)", ""), ("Section 2", ""), ("Section 1", "")]


def test_stats_count_by_provision_position_and_respondent(root, capsys):
    bo = by_name(root)["Bo"]
    assert run(root, "reject", DRAFT, bo.id, "--reason", "formula") == 0
    capsys.readouterr()
    assert run(root, "stats", DRAFT) == 0
    out = capsys.readouterr().out
    assert "noise-open: 3 comment(s) pending or published (pending 3, rejected 1)" in out
    provisions = out.split("By provision:")[1].split("By position:")[0].split()
    assert provisions == ["Section", "1", "1", "Section", "2", "1", "Section", "3(a)", "1"]
    assert "support       1" in out and "oppose        1" in out
    assert "organisation       1" in out
    assert "1 comment(s) counted under the provision they are on now" in out


def test_add_testimony_with_attachment_and_contact(root, tmp_path, capsys):
    letter = tmp_path / "letter scan.pdf"
    letter.write_bytes(b"%PDF-1.4 scanned letter")
    assert run(root, "add", DRAFT, "--channel", "post", "--received", "2026-11-25",
               "--text", "Please keep the exemption for bakeries.", "--name", "Eli Park",
               "--respondent-type", "representative", "--position", "mixed",
               "--provision", "Sec. 3(b)", "--email", "eli@example.org",
               "--attach", str(letter)) == 0
    out = capsys.readouterr().out
    assert "added DKT-2026-" in out and "(pending) to noise-open" in out
    eli = next(c for c in read_comments(root, DRAFT) if c.source == "post")
    assert (eli.provision_id, eli.version, eli.respondent_type) == (
        "sec_3__subsec_b", "02-first-reading", "representative")
    assert eli.name == "" and not eli.name_consent  # no consent given: the name is private
    assert eli.attachments == [f"attachments/{eli.id}/letter scan.pdf"]
    copied = comments_file(root, DRAFT).parent / eli.attachments[0]
    assert copied.read_bytes() == letter.read_bytes()
    contacts = contacts_file(root, DRAFT).read_text(encoding="utf-8")
    assert "eli@example.org" in contacts and "Eli Park" in contacts
    assert b"eli@example.org" not in store_bytes(root)
    before = store_bytes(root)
    assert run(root, "add", DRAFT, "--channel", "post", "--received", "2026-11-25",
               "--text", "Please keep the exemption for bakeries.", "--name", "Eli Park",
               "--respondent-type", "representative", "--position", "mixed",
               "--provision", "Sec. 3(b)", "--email", "eli@example.org",
               "--attach", str(letter)) == 1
    assert f"already in the store as {eli.id}" in capsys.readouterr().err
    assert store_bytes(root) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--channel", "post", "--received", "2026-11-25"], 2, "missing --text or --text-file"),
    (["--channel", "fax", "--received", "2026-11-25", "--text", "x"], 2, "invalid choice"),
    (["--channel", "post", "--received", "2026-11-25", "--text", "x", "--provision", "Sec. 9"],
     2, "--provision 'Sec. 9': no such provision in 02-first-reading"),
    (["--channel", "hearing", "--received", "someday", "--text", "x"], 1,
     "not added: it has a time received that cannot be read: 'someday'"),
    (["--channel", "hearing", "--received", "2026-11-25", "--text", "x", "--position", "maybe"],
     1, "not added: it has the position 'maybe'"),
])
def test_add_refuses_what_would_not_validate(root, capsys, args, code, message):
    before = store_bytes(root)
    if code == 2 and "fax" in args:
        with pytest.raises(SystemExit) as exit_:
            run(root, "add", DRAFT, *args)
        assert exit_.value.code == 2
    else:
        assert run(root, "add", DRAFT, *args) == code
    assert message in capsys.readouterr().err
    assert store_bytes(root) == before


def test_add_reads_the_text_from_a_file_and_cites_chinese_style(root, tmp_path, capsys):
    text = tmp_path / "testimony.txt"
    text.write_text("听证会发言：建议把安静时段提前到晚上九点。\n", encoding="utf-8")
    assert run(root, "add", DRAFT, "--channel", "hearing", "--received", "2026-11-26T18:30",
               "--text-file", str(text), "--provision", "Section 3") == 0
    added = next(c for c in read_comments(root, DRAFT) if c.source == "hearing")
    assert added.comment == "听证会发言：建议把安静时段提前到晚上九点。"
    assert added.provision_id == "sec_3"


class Terminal(io.StringIO):
    """Standard input as a person at a terminal types it: ``add`` asks only a terminal."""

    def isatty(self) -> bool:
        return True


def test_add_asks_for_what_is_missing_in_a_terminal(root, capsys, monkeypatch):
    answers = ["fax", "post",  # not a channel: asked again
               "2026-11-25", "Keep the bakery exemption; call me on (555) 222-3344.",
               "Eli Park", "", "representative", "mixed", "Sec. 3(b)"]
    monkeypatch.setattr("sys.stdin", Terminal("".join(a + "\n" for a in answers)))
    assert run(root, "add", DRAFT) == 0
    out = capsys.readouterr().out
    for prompt in ("Received by [post/email/hearing/phone/other]", "Date received (YYYY-MM-DD)",
                   "Text of the testimony", "Name (optional)", "Organisation (optional)",
                   "Respondent type (optional)", "Position (optional)",
                   "Provision (optional)"):
        assert prompt in out
    assert "Please select one of the available options" in out
    assert "added DKT-2026-" in out and "(pending) to noise-open" in out
    eli = next(c for c in read_comments(root, DRAFT) if c.source == "post")
    assert (eli.provision_id, eli.respondent_type, eli.position, eli.organization) == (
        "sec_3__subsec_b", "representative", "mixed", "")
    assert eli.received_date.date().isoformat() == "2026-11-25"
    assert eli.comment == "Keep the bakery exemption; call me on [phone removed]."
    assert eli.name == ""  # not asked to publish it: private
    assert "Eli Park" in contacts_file(root, DRAFT).read_text(encoding="utf-8")


def test_add_in_a_terminal_still_refuses_what_would_not_validate(root, capsys, monkeypatch):
    before = store_bytes(root)
    answers = ["hearing", "someday", "Words.", "", "", "", "", ""]
    monkeypatch.setattr("sys.stdin", Terminal("".join(a + "\n" for a in answers)))
    assert run(root, "add", DRAFT) == 1
    assert "it has a time received that cannot be read: 'someday'" in capsys.readouterr().err
    assert store_bytes(root) == before


def test_stats_line_up_chinese_citations_by_the_columns_they_take():
    """A Chinese character takes two terminal columns: the counts after 第三条 and after
    "the draft as a whole" end in the same column."""
    from collections import Counter
    from types import SimpleNamespace

    from rich.cells import cell_len
    from rich.console import Console

    from generator.comments.listing import Stats
    from generator.comments.terminal import print_stats

    out = Console(file=io.StringIO(), width=120, color_system=None)
    counted = Stats(total=3, by_status=Counter(pending=3),
                    by_provision=[("the draft as a whole", 1), ("第三条", 1),
                                  ("第三十二条第一款", 1)],
                    by_position=Counter(), by_respondent=Counter(), moved=0)
    print_stats(out, SimpleNamespace(slug="waste-sorting"), counted)
    rows = out.file.getvalue().split("By provision:\n")[1].split("\n\n")[0].splitlines()
    assert len(rows) == 3 and len({cell_len(row) for row in rows}) == 1


def test_a_listed_comment_is_cut_to_the_terminal_columns_it_takes():
    """``comments list`` shows a comment on one line of at most 80 columns: a Chinese
    character takes two, so a Chinese comment is cut at about 40 characters, not 80."""
    from rich.cells import cell_len

    from generator.comments.terminal import excerpt

    english, chinese = "word " * 40, "关于垃圾分类的意见" * 20
    assert cell_len(excerpt(english)) == 80 and excerpt(english).endswith("…")
    assert cell_len(excerpt(chinese)) <= 80 and excerpt(chinese).endswith("…")
    assert excerpt(chinese).startswith("关于垃圾分类的意见关于") and len(excerpt(chinese)) < 45
    assert excerpt("短的意见") == "短的意见"
