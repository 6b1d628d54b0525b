"""Incremental builds and ``docket serve``: what a drafter waits for after saving a file.

On a copy of the corpus: a clean build, then a build after editing one version of one draft,
after editing one template, and with nothing changed, each ``docket build`` in a fresh process
(``python -m generator build``, as a drafter runs it, imports included), and each against the
naive loop of ``build_bench`` measured in the same run. Each gives its wall time and its CPU
seconds (user and system, its render workers included, from ``wait4``) with the load average:
on a shared machine the wall time is mostly waiting. The build with nothing changed runs an
hour later by its clock than the build before it (no date of the corpus falls in between), as
a drafter's next build would. Then ``docket serve``: from saving a version file to the page
holding the new text, as a browser sees it (the live-reload event, then the page fetched
again), with the server's CPU time for each save (user and system, from ``/proc``).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from . import MB, Context, Row, progress
from .build_bench import NOW, PROJECT_DIR, median_run

REPEATS = 3
SAVES = 11  # serve latency samples
LATER = timedelta(hours=1)  # the clock of the build with nothing changed, after the one before


SUMMARY = re.compile(r"(\d+) pages in .*?(?:\((\d+) rendered|$)", re.M)


def drafter_env() -> dict[str, str]:
    """The environment a drafter's ``docket`` runs in: this one, but writing bytecode, as
    Python does unless told not to (a harness that says PYTHONDONTWRITEBYTECODE would
    otherwise have every child compile Docket's modules again, which no drafter waits for)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def child(kind: str, root: Path, out: Path, now: datetime = NOW) -> dict:
    """``docket build`` as a drafter runs it, in a fresh process: wall seconds (interpreter
    start included), CPU seconds (user and system, render workers included), pages, pages
    rendered, peak RSS in MB (the build's largest process, render workers included: what
    ``wait4`` reports for it), and the load average as it ends."""
    command = [sys.executable, "-m", "generator", "--root", str(root), "build",
               "--out", str(out), "--now", now.isoformat()] + (["--clean"] if kind == "clean"
                                                              else [])
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=drafter_env())
    said = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    found = SUMMARY.search(said)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"docket build failed ({proc.returncode}): {said}")
    pages = int(found.group(1))
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "pages": pages,
            "rendered": int(found.group(2) or pages), "load": os.getloadavg()[0],
            "rss_mb": usage.ru_maxrss * 1024 / MB}  # KiB on Linux


def edit_version(root: Path, round_: int) -> Path:
    """Change one sentence of the current version of the first draft."""
    draft = sorted((root / "drafts").iterdir())[0]
    version = sorted((draft / "versions").glob("*.md"))[-1]
    text = version.read_text(encoding="utf-8")
    marker = f" Edited in round {round_}."
    text = text.replace(f" Edited in round {round_ - 1}.", "")
    at = text.index("\n\n", text.index("\n---\n") + 5)  # the end of the first paragraph
    version.write_text(text[:at] + marker + text[at:], encoding="utf-8")
    return version


def edit_template(root: Path, round_: int) -> None:
    from generator.theme import theme_dir

    source = (theme_dir() / "redline.html").read_text(encoding="utf-8")
    target = root / "templates" / "redline.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text(source.replace("{% block main %}",
                                     f"{{% block main %}}<!-- round {round_} -->", 1),
                      encoding="utf-8")


