"""Ratings into the store from the intake's database and from hosted providers' exports:
idempotent, atomic, quarantined with their place, remarks kept private."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.comments.store import PAUSE, quarantine_file, read_comments
from generator.intake.store import Store
from generator.intake.validate import Submission
from generator.responses.ratings import ratings_file, read_ratings, remarks_file

from ..commenting_project import NOW, make_project

DRAFT = "noise-open"

# The table the intake keeps ratings in (interfaces.md); created here as the intake does.
RATINGS_TABLE = """
CREATE TABLE IF NOT EXISTS ratings (
    id INTEGER PRIMARY KEY,
    tracking TEXT NOT NULL,
    received_at TEXT NOT NULL,
    rating TEXT NOT NULL,
    remark TEXT NOT NULL DEFAULT ''
);
"""


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "comments", "import", *args])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def intake_db(root: Path, texts: list[str]) -> tuple[Path, list[str]]:
    """comments.db with these comments (tracking numbers returned) and a ratings table."""
    db = root / "comments.db"
    store = Store(db, "DKT")
    numbers = store.insert([Submission(DRAFT, "01-introduced", "sec_2__subsec_b", "Ana Ruiz",
                                       "ana@example.org", "", "individual", "60601", "mixed",
                                       text, False, False, NOW) for text in texts])
    store.close()
    with sqlite3.connect(db) as conn:
        conn.executescript(RATINGS_TABLE)
    return db, numbers


def rate(db: Path, *rows: tuple[str, str, str, str]) -> None:
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO ratings (tracking, received_at, rating, remark) "
                         "VALUES (?, ?, ?, ?)", rows)


def typed(number: str) -> str:
    """A tracking number as a person may type it: lower case, O for 0, I for 1."""
    head, tail = number[:9], number[9:]
    return (head + tail.replace("0", "O").replace("1", "I")).lower()


def test_local_ratings_come_with_the_comments_and_twice_changes_no_byte(root, capsys):
    db, (first, second) = intake_db(root, ["First.", "Second."])
    rate(db, (first, "2026-12-02T10:00:00+00:00", "dissatisfied", "They never called me."),
         (typed(second), "2026-12-03T10:00:00+00:00", "satisfied", ""))
    assert run(root, "--from", "local", str(db)) == 0
    out = capsys.readouterr().out
    assert "imported: 2, already present: 0, quarantined: 0" in out
    assert "ratings imported: 2, already present: 0, quarantined: 0" in out
    ratings = read_ratings(root, DRAFT)
    assert sorted((r.comment_id, r.rating, r.source) for r in ratings) == sorted(
        [(first, "dissatisfied", "local"), (second, "satisfied", "local")])
    # The remark is private: in .docket-private/, never in the draft's folder.
    public = ratings_file(root, DRAFT).read_text(encoding="utf-8")
    assert "never called" not in public
    assert "They never called me." in remarks_file(root, DRAFT).read_text(encoding="utf-8")
    assert json.loads(public.splitlines()[0]).keys() == {
        "comment_id", "received_date", "rating", "source", "source_id"}
    before = public
    assert run(root, "--from", "local", str(db)) == 0
    assert "ratings imported: 0, already present: 2, quarantined: 0" in capsys.readouterr().out
    assert ratings_file(root, DRAFT).read_text(encoding="utf-8") == before
    # A later rating of the same comment is added beside the first: the latest counts.
    rate(db, (first, "2026-12-20T10:00:00+00:00", "basically-satisfied", ""))
    assert run(root, "--from", "local", str(db)) == 0
    assert "ratings imported: 1, already present: 2" in capsys.readouterr().out
    assert [r.rating for r in read_ratings(root, DRAFT) if r.comment_id == first] == [
        "dissatisfied", "basically-satisfied"]


def test_an_intake_without_a_ratings_table_imports_comments_only(root, capsys):
    db = root / "comments.db"
    Store(db, "DKT").close()
    with sqlite3.connect(db) as conn:  # an intake from before ratings (the store makes one now)
        conn.execute("DROP TABLE ratings")
    assert run(root, "--from", "local", str(db)) == 0
    out = capsys.readouterr().out
    assert "imported: 0" in out and "ratings" not in out
    assert not ratings_file(root, DRAFT).exists()


def test_bad_ratings_are_quarantined_once_with_their_row(root, capsys):
    db, (first,) = intake_db(root, ["First."])
    rate(db, ("DKT-2026-NOPE-NOPE", "2026-12-02T10:00:00+00:00", "satisfied", ""),
         (first, "2026-12-02T10:00:00+00:00", "delighted", ""),
         (first, "yesterday", "satisfied", ""))
    assert run(root, "--from", "local", str(db)) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "quarantined (row 1): no comment with the tracking number 'DKT-2026-NOPE-NOPE'" in out
    assert "quarantined (row 2): rating 'delighted' is not one of satisfied, " \
           "basically-satisfied, dissatisfied" in out
    assert "quarantined (row 3): cannot read the time received 'yesterday'" in out
    assert "ratings imported: 0, already present: 0, quarantined: 3" in out
    held = quarantine_file(root).read_text(encoding="utf-8")
    assert run(root, "--from", "local", str(db)) == 1
    assert quarantine_file(root).read_text(encoding="utf-8") == held
    assert len(held.splitlines()) == 3


def test_a_hosted_ratings_export_is_recognised_by_its_columns(root, tmp_path, capsys):
    db, (first, second) = intake_db(root, ["First.", "Second."])
    assert run(root, "--from", "local", str(db)) == 0
    export = tmp_path / "ratings.csv"
    export.write_text("Submission ID,Submitted at,Tracking number,Rating,Remark\n"
                      f"a1,2026-12-05 09:00:00,{first},Basically satisfied,=SUM(A1)\n"
                      f"a2,2026-12-06 09:00:00,{second},不满意,\n", encoding="utf-8")
    capsys.readouterr()
    assert run(root, "--from", "tally", str(export)) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == \
        "ratings imported: 2, already present: 0, quarantined: 0"
    found = {r.comment_id: r for r in read_ratings(root, DRAFT)}
    assert found[first].rating == "basically-satisfied" and found[first].source == "tally"
    assert found[second].rating == "dissatisfied"
    # 09:00 in the site's zone (Chicago) is 15:00 UTC.
    assert found[first].received_date.isoformat() == "2026-12-05T15:00:00+00:00"
    assert run(root, "--from", "tally", str(export)) == 0
    assert "ratings imported: 0, already present: 2" in capsys.readouterr().out
    assert len(read_comments(root, DRAFT)) == 2


def test_ratings_with_comments_from_one_provider(root, tmp_path, capsys):
    comments = tmp_path / "comments.json"
    comments.write_text(json.dumps({"submissions": [
        {"_id": "c1", "_date": "2026-11-20T10:00:00Z", "draft": DRAFT, "comment": "Hello",
         "name": "Bo", "email": "bo@example.org"}]}), encoding="utf-8")
    assert run(root, "--from", "formspree", str(comments)) == 0
    [comment] = read_comments(root, DRAFT)
    ratings = tmp_path / "ratings.json"
    ratings.write_text(json.dumps({"submissions": [
        {"_id": "r1", "_date": "2026-12-01T10:00:00Z", "tracking": comment.id,
         "rating": "satisfied", "remark": "Thanks"}]}), encoding="utf-8")
    assert run(root, "--from", "formspree", str(comments), "--ratings", str(ratings)) == 0
    out = capsys.readouterr().out
    assert "imported: 0, already present: 1" in out
    assert "ratings imported: 1, already present: 0, quarantined: 0" in out
    [rating] = read_ratings(root, DRAFT)
    assert (rating.comment_id, rating.source_id) == (comment.id, "r1")


def test_no_source_at_all_is_wrong_usage(root, capsys):
    assert run(root, "--from", "local") == 2


def test_a_netlify_export_with_a_column_named_by_hand(root, tmp_path, capsys):
    db, (first,) = intake_db(root, ["First."])
    assert run(root, "--from", "local", str(db)) == 0
    export = tmp_path / "ratings.json"
    export.write_text(json.dumps([
        {"id": "n1", "created_at": "2026-12-05T09:00:00Z", "form_name": "ratings",
         "data": {"tracking": first, "How did we do?": "Dissatisfied", "remark": ""}}]),
        encoding="utf-8")
    capsys.readouterr()
    # Its rating column is not recognised: read as comments, it is another form's submission.
    assert run(root, "--from", "netlify", str(export)) == 0
    assert "not comments: 1" in capsys.readouterr().out and read_ratings(root, DRAFT) == []
    assert run(root, "--from", "netlify", "--ratings", str(export),
               "--map", "rating=How did we do?") == 0
    [rating] = read_ratings(root, DRAFT)
    assert (rating.rating, rating.source, rating.source_id) == ("dissatisfied", "netlify", "n1")


def test_a_ratings_import_killed_midway_leaves_the_store_as_it_was(root, tmp_path, capsys):
    db, (first, second) = intake_db(root, ["First.", "Second."])
    rate(db, (first, "2026-12-02T10:00:00+00:00", "satisfied", "Kept private."))
    assert run(root, "--from", "local", str(db)) == 0
    before = {p: p.read_bytes() for p in (ratings_file(root, DRAFT), remarks_file(root, DRAFT))}
    export = tmp_path / "ratings.csv"
    export.write_text("id,date,tracking,rating,remark\n"
                      f"t1,2026-12-05 09:00:00,{second},dissatisfied,Also private.\n",
                      encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "comments", "import",
         "--from", "tally", str(export)],
        env={**os.environ, PAUSE: "renamed-first"}, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline().strip() == "docket: paused at renamed-first"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        for stream in (process.stdin, process.stdout, process.stderr):
            stream.close()
    read_comments(root, DRAFT)  # the next user of the store undoes the import
    assert {p: p.read_bytes() for p in before} == before
    capsys.readouterr()
    assert run(root, "--from", "tally", str(export)) == 0
    assert "ratings imported: 1, already present: 0" in capsys.readouterr().out
    assert len(read_ratings(root, DRAFT)) == 2


def test_a_new_intake_database_counting_its_ratings_from_1_again_loses_none(root, capsys):
    """The intake's database removed once imported (its contact details are in the store
    now), or a second server: its first rating is row 1 again, and a rating all the same."""
    db, (first,) = intake_db(root, ["First."])
    rate(db, (first, "2026-12-02T10:00:00+00:00", "dissatisfied", ""))
    assert run(root, "--from", "local", str(db)) == 0
    capsys.readouterr()
    db.unlink()
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    db, (second,) = intake_db(root, ["Second."])
    rate(db, (second, "2026-12-05T10:00:00+00:00", "satisfied", ""))
    assert run(root, "--from", "local", str(db)) == 0
    assert "ratings imported: 1, already present: 0" in capsys.readouterr().out
    assert sorted(r.comment_id for r in read_ratings(root, DRAFT)) == sorted([first, second])


def test_ratings_imported_under_the_intake_row_id_are_still_already_present(root, capsys):
    """A store written when a local rating's source id was its row id reads the same
    database again without doubling a line."""
    db, (first,) = intake_db(root, ["First."])
    rate(db, (first, "2026-12-02T10:00:00+00:00", "dissatisfied", ""))
    assert run(root, "--from", "local", str(db)) == 0
    path = ratings_file(root, DRAFT)
    (line,) = path.read_text(encoding="utf-8").splitlines()
    old = json.loads(line) | {"source_id": "1"}
    path.write_text(json.dumps(old, ensure_ascii=False) + "\n", encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert run(root, "--from", "local", str(db)) == 0
    assert "ratings imported: 0, already present: 1" in capsys.readouterr().out
    assert path.read_bytes() == before
