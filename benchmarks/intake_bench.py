"""The intake service under load, and through a ``kill -9``: every acknowledged comment kept.

The service runs as ``docket intake`` in a subprocess on a free loopback port.  The load is
100 concurrent clients in this process, each a keep-alive HTTP/1.1 connection written on
bare asyncio streams: an HTTP client library would spend more CPU than the server on this
2-core machine and end up measuring itself.  Each client posts form-encoded comments with
``Accept: application/json`` and keeps the tracking number of every 201.  Bounded: at most
REQUESTS submissions and TIME_LIMIT seconds per run; loopback only.

1. Load: REQUESTS submissions; accepted per second, latency, and a check that every
   acknowledged tracking number is in the database afterwards.
2. kill -9: the same load, SIGKILL once KILL_AFTER comments are acknowledged; then the
   database is opened again (SQLite recovers the WAL) and every acknowledged comment must be
   there.  Comments stored but never acknowledged (in flight at the kill) are allowed.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from . import Context, Row, progress

PROJECT_DIR = Path(__file__).resolve().parent.parent
CLIENTS = 100
REQUESTS = 5_000
TIME_LIMIT = 60.0  # seconds, per run
KILL_AFTER = 1_500  # acknowledgements before the SIGKILL
TARGET = 500  # accepted submissions per second
HOST = "127.0.0.1"

SITE_YAML = """\
title: Intake benchmark
base_url: http://127.0.0.1/
timezone: UTC
comments:
  provider: local
  rate_limit: 1000000/second   # 100 clients share one address here; the check still runs
"""
DRAFT_YAML = """\
title: Benchmark Ordinance
comment_period:
  opens: 2000-01-01
  closes: 2999-12-31
"""
VERSION = "---\nlabel: Introduced\ndate: 2026-01-01\n---\n\n" + "\n\n".join(
    f"## Section {n}. Heading {n}\n\n(a) First.\n\n(b) Second." for n in range(1, 21)
)
PROVISIONS = [f"sec_{n}" for n in range(1, 21)] + [f"sec_{n}__subsec_b" for n in range(1, 21)]


def make_project(root: Path) -> Path:
    (root / "drafts/bench/versions").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML)
    (root / "drafts/bench/draft.yaml").write_text(DRAFT_YAML)
    (root / "drafts/bench/versions/01-introduced.md").write_text(VERSION)
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Service:
    process: subprocess.Popen
    port: int
    db: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()


def start_service(root: Path, db: Path, timeout: float = 20.0) -> Service:
    """``docket intake`` on a free loopback port, once it answers /api/health."""
    port = free_port()
    command = [sys.executable, "-m", "generator", "--root", str(root), "intake", "--db", str(db),
               "--host", HOST, "--port", str(port), "-q"]
    process = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the intake service exited: {process.stderr.read().decode()}")
        try:
            with socket.create_connection((HOST, port), timeout=1) as s:
                s.sendall(f"GET /api/health HTTP/1.1\r\nHost: {HOST}\r\nConnection: close"
                          "\r\n\r\n".encode())
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return Service(process, port, db)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the intake service did not start in time")


def body(i: int) -> bytes:
    return urlencode({
        "draft": "bench", "version": "01-introduced",
        "provision": PROVISIONS[i % len(PROVISIONS)] if i % 5 else "",
        "name": f"Commenter {i}", "email": f"commenter{i}@example.org",
        "respondent_type": "individual", "position": ("support", "oppose", "")[i % 3],
        "locality": "62704", "publish_name": "yes" if i % 2 else "",
        "comment": f"Comment number {i}. " + "The text of a typical comment. " * 12,
    }).encode()


@dataclass
class Load:
    acknowledged: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    refused: int = 0
    broken: int = 0  # connections that failed (expected after a kill)
    seconds: float = 0.0


async def _client(port: int, numbers, load: Load, stop: asyncio.Event) -> None:
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError:
        load.broken += 1
        return
    head = (f"POST /api/comments HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: application/json\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n")
    try:
        for i in numbers:
            if stop.is_set():
                break
            payload = body(i)
            started = time.perf_counter()
            writer.write(f"{head}Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            answer = await reader.readexactly(length)
            load.latencies.append(time.perf_counter() - started)
            if status == 201:
                load.acknowledged.append(json.loads(answer)["tracking"])
            else:
                load.refused += 1
    except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
        load.broken += 1
    finally:
        writer.close()


async def drive(port: int, clients: int, requests: int, time_limit: float,
                kill_after: int | None = None, kill=None) -> Load:
    """Run the clients until ``requests`` are sent or ``time_limit`` passes; with
    ``kill_after``, call ``kill()`` once that many comments are acknowledged."""
    load, stop = Load(), asyncio.Event()
    numbers = iter(range(requests))  # shared: each submission is sent once
    started = time.perf_counter()
    tasks = [asyncio.create_task(_client(port, numbers, load, stop)) for _ in range(clients)]
    killed = False
    while not all(t.done() for t in tasks):
        await asyncio.sleep(0.005)
        if time.perf_counter() - started > time_limit:
            stop.set()
        if kill_after is not None and not killed and len(load.acknowledged) >= kill_after:
            await asyncio.to_thread(kill)
            killed = True
    load.seconds = time.perf_counter() - started
    return load


def stored_numbers(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:  # opening it recovers the WAL after a crash
        return {row[0] for row in conn.execute("SELECT tracking FROM submissions")}


def in_own_loop(coroutine):
    """Run on a fresh event loop in a thread of its own: the caller may have a loop running
    (pytest-playwright's sync API does)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run_load(root: Path, db: Path, clients: int = CLIENTS, requests: int = REQUESTS,
             time_limit: float = TIME_LIMIT) -> tuple[Load, set[str]]:
    service = start_service(root, db)
    try:
        load = in_own_loop(drive(service.port, clients, requests, time_limit))
    finally:
        service.stop()
    return load, stored_numbers(db)


