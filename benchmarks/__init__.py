"""Benchmarks for Docket, run with ``python -m benchmarks`` (``make bench``).

Each benchmark is a function from a :class:`Context` to a list of :data:`Row` dicts, listed in
``benchmarks/__main__.py``; the runner prints every row in one table and saves them as JSON.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from .corpus import CorpusStats

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


def progress(message: str) -> None:
    """One line per stage on stderr: a slow run shows where it is, the table stays clean."""
    print(f"==> {message}", file=sys.stderr, flush=True)
