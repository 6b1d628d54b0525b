"""Benchmarks for Docket, run with ``python -m benchmarks`` (``make bench``).

Each benchmark is a function from a :class:`Context` to a list of :data:`Row` dicts, listed in
``benchmarks/__main__.py``; the runner prints every row in one table and saves them as JSON.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from generator.memory import tune_collector

from .corpus import CorpusStats

# Every benchmark process (the harness and each ``python -m benchmarks.x`` child) imports this
# package first: the collector is set here as Docket's command line sets it.
tune_collector()

MB = 1_000_000  # throughput and memory are reported in decimal megabytes


class Row(TypedDict):
    benchmark: str
    metric: str
    value: float
    unit: str
    note: str


@dataclass
class Context:
    """What every benchmark gets: the synthetic project and a scratch directory to write into."""

    root: Path
    corpus: CorpusStats
    scratch: Path
    corpus_dir: Path | None = None  # real laws to compare with Hugo on (``--corpus``)
    scale: bool = False  # also the statute book's size (``--scale``: minutes)


def progress(message: str) -> None:
    """One line per stage on stderr: a slow run shows where it is, the table stays clean."""
    print(f"==> {message}", file=sys.stderr, flush=True)


def run_in_child(module: str, *args: str) -> tuple[float, dict]:
    """Run ``python -m module args`` from the project directory: its wall seconds (imports
    included, as a user would wait) and the JSON report it prints on its last line."""
    import json
    import subprocess
    import time

    command = [sys.executable, "-m", module, *args]
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=Path(__file__).resolve().parent.parent,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{proc.stderr}")
    return seconds, json.loads(proc.stdout.splitlines()[-1])
