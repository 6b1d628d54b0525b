"""The memory of a command and of every process it starts, sampled from ``/proc``.

``wait4`` gives only the largest process's peak (``ru_maxrss`` of the children is the
largest one, not their sum), and a build is several processes at once: the build itself,
its forked render workers, a Pagefind per search bundle. Each of them is sampled every
``interval`` seconds: its resident set (RSS) and its proportional share (PSS: a page shared
by n processes counts 1/n in each, so forked workers sharing the build's memory
copy-on-write are not counted twice). What is reported: the largest RSS each kind of process
reached, and the largest sum over all of them at one moment, of RSS (an upper bound) and of
PSS (what the machine really had to give). A process that lives less than one interval may
be missed; the command's own ``wait4`` figures are reported beside them.

``python -m benchmarks.memwatch COMMAND...`` runs one command and prints the figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1_000_000
INTERVAL = 0.2  # seconds between samples


def _children_of() -> dict[int, list[int]]:
    """Every process's children, from ``/proc/*/stat`` (one pass over the machine's)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:  # ended meanwhile
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_of()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _rss_pss(pid: int) -> tuple[int, int] | None:
    """Bytes resident and proportional set of ``pid`` (None once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            text = f.read()
    except OSError:
        return None
    rss = pss = 0
    for line in text.splitlines():
        if line.startswith(b"Rss:"):
            rss = int(line.split()[1]) * 1024
        elif line.startswith(b"Pss:"):
            pss = int(line.split()[1]) * 1024
    return rss, pss


def _name(pid: int) -> str:
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return ""


def default_kind(pid: int, root: int, name: str) -> str:
    """The kind of a process of a build: the build itself, Pagefind, or a render worker
    (every other Python process below the build is one of its forked workers)."""
    if pid == root:
        return "build"
    if "pagefind" in name:
        return "pagefind"
    if name.startswith("python"):
        return "render worker"
    return name or "other"


@dataclass
class Watched:
    """What sampling a command's processes found (bytes), and its own ``wait4`` figures."""

    seconds: float = 0.0
    cpu: float = 0.0  # user + system of the command and all its children
    maxrss: int = 0  # wait4's: the largest process
    largest: dict[str, int] = field(default_factory=dict)  # kind -> largest RSS of one
    processes: dict[str, int] = field(default_factory=dict)  # kind -> processes seen
    sum_rss: int = 0  # the largest sum of RSS at one sample
    sum_pss: int = 0  # the largest sum of PSS at one sample
    at_peak: dict[str, int] = field(default_factory=dict)  # kind -> PSS at the PSS peak
    samples: int = 0
    output: str = ""
    returncode: int = 0

    @property
    def largest_process(self) -> int:
        return max([self.maxrss, *self.largest.values()])

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {size / MB:.0f} MB (of {self.processes[kind]})"
                          for kind, size in sorted(self.largest.items()))
        peak = ", ".join(f"{kind} {size / MB:.0f}" for kind, size in sorted(self.at_peak.items()))
        return (f"{self.seconds:.1f} s wall, {self.cpu:.1f} CPU s; largest process "
                f"{self.largest_process / MB:.0f} MB (wait4 {self.maxrss / MB:.0f} MB); "
                f"largest of each kind: {kinds}; summed at one moment: RSS "
                f"{self.sum_rss / MB:.0f} MB, PSS {self.sum_pss / MB:.0f} MB ({peak}); "
                f"{self.samples} samples")


def watch(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
          interval: float = INTERVAL,
          kind: Callable[[int, int, str], str] = default_kind) -> Watched:
    """Run ``command`` to its end, sampling its processes every ``interval`` seconds."""
    result = Watched()
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.append(proc.stdout.read()), daemon=True)
    reader.start()
    names: dict[int, str] = {}
    seen: dict[str, set[int]] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total_rss = total_pss = 0
            by_kind: dict[str, int] = {}
            for pid in _tree(proc.pid):
                sizes = _rss_pss(pid)
                if sizes is None or sizes[0] == 0:  # ended, or a zombie
                    continue
                if pid not in names:
                    names[pid] = _name(pid)
                what = kind(pid, proc.pid, names[pid])
                seen.setdefault(what, set()).add(pid)
                rss, pss = sizes
                result.largest[what] = max(result.largest.get(what, 0), rss)
                by_kind[what] = by_kind.get(what, 0) + pss
                total_rss += rss
                total_pss += pss
            result.samples += 1
            result.sum_rss = max(result.sum_rss, total_rss)
            if total_pss > result.sum_pss:
                result.sum_pss, result.at_peak = total_pss, by_kind
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    reader.join()
    result.seconds = time.perf_counter() - started
    result.cpu = usage.ru_utime + usage.ru_stime
    result.maxrss = usage.ru_maxrss * 1024
    result.processes = {what: len(pids) for what, pids in seen.items()}
    result.output = "".join(said)
    result.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    return result


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m benchmarks.memwatch COMMAND [ARGS...]")
    found = watch(argv)
    sys.stdout.write(found.output)
    print(found.summary())
    raise SystemExit(found.returncode)


if __name__ == "__main__":
    main(sys.argv[1:])
