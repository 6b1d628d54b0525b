"""kill -9 under load: every comment that got a tracking number is in the database.

A small, bounded version of ``make bench``'s run (loopback, 20 clients, at most 2,000
submissions or 20 seconds): the real service in a subprocess, SIGKILLed mid-load.
"""

from __future__ import annotations

from benchmarks.intake_bench import make_project, run_kill


def test_every_acknowledged_comment_survives_a_kill_9(tmp_path):
    root = make_project(tmp_path / "project")
    load, stored = run_kill(root, tmp_path / "comments.db", clients=20, requests=2_000,
                            kill_after=200, time_limit=20)
    assert len(load.acknowledged) >= 200
    assert set(load.acknowledged) <= stored
    assert load.broken > 0  # the kill really cut connections mid-load
