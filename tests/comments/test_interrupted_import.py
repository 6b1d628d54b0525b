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
