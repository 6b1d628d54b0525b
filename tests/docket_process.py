"""``docket`` in a process of its own, bounded in time, for the tests that must not let a
hang or a crash take the test process with it (the hostile corpus, links and FIFOs).

Why not ``subprocess.run([sys.executable, "-m", "generator", ...])``: each such run starts
Python and imports Docket again, about 1.2 s of CPU before the command does anything (the
hostile corpus alone runs 68 of them). Here each run is a process forked from a server that
has imported Docket once (``multiprocessing``'s forkserver, one per test process): a fresh,
single-threaded process that runs ``sys.exit(main(argv))`` as ``python -m generator`` does,
with its own working folder, its standard output and error in files, and killed if it
outlives ``timeout``. What it returns is what ``subprocess.run(..., capture_output=True,
text=True)`` returns: the exit code, stdout and stderr.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.forkserver
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# What `docket check` and `docket build` import, loaded once in the server.
PRELOAD = ["generator.cli", "generator.content.loader", "generator.render.templatecheck",
           "generator.build.run"]


def _stop_server() -> None:
    """Wait for the server when the test process ends: it has waited for every process it
    forked, so their CPU time is counted in this process's children's (what ``time`` and
    the benchmarks report), as a subprocess's is. (multiprocessing has no public way.)"""
    stop = getattr(multiprocessing.forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()


def _main(argv: list[str], cwd: str | None, stdout: str, stderr: str) -> None:
    """The forked process: ``python -m generator ARGV`` in ``cwd``, its output in files."""
    if cwd is not None:
        os.chdir(cwd)
    for fd, path in ((1, stdout), (2, stderr)):
        file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(file, fd)
        os.close(file)
    sys.argv = ["docket", *argv]
    from generator.cli import main

    # As __main__.py: multiprocessing turns SystemExit into the exit code (a message of
    # a non-numeric one, or the traceback of any other exception, printed to stderr), joins
    # the threads left running and flushes the streams, as the interpreter does on exit.
    sys.exit(main(argv))


def docket(*argv: str, cwd: Path | None = None, timeout: float = 120
           ) -> subprocess.CompletedProcess[str]:
    """``docket ARGV`` run in ``cwd`` in a process of its own; raises
    ``subprocess.TimeoutExpired`` (the process killed) if it takes longer than ``timeout``."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # (read when the server starts: the first run)
    atexit.unregister(_stop_server)  # (registered once, however many runs)
    atexit.register(_stop_server)
    with tempfile.TemporaryDirectory(prefix="docket-run-") as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        process = context.Process(target=_main, args=(
            list(argv), None if cwd is None else str(cwd), str(out), str(err)))
        process.start()
        process.join(timeout)
        if process.exitcode is None:
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired(["docket", *argv], timeout)
        return subprocess.CompletedProcess(
            ["docket", *argv], process.exitcode, out.read_text(encoding="utf-8"),
            err.read_text(encoding="utf-8"))
