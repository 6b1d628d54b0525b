"""Submissions in SQLite, committed durably before anyone is told they were received.

WAL mode with ``synchronous=FULL``: a commit returns only once the write-ahead log is on disk,
so a tracking number handed out survives a crash or a ``kill -9``.  One fsync per submission
would cap the service at the disk's sync rate, so a single writer thread commits in groups:
it takes every submission waiting in its queue, inserts them in one transaction, commits
(one fsync), and only then answers each of them.  Under load the groups grow by themselves.

Contact details (email, locality) live only here, outside the built site.  The client's
address is not stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .tracking import new_tracking
from .validate import Submission

log = logging.getLogger("docket.intake")

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    tracking TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,          -- ISO 8601, UTC
    draft TEXT NOT NULL,
    version TEXT NOT NULL,              -- the current version when it was received
    provision TEXT NOT NULL DEFAULT '', -- '' for the draft as a whole
    name TEXT NOT NULL,
    email TEXT NOT NULL,                -- never published
    organisation TEXT NOT NULL DEFAULT '',
    respondent_type TEXT NOT NULL,
    locality TEXT NOT NULL DEFAULT '',  -- never published
    position TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL,
    publish_name INTEGER NOT NULL,
    late INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS submissions_by_draft ON submissions (draft, provision);
CREATE TABLE IF NOT EXISTS ratings (
    id INTEGER PRIMARY KEY,
    tracking TEXT NOT NULL,            -- the comment's tracking number
    received_at TEXT NOT NULL,         -- ISO 8601, UTC
    rating TEXT NOT NULL,              -- satisfied | basically-satisfied | dissatisfied
    remark TEXT NOT NULL DEFAULT ''    -- private, never published
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    tracking TEXT NOT NULL,            -- the receipt of this submission
    language TEXT NOT NULL,            -- the interface language it was sent from
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try TEXT NOT NULL,            -- ISO 8601, UTC: not before
    sent_at TEXT NOT NULL DEFAULT '',  -- '' until the mail server took it
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS outbox_waiting ON outbox (sent_at, next_try);
"""
COLLISION_RETRIES = 8


@dataclass(frozen=True)
class Stored(Submission):
    """A stored submission: the submission and its tracking number."""

    tracking: str


