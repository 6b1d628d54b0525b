"""Cold full build: Docket against a naive Markdown-to-HTML loop over the same files.

Both run in a fresh Python process (``python -m benchmarks.build_bench KIND ROOT OUT``), so
each pays its own imports and template loading, nothing is cached from an earlier run, and
the peak RSS the child reports is that build's alone.  The naive loop is the floor any
generator built on markdown-it and Jinja2 could reach: the ratio says what Docket's provision
parsing, cross-references and richer pages cost on top of that.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import MB, Context, Row, progress, run_in_child

NOW = datetime(2026, 12, 1, tzinfo=UTC)  # fixed, so comment-period states never vary
PROJECT_DIR = Path(__file__).resolve().parent.parent
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
REPEATS = 3  # each run is cold (a new process, a new output dir); the median steadies the figures
PAGE = "<html><head><title>{{ title }}</title></head><body>{{ body|safe }}</body></html>"


def build_docket(root: Path, out: Path) -> int:
    from generator.build.run import build

    return build(root, out=out, now=NOW, clean=True).pages  # cold: no parse cache either


def build_naive(root: Path, out: Path) -> int:
    """Every version file: drop the front matter, render CommonMark + tables, wrap, write."""
    from jinja2 import Environment
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    page = Environment(autoescape=True).from_string(PAGE)
    pages = 0
    for path in sorted(root.glob("drafts/*/versions/*.md")):
        body = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)
        target = out / path.parent.parent.name / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        html = page.render(title=f"{path.parent.parent.name} {path.stem}", body=md.render(body))
        target.write_text(html, encoding="utf-8")
        pages += 1
    return pages


BUILDERS = {"docket": build_docket, "naive": build_naive}


def run_child(kind: str, root: Path, out: Path) -> dict[str, float]:
    """Wall seconds of the whole child process, its page count and its own peak RSS in MB."""
    seconds, report = run_in_child("benchmarks.build_bench", kind, str(root), str(out))
    shutil.rmtree(out)
    return {"seconds": seconds, "pages": report["pages"], "rss_mb": report["maxrss_kb"] * 1024 / MB}


def median_run(kind: str, root: Path, out: Path) -> dict[str, float]:
    runs = [run_child(kind, root, out) for _ in range(REPEATS)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def figures(r: dict[str, float], md_mb: float) -> list[tuple[str, float, str]]:
    return [
        ("wall time", r["seconds"], "s"),
        ("pages written", r["pages"], "pages"),
        ("page rate", r["pages"] / r["seconds"], "pages/s"),
        ("markdown rate", md_mb / r["seconds"], "MB/s"),
        ("peak RSS", r["rss_mb"], "MB"),  # the largest process, render workers included
    ]


def cold_build(ctx: Context) -> list[Row]:
    """Medians of naive then Docket runs; Docket's notes give the Docket/naive ratio of each."""
    md_mb = ctx.corpus.markdown_bytes / MB
    results = {}
    for kind in ("naive", "docket"):
        progress(f"cold build: {kind}, {REPEATS} runs over {ctx.corpus.versions} files "
                 f"({md_mb:.1f} MB of Markdown)")
        results[kind] = figures(median_run(kind, ctx.root, ctx.scratch / f"{kind}-site"), md_mb)
    rows: list[Row] = []
    for kind, figs in results.items():
        for (metric, value, unit), (_, naive, _) in zip(figs, results["naive"], strict=True):
            note = f"docket/naive {value / naive:.2f}x" if kind == "docket" else "baseline"
            if kind == "docket" and metric == "wall time":
                note += "; target 0.7x"
            if kind == "docket" and metric == "peak RSS":
                note += "; largest process; limit 2,000 MB"
            rows.append(Row(benchmark=f"cold build: {kind}", metric=metric,
                            value=round(value, 3), unit=unit, note=note))
    return rows


def main(argv: list[str]) -> None:
    """Child process: build, then print one JSON line with the page count and peak RSS."""
    kind, root, out = argv
    pages = BUILDERS[kind](Path(root), Path(out))
    maxrss_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,  # KiB on Linux
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # render workers
    print(json.dumps({"pages": pages, "maxrss_kb": maxrss_kb}))


if __name__ == "__main__":
    main(sys.argv[1:])
