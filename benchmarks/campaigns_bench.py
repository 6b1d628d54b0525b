"""A million comments imported, deduplicated and grouped into campaigns, against the truth.

The synthetic docket and the score are ``comment_letters``'s: twenty form letters, half
English, half Chinese, copied with variations by most commenters; the generator knows which
letter each comment came from, and precision and recall are pairwise against that truth.

The run is ``docket comments import --from csv`` in a child process, exactly as a person
would run it; the import groups campaigns as it merges (``generator/comments/campaigns.py``,
which sketches texts in two worker processes once the store fills a chunk). Wall seconds,
CPU seconds (user + system, from ``wait4``: the import's and its workers', a figure that
does not depend on what else the shared machine is doing) and peak RSS (the largest of the
import and its workers) are the child's own. The machine's load before and after is printed
beside the wall time: on a shared 2-core machine, read the wall time against it.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import MB, Context, Row, progress
from .comment_letters import LETTERS, SEED, pairwise, synthetic

PROJECT_DIR = Path(__file__).resolve().parent.parent
COMMENTS = 1_000_000
TIME_LIMIT = 120.0  # seconds
MEMORY_LIMIT = 4_000  # MB

SITE_YAML = """\
title: Campaigns benchmark
base_url: http://127.0.0.1/
timezone: UTC
"""
DRAFT_YAML = """\
title: Benchmark Ordinance
comment_period:
  opens: 2000-01-01
  closes: 2999-12-31
"""
VERSION = "---\nlabel: Introduced\ndate: 2026-01-01\n---\n\n## Section 1. Heading\n\nText.\n"

def make_project(root: Path) -> Path:
    (root / "drafts/bench/versions").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML)
    (root / "drafts/bench/draft.yaml").write_text(DRAFT_YAML)
    (root / "drafts/bench/versions/01-introduced.md").write_text(VERSION)
    return root


def write_export(path: Path, count: int, seed: int = SEED) -> dict[str, int]:
    """A CSV export of the synthetic docket (with a name and an email a comment, as a form
    collects them); returns each comment's truth by source id."""
    truth: dict[str, int] = {}
    start = datetime(2026, 3, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["id", "received", "name", "email", "comment"])
        for number, (source_id, text, label) in enumerate(synthetic(count, seed)):
            truth[source_id] = label
            moment = start + timedelta(seconds=number * 2)
            out.writerow([source_id, moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          f"Commenter {number}", f"c{number}@example.org", text])
    return truth


def stored_campaigns(root: Path) -> dict[str, str]:
    """Source id -> campaign id, read from the store as any reader would."""
    from generator.comments.store import comments_file

    found = {}
    with open(comments_file(root, "bench"), encoding="utf-8") as file:
        for line in file:
            value = json.loads(line)
            found[value["source_id"]] = value["campaign_id"]
    return found


def own_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used itself, its children apart,
    from /proc (None where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as file:
            fields = file.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_import(root: Path, export: Path) -> dict:
    """``docket comments import`` in a child: wall and CPU seconds, peak RSS in MB.

    The CPU time is the import's and its workers' (``wait4``); the import process's own
    part, the serial critical path, is read from /proc every tenth of a second while it
    runs (so it may miss the last tenth)."""
    command = [sys.executable, "-m", "generator", "--root", str(root), "comments", "import",
               "--from", "csv", str(export), "--draft", "bench"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    main_cpu: list[float] = []
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            seen = own_cpu(proc.pid)
            if seen is None:
                return
            main_cpu.append(seen)
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    said = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    finished.set()
    watcher.join()
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if proc.returncode != 0:
        raise RuntimeError(f"docket comments import failed: {said}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "main_cpu": max(main_cpu) if main_cpu else None,
            "rss_mb": usage.ru_maxrss * 1024 / MB, "said": said.strip().splitlines()[-1]}


def _split(run: dict) -> str:
    if run["main_cpu"] is None:
        return ""
    workers = run["cpu"] - run["main_cpu"]
    floor = max(run["main_cpu"], run["cpu"] / 2)
    return (f"; main process {run['main_cpu']:.1f} s, workers {workers:.1f} s: "
            f"about {floor:.0f} s on an idle machine")


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def campaigns(ctx: Context, count: int = COMMENTS) -> list[Row]:
    root = make_project(ctx.scratch / "campaigns-project")
    export = ctx.scratch / "campaigns-export.csv"
    progress(f"campaigns: writing {count:,} synthetic comments")
    truth = write_export(export, count)
    progress(f"campaigns: importing and grouping them ({load_average()})")
    before = load_average()
    run = run_import(root, export)
    after = load_average()
    predicted = stored_campaigns(root)
    precision, recall = pairwise(truth, predicted)
    found = len({c for c in predicted.values() if c})
    name = "campaigns"
    wall_ok = "met" if run["seconds"] <= TIME_LIMIT else "MISSED"
    memory_ok = "met" if run["rss_mb"] <= MEMORY_LIMIT else "MISSED"
    export.unlink()
    return [
        Row(benchmark=name, metric=f"{count:,} comments: import, dedupe, group",
            value=round(run["seconds"], 2), unit="s", note=f"wall; target {TIME_LIMIT:g} s "
            f"{wall_ok}; {before} before, {after} after"),
        Row(benchmark=name, metric="CPU time", value=round(run["cpu"], 2), unit="s",
            note="user + system of the import and its workers (wait4): independent of the "
            f"machine's load; on an idle 2-core machine the wall time is about "
            f"max(main process, total / 2){_split(run)}"),
        Row(benchmark=name, metric="peak memory", value=round(run["rss_mb"], 1), unit="MB",
            note=f"max RSS of the import; target {MEMORY_LIMIT:,} MB {memory_ok}"),
        Row(benchmark=name, metric="precision (pairwise)", value=round(precision, 4),
            unit="", note=f"{found:,} campaigns found; {LETTERS} form letters in the truth"),
        Row(benchmark=name, metric="recall (pairwise)", value=round(recall, 4), unit="",
            note=run["said"]),
    ]


def main() -> None:
    """``python -m benchmarks.campaigns_bench [COUNT]``: this benchmark alone, as JSON rows."""
    import tempfile

    count = int(sys.argv[1]) if len(sys.argv) > 1 else COMMENTS
    with tempfile.TemporaryDirectory(prefix="docket-campaigns-bench-") as scratch:
        ctx = Context(Path(scratch), None, Path(scratch))  # type: ignore[arg-type]
        for row in campaigns(ctx, count):
            print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
