"""Shared fixtures: Debian's Chromium for pytest-playwright, and small projects on disk."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from generator.memory import tune_collector

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config) -> None:
    """The test session owns its process: the collector is set as ``docket`` sets it.

    Printed packets are kept by the hash of their document (``DOCKET_PDF_CACHE``), so the
    dozens of tests that build the examples print each packet once, not once each (printing
    was most of an example build's time). The PDF tests read the same bytes a printing
    would give: the cache keys on the whole document. Compiled templates are kept the same
    way (``DOCKET_TEMPLATE_CACHE``): the suite builds hundreds of fresh projects, and
    compiling the theme was about a third of a small build's time."""
    tune_collector()
    os.environ.setdefault(
        "DOCKET_PDF_CACHE", str(Path(tempfile.gettempdir()) / f"docket-pdf-cache-{os.getuid()}"))
    os.environ.setdefault(
        "DOCKET_TEMPLATE_CACHE",
        str(Path(tempfile.gettempdir()) / f"docket-template-cache-{os.getuid()}"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``long`` (many seconds each) first, the rest in their order:
    pytest-xdist hands tests out in this order, so the long ones start at once on different
    workers instead of one of them coming last and keeping a worker busy alone."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session", autouse=True)
def one_render_process() -> Iterator[None]:
    """A build in a test renders its pages in the test's own process, as ``docket build -j 1``
    does, unless the test gives ``jobs``: the test processes already keep every core busy
    (pytest-xdist, one per core), so render workers forked per build would add their start-up
    (each compiles the templates again: about a third of the CPU time of building the
    examples) and save no time. The parallel path is tested where a test asks for it
    (``jobs=2``: test_workers.py, test_build.py), and a build's pages are the same bytes
    either way (test_a_parallel_build_writes_the_same_bytes_as_a_serial_one)."""
    from generator.build import workers

    def one() -> int:
        return 1

    one.__wrapped__ = workers.default_jobs  # (the real one, for the test of it: test_workers)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workers, "default_jobs", one)
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download browsers here: drive the system Chromium instead."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SITE_YAML = """
title: Test Drafts
body: Test Council
base_url: https://drafts.example.org/
language: en
timezone: America/Chicago
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: site.yaml and no drafts."""
    write(tmp_path / "site.yaml", SITE_YAML)
    (tmp_path / "drafts").mkdir()
    return tmp_path


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of the repository's own example project (site.yaml and drafts/)."""
    root = tmp_path / "examples"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    return root


def tree_state(root: Path) -> dict[str, list[int]]:
    """Every file and folder below ``root``: its size, modification time and mode. A write,
    an added or removed file, or a changed permission shows in it."""
    state = {}
    for path in [root, *root.rglob("*")]:
        st = path.lstat()
        state[path.relative_to(root).as_posix()] = [st.st_size, st.st_mtime_ns, st.st_mode]
    return state


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory, worker_id: str) -> Path:
    """A folder the test processes of this run share (pytest-xdist's workers run in
    ``pytest-N/popen-gwK``: their parent; one process alone: its own)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def built_examples(shared_tmp: Path) -> Iterator[Callable[[datetime], Path]]:
    """The examples built once per clock for the whole run, test processes included (the
    first to ask builds, under a lock; the others wait for it): ``built_examples(now)`` is
    the project folder, its site in ``site/``, rendered in one process. Read only: a test that changes the project
    or the site takes a copy (``built_copy``). Checked at the end: a test that wrote into
    it fails the run."""
    from generator.build.run import build

    made: dict[datetime, Path] = {}

    def at(now: datetime) -> Path:
        if now not in made:
            folder = shared_tmp / f"built-examples-{now.isoformat().replace(':', '')}"
            root = folder / "examples"
            with open(f"{folder}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # (released when the file is closed)
                if not (folder / "built.json").exists():
                    shutil.rmtree(folder, ignore_errors=True)  # (one that did not finish)
                    root.mkdir(parents=True)
                    shutil.copy(REPO / "site.yaml", root / "site.yaml")
                    shutil.copytree(REPO / "drafts", root / "drafts")
                    build(root, now=now, jobs=1)  # (one process: see one_render_process)
                    (folder / "built.json").write_text(json.dumps(tree_state(root)))
            made[now] = root
        return made[now]

    yield at
    changed = [str(root) for root in made.values()
               if tree_state(root) != json.loads((root.parent / "built.json").read_text())]
    assert changed == [], f"a test wrote into the shared built examples: {changed}"


@pytest.fixture
def built_copy(tmp_path: Path, built_examples) -> Callable[[datetime], Path]:
    """``built_copy(now)``: this test's own copy of the examples as built at ``now``, site
    included (files, folders and their times as the build left them, as ``cp -a`` copies a
    project): what a build of a fresh copy gives, without building it again."""

    def copy(now: datetime) -> Path:
        root = tmp_path / "examples"
        shutil.copytree(built_examples(now), root, symlinks=True)
        return root

    return copy
