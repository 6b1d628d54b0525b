"""Receipts by email: queued with the comment, sent in the background by a real SMTP server
(aiosmtpd), in the submission's language; a mail server that is down or refuses the login
never delays or fails a submission, and what was not sent is tried again."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from starlette.testclient import TestClient

from generator.intake.app import create_app
from generator.intake.receipts import delay

from .commenting_project import NOW, make_project
from .mailserver import ENVIRON, free_port, mail_server, smtp_yaml
from .test_intake import GOOD, JSON


def project(tmp_path: Path, port: int, user: str = "docket") -> Path:
    root = make_project(tmp_path / "project")
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nlanguages: [en, zh-Hans]\n") + smtp_yaml(port, user),
        encoding="utf-8")
    return root


def outbox(root: Path) -> list[dict]:
    with sqlite3.connect(root / "comments.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM outbox ORDER BY id")]


def test_a_receipt_with_the_number_is_emailed_in_the_language_of_the_form(tmp_path):
    with mail_server() as box:
        root = project(tmp_path, box.port)
        app = create_app(root, root / "comments.db", clock=lambda: NOW, environ=ENVIRON)
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            english = client.post("/api/comments", data=GOOD, headers=JSON).json()["tracking"]
            chinese = client.post("/api/comments?lang=zh-Hans", data=GOOD,
                                  headers=JSON).json()["tracking"]
            messages = box.wait_for(2)
    assert len(messages) == 2 and box.logins == [("docket", True)] * len(box.logins)
    by_number = {next(n for n in (english, chinese) if n in m["Subject"]): m for m in messages}
    mail = by_number[english]
    assert mail["To"] == "ada@example.org"
    assert mail["From"] == "Test Council <comments@drafts.example.org>"
    body = mail.get_content()
    assert f"Your tracking number is {english}." in body
    assert "Noise Ordinance (open)" in body
    assert f"https://drafts.example.org/lookup/#{english}" in body
    zh = by_number[chinese].get_content()
    assert f"https://drafts.example.org/zh-Hans/lookup/#{chinese}" in zh
    assert "意见" in zh and "Your tracking number" not in zh
    assert [row["sent_at"] != "" for row in outbox(root)] == [True, True]


def test_a_server_that_is_down_never_fails_a_submission_and_is_tried_again(tmp_path):
    port = free_port()  # nothing listens here yet
    root = project(tmp_path, port)
    now = [NOW]
    app = create_app(root, root / "comments.db", clock=lambda: now[0], environ=ENVIRON)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        started = time.monotonic()
        answer = client.post("/api/comments", data=GOOD, headers=JSON)
        assert answer.status_code == 201 and time.monotonic() - started < 2
        tracking = answer.json()["tracking"]
        intake = app.state.intake
        intake.receipts.send_due()  # (the background task may already have tried: once more)
        [row] = outbox(root)
        assert row["sent_at"] == "" and row["attempts"] >= 1
        assert "could not reach the mail server" in row["last_error"]
        with mail_server(port) as box:
            assert intake.receipts.send_due() > 0  # not due yet: waits, does not hammer
            assert box.messages == []
            now[0] = NOW + timedelta(seconds=delay(row["attempts"]) + 1)
            intake.receipts.send_due()
            [mail] = box.wait_for(1)
    assert tracking in mail["Subject"]
    assert outbox(root)[0]["sent_at"] != ""


def test_a_refused_login_keeps_the_receipt_queued_and_the_comment_stored(tmp_path):
    with mail_server() as box:
        root = project(tmp_path, box.port, user="intruder")
        app = create_app(root, root / "comments.db", clock=lambda: NOW, environ=ENVIRON)
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            assert client.post("/api/comments", data=GOOD, headers=JSON).status_code == 201
            app.state.intake.receipts.send_due()
        assert box.messages == [] and ("intruder", False) in box.logins
    [row] = outbox(root)
    assert row["sent_at"] == "" and "refused the login" in row["last_error"]


def test_without_smtp_no_receipt_is_queued(tmp_path):
    root = make_project(tmp_path / "project")
    with TestClient(create_app(root, root / "comments.db", clock=lambda: NOW),
                    base_url="http://127.0.0.1:8000") as client:
        assert client.post("/api/comments", data=GOOD, headers=JSON).status_code == 201
    assert outbox(root) == []


def test_backoff_doubles_up_to_an_hour():
    assert [delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert delay(20) == 3600
