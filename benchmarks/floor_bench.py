"""The floor under a cold build on this machine: the CPU time of work every build must do.

Every version is parsed once (markdown-it-py, then Docket's provision analysis: numbers,
structure, cross-references, the HTML of each provision), and the search documents are
indexed by Pagefind. Those CPU seconds, shared perfectly over this machine's cores, are the
shortest wall time any cold build could take before it renders a single page; the rows give
it as a ratio to the naive loop of ``build_bench`` measured in the same run, beside the
cold build's target (0.7x). Each part runs in a fresh process
(``python -m benchmarks.floor_bench KIND ROOT``) so none pays for another's memory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import Context, Row, progress, run_in_child
from .build_bench import NOW, PROJECT_DIR, median_run

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def bodies(root: Path) -> list[str]:
    return [FRONT_MATTER.sub("", p.read_text(encoding="utf-8"), count=1)
            for p in sorted(root.glob("drafts/*/versions/*.md"))]


def cpu_of(parse, root: Path) -> float:
    """CPU seconds to run ``parse`` over every version, results dropped as they come."""
    texts = bodies(root)
    started = time.process_time()
    for i, text in enumerate(texts):
        parse(text, f"v{i}")
    return time.process_time() - started


def docket_cpu(root: Path) -> float:
    """CPU seconds of Docket's parse of every version, a draft's versions together as a
    build parses them (what they share read by markdown-it once: ``provisions/memo.py``)."""
    from generator.provisions.memo import ParseMemo
    from generator.provisions.parser import parse_version

    drafts: dict[Path, list[str]] = {}
    for path in sorted(root.glob("drafts/*/versions/*.md")):
        drafts.setdefault(path.parent, []).append(
            FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1))
    started = time.process_time()
    for folder, texts in drafts.items():
        memo = ParseMemo(texts) if len(texts) > 1 else None
        for i, text in enumerate(texts):
            parse_version(text, f"{folder.name}/v{i}", 0, memo)
    return time.process_time() - started


def pagefind_cpu(site: Path) -> float:
    """User and system CPU seconds of Pagefind indexing every bundle of ``site``, one after
    another (``wait4`` gives each run's own)."""
    from generator.build.publish import located
    from generator.render.search import SEARCH_DOCS, executable

    total = 0.0
    for bundle in sorted(Path(located(site, SEARCH_DOCS)).iterdir()):
        out = site.parent / f"floor-index-{bundle.name}"
        command = [str(executable()), "--site", str(bundle), "--output-path", str(out),
                   "--force-language", bundle.name.rpartition("-")[2], "--silent"]
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise RuntimeError(f"pagefind failed on {bundle.name} ({proc.returncode})")
        total += usage.ru_utime + usage.ru_stime
        shutil.rmtree(out, ignore_errors=True)
    return total


def floor(ctx: Context) -> list[Row]:
    cores = len(os.sched_getaffinity(0))
    progress("floor: naive loop, markdown-it alone, Docket's parse, Pagefind")
    naive = median_run("naive", ctx.root, ctx.scratch / "naive-site")["seconds"]
    markdown = run_in_child("benchmarks.floor_bench", "markdown-it", str(ctx.root))[1]["cpu"]
    docket = run_in_child("benchmarks.floor_bench", "docket", str(ctx.root))[1]["cpu"]
    site = ctx.scratch / "floor-site"
    subprocess.run([sys.executable, "-m", "generator", "--root", str(ctx.root), "build",
                    "--out", str(site), "--now", NOW.isoformat(), "--clean", "-q"],
                   cwd=PROJECT_DIR, check=True)
    search = pagefind_cpu(site)
    shutil.rmtree(site)
    least = (docket + search) / cores
    rows = [
        ("markdown-it parse, every version", markdown, "one process; the naive loop's core"),
        ("Docket's parse, every version", docket, "markdown-it plus numbers, structure, "
         "cross-references, provision HTML"),
        ("Pagefind, every bundle", search, "user + system"),
    ]
    out = [Row(benchmark="cold build: floor", metric=metric, value=round(value, 2),
               unit="CPU s", note=note) for metric, value, note in rows]
    bare = (markdown + search) / cores
    out.append(Row(benchmark="cold build: floor", metric=f"parse + index over {cores} cores",
                   value=round(least, 2), unit="s",
                   note=f"{least / naive:.2f}x the naive loop ({naive:.2f} s) before any page "
                        "is rendered; target for the whole build 0.7x"))
    out.append(Row(benchmark="cold build: floor",
                   metric=f"markdown-it alone + index over {cores} cores",
                   value=round(bare, 2), unit="s",
                   note=f"{bare / naive:.2f}x: with no provision analysis at all"))
    return out


def main(argv: list[str]) -> None:
    """Child process: CPU seconds of one kind of parse over the corpus, as one JSON line."""
    kind, root = argv[0], Path(argv[1])
    if kind == "markdown-it":
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        cpu = cpu_of(lambda text, name: md.parse(text), root)
    else:
        cpu = docket_cpu(root)
    print(json.dumps({"cpu": cpu}))


if __name__ == "__main__":
    main(sys.argv[1:])
