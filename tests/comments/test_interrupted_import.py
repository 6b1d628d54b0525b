"""An import killed with ``kill -9`` at any point leaves the store exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.comments.store import PAUSE, comments_file, contacts_file, read_comments

from ..commenting_project import make_project

SAMPLES = Path(__file__).parent / "samples"
DRAFT = "noise-open"


def store_bytes(root: Path) -> dict[str, bytes]:
    """Every file of the store, public and private, by its path."""
    found = {}
    for folder in (root / "drafts" / DRAFT / "comments", root / ".docket-private"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "lock":
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


@pytest.mark.parametrize("point", ["staged-first", "renamed-first"])
def test_an_import_killed_midway_leaves_the_store_as_it_was(tmp_path, point, capsys):
    root = make_project(tmp_path / "project")
    assert main(["--root", str(root), "comments", "import", "--from", "netlify",
                 str(SAMPLES / "netlify-export.csv")]) == 0
    before = store_bytes(root)
    assert comments_file(root, DRAFT).exists() and contacts_file(root, DRAFT).exists()

    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "comments", "import",
         "--from", "formspree", str(SAMPLES / "formspree-submissions.json")],
        env={**os.environ, PAUSE: point}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline().strip() == f"docket: paused at {point}"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdin.close()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    if point == "staged-first":  # nothing renamed yet: the store's files are untouched
        assert comments_file(root, DRAFT).read_bytes() == before[
            f"drafts/{DRAFT}/comments/comments.jsonl"]

    assert len(read_comments(root, DRAFT)) == 2  # the next user of the store undoes it
    assert store_bytes(root) == before  # no byte changed, no stray file left

    capsys.readouterr()
    assert main(["--root", str(root), "comments", "import", "--from", "formspree",
                 str(SAMPLES / "formspree-submissions.json")]) == 0
    assert "imported: 2, already present: 0" in capsys.readouterr().out
    assert len(read_comments(root, DRAFT)) == 4


PARENT = """
import os, sys
from generator.comments.workers import Workers
pool = Workers(2, start_at=1)
pool.note()
pids = {pool.result(pool.submit(os.getpid), os.getpid) for _ in range(8)}
print(" ".join(map(str, pids)), flush=True)
sys.stdin.read()
"""



def test_the_worker_processes_of_an_import_killed_midway_stop_too():
    """kill -9 of a large import leaves no worker process behind, waiting for work."""
    import select

    process = subprocess.Popen([sys.executable, "-c", PARENT], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in process.stdout.readline().split()]
        exits = [os.pidfd_open(pid) for pid in workers]  # readable once the process ends
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdin.close()
        process.stdout.close()
    assert workers and process.pid not in workers
    try:
        ended = set()
        while len(ended) < len(exits):
            ready, _, _ = select.select([fd for fd in exits if fd not in ended], [], [], 20)
            if not ready:
                break
            ended.update(ready)
        assert len(ended) == len(exits), "a worker is still running after its import was killed"
    finally:
        for pid, fd in zip(workers, exits, strict=True):
            if fd not in ended:
                os.kill(pid, signal.SIGKILL)  # (without the fix: tidy up what was left)
            os.close(fd)
