"""kill -9 under load: every comment that got a tracking number is in the database.

The real service (``docket intake``) in a subprocess on a loopback port, a few clients
sending comments as fast as it answers, SIGKILLed once 200 are acknowledged; bounded at
2,000 submissions or 20 seconds. (``make bench`` runs the same with 100 clients.)
"""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2 as httpx

from .conftest import REPO, write

HOST = "127.0.0.1"
CLIENTS, REQUESTS, KILL_AFTER, TIME_LIMIT = 8, 2_000, 200, 20.0


def make_project(root: Path) -> Path:
    write(root / "site.yaml", """\
        title: Durability
        base_url: http://127.0.0.1/
        timezone: UTC
        comments:
          provider: local
          rate_limit: 1000000/second   # the clients share one address
        """)
    write(root / "drafts/bench/draft.yaml", """\
        title: Benchmark Ordinance
        comment_period:
          opens: 2000-01-01
          closes: 2999-12-31
        """)
    write(root / "drafts/bench/versions/01-introduced.md",
          "---\nlabel: Introduced\ndate: 2026-01-01\n---\n\n## Section 1. Heading\n\n(a) First.\n")
    return root


def start_intake(root: Path, db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "intake", "--db", str(db),
         "--host", HOST, "--port", str(port), "-q"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 120  # (generous: a loaded machine starts Python slowly)
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the intake service did not start")


def test_every_acknowledged_comment_survives_a_kill_9(tmp_path):
    root, db = make_project(tmp_path / "project"), tmp_path / "comments.db"
    process, url = start_intake(root, db)
    acknowledged: list[str] = []
    broken = []
    numbers = iter(range(REQUESTS))
    lock, stop = threading.Lock(), threading.Event()

    def client() -> None:
        with httpx.Client(base_url=url, headers={"Accept": "application/json"}) as http:
            while not stop.is_set():
                with lock:
                    i = next(numbers, None)
                if i is None:
                    return
                form = {"draft": "bench", "version": "01-introduced", "name": f"C {i}",
                        "email": f"c{i}@example.org", "respondent_type": "individual",
                        "comment": f"Comment number {i}. " + "A typical comment. " * 12}
                try:
                    answer = http.post("/api/comments", data=form, timeout=10)
                except httpx.HTTPError:
                    broken.append(i)
                    return
                if answer.status_code == 201:
                    with lock:
                        acknowledged.append(answer.json()["tracking"])

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    try:
        deadline = time.monotonic() + TIME_LIMIT
        while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        stop.set()
        for t in threads:
            t.join()
        if process.poll() is None:
            process.kill()
    with sqlite3.connect(db) as conn:  # opening it recovers the WAL after the crash
        stored = {row[0] for row in conn.execute("SELECT tracking FROM submissions")}
    assert len(acknowledged) >= KILL_AFTER
    assert set(acknowledged) <= stored
    assert broken  # the kill really cut clients off mid-load
