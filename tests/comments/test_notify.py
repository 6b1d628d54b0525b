"""``docket comments notify``: each answered commenter with an address is emailed once, by a
real SMTP server (aiosmtpd); a refused login or an unreachable server is a clear error that
marks nothing as sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.comments.notify import sent_log
from generator.comments.record import Contact, comment_to_json, contact_to_json
from generator.comments.store import as_line, comments_file, contacts_file, make_private

from ..mailserver import PASSWORD, free_port, mail_server, smtp_yaml
from ..responses.fixtures import SLUG, comment, project

RESPONSES = """\
- id: r-one
  answers: {comments: [DKT-2026-AAAA-0001, DKT-2026-AAAA-0002]}
  summary: Exempt owner-occupied homes
  handled_by: {unit: Department of Neighborhood Services, person: Renata Vasquez}
  supervised_by: {unit: Committee on Housing and Neighborhoods, person: Council Member Okafor}
  plan: Consider at the committee's next meeting.
  result: partly-accepted
  reason: Section 5 now exempts a host's own home.
"""


def answered_project(tmp_path: Path, port: int, user: str = "docket") -> Path:
    """Three comments: two answered (one with an address, one without), one not answered."""
    root, _ = project(tmp_path)
    comments = [comment("DKT-2026-AAAA-0001"), comment("DKT-2026-AAAA-0002", day=6),
                comment("DKT-2026-AAAA-0003", day=7)]
    path = comments_file(root, SLUG)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(as_line(comment_to_json(c)) for c in comments), encoding="utf-8")
    make_private(root)
    contacts = contacts_file(root, SLUG)
    contacts.parent.mkdir(parents=True, exist_ok=True)
    contacts.write_text("".join(as_line(contact_to_json(c)) for c in (
        Contact("DKT-2026-AAAA-0001", email="ana@example.org"),
        Contact("DKT-2026-AAAA-0002", phone="555-0100"),
        Contact("DKT-2026-AAAA-0003", email="cy@example.org"))), encoding="utf-8")
    (root / "drafts" / SLUG / "responses.yaml").write_text(RESPONSES, encoding="utf-8")
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + smtp_yaml(port, user), encoding="utf-8")
    return root


def notify(root: Path, *extra: str) -> int:
    return main(["--root", str(root), "comments", "notify", SLUG, *extra])


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("DOCKET_SMTP_PASSWORD", PASSWORD)


def test_each_answered_commenter_with_an_address_is_told_once(tmp_path, capsys):
    with mail_server() as box:
        root = answered_project(tmp_path, box.port)
        assert notify(root, "--dry-run") == 0
        dry = capsys.readouterr().out
        assert "DKT-2026-AAAA-0001  r-one  to ana@example.org" in dry
        assert "would send: 1, sent before: 0" in dry and box.messages == []
        assert not sent_log(root, SLUG).exists()

        assert notify(root) == 0
        assert "sent: 1, sent before: 0, refused: 0" in capsys.readouterr().out
        [mail] = box.wait_for(1)
        assert notify(root) == 0  # a re-run sends nothing new
        assert "sent: 0, sent before: 1" in capsys.readouterr().out
    assert len(box.messages) == 1
    assert mail["To"] == "ana@example.org"
    assert mail["Subject"] == "The response to your comment on “Short-Term Rental Registration Ordinance”"
    body = mail.get_content()
    assert "Your comment DKT-2026-AAAA-0001 on" in body and "Result: partly accepted" in body
    assert f"https://drafts.springfield.example/drafts/{SLUG}/responses/#response-r-one" in body
    assert "https://drafts.springfield.example/lookup/#DKT-2026-AAAA-0001" in body
    [logged] = [json.loads(line) for line in sent_log(root, SLUG).read_text().splitlines()]
    assert (logged["comment_id"], logged["response_id"]) == ("DKT-2026-AAAA-0001", "r-one")
    assert "drafts" not in str(sent_log(root, SLUG).relative_to(root)).split("/")[0]


def test_a_refused_login_is_a_clear_error_and_marks_nothing_sent(tmp_path, capsys):
    with mail_server() as box:
        root = answered_project(tmp_path, box.port, user="intruder")
        assert notify(root) == 1
    err = capsys.readouterr().err
    assert err.startswith("docket: the mail server 127.0.0.1:") and "refused the login" in err
    assert "Traceback" not in err
    assert box.messages == [] and not sent_log(root, SLUG).read_text()
    with mail_server() as box:  # the right login later sends it
        site = root / "site.yaml"
        site.write_text(site.read_text().split("smtp:")[0] + smtp_yaml(box.port),
                        encoding="utf-8")
        assert notify(root) == 0
        assert len(box.wait_for(1)) == 1


def test_an_unreachable_server_is_a_clear_error(tmp_path, capsys):
    root = answered_project(tmp_path, free_port())
    assert notify(root) == 1
    err = capsys.readouterr().err
    assert err.startswith("docket: could not reach the mail server 127.0.0.1:")
    assert "connection refused" in err and "Traceback" not in err


def test_a_missing_password_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DOCKET_SMTP_PASSWORD")
    with mail_server() as box:
        root = answered_project(tmp_path, box.port)
        assert notify(root) == 1
    assert "set the environment variable DOCKET_SMTP_PASSWORD" in capsys.readouterr().err


def test_a_dry_run_before_the_mail_server_is_set_shows_each_subject(tmp_path, capsys):
    """The dry run is how a clerk previews the notices, often before ``smtp:`` is written."""
    root = answered_project(tmp_path, free_port())
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").split("smtp:")[0], encoding="utf-8")
    assert notify(root, "--dry-run") == 0
    assert ("DKT-2026-AAAA-0001  r-one  to ana@example.org: The response to your comment on "
            "“Short-Term Rental Registration Ordinance”") in capsys.readouterr().out
