"""``python -m benchmarks``: make (or reuse) the synthetic corpus, run every benchmark, report.

To add a benchmark, write a function taking a Context and returning Rows, and append it to
BENCHMARKS below; its rows appear in the table and in bench.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import MB, Context, Row, progress
from .build_bench import cold_build
from .campaigns_bench import campaigns
from .corpus import CorpusStats, make_corpus
from .floor_bench import floor
from .incremental_bench import incremental
from .intake_bench import intake_kill, intake_load
from .packet_bench import packet
from .peer_bench import peer
from .real_laws_bench import real_laws
from .redline_bench import redline

RESULTS = Path(__file__).resolve().parent / "results"


def corpus_figures(ctx: Context) -> list[Row]:
    """The input's size, so every other figure can be read against it."""
    c = ctx.corpus
    return [
        Row(benchmark="corpus", metric="drafts", value=c.drafts, unit="drafts",
            note="one in three Chinese"),
        Row(benchmark="corpus", metric="version files", value=c.versions, unit="files", note=""),
        Row(benchmark="corpus", metric="markdown", value=round(c.markdown_bytes / MB, 3),
            unit="MB", note=f"{c.markdown_bytes / c.versions / 1024:.1f} KiB per file"),
    ]


BENCHMARKS: list[tuple[str, Callable[[Context], list[Row]]]] = [
    ("corpus", corpus_figures),
    ("cold build", cold_build),
    ("docket vs hugo", peer),
    ("floor", floor),
    ("incremental", incremental),
    ("redline", redline),
    ("intake load", intake_load),
    ("intake kill -9", intake_kill),
    ("real laws", real_laws),
    ("campaigns", campaigns),
    ("packet", packet),
]


def corpus_dir(drafts: int, versions: int, kb: float, seed: int) -> Path:
    """A temp dir named by the parameters and by corpus.py itself, so edits to it regenerate."""
    source = (Path(__file__).parent / "corpus.py").read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:10]
    name = f"docket-bench-corpus-{drafts}d-{versions}v-{kb:g}kb-s{seed}-{digest}"
    return Path(tempfile.gettempdir()) / name


def prepare_corpus(drafts: int, versions: int, kb: float, seed: int) -> tuple[Path, CorpusStats]:
    """Reuse a complete corpus from an earlier run; otherwise write it afresh."""
    root = corpus_dir(drafts, versions, kb, seed)
    done = root / "corpus.json"  # written last: a corpus without it was interrupted
    if done.is_file():
        progress(f"reusing corpus in {root}")
        return root, CorpusStats(**json.loads(done.read_text()))
    progress(f"generating corpus: {drafts} drafts x {versions} versions, ~{kb:g} KiB each, "
             f"in {root}")
    shutil.rmtree(root, ignore_errors=True)
    stats = make_corpus(root, drafts, versions, seed=seed, kb=kb)
    done.write_text(json.dumps(asdict(stats)))
    return root, stats


def table(rows: list[Row]) -> Table:
    out = Table(title="Docket benchmarks")
    for name in ("benchmark", "metric", "value", "unit", "note"):
        out.add_column(name, justify="right" if name == "value" else "left")
    for row in rows:
        value = row["value"]
        shown = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
        out.add_row(row["benchmark"], row["metric"], shown, row["unit"], row["note"])
    return out


def main() -> None:
    args = argparse.ArgumentParser(prog="python -m benchmarks", description="Run Docket's "
                                   "benchmarks on a synthetic corpus and print a table.")
    # The corpus: 1,000 drafts, about 34 MB of Markdown in all (two versions each).
    args.add_argument("--drafts", type=int, default=1000, metavar="N",
                      help="drafts in the synthetic corpus (default: 1000)")
    args.add_argument("--versions", type=int, default=2, metavar="N",
                      help="versions of each draft (default: 2)")
    args.add_argument("--kb", type=float, default=17, metavar="N",
                      help="average Markdown per version file, in KiB (default: 17)")
    args.add_argument("--seed", type=int, default=0, metavar="N",
                      help="corpus random seed (default: 0)")
    args.add_argument("--out", type=Path, default=RESULTS, metavar="DIR",
                      help="where bench.json goes (default: benchmarks/results)")
    args.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                      help="real laws (a Docket project) to compare with Hugo on "
                           "(default: shared/corpora/gesetze-sample when it is there)")
    args.add_argument("--scale", action="store_true",
                      help="also build a corpus the size of the German statute book "
                           "(6,636 laws, 166 MB) with Docket and Hugo: minutes")
    args.add_argument("--only", action="append", metavar="NAME", default=None,
                      help="run only this benchmark (repeatable): "
                           + ", ".join(name for name, _ in BENCHMARKS))
    opts = args.parse_args()

    root, stats = prepare_corpus(opts.drafts, opts.versions, opts.kb, opts.seed)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="docket-bench-") as scratch:
        ctx = Context(root, stats, Path(scratch), opts.corpus, opts.scale)
        for name, bench in BENCHMARKS:
            if opts.only and name not in opts.only and name != "corpus":
                continue
            progress(name)
            rows += bench(ctx)

    console = Console()
    if not console.is_terminal:  # a log or a pipe: wide enough that no cell wraps
        console = Console(width=160)
    console.print(table(rows))
    opts.out.mkdir(parents=True, exist_ok=True)
    report = {
        "parameters": {"drafts": opts.drafts, "versions": opts.versions, "kb": opts.kb,
                       "seed": opts.seed},
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "corpus": asdict(stats),
        "rows": rows,
    }
    (opts.out / "bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    progress(f"wrote {opts.out / 'bench.json'}")


if __name__ == "__main__":
    main()
