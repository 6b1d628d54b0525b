"""``docket serve``'s watcher and live-reload middleware, without a browser."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from generator.problems import Problem, ProblemsFound
from generator.serve.livereload import LiveReload, LiveState, Rebuilder
from generator.serve.watch import Changes, Watcher, changes_at, finishes

from .conftest import write


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def watching(project: Path, rebuild, debounce: float, settle: float | None = None
             ) -> tuple[Watcher, Rebuilder]:
    watcher = Watcher(project)
    rebuilder = Rebuilder(watcher, rebuild, LiveState(), debounce=debounce, settle=settle)
    watcher.start()
    rebuilder.start()
    return watcher, rebuilder


def heard(rewrite, builds: list, timeout: float = 10.0) -> None:
    """Write until the watcher hears it, then forget that rebuild: the observer sets up its
    watches in its own thread after ``start``, so a write at once may go unheard."""
    deadline = time.monotonic() + timeout
    while not builds:
        assert time.monotonic() < deadline, "the watcher heard no write"
        rewrite()
        for _ in range(25):
            if builds:
                break
            time.sleep(0.02)
    time.sleep(0.3)  # (a second write heard late is rebuilt by now)
    builds.clear()


def test_a_burst_of_saves_gives_one_rebuild_told_what_it_wrote(project: Path):
    builds: list[Changes] = []
    done = threading.Event()

    def rebuild(changes: Changes):
        builds.append(changes)
        done.set()

    # Each save follows the one before within the settle time (10 ms apart, 200 ms allowed
    # on a loaded machine): one burst.
    watcher, rebuilder = watching(project, rebuild, debounce=0.2, settle=0.2)
    try:
        for i in range(10):  # an editor saving, or a checkout writing several files
            write(project / "drafts" / f"d{i}" / "draft.yaml", "title: T\n")
            time.sleep(0.01)
        assert done.wait(10)
        time.sleep(0.4)  # twice the debounce: a second build would have started by now
        assert builds == [Changes(drafts=frozenset(f"d{i}" for i in range(10)))]
        (project / "site.yaml").write_text((project / "site.yaml").read_text() + "\n")
        wait_until(lambda: len(builds) == 2)
        assert builds[1].project
    finally:
        rebuilder.stop()
        watcher.stop()


def test_a_save_after_a_quiet_spell_is_rebuilt_without_waiting_out_the_debounce(project: Path):
    builds: list[tuple[float, Changes]] = []
    draft = write(project / "drafts" / "a" / "draft.yaml", "title: A\n")
    watcher, rebuilder = watching(project, lambda c: builds.append((time.monotonic(), c)),
                                  debounce=5.0)
    try:
        heard(lambda: write(draft, "title: A\n"), builds)
        saved = time.monotonic()
        write(draft, "title: B\n")  # written and closed
        wait_until(lambda: builds, timeout=4.0)  # (without the fast path: 5 s)
        assert builds[0][1] == Changes(drafts=frozenset({"a"}))
        assert builds[0][0] - saved < 2.5
    finally:
        rebuilder.stop()
        watcher.stop()


def test_an_editors_save_in_several_writes_gives_one_rebuild_of_the_whole_file(project: Path):
    version = write(project / "drafts" / "a" / "versions" / "01.md", "old text\n")
    seen: list[str] = []
    watcher, rebuilder = watching(project, lambda c: seen.append(version.read_text()),
                                  debounce=1.0)
    try:
        heard(lambda: write(version, "old text\n"), seen)
        # As Vim saves: the file renamed to its backup, written again (here in two writes,
        # a pause between them longer than the settle time), closed, the backup deleted.
        backup = version.with_name("01.md~")
        version.rename(backup)
        with open(version, "w", encoding="utf-8") as file:
            file.write("new text, first half; ")
            file.flush()
            time.sleep(0.1)
            file.write("second half\n")
        backup.unlink()
        wait_until(lambda: seen)
        # An atomic save: a temporary file written, closed and moved over the file.
        time.sleep(1.5)  # (the first save's rebuild is long done)
        temporary = version.with_name("01.md.tmp")
        temporary.write_text("newest text\n", encoding="utf-8")
        temporary.replace(version)
        wait_until(lambda: len(seen) == 2)
        time.sleep(1.5)  # a further rebuild would have come by now
        assert seen == ["new text, first half; second half\n", "newest text\n"]
    finally:
        rebuilder.stop()
        watcher.stop()


def test_a_write_ends_a_save_when_its_file_is_closed_or_moved_into_place():
    assert finishes(FileClosedEvent("/p/drafts/a/versions/01.md"))
    assert finishes(FileMovedEvent("/p/drafts/a/versions/01.md.tmp",
                                   "/p/drafts/a/versions/01.md"))
    assert not finishes(FileModifiedEvent("/p/drafts/a/versions/01.md"))  # still open
    assert not finishes(FileMovedEvent("/p/drafts/a/versions/01.md",
                                       "/p/drafts/a/versions/01.md~"))  # out of the way
    assert not finishes(FileDeletedEvent("/p/drafts/a/versions/01.md"))
    assert not finishes(FileCreatedEvent("/p/drafts/a/versions/01.md"))


def test_changes_outside_the_sources_are_ignored(project: Path):
    builds = []
    watcher, rebuilder = watching(project, builds.append, debounce=0.05)
    try:
        write(project / "site" / "index.html", "<p>built</p>")
        write(project / "notes.txt", "not part of the site")
        write(project / "drafts" / "a" / "draft.yaml", "title: A\n")
        wait_until(lambda: builds)
        time.sleep(0.2)
        assert builds == [Changes(drafts=frozenset({"a"}))]
    finally:
        rebuilder.stop()
        watcher.stop()


def test_a_write_is_known_by_the_draft_it_is_in_or_as_a_change_to_every_page(project: Path):
    def at(rel: str, folder: bool = False) -> Changes:
        return changes_at(project, str(project / rel), folder)

    assert at("drafts/a/versions/01.md") == Changes(drafts=frozenset({"a"}))
    assert at("drafts/a", folder=True) == Changes(drafts=frozenset({"a"}))  # added, removed
    assert at("drafts/README.md").project  # a loose file in drafts/ is part of every key
    assert at("site.yaml").project and at("templates/base.html").project
    assert not at("site/index.html") and not at("notes.txt") and not at("../elsewhere")
    assert not at("drafts/a/versions/01.md~") and not at("drafts/a/versions/.01.md.swp")


def test_a_broken_build_keeps_the_epoch_and_reports_path_and_line(project: Path):
    state = LiveState()
    outcomes = iter([ProblemsFound([Problem("drafts/a/draft.yaml", 3, "unknown key 'titel'")]),
                     None])

    def rebuild():
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    rebuilder = Rebuilder(Watcher(project), lambda changes: rebuild(), state)
    state.publish([])
    rebuilder.build_once()
    assert state.snapshot() == {"epoch": 1,
                                "problems": ["drafts/a/draft.yaml:3: unknown key 'titel'"]}
    rebuilder.build_once()
    assert state.snapshot() == {"epoch": 2, "problems": []}


def test_a_rebuild_with_nothing_new_to_show_reloads_no_page(project: Path):
    state = LiveState()
    outcomes = iter(["shown", None, ProblemsFound([Problem("drafts/a/draft.yaml", 1, "bad")]),
                     None])

    def rebuild(changes: Changes):
        outcome = next(outcomes)
        if isinstance(outcome, ProblemsFound):
            raise outcome
        return outcome

    rebuilder = Rebuilder(Watcher(project), rebuild, state)
    state.publish([])
    rebuilder.build_once()
    assert state.snapshot() == {"epoch": 2, "problems": []}
    rebuilder.build_once()  # the same files again: no new epoch
    assert state.snapshot() == {"epoch": 2, "problems": []}
    rebuilder.build_once()
    assert state.snapshot()["problems"] == ["drafts/a/draft.yaml:1: bad"]
    rebuilder.build_once()  # saved back as the pages show it: the problems go
    assert state.snapshot() == {"epoch": 3, "problems": []}


def app_with_pages(state: LiveState) -> LiveReload:
    async def html(request):
        return HTMLResponse("<html><body><p>page</p></body></html>", headers={"ETag": '"x"'})

    async def data(request):
        return JSONResponse({"ok": True})

    return LiveReload(Starlette(routes=[Route("/", html), Route("/api/x", data)]), state)


def test_the_script_is_added_to_pages_served_and_never_to_the_built_site(built_examples):
    state = LiveState()
    state.publish([])
    client = TestClient(app_with_pages(state))
    page = client.get("/")
    assert page.text.endswith(
        '<script src="/__docket/livereload.js" data-epoch="1"></script></body></html>')
    assert int(page.headers["content-length"]) == len(page.content)
    assert "etag" not in page.headers
    assert client.get("/api/x").json() == {"ok": True}
    script = client.get("/__docket/livereload.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "EventSource" in script.text
    site = built_examples(datetime(2026, 11, 28, 12, 0)) / "site"  # (shared, read only)
    assert not any(b"__docket" in f.read_bytes() for f in site.rglob("*") if f.is_file())
