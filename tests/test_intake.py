"""The intake service: what it accepts, what it refuses and why, and what it stores."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.build.run import build
from generator.cli import main
from generator.intake.app import create_app
from generator.intake.ratelimit import RateLimiter
from generator.intake.tracking import PATTERN, new_tracking, normalize

from .commenting_project import NOW, make_project

JSON = {"Accept": "application/json"}
GOOD = {
    "draft": "noise-open",
    "version": "01-introduced",
    "provision": "sec_2__subsec_a",
    "name": "Ada Park",
    "email": "ada@example.org",
    "organisation": "",
    "respondent_type": "individual",
    "locality": "Maple Heights 62704",
    "position": "oppose",
    "comment": "Ten is too early.\r\nMake it eleven.",
    "publish_name": "yes",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def client_for(root: Path, clock=lambda: NOW, **kwargs) -> TestClient:
    app = create_app(root, root / "comments.db", clock=clock, **kwargs)
    return TestClient(app, base_url="http://127.0.0.1:8000")


@pytest.fixture
def client(root: Path):
    with client_for(root) as c:
        yield c


def rows(root: Path) -> list[dict]:
    with sqlite3.connect(root / "comments.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM submissions ORDER BY id")]


def post(client, headers=JSON, **changes):
    data = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    return client.post("/api/comments", data=data, headers=headers)


# ------------------------------------------------------------------ accepted


def test_an_accepted_comment_is_stored_and_answered_with_a_tracking_number(client, root):
    answer = post(client)
    assert answer.status_code == 201
    body = answer.json()
    assert PATTERN.match(body["tracking"]) and body["tracking"].startswith("DKT-2026-")
    assert body["provision"] == "sec_2__subsec_a" and body["late"] is False
    (row,) = rows(root)
    assert row["tracking"] == body["tracking"]
    assert row["draft"] == "noise-open" and row["version"] == "01-introduced"
    assert row["provision"] == "sec_2__subsec_a"
    assert row["email"] == "ada@example.org" and row["locality"] == "Maple Heights 62704"
    assert row["comment"] == "Ten is too early.\nMake it eleven."  # newlines normalised
    assert row["publish_name"] == 1 and row["position"] == "oppose" and row["late"] == 0


def test_a_form_post_is_redirected_to_its_receipt_page(client):
    answer = post(client, headers={"Accept": "text/html"}, provision="", comment="Whole draft.")
    assert answer.status_code == 200  # after following the 303
    assert answer.history[0].status_code == 303
    tracking = answer.history[0].headers["location"].removeprefix("comments/")
    assert f'<strong class="tracking">{tracking}</strong>' in answer.text
    assert "The draft as a whole" in answer.text
    assert "ada@example.org" not in answer.text and "Maple Heights" not in answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert 'href="../../static/style.' in answer.text  # the theme's stylesheet, relatively


def test_tracking_numbers_are_unique_and_forgiving_to_retype():
    numbers = {new_tracking("DKT", 2026) for _ in range(2000)}
    assert len(numbers) == 2000
    number = next(iter(numbers))
    assert normalize(number.lower().replace("-", " ", 1)) == number
    assert normalize("DKT-2026-O0IL-0000") == "DKT-2026-0011-0000"
    assert normalize("not a number") is None


def test_the_receipt_can_be_fetched_by_tracking_number(client):
    tracking = post(client).json()["tracking"]
    page = client.get(f"/api/comments/{tracking.lower()}")
    assert page.status_code == 200 and tracking in page.text
    assert "Section 2(a)" in page.text
    data = client.get(f"/api/comments/{tracking}", headers=JSON).json()
    assert data == {"tracking": tracking, "received_at": data["received_at"],
                    "draft": "noise-open", "provision": "sec_2__subsec_a", "late": False}
    assert client.get("/api/comments/DKT-2026-AAAA-AAAA").status_code == 404
    assert client.get("/api/comments/nonsense").status_code == 404


def test_text_is_stored_as_text_and_escaped_wherever_it_is_shown(client, root):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    answer = post(client, headers={"Accept": "text/html"}, comment=payload, name=payload)
    assert rows(root)[0]["comment"] == payload
    assert "<script>alert" not in answer.text and "<img src=x" not in answer.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in answer.text
    refused = post(client, headers={"Accept": "text/html"}, draft=payload)
    assert refused.status_code == 404
    assert "<script>alert" not in refused.text and "&lt;script&gt;" in refused.text


def test_multipart_forms_are_accepted_too(client, root):
    answer = client.post("/api/comments", files={k: (None, v) for k, v in GOOD.items()},
                         headers=JSON)
    assert answer.status_code == 201
    assert rows(root)[0]["comment"] == "Ten is too early.\nMake it eleven."


# ------------------------------------------------------------------ validation rules


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"comment": "   "}, "comment", "Enter your comment"),
        ({"comment": None}, "comment", "Enter your comment"),
        ({"name": ""}, "name", "Enter your full name"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"email": "ada at example"}, "email", "right format"),
        ({"email": "ada@example"}, "email", "right format"),
        ({"name": "x" * 201}, "name", "200 characters or fewer"),
        ({"organisation": "x" * 201}, "organisation", "200 characters or fewer"),
        ({"locality": "x" * 101}, "locality", "100 characters or fewer"),
        ({"respondent_type": ""}, "respondent_type", "Choose how you are responding"),
        ({"respondent_type": "robot"}, "respondent_type", "Choose how you are responding"),
        ({"position": "maybe"}, "position", "Position must be one of"),
        ({"provision": "sec_9"}, "provision", "There is no provision “sec_9” in the current"),
    ],
)
def test_each_field_rule_refuses_with_its_reason(client, root, changes, field, message):
    answer = post(client, **changes)
    assert answer.status_code == 422
    assert message in answer.json()["fields"][field]
    assert rows(root) == []


def test_every_problem_is_reported_at_once(client):
    answer = post(client, name="", email="bad", comment="").json()
    assert answer["error"] == "invalid" and answer["message"] == "Some answers need correcting."
    assert set(answer["fields"]) == {"name", "email", "comment"}


def test_the_comment_length_limit_is_configurable(tmp_path):
    root = make_project(tmp_path / "p", "  provider: local\n  max_chars: 50\n")
    with client_for(root) as client:
        assert post(client, comment="é" * 50).status_code == 201  # characters, not bytes
        answer = post(client, comment="x" * 51)
        assert answer.status_code == 422
        assert "shorten it to 50 characters" in answer.json()["fields"]["comment"]


def test_unknown_or_missing_draft_is_refused(client):
    assert post(client, draft="no-such-draft").status_code == 404
    answer = post(client, draft=None)
    assert answer.status_code == 400 and "which draft" in answer.json()["message"]


@pytest.mark.parametrize(
    ("draft", "reason"),
    [
        ("noise-closed", "closed on October 1, 2026, 11:59 PM CDT"),
        ("noise-upcoming", "open on December 15, 2026, 12:00 AM CST"),
        ("noise-none", "does not take public comment"),
    ],
)
def test_comments_outside_the_period_are_refused(client, root, draft, reason):
    answer = post(client, draft=draft)
    assert answer.status_code == 403
    assert reason in answer.json()["message"]
    assert rows(root) == []


def test_late_comments_are_taken_only_with_allow_late_and_marked(client, root):
    answer = post(client, draft="noise-late")
    assert answer.status_code == 201 and answer.json()["late"] is True
    assert rows(root)[0]["late"] == 1
    page = client.get(f"/api/comments/{answer.json()['tracking']}")
    assert "marked as late" in page.text


def test_the_deadline_is_the_last_second_of_the_closing_day(root):
    closes = NOW.replace(year=2027, month=1, day=16, hour=5, minute=59, second=59)  # Chicago
    with client_for(root, clock=lambda: closes) as client:
        assert post(client).status_code == 201
    with client_for(root, clock=lambda: closes + timedelta(seconds=1)) as client:
        assert post(client).status_code == 403


# ------------------------------------------------------------------ abuse


def test_a_honeypot_hit_is_answered_politely_and_stored_nowhere(client, root):
    answer = post(client, website="http://spam.example")
    assert answer.status_code == 200 and answer.json() == {"received": True}
    page = post(client, headers={"Accept": "text/html"}, website="x")
    assert page.status_code == 200 and "Thank you" in page.text
    assert rows(root) == []


def test_the_request_body_size_is_limited(tmp_path):
    root = make_project(tmp_path / "p", "  provider: local\n  max_chars: 100\n")
    with client_for(root) as client:
        answer = post(client, comment="x" * 100_000)
        assert answer.status_code == 413 and "too large" in answer.json()["message"]
        streamed = client.post("/api/comments", content=iter([b"comment=" + b"x" * 50_000] * 2),
                               headers={**JSON, "Content-Type":
                                        "application/x-www-form-urlencoded"})
        assert streamed.status_code == 413
    assert rows(root) == []


def test_the_longest_comment_is_accepted_in_characters_of_four_bytes(client, root):
    """max_chars counts characters: 20,000 emoji or CJK Extension B characters (four bytes
    in UTF-8, twelve percent-encoded, as a form without JavaScript sends them) is a comment
    of the longest length, not a body too large."""
    answer = post(client, comment="\U0001F600\U00020000" * 10_000)
    assert answer.status_code == 201
    assert len(rows(root)[0]["comment"]) == 20_000


def test_submissions_are_rate_limited_per_client(tmp_path):
    root = make_project(tmp_path / "p", "  provider: local\n  rate_limit: 3/minute\n")
    with client_for(root) as client:
        assert [post(client).status_code for _ in range(3)] == [201] * 3
        refused = post(client)
        assert refused.status_code == 429
        assert 0 < int(refused.headers["retry-after"]) <= 60
        other = client.post("/api/comments", data=GOOD,
                            headers={**JSON, "X-Forwarded-For": "192.0.2.7"})
        assert other.status_code == 429  # headers from an untrusted peer are not believed
    assert len(rows(root)) == 3


def test_the_rate_limiter_forgets_old_requests():
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0], sweep_every=1)
    assert [limiter.check("a", 2, 60) for _ in range(2)] == [0, 0]
    assert limiter.check("a", 2, 60) == pytest.approx(60)
    assert limiter.check("b", 2, 60) == 0
    now[0] = 61
    assert limiter.check("a", 2, 60) == 0
    assert "b" not in limiter.log  # swept


def test_other_content_types_and_broken_encodings_are_refused(client):
    assert client.post("/api/comments", json=GOOD, headers=JSON).status_code == 415
    broken = client.post("/api/comments", content=b"draft=noise-open&comment=%ff%fe",
                         headers={**JSON, "Content-Type": "application/x-www-form-urlencoded"})
    assert broken.status_code == 400
    assert client.get("/api/comments").status_code == 405


# ------------------------------------------------------------------ CORS


def test_only_the_sites_origin_may_post(client, root):
    site = {"Origin": "https://drafts.example.org"}
    ok = client.options("/api/comments", headers={
        **site, "Access-Control-Request-Method": "POST"})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == "https://drafts.example.org"
    assert "POST" in ok.headers["access-control-allow-methods"]
    evil = {"Origin": "https://evil.example"}
    refused = client.options("/api/comments", headers={
        **evil, "Access-Control-Request-Method": "POST"})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    assert post(client, headers={**JSON, **evil}).status_code == 403
    assert post(client, headers={**JSON, "Origin": "null"}).status_code == 403
    assert rows(root) == []
    answer = post(client, headers={**JSON, **site})
    assert answer.status_code == 201
    assert answer.headers["access-control-allow-origin"] == "https://drafts.example.org"
    same = post(client, headers={**JSON, "Origin": "http://127.0.0.1:8000"})
    assert same.status_code == 201  # the service's own origin (docket serve)


def test_extra_origins_can_be_allowed(tmp_path):
    root = make_project(
        tmp_path / "p", "  provider: local\n  allowed_origins: [https://preview.example.org]\n")
    with client_for(root) as client:
        answer = post(client, headers={**JSON, "Origin": "https://preview.example.org"})
        assert answer.status_code == 201


# ------------------------------------------------------------------ the project and the store


def test_the_service_follows_edits_to_the_drafts(client, root):
    intake = client.app.state.intake
    assert post(client, provision="sec_3").status_code == 422
    version = root / "drafts/noise-open/versions/01-introduced.md"
    version.write_text(version.read_text() + "\n## Section 3. Penalties\n\nA fine.\n")
    assert intake.live.refresh() is True
    assert post(client, provision="sec_3").status_code == 201
    (root / "drafts/noise-open/draft.yaml").write_text("title: [broken\n")
    assert intake.live.refresh() is False  # a draft mid-edit: keep what worked
    assert post(client, provision="sec_3").status_code == 201


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_the_service_reloads_the_drafts_it_is_told_were_written_and_only_then(
        client, root, monkeypatch):
    intake = client.app.state.intake
    asked: list = []
    real = intake.live.refresh
    monkeypatch.setattr(intake.live, "refresh",
                        lambda drafts=None: asked.append(drafts) or real(drafts))
    version = root / "drafts/noise-open/versions/01-introduced.md"
    version.write_text(version.read_text() + "\n## Section 3. Penalties\n\nA fine.\n")
    intake.notice({"noise-open"})  # what the watcher of `docket serve` or `intake` says
    wait_until(lambda: "sec_3" in intake.live.catalog.drafts["noise-open"].provisions)
    assert asked == [{"noise-open"}]  # no polling: one reload, of the draft named
    assert post(client, provision="sec_3").status_code == 201


def test_the_intake_hears_the_watcher_of_docket_serve(client, root):
    from generator.serve.server import catalog_listener
    from generator.serve.watch import Watcher

    intake = client.app.state.intake
    watcher = Watcher(root)
    watcher.listen(catalog_listener(intake))
    watcher.start()
    try:
        version = root / "drafts/noise-open/versions/01-introduced.md"
        version.write_text(version.read_text() + "\n## Section 3. Penalties\n\nA fine.\n")
        wait_until(lambda: "sec_3" in intake.live.catalog.drafts["noise-open"].provisions)
    finally:
        watcher.stop()


def test_only_the_drafts_that_changed_are_read_again(client, root, monkeypatch):
    from generator.intake import catalog

    read: list[list[str]] = []
    real = catalog.load_drafts
    monkeypatch.setattr(catalog, "load_drafts",
                        lambda r, config, slugs: read.append(slugs) or real(r, config, slugs))
    intake = client.app.state.intake
    assert intake.live.refresh() is False  # nothing changed: nothing read
    version = root / "drafts/noise-open/versions/01-introduced.md"
    version.write_text(version.read_text() + "\n## Section 3. Penalties\n\nA fine.\n")
    assert intake.live.refresh() is True
    assert read == [["noise-open"]]
    assert "sec_3" in intake.live.catalog.drafts["noise-open"].provisions
    assert len(intake.live.catalog.drafts) > 1  # the others kept


def test_the_database_is_durable_wal_with_full_sync(client, root):
    post(client)
    writer_db = client.app.state.intake.store.db
    assert writer_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert writer_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_contact_details_never_reach_the_built_site(client, root):
    post(client, email="secret.person@example.org", locality="Hidden Hollow 99999")
    post(client, headers={"Accept": "text/html"}, email="another.secret@example.org",
         locality="Quiet Creek")
    build(root, now=NOW)
    for path in (root / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"secret.person", b"Hidden Hollow", b"another.secret", b"Quiet Creek"):
                assert secret not in data, (path, secret)
    assert not any((root / "site").rglob("*.db"))


def test_intake_with_a_broken_project_reports_problems_not_a_traceback(tmp_path, capsys):
    root = make_project(tmp_path / "p", "  provider: local\n  rate_limit: often\n")
    assert main(["--root", str(root), "intake", "--port", "0"]) == 1
    assert "site.yaml:8: rate_limit must look like 10/minute" in capsys.readouterr().err


# ------------------------------------------------------------------ languages


@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    """The commenting project with a Chinese interface under /zh-Hans/ too."""
    root = make_project(tmp_path / "project")
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "languages: [en, zh-Hans]\n",
                    encoding="utf-8")
    return root


def test_the_service_answers_in_the_readers_language(bilingual):
    with client_for(bilingual) as client:
        answer = client.post("/api/comments?lang=zh-Hans", data={**GOOD, "name": ""},
                             headers=JSON)
        assert answer.status_code == 422
        assert answer.json()["message"] == "部分内容需要更正。"
        assert answer.json()["fields"]["name"] == "请填写您的姓名"
        page = client.post("/api/comments?lang=zh-Hans", data={**GOOD, "name": ""})
        assert page.status_code == 422 and '<html lang="zh-Hans">' in page.text
        assert "请填写您的姓名" in page.text
        # An interface the site does not have falls back to the site's own language.
        other = client.post("/api/comments?lang=fr", data={**GOOD, "name": ""}, headers=JSON)
        assert other.json()["fields"]["name"] == "Enter your full name"


def test_a_receipt_keeps_the_readers_language_and_links_into_it(bilingual):
    with client_for(bilingual) as client:
        answer = client.post("/api/comments?lang=zh-Hans", data=GOOD,
                             headers={"Accept": "text/html"}, follow_redirects=False)
        assert answer.status_code == 303
        location = answer.headers["location"]
        assert location.startswith("comments/DKT-") and location.endswith("?lang=zh-Hans")
        receipt = client.get("/api/" + location)
        assert '<html lang="zh-Hans">' in receipt.text and "意见已收到" in receipt.text
        assert 'href="../../zh-Hans/drafts/noise-open/"' in receipt.text
        assert 'href="../../static/style.' in receipt.text  # shared files stay shared
        assert 'hreflang="en"' in receipt.text  # the language switcher
        english = client.post("/api/comments", data=GOOD, headers={"Accept": "text/html"},
                              follow_redirects=False)
        assert "?" not in english.headers["location"]  # the site's own language needs no tag


def test_a_mistyped_tracking_number_is_not_a_failed_submission(client):
    answer = client.get("/api/comments/DKT-2026-0000-0000")
    assert answer.status_code == 404
    assert "No comment with this number" in answer.text
    assert "not sent" not in answer.text


def test_a_two_language_site_posts_every_form_to_the_one_endpoint(bilingual):
    build(bilingual, now=NOW)
    chinese = (bilingual / "site/zh-Hans/drafts/noise-open/comment/index.html").read_text()
    assert 'action="../../../../api/comments?lang=zh-Hans"' in chinese
    english = (bilingual / "site/drafts/noise-open/comment/index.html").read_text()
    assert 'action="../../../api/comments?lang=en"' in english
