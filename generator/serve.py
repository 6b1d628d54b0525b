"""``docket serve`` and ``docket intake``: the site and the intake service, on one origin.

``serve`` builds the site first (nothing is served if a draft has an error), then serves
site/ and the intake service's /api from one Starlette application under uvicorn, so the
comment form works exactly as it will in production.  While it runs it watches the project
and rebuilds on every change (see ``livereload.py``): open pages reload themselves, and a
change that breaks a draft is shown over the last good pages until it is fixed.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import uvicorn

from .build import BuildResult, build
from .intake.app import create_app
from .livereload import LiveReload, LiveState, Rebuilder

DEFAULT_DB = "comments.db"  # beside site.yaml, outside site/: contact details are never published
DEBOUNCE = 0.08  # seconds of quiet after a save before rebuilding: a burst gives one build


def default_db(root: Path) -> Path:
    return root / DEFAULT_DB


def run(app, host: str, port: int, quiet: bool, on_exit: Callable[[], None] | None = None,
        graceful: float | None = None) -> None:
    """uvicorn with httptools; proxy headers are trusted from loopback only (its default).

    ``on_exit`` is called as soon as the server is asked to stop (Ctrl-C), before it waits
    for open connections: live-reload streams end there instead of being cut.
    """
    if not quiet:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    server = uvicorn.Server(uvicorn.Config(
        app,
        host=host,
        port=port,
        http="httptools",
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        server_header=False,
        timeout_graceful_shutdown=graceful,
    ))
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


def serve(root: Path, host: str, port: int, db: Path | None, quiet: bool,
          announce=print, debounce: float = DEBOUNCE) -> BuildResult:
    """Build, then serve until interrupted, rebuilding and reloading pages on every change.

    Rebuilds render in this process (``jobs=1``): forking a process that runs server and
    watcher threads is not safe, and an incremental rebuild renders few pages.
    """
    result = build(root, now=this_minute())
    state = LiveState()
    state.publish([])
    rebuilder = Rebuilder(root, lambda: build(root, now=this_minute(), jobs=1), state, debounce,
                          announce)
    app = LiveReload(create_app(root, db or default_db(root), site=result.out), state)
    announce(f"{result.summary()}\nServing http://{host}:{port}/ with comments stored in "
             f"{db or default_db(root)}; rebuilding on every change (Ctrl-C to stop)")
    rebuilder.start()
    try:
        run(app, host, port, quiet, on_exit=state.close, graceful=5.0)
    finally:
        rebuilder.stop()
    return result


def intake(root: Path, host: str, port: int, db: Path | None, quiet: bool, announce=print) -> None:
    """The intake service alone, answering at /api (put it behind the site's origin)."""
    app = create_app(root, db or default_db(root))
    announce(f"Intake service on http://{host}:{port}/api/comments, storing comments in "
             f"{db or default_db(root)} (Ctrl-C to stop)")
    run(app, host, port, quiet)