def rows_for(name: str, runs: list[dict], naive: float, note: str = "") -> list[Row]:
    seconds = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    loads = [r["load"] for r in runs]
    rendered = statistics.median(r["rendered"] for r in runs)
    rss = max(r["rss_mb"] for r in runs)
    return [
        Row(benchmark=f"incremental: {name}", metric="wall time", value=round(seconds, 3),
            unit="s", note=f"docket/naive {seconds / naive:.3f}x" + (f"; {note}" if note else "")),
        Row(benchmark=f"incremental: {name}", metric="CPU time", value=round(cpu, 3), unit="s",
            note=f"user + system, median; load average {min(loads):.1f} to {max(loads):.1f}"),
        Row(benchmark=f"incremental: {name}", metric="pages rendered", value=int(rendered),
            unit="pages", note=f"of {runs[0]['pages']}"),
        Row(benchmark=f"incremental: {name}", metric="peak RSS", value=round(rss, 1), unit="MB",
            note="largest process (render workers included)"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu(pid: int) -> float:
    """A process's CPU seconds so far (user + system, its own: Linux's ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_latency(root: Path) -> list[tuple[float, float]]:
    """Seconds from saving a version file to fetching its page with the new text, and the
    server's CPU seconds meanwhile, for each of ``SAVES`` saves."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port),
         "--db", str(root / "comments.db"), "-q"],
        cwd=PROJECT_DIR, env={**drafter_env(), "DOCKET_NOW": NOW.isoformat()},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/health")
                conn.getresponse().read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("docket serve did not start") from None
                time.sleep(0.1)
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        events.request("GET", "/__docket/events")
        stream = events.getresponse()

        def next_state() -> dict:
            while True:
                line = stream.fp.readline().decode()
                if line.startswith("data: "):
                    return json.loads(line[6:])

        epoch = next_state()["epoch"]
        draft = sorted((root / "drafts").iterdir())[0].name
        samples = []
        for i in range(1, SAVES + 1):
            time.sleep(0.3)  # the watcher is idle again
            cpu = process_cpu(server.pid)
            started = time.perf_counter()
            edit_version(root, 100 + i)
            while True:
                state = next_state()
                if state["problems"]:
                    raise RuntimeError(f"serve reported problems: {state['problems']}")
                if state["epoch"] != epoch:
                    epoch = state["epoch"]
                    break
            page = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            page.request("GET", f"/drafts/{draft}/")
            body = page.getresponse().read().decode()
            samples.append((time.perf_counter() - started, process_cpu(server.pid) - cpu))
            if f"Edited in round {100 + i}." not in body:
                raise RuntimeError("the page served after the reload event is not the new one")
        return samples
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def incremental(ctx: Context) -> list[Row]:
    root = ctx.scratch / "incremental"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    shutil.copy(ctx.root / "site.yaml", root / "site.yaml")
    shutil.copytree(ctx.root / "drafts", root / "drafts")
    out = root / "site"
    progress(f"incremental: naive loop, {REPEATS} runs")
    naive = median_run("naive", root, ctx.scratch / "naive-site")["seconds"]
    progress(f"incremental: clean, one-draft, one-template and no-change builds, {REPEATS} each")
    cold, one, template, nothing = [], [], [], []
    for i in range(1, REPEATS + 1):
        cold.append(child("clean", root, out))
        edit_version(root, i)
        one.append(child("build", root, out))
        nothing.append(child("build", root, out, NOW + LATER))
        edit_template(root, i)
        template.append(child("build", root, out))
        (root / "templates" / "redline.html").unlink()
    rows = rows_for("clean build", cold, naive, "target 0.7x")
    rows += rows_for("one draft edited", one, naive, "target 0.05x")
    rows += rows_for("one template edited", template, naive, "redline.html")
    rows += rows_for("nothing changed", nothing, naive, "target 0.03x; goal 0.3 s")
    progress(f"incremental: docket serve, {SAVES} saves")
    samples = serve_latency(root)
    waits = [wall for wall, _cpu in samples]
    rows.append(Row(benchmark="serve", metric="save to new page", unit="ms",
                    value=round(statistics.median(waits) * 1000, 1),
                    note=f"median of {SAVES}; {min(waits) * 1000:.0f} to {max(waits) * 1000:.0f}"
                         f" ms; target 300 ms; load average {os.getloadavg()[0]:.1f}"))
    rows.append(Row(benchmark="serve", metric="save to new page, server CPU", unit="ms",
                    value=round(statistics.median(cpu for _wall, cpu in samples) * 1000, 1),
                    note="user + system of the serving process, median"))
    shutil.rmtree(root, ignore_errors=True)
    return rows
