"""A built copy of the example site, served on a free loopback port for the browser tests."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.build.run import build

from ..servers import running

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serving_folder(folder: Path) -> Iterator[str]:
    """A built site's folder served as files on a free loopback port, as a static host
    would serve it: yields its URL (``http://127.0.0.1:PORT/``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def add_later_versions(versions: Path) -> None:
    """Two more readings of the privacy bill, so some pairs of versions are not pre-rendered
    (01 against 03) and the compare page draws them in the browser."""
    text = (versions / "02-committee-substitute.md").read_text(encoding="utf-8")
    third = text.replace("label: Committee substitute", "label: Third reading").replace(
        "date: 2026-11-24", "date: 2026-11-25").replace("$10,000", "$12,500")
    (versions / "03-third-reading.md").write_text(third, encoding="utf-8")
    fourth = third.replace("label: Third reading", "label: Enrolled").replace(
        "date: 2026-11-25", "date: 2026-11-26")
    (versions / "04-enrolled.md").write_text(fourth, encoding="utf-8")


BUILT_AT = datetime(2026, 11, 28, 12, 0)  # noon in Springfield (America/Chicago)
XSS_COMMENT = "Fees are too high <img src=x onerror=alert(1)> for small hosts."
ZH_COMMENT = "建议在小区门口增设旧衣物回收箱。"


def add_published_comments(root: Path) -> None:
    """Two published comments on the rental ordinance (one on Section 6 carrying markup, one
    on the draft as a whole) and a pending one, in the store as moderation leaves them."""
    from dataclasses import replace

    from generator.comments.record import Comment, comment_to_json
    from generator.comments.store import as_line, comments_file

    def made(n: int, provision: str, text: str, status: str = "published") -> Comment:
        return Comment(
            id=f"DKT-2026-E2E{n}-TEST", tracking_number="", draft="short-term-rentals",
            version="03-second-reading", provision_id=provision,
            received_date=datetime(2026, 11, 20, 15, n, tzinfo=UTC), name=f"Commenter {n}",
            name_consent=True, organization="", respondent_type="individual",
            position="oppose", comment=text, source="test", source_id=str(n),
            status=status)  # type: ignore[arg-type]

    path = comments_file(root, "short-term-rentals")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(as_line(comment_to_json(c)) for c in (
        made(1, "sec_6", XSS_COMMENT), made(2, "", "Please keep the registry public."),
        made(3, "sec_6", "Not yet moderated.", "pending"))), encoding="utf-8")
    # One published on the Chinese draft, and one pending there, for search in Chinese.
    zh = [replace(made(n, "art_2", text, status), draft="waste-sorting",
                  version="02-second-review", id=f"DKT-2026-E2Z{n}-TEST")
          for n, text, status in ((4, ZH_COMMENT, "published"),
                                  (5, "建议增设自行车棚。", "pending"))]
    # Added to the example's own comments (its responses.yaml answers those), in id order.
    path = comments_file(root, "waste-sorting")
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    lines += [as_line(comment_to_json(c)) for c in zh]
    path.write_text("".join(sorted(lines, key=lambda line: json.loads(line)["id"])),
                    encoding="utf-8")


@pytest.fixture(scope="session")
def built_root(tmp_path_factory) -> Path:
    """The example project, built once for the whole browser suite."""
    from ..conftest import REPO

    root = tmp_path_factory.mktemp("e2e")
    for name in ("site.yaml",):
        (root / name).write_bytes((REPO / name).read_bytes())
    import shutil

    shutil.copytree(REPO / "drafts", root / "drafts")
    add_later_versions(root / "drafts" / "consumer-data-privacy" / "versions")
    add_published_comments(root)
    build(root, now=BUILT_AT)
    return root


@pytest.fixture(scope="session")
def site_url(built_root) -> str:
    with serving_folder(built_root / "site") as url:
        yield url


@pytest.fixture(scope="session")
def served_url(built_root) -> str:
    """The same built site with the intake service on its origin (``docket serve``), its
    clock pinned to the build's, so comments can be sent and their receipts read."""
    from zoneinfo import ZoneInfo

    from generator.serve.published import with_intake

    moment = BUILT_AT.replace(tzinfo=ZoneInfo("America/Chicago"))
    app = with_intake(built_root, built_root / "comments.db", built_root / "site",
                      clock=lambda: moment)
    with serving(app) as url:
        yield url


@contextmanager
def serving(app) -> Iterator[str]:
    """Run an ASGI app under uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    with running(uvicorn.Config(app, log_level="warning", lifespan="on")) as url:
        yield url + "/"


@pytest.fixture
def shot(page):
    """Save a full-page screenshot under test-results/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