# The columns the table is written and read by: the dataclass's fields, by name.
COLUMNS = tuple(f.name for f in fields(Stored))
INSERT = f"INSERT INTO submissions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def stamp(moment: datetime) -> str:
    """An instant as the outbox compares them: UTC, fixed width, so text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def create_private(path: Path) -> None:
    """Create the database file readable and writable by its owner only (0600), if it does
    not exist: it holds email addresses. SQLite gives its ``-wal`` and ``-shm`` files the
    database's permissions. An existing file keeps the permissions it was given; one that
    others may read is warned about."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            log.warning("%s can be read by other users than its owner (chmod 600 it): it "
                        "holds commenters' email addresses", path)


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the durability settings; creates the database and table if new."""
    create_private(path)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA busy_timeout=30000")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"{path} was written by a newer Docket (schema {version})")
    db.executescript(SCHEMA)
    if version < SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return db


def _row(row: tuple) -> Stored:
    values = dict(zip(COLUMNS, row, strict=True))
    values["received_at"] = datetime.fromisoformat(values["received_at"])
    values["publish_name"] = bool(values["publish_name"])
    values["late"] = bool(values["late"])
    return Stored(**values)


class Store:
    """The database file; the writer connection belongs to whichever thread inserts."""

    def __init__(self, path: Path, tracking_prefix: str = "DKT", tz: ZoneInfo | None = None):
        self.path = path
        self.prefix = tracking_prefix
        self.tz = tz or ZoneInfo("UTC")
        self.db = connect(path)

    def insert(self, batch: list[Submission], receipts: list[str | None] | None = None
               ) -> list[str]:
        """Store every submission in one transaction; their tracking numbers, in order.

        ``receipts``: for each submission, the language of the receipt to email it (queued in
        ``outbox`` in the same transaction, so a stored comment never lacks its queued
        receipt, nor a receipt its comment), or None for no receipt."""
        numbers = []
        languages = receipts or [None] * len(batch)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for sub, language in zip(batch, languages, strict=True):
                number = self._insert_one(sub)
                numbers.append(number)
                if language is not None and sub.email:
                    self.db.execute(
                        "INSERT INTO outbox (tracking, language, next_try) VALUES (?, ?, ?)",
                        (number, language, stamp(sub.received_at)))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return numbers

    def _insert_one(self, sub: Submission) -> str:
        year = sub.received_at.astimezone(self.tz).year
        row = {f.name: getattr(sub, f.name) for f in fields(Submission)}
        row.update(received_at=sub.received_at.isoformat(), publish_name=int(sub.publish_name),
                   late=int(sub.late))
        for _ in range(COLLISION_RETRIES):
            number = new_tracking(self.prefix, year)
            try:
                self.db.execute(INSERT, tuple({**row, "tracking": number}[c] for c in COLUMNS))
                return number
            except sqlite3.IntegrityError:  # that number exists: draw another
                continue
        raise RuntimeError("could not draw an unused tracking number")

    def get(self, tracking: str) -> Stored | None:
        with sqlite3.connect(self.path, timeout=30) as db:
            row = db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM submissions WHERE tracking = ?", (tracking,)
            ).fetchone()
        return _row(row) if row else None

    def add_rating(self, tracking: str, received_at: datetime, rating: str, remark: str) -> None:
        """Keep one rating (every one is kept; the latest per comment counts)."""
        with contextlib.closing(self._connection()) as db, db:
            db.execute("INSERT INTO ratings (tracking, received_at, rating, remark) "
                       "VALUES (?, ?, ?, ?)", (tracking, received_at.isoformat(), rating, remark))

    def _connection(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA synchronous=FULL")
        return db

    def all(self) -> list[Stored]:
        with sqlite3.connect(self.path, timeout=30) as db:
            rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM submissions ORDER BY id")
            return [_row(r) for r in rows]

    def close(self) -> None:
        self.db.close()


Waiter = tuple[tuple[Submission, str | None], asyncio.Future, asyncio.AbstractEventLoop]


def _settle(future: asyncio.Future, result: str | None, error: BaseException | None) -> None:
    if future.done():  # the client went away; its submission is stored all the same
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _answer(loop, future, result: str | None, error: BaseException | None) -> None:
    with contextlib.suppress(RuntimeError):  # the loop has closed (shutdown): nobody waits
        loop.call_soon_threadsafe(_settle, future, result, error)


class GroupWriter:
    """One thread that inserts and commits whatever submissions are waiting, then answers.

    ``await writer.add(submission)`` returns the tracking number only after the commit that
    stored it has returned, i.e. after the fsync.
    """

    def __init__(
        self, store: Store, max_group: int = 1000, on_commit: Callable[[int], None] | None = None
    ):
        self.store = store
        self.max_group = max_group
        self.on_commit = on_commit
        self.queue: queue.SimpleQueue[Waiter | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="docket-intake-writer", daemon=True)
        self.thread.start()

    async def add(self, submission: Submission, language: str | None = None) -> str:
        """Store ``submission``; ``language``: queue its receipt in that language."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.queue.put(((submission, language), future, loop))
        return await future

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self.queue.get()
            if first is None:
                break
            group = [first]
            while len(group) < self.max_group:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                group.append(item)
            self._commit(group)
        self.store.close()

    def _commit(self, group: list[Waiter]) -> None:
        try:
            numbers = self.store.insert([sub for (sub, _), _, _ in group],
                                        [lang for (_, lang), _, _ in group])
        except Exception as exc:
            for _, future, loop in group:
                _answer(loop, future, None, exc)
            return
        if self.on_commit:
            self.on_commit(len(group))
        for (_, future, loop), number in zip(group, numbers, strict=True):
            _answer(loop, future, number, None)

    def close(self) -> None:
        """Commit what is queued, then stop the thread and close the database."""
        self.queue.put(None)
        self.thread.join()
