"""``docket serve`` and ``docket intake``: the site and the intake service, on one origin.

``serve`` builds the site first (nothing is served if a draft has an error), then serves
site/ and the intake service's /api from one Starlette application under uvicorn, so the
comment form works exactly as it will in production.  This first version rebuilds nothing
while it runs: stop it and run it again after editing a draft.
"""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn

from .build import BuildResult, build
from .intake.app import create_app

DEFAULT_DB = "comments.db"  # beside site.yaml, outside site/: contact details are never published


def default_db(root: Path) -> Path:
    return root / DEFAULT_DB


def run(app, host: str, port: int, quiet: bool) -> None:
    """uvicorn with httptools; proxy headers are trusted from loopback only (its default)."""
    if not quiet:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    uvicorn.run(
        app,
        host=host,
        port=port,
        http="httptools",
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        server_header=False,
    )


def serve(root: Path, host: str, port: int, db: Path | None, quiet: bool,
          announce=print) -> BuildResult:
    """Build, then serve until interrupted."""
    result = build(root)
    app = create_app(root, db or default_db(root), site=result.out)
    announce(f"{result.summary()}\nServing http://{host}:{port}/ with comments stored in "
             f"{db or default_db(root)} (Ctrl-C to stop)")
    run(app, host, port, quiet)
    return result


def intake(root: Path, host: str, port: int, db: Path | None, quiet: bool, announce=print) -> None:
    """The intake service alone, answering at /api (put it behind the site's origin)."""
    app = create_app(root, db or default_db(root))
    announce(f"Intake service on http://{host}:{port}/api/comments, storing comments in "
             f"{db or default_db(root)} (Ctrl-C to stop)")
    run(app, host, port, quiet)
