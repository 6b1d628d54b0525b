"""``docket serve`` and ``docket intake``: the site and the intake service, on one origin.

``serve`` builds the site first (nothing is served if a draft has an error), then serves
site/ and the intake service's /api from one Starlette application under uvicorn, so the
comment form works exactly as it will in production.  While it runs one watcher
(``watch.py``) tells the rebuilder (``livereload.py``), the preview and the intake service of
every change: open pages reload themselves, a change that breaks a draft is shown over the
last good pages until it is fixed, and comments are checked against the drafts as saved.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import gc
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import uvicorn

from ..build.run import BuildResult, build
from ..intake.app import BODY_TIMEOUT, Intake, create_app
from ..problems import Problem, ProblemsFound, UsageError
from .child import from_json
from .livereload import LiveReload, LiveState, Quiet, Rebuilder
from .preview import Preview
from .published import with_intake
from .watch import NOTHING, Changes, Watcher

DEFAULT_DB = "comments.db"  # beside site.yaml, outside site/: contact details are never published
# Seconds of quiet after a write before rebuilding, so a burst gives one build; a write that
# ends a save (a file closed, or moved into place) waits only ``livereload.SETTLE``.
DEBOUNCE = 0.08
CATCH_UP_IDLE = 2.0  # seconds of quiet before site/ is brought up to date in the background


# The access log: what was asked and the answer, without the client's address (see
# README, "What the intake service stores and logs"), unless --log-addresses asks for it.
ACCESS_FORMAT = '%(levelprefix)s "%(request_line)s" %(status_code)s'
ACCESS_FORMAT_WITH_ADDRESS = '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'



def default_db(root: Path) -> Path:
    return root / DEFAULT_DB


def check_address(host: str, port: int) -> None:
    """UsageError if nothing can listen at ``host:port`` (another server has the port, or the
    host is not this machine's): said before the site is built and "Serving" announced, not
    as uvicorn's error after both. Bound as uvicorn binds (``SO_REUSEADDR``), then let go."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # (uvicorn's choice)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except (OSError, UnicodeError) as exc:
            hint = ("another server listens there: give another --port"
                    if getattr(exc, "errno", None) == errno.EADDRINUSE else "check --host")
            raise UsageError(f"cannot listen on {host}:{port}: "
                             f"{getattr(exc, 'strerror', None) or exc} ({hint})") from exc


def check_db(root: Path, db: Path) -> None:
    """UsageError if the database would be inside site/: served over HTTP by ``docket
    serve`` (with its email addresses), and deleted by the next build. Symlinks are
    resolved, so a link elsewhere that points in is refused too."""
    site = (root / "site").resolve()
    where = db.resolve()
    if where == site or site in where.parents:
        raise UsageError(
            f"--db {db}: the comments database must not be inside the site folder ({site}), "
            f"which `docket serve` serves and every build replaces; keep it outside, e.g. "
            f"the default {default_db(root)}")


def log_config(addresses: bool) -> dict:
    """uvicorn's logging configuration, with the access log's format chosen here."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["formatters"]["access"]["fmt"] = (ACCESS_FORMAT_WITH_ADDRESS if addresses
                                             else ACCESS_FORMAT)
    return config


def server_config(app, host: str, port: int, quiet: bool, graceful: float | None = None,
                  log_addresses: bool = False) -> uvicorn.Config:
    """How uvicorn runs the service: httptools; its own proxy-header handling off (the
    intake decides whose X-Forwarded-For to believe: ``intake/proxies.py``); the access
    log without addresses unless ``log_addresses``."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http="httptools",
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        log_config=log_config(log_addresses),
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=graceful,
    )


