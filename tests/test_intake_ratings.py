"""POST /api/ratings: a commenter's rating of the response to their comment, kept beside the
submissions (the remark private), refused like a comment when it should be."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.comments.record import comment_to_json
from generator.comments.store import as_line, comments_file

from .test_intake import JSON, client_for, post
from .test_intake import root as root  # the fixture


def ratings(root: Path) -> list[dict]:
    with sqlite3.connect(root / "comments.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM ratings ORDER BY id")]


def test_a_rating_of_a_known_number_is_kept_with_its_private_remark(root):
    with client_for(root) as client:
        tracking = post(client).json()["tracking"]
        answer = client.post("/api/ratings", data={"tracking": tracking.lower(),
                                                   "rating": "dissatisfied",
                                                   "remark": "Nobody <b>called</b> me."},
                             headers=JSON)
        assert answer.status_code == 201, answer.text
        assert answer.json()["tracking"] == tracking
        again = client.post("/api/ratings", data={"tracking": tracking, "rating": "satisfied"})
        assert again.status_code == 201 and "Rating received" in again.text
    kept = ratings(root)
    assert [(r["tracking"], r["rating"], r["remark"]) for r in kept] == [
        (tracking, "dissatisfied", "Nobody <b>called</b> me."), (tracking, "satisfied", "")]
    assert kept[0]["received_at"].startswith("2026-11-28T18:00:00")


def test_a_number_from_the_comment_store_may_rate_too(root):
    from .responses.fixtures import comment

    stored = comment("DKT-2026-PST0-0001")
    stored.draft, stored.tracking_number = "noise-open", "POST-77"
    path = comments_file(root, "noise-open")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(as_line(comment_to_json(stored)), encoding="utf-8")
    with client_for(root) as client:
        for number in ("DKT-2026-PST0-0001", "post 77"):
            answer = client.post("/api/ratings", data={"tracking": number,
                                                       "rating": "basically-satisfied"},
                                 headers=JSON)
            assert answer.status_code == 201, answer.text
    assert [r["tracking"] for r in ratings(root)] == ["DKT-2026-PST0-0001", "POST-77"]


def test_unknown_numbers_and_wrong_ratings_are_refused_with_a_reason(root):
    with client_for(root) as client:
        tracking = post(client).json()["tracking"]
        unknown = client.post("/api/ratings?lang=en", data={"tracking": "DKT-2026-AAAA-BBBB",
                                                            "rating": "satisfied"}, headers=JSON)
        assert unknown.status_code == 404
        assert "no comment with the tracking number DKT-2026-AAAA-BBBB" in unknown.json()["message"]
        wrong = client.post("/api/ratings", data={"tracking": tracking, "rating": "thrilled",
                                                  "remark": "x" * 2001}, headers=JSON)
        assert wrong.status_code == 422 and set(wrong.json()["fields"]) == {"rating", "remark"}
        assert client.post("/api/ratings", data={"rating": "satisfied"},
                           headers=JSON).status_code == 400
        assert client.post("/api/ratings", content=b"{}", headers={
            **JSON, "Content-Type": "application/json"}).status_code == 415
        foreign = client.post("/api/ratings", data={"tracking": tracking, "rating": "satisfied"},
                              headers={**JSON, "Origin": "https://evil.example"})
        assert foreign.status_code == 403
        page = client.post("/api/ratings", data={"tracking": "DKT-2026-AAAA-BBBB",
                                                 "rating": "satisfied"})
        assert page.status_code == 404 and "Your rating was not sent" in page.text
    assert ratings(root) == []


def test_ratings_are_rate_limited_and_guessing_numbers_is_slowed(root):
    with client_for(root) as client:
        tracking = post(client).json()["tracking"]
        codes = [client.post("/api/ratings", data={"tracking": tracking, "rating": "satisfied"},
                             headers=JSON).status_code for _ in range(11)]
        assert codes == [201] * 10 + [429]
    with client_for(root) as client:  # misses count with receipt lookups' (20 a minute)
        lookups = [client.get(f"/api/comments/DKT-2026-AAAA-{n:04d}", headers=JSON).status_code
                   for n in range(18)]
        guesses = [client.post("/api/ratings", data={"tracking": f"DKT-2026-BBBB-{n:04d}",
                                                     "rating": "satisfied"},
                               headers=JSON).status_code for n in range(3)]
        assert lookups == [404] * 18 and guesses == [404, 404, 429]
