"""Publishing an incremental build in place: all of it or none of it, even when killed."""

from __future__ import annotations

import shutil
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

import generator.build.publish as publish_module
import generator.build.run as build_module
from generator.build.publish import (
    SITE_ID,
    Lock,
    Transaction,
    journal_of,
    private_dir,
    recover,
    staged_private,
)
from generator.build.run import build
from generator.build.state import STATE_FILE
from generator.problems import ProblemsFound

NOW = datetime(2026, 12, 1, tzinfo=UTC)
DRAFT = "short-term-rentals"


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of the build: the site's, and Docket's own beside it, by their names."""
    return {p.relative_to(top).as_posix(): p.read_bytes()
            for top in (site, private_dir(site)) for p in top.rglob("*") if p.is_file()}


def edit(examples: Path) -> Path:
    version = sorted((examples / "drafts" / DRAFT / "versions").glob("*.md"))[-1]
    text = version.read_text(encoding="utf-8")
    at = text.index("\n\n", text.index("\n---\n") + 5)
    version.write_text(text[:at] + " Amended in place." + text[at:], encoding="utf-8")
    return version


@pytest.fixture
def examples(built_copy) -> Path:
    """This test's own copy of the examples, built at NOW."""
    return built_copy(NOW)


@pytest.fixture
def built(examples: Path) -> Path:
    return examples / "site"


def test_an_edit_is_published_into_the_same_site_folder(built, examples):
    page = built / "drafts" / DRAFT / "index.html"
    other = next(p for p in (built / "drafts").glob("*/index.html") if DRAFT not in str(p))
    folder, untouched = built.stat().st_ino, other.stat().st_ino
    edit(examples)
    result = build(examples, now=NOW)
    assert 0 < result.rendered < result.pages
    assert "Amended in place." in page.read_text(encoding="utf-8")
    assert built.stat().st_ino == folder  # not a new tree swapped in
    assert other.stat().st_ino == untouched  # an unchanged page is not even rewritten
    assert not journal_of(built).exists()
    assert not list(examples.glob(".site.tmp-*"))


def test_a_failure_while_publishing_leaves_the_site_as_it_was(built, examples, monkeypatch):
    before = snapshot(built)
    edit(examples)

    def pagefind_fails(*args, **kwargs):  # after the search documents went in
        raise ProblemsFound([])

    monkeypatch.setattr(build_module, "index_site", pagefind_fails)
    with pytest.raises(ProblemsFound):
        build(examples, now=NOW)
    assert snapshot(built) == before
    assert not journal_of(built).exists()


@pytest.mark.parametrize("steps_taken", [0, 1, 5, -1])
def test_a_build_killed_while_publishing_is_undone_by_the_next(built, examples, monkeypatch,
                                                                steps_taken):
    before = snapshot(built)
    edit(examples)
    real_run = Transaction.run

    def killed(self, until=None):  # as if by kill -9: no rollback, the journal stays
        stop = len(self.steps) + steps_taken if steps_taken < 0 else steps_taken
        end = len(self.steps) if until is None else until
        real_run(self, until=min(stop, end))
        if stop <= end:
            raise SystemExit("killed")

    monkeypatch.setattr(Transaction, "run", killed)
    monkeypatch.setattr(Transaction, "rollback", lambda self: None)
    with pytest.raises(SystemExit):
        build(examples, now=NOW)
    assert journal_of(built).exists()
    if steps_taken:
        assert snapshot(built) != before
    with Lock(built):
        assert recover(built)
    assert snapshot(built) == before
    assert not journal_of(built).exists()
    monkeypatch.undo()
    result = build(examples, now=NOW)  # and the next build publishes the edit
    assert "Amended in place." in (built / "drafts" / DRAFT / "index.html").read_text()
    assert 0 < result.rendered < result.pages


def test_docket_build_recovers_before_it_decides_nothing_changed(built, examples, monkeypatch):
    """A journal left behind means site/ may be half published: never "nothing to do"."""
    before = snapshot(built)
    edit(examples)
    monkeypatch.setattr(Transaction, "rollback", lambda self: None)
    real_run = Transaction.run

    def killed(self, until=None):  # everything but the state file
        end = len(self.steps) if until is None else until
        real_run(self, until=min(end, len(self.steps) - 1))
        if end >= len(self.steps) - 1:
            raise SystemExit("killed")

    monkeypatch.setattr(Transaction, "run", killed)
    with pytest.raises(SystemExit):
        build(examples, now=NOW)
    monkeypatch.undo()
    version = sorted((examples / "drafts" / DRAFT / "versions").glob("*.md"))[-1]
    version.write_text(version.read_text().replace(" Amended in place.", ""), encoding="utf-8")
    result = build(examples, now=NOW)  # the inputs are the last build's again
    assert snapshot(built) == {**before, STATE_FILE: snapshot(built)[STATE_FILE]}
    assert result.rendered == 0


def test_a_clean_build_killed_between_swapping_the_site_and_its_state_is_finished(
        built, examples, monkeypatch):
    """The new site is in, its private files (state, search documents) not yet: the next
    build keeps them, as they belong to the site now there."""
    edit(examples)
    real_settle, calls = publish_module.settle_private, []

    def killed(out):  # the first call is recover()'s, before the build; the second, the swap's
        calls.append(out)
        if len(calls) == 2:
            raise SystemExit("killed")
        real_settle(out)

    monkeypatch.setattr(publish_module, "settle_private", killed)
    with pytest.raises(SystemExit):
        build(examples, now=NOW, clean=True)
    monkeypatch.undo()
    assert "Amended in place." in (built / "drafts" / DRAFT / "index.html").read_text()
    assert staged_private(built).exists()
    assert build(examples, now=NOW).rendered == 0  # the state of the site that is there
    assert not staged_private(built).exists()


def test_private_files_set_aside_for_a_site_that_never_came_are_dropped(built, examples):
    """Killed after setting the new private files aside, before the swap: the site and its
    own private files stay as they were."""
    before = snapshot(built)
    shutil.copytree(private_dir(built), staged_private(built))
    (staged_private(built) / SITE_ID).write_text("1", encoding="ascii")  # not site/'s inode
    (staged_private(built) / STATE_FILE).write_text("{}", encoding="utf-8")
    with Lock(built):
        recover(built)
    assert not staged_private(built).exists()
    assert snapshot(built) == before
    assert build(examples, now=NOW).rendered == 0


def test_two_builds_of_one_site_take_turns(built, examples):
    order = []

    def hold() -> None:
        with Lock(built):
            order.append("held")
            time.sleep(0.5)
            order.append("released")

    holder = threading.Thread(target=hold)
    holder.start()
    while not order:
        time.sleep(0.01)
    edit(examples)
    stages = []
    build(examples, now=NOW, progress=lambda stage, done, total: stages.append(stage))
    order.append("built")
    holder.join()
    assert order == ["held", "released", "built"]
    assert stages[0] == "Waiting for another build of site/ to finish"  # said, not silent


def test_pages_removed_from_the_site_by_hand_come_back(built, examples):
    before = snapshot(built)
    shutil.rmtree(built / "drafts" / DRAFT)
    (built / "feed.xml").unlink()
    result = build(examples, now=NOW)
    assert 0 < result.rendered < result.pages
    after = snapshot(built)
    assert {k: v for k, v in after.items() if k != STATE_FILE} == {
        k: v for k, v in before.items() if k != STATE_FILE}