def run(app, host: str, port: int, quiet: bool, on_exit: Callable[[], None] | None = None,
        graceful: float | None = None, log_addresses: bool = False) -> None:
    """Serve ``app`` under uvicorn (``server_config``) until interrupted.

    ``on_exit`` is called as soon as the server is asked to stop (Ctrl-C), before it waits
    for open connections: live-reload streams end there instead of being cut.
    """
    if not quiet:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    server = uvicorn.Server(server_config(app, host, port, quiet, graceful, log_addresses))
    if on_exit is not None:
        handle_exit = server.handle_exit

        def exiting(sig, frame) -> None:
            on_exit()
            handle_exit(sig, frame)

        server.handle_exit = exiting  # type: ignore[method-assign]
    with contextlib.suppress(KeyboardInterrupt):  # as uvicorn.run: Ctrl-C is a normal stop
        server.run()
    if not server.started:
        sys.exit(3)  # as uvicorn.run: the address is taken, or the app failed to start


def this_minute() -> datetime:
    """The clock to the minute: pages that print it (feeds) are not redrawn on every save."""
    return datetime.now(UTC).replace(second=0, microsecond=0)


@dataclass(frozen=True)
class Options:
    """How the intake service is run, from the command line (see ``docket serve --help``)."""

    trusted_proxies: tuple[str, ...] = ()
    body_timeout: float = BODY_TIMEOUT
    log_addresses: bool = False


def serve(root: Path, host: str, port: int, db: Path | None, quiet: bool,
          announce=print, debounce: float = DEBOUNCE, options: Options = Options()
          ) -> BuildResult:
    """Build, then serve until interrupted, showing every change at once.

    A save inside drafts/ is rendered into memory (``preview.py``) and served from there
    straight away; a full build follows in a separate process (``CatchUp``) and, once it is
    swapped in, the memory copy is dropped. A change to templates or site.yaml is a full
    build, in a child process, before the pages reload.
    """
    db = db or default_db(root)
    check_db(root, db)
    check_address(host, port)
    result = build(root, now=this_minute())
    state = LiveState()
    state.publish([])
    preview = Preview(root, result.out)
    catch_up = CatchUp(root, result.out, preview, announce)

    def rebuild(changes: Changes) -> object:
        started = time.perf_counter()
        before = preview.overlay
        if preview.update(this_minute(), changes):
            if preview.overlay is before:
                return None  # the files are what the pages show: nothing to reload
            catch_up.request()
            shown = len(preview.overlay.pages)
            return f"Showing the change ({shown} pages) in {time.perf_counter() - started:.2f} s"
        done = catch_up.build()  # templates or site.yaml: every page may change
        if done.code != 0:
            raise ProblemsFound(done.errors())
        preview.rebase()
        preview.update(this_minute(), NOTHING)  # nothing newer than the build: no overlay
        return f"Rebuilt the site in {time.perf_counter() - started:.2f} s"

    watcher = Watcher(root)  # the only one: the rebuilder, the preview and the intake hear it
    rebuilder = Rebuilder(watcher, rebuild, state, debounce, announce)
    site = with_intake(root, db, result.out, trusted_proxies=options.trusted_proxies,
                       body_timeout=options.body_timeout)
    watcher.listen(catalog_listener(site.state.intake))
    app = LiveReload(site, state, overlay=lambda: preview.overlay)
    # Load the project for the fast path now, not on the first save; then take everything
    # loaded so far (project, templates, the intake catalog) out of the garbage collector's
    # sight: it lives as long as the server, and full collections over it were pauses of a
    # second on large sites.
    with contextlib.suppress(ProblemsFound):
        preview.update(this_minute())
    gc.collect()
    gc.freeze()
    announce(f"{result.summary()}\nServing http://{host}:{port}/ with comments stored in "
             f"{db or default_db(root)}; rebuilding on every change (Ctrl-C to stop)")
    watcher.start()
    rebuilder.start()
    catch_up.start()
    try:
        run(app, host, port, quiet, on_exit=state.close, graceful=5.0,
            log_addresses=options.log_addresses)
    finally:
        watcher.stop()
        rebuilder.stop()
        catch_up.stop()
    return result