def run_kill(root: Path, db: Path, clients: int = CLIENTS, requests: int = REQUESTS,
             kill_after: int = KILL_AFTER, time_limit: float = TIME_LIMIT
             ) -> tuple[Load, set[str]]:
    service = start_service(root, db)
    try:
        load = in_own_loop(drive(service.port, clients, requests, time_limit, kill_after,
                                 service.kill))
    finally:
        if service.process.poll() is None:
            service.kill()
    return load, stored_numbers(db)


def milliseconds(values: list[float], q: float) -> float:
    if len(values) < 2:
        return 0.0
    return round(statistics.quantiles(values, n=100)[int(q) - 1] * 1000, 2)


def intake_load(ctx: Context) -> list[Row]:
    root = make_project(ctx.scratch / "intake-project")
    progress(f"intake: {CLIENTS} clients, {REQUESTS:,} submissions")
    load, stored = run_load(root, ctx.scratch / "intake-load.db")
    rate = len(load.acknowledged) / load.seconds
    missing = len(set(load.acknowledged) - stored)
    name = "intake: load"
    return [
        Row(benchmark=name, metric="accepted", value=round(rate, 1), unit="submissions/s",
            note=f"{CLIENTS} clients, {len(load.acknowledged):,} of {REQUESTS:,} in "
            f"{load.seconds:.2f} s; target {TARGET}/s {'met' if rate >= TARGET else 'MISSED'}"),
        Row(benchmark=name, metric="latency p50", value=milliseconds(load.latencies, 50),
            unit="ms", note="post to acknowledgement, committed"),
        Row(benchmark=name, metric="latency p99", value=milliseconds(load.latencies, 99),
            unit="ms", note=f"{load.refused} refused, {load.broken} broken connections"),
        Row(benchmark=name, metric="acknowledged, not stored", value=missing,
            unit="submissions", note="must be 0" if missing else
            f"all {len(load.acknowledged):,} tracking numbers in the database"),
    ]


def intake_kill(ctx: Context) -> list[Row]:
    root = make_project(ctx.scratch / "intake-project")
    progress(f"intake: kill -9 after {KILL_AFTER:,} acknowledgements under load")
    load, stored = run_kill(root, ctx.scratch / "intake-kill.db")
    acked = set(load.acknowledged)
    missing = len(acked - stored)
    name = "intake: kill -9"
    return [
        Row(benchmark=name, metric="acknowledged before the kill", value=len(acked),
            unit="submissions", note=f"{load.broken} connections cut by SIGKILL"),
        Row(benchmark=name, metric="acknowledged, not stored", value=missing,
            unit="submissions", note="must be 0" if missing else
            "every tracking number handed out survived"),
        Row(benchmark=name, metric="stored, not acknowledged", value=len(stored - acked),
            unit="submissions", note="committed while their answers were in flight"),
    ]


def main() -> None:
    """``python -m benchmarks.intake_bench``: both intake runs alone, as JSON rows."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="docket-intake-bench-") as scratch:
        ctx = Context(Path(scratch), None, Path(scratch))  # type: ignore[arg-type]
        for row in intake_load(ctx) + intake_kill(ctx):
            print(json.dumps(row))


if __name__ == "__main__":
    main()