class CatchUp:
    """Runs ``docket build`` in a child process once saves have been quiet for ``idle``
    seconds, so site/ (and its search index) catches up with what the overlay shows."""

    def __init__(self, root: Path, out: Path, preview: Preview, announce,
                 idle: float = CATCH_UP_IDLE):
        self.root, self.out, self.preview = root, out, preview
        self.builds = threading.Lock()  # one build at a time writes site/
        self.announce = announce
        self._quiet = Quiet(idle)
        self._lock = threading.Lock()  # guards _child against stop()
        self._child: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._run, name="docket-catch-up", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self) -> None:
        self._quiet.poke()

    def stop(self) -> None:
        with self._lock:
            self._quiet.stop()
            child = self._child
        if child is not None and child.poll() is None:
            child.terminate()  # the build renders aside: site/ stays as it was
        self._thread.join(timeout=30)

    def build(self) -> ChildBuild:
        """Run the build in a child process now (``child.py``), one at a time.

        A child, not this process: it renders on every core (forking a process that runs
        server and watcher threads is not safe), and at a lower priority than the server.
        """
        command = [sys.executable, "-m", "generator.serve.child", str(self.root),
                   str(self.out), this_minute().isoformat()]
        with self.builds:
            with self._lock:
                if self._quiet.stopping:
                    return ChildBuild(-1, [], "")
                child = self._child = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    preexec_fn=_lower_priority)
            printed, errors = child.communicate()
            with self._lock:
                self._child = None
        lines = printed.strip().splitlines()
        return ChildBuild(child.returncode, from_json(lines[-1]) if lines else [], errors)

    def _run(self) -> None:
        while self._quiet.wait():
            started = time.perf_counter()
            done = self.build()
            if self._quiet.stopping:
                return
            if done.code != 0:
                shown = "\n".join(str(p) for p in done.errors())
                self.announce(f"Background build failed (exit {done.code}); still serving the "
                              f"pages shown:\n{shown[-2000:]}")
                continue
            self.announce(f"site/ and its search index caught up in "
                          f"{time.perf_counter() - started:.1f} s")
            self.preview.rebase()
            # What is still newer than the new build; a save that broke a draft meanwhile is
            # the next rebuild's to report.
            with contextlib.suppress(ProblemsFound):
                self.preview.update(this_minute(), NOTHING)  # (saves since: the rebuilder's)


@dataclass
class ChildBuild:
    """What a background build ended with: its exit code, the problems it handed back (as
    data: ``child.py``) and whatever it wrote to stderr (a crash's traceback)."""

    code: int
    problems: list[Problem]
    stderr: str

    def errors(self) -> list[Problem]:
        """Why it failed: its errors (warnings are no reason), or its exit and last words."""
        found = [p for p in self.problems if p.is_error]
        return found or [Problem("docket build", 0, f"failed (exit {self.code}): "
                                 f"{self.stderr.strip()[-500:] or 'no message'}")]


def _lower_priority() -> None:
    """The background build yields the processors to the server and the next save."""
    with contextlib.suppress(OSError):
        os.nice(10)


def intake(root: Path, host: str, port: int, db: Path | None, quiet: bool, announce=print,
           options: Options = Options()) -> None:
    """The intake service alone, answering at /api (put it behind the site's origin)."""
    db = db or default_db(root)
    check_db(root, db)
    check_address(host, port)
    app = create_app(root, db, trusted_proxies=options.trusted_proxies,
                     body_timeout=options.body_timeout)
    watcher = Watcher(root)  # new versions and deadlines are taken without a restart
    watcher.listen(catalog_listener(app.state.intake))
    announce(f"Intake service on http://{host}:{port}/api/comments, storing comments in "
             f"{db} (Ctrl-C to stop)")
    watcher.start()
    try:
        run(app, host, port, quiet, log_addresses=options.log_addresses)
    finally:
        watcher.stop()


def catalog_listener(service: Intake) -> Callable[[Changes], None]:
    """What tells the intake service which drafts the watcher saw written (all of them may
    have changed when site.yaml did), so that its catalog takes new versions and periods."""
    def tell(changes: Changes) -> None:
        service.notice(None if changes.project else changes.drafts)

    return tell
