"""Receipts by email: each commenter gets their tracking number at once, without waiting.

With ``smtp:`` in site.yaml, an accepted submission's receipt is queued in the database's
``outbox`` table in the same transaction that stores the submission (``store.py``): a
comment is never stored without its receipt queued, and a crash loses neither. A background
task sends what is due, in a thread (``smtplib`` blocks), and wakes as soon as the writer
commits; the submission's answer never waits for the mail server, and a mail server that is
down or refuses the login never fails a submission. What could not be sent is tried again
later, each time waiting twice as long (30 s, 1 min, 2 min... at most an hour between
tries), for about a day; then the row keeps its last error for the operator.

The message is in the language of the page the comment was sent from (``?lang=``), with
the number, the draft, when it was received, and a link to the lookup page with the number
in the address's fragment (never sent to a server, so never in an access log).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from ..mail import LoginRefused, MailError, message, send_all
from ..render.languages import prefix as language_prefix
from .catalog import Catalog
from .pages import Pages
from .store import COLUMNS as SUBMISSION_COLUMNS
from .store import Stored, _row, stamp
from .validate import Text
from .validate import _ as N_

log = logging.getLogger("docket.intake")

FIRST_DELAY = 30.0  # seconds before the first retry; doubled after each failure
LONGEST_DELAY = 3600.0
GIVE_UP_AFTER = 30  # attempts: about a day of retries
BATCH = 50  # receipts sent over one connection
LOOKUP_PAGE = "lookup/"


def delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failure."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


def lookup_link(catalog: Catalog, language: str, tracking: str) -> str:
    """The lookup page with the number in the fragment, in the receipt's language."""
    own = language_prefix(language, catalog.site)
    return f"{catalog.site.base_url}{own}{LOOKUP_PAGE}#{tracking}"


def receipt(catalog: Catalog, pages: Pages, language: str, stored: Stored) -> EmailMessage:
    assert catalog.site.smtp is not None
    entry = catalog.drafts.get(stored.draft)
    title = entry.title if entry else stored.draft
    site = catalog.site.for_language(language)

    def say(text: str, **params) -> str:
        return pages.text(catalog, language, Text(text, params))

    lines = [
        say(N_("Thank you for your comment on “%(title)s”, received on %(received)s."),
            title=title, received=stored.received_at),
        "",
        say(N_("Your tracking number is %(tracking)s. Keep it: quote it if you contact us "
               "about your comment."), tracking=stored.tracking),
        "",
        say(N_("Follow your comment, and read the response to it once there is one:")),
        lookup_link(catalog, language, stored.tracking),
        "",
        "-- ",
        str(site.body or site.title),
    ]
    subject = say(N_("Your comment on “%(title)s”: %(tracking)s"), title=title,
                  tracking=stored.tracking)
    return message(catalog.site.smtp, stored.email, subject, "\n".join(lines) + "\n")


class ReceiptSender:
    """Sends the queued receipts that are due; ``run`` is the background task."""

    def __init__(self, db: Path, catalog: Callable[[], Catalog], pages: Pages,
                 clock: Callable[[], datetime], environ: dict[str, str] | None = None):
        self.db = db
        self.catalog = catalog
        self.pages = pages
        self.clock = clock
        self.environ = environ
        self.wake = asyncio.Event()
        self.lock = threading.Lock()  # one sending round at a time: a receipt is sent once

    async def run(self) -> None:
        while True:
            try:
                wait = await asyncio.to_thread(self.send_due)
            except Exception:  # a bug here must not stop the service taking comments
                log.exception("sending receipts failed")
                wait = LONGEST_DELAY
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=wait)

    def send_due(self) -> float:
        """Send what is due now (in a thread); the seconds until the next one is."""
        with self.lock:
            return self._send_due()

    def _send_due(self) -> float:
        catalog = self.catalog()
        if catalog.site.smtp is None:
            return LONGEST_DELAY
        now = self.clock().astimezone(UTC)
        with contextlib.closing(sqlite3.connect(self.db, timeout=30)) as db:
            rows = db.execute(
                "SELECT o.id, o.language, o.attempts, "
                + ", ".join(f"s.{c}" for c in SUBMISSION_COLUMNS)
                + " FROM outbox o JOIN submissions s ON s.tracking = o.tracking"
                " WHERE o.sent_at = '' AND o.attempts < ? AND o.next_try <= ?"
                " ORDER BY o.next_try, o.id LIMIT ?",
                (GIVE_UP_AFTER, stamp(now), BATCH)).fetchall()
            attempts = {row[0]: row[2] for row in rows}
            mails = [(str(row[0]), receipt(catalog, self.pages, row[1], _row(row[3:])))
                     for row in rows]

            def sent(key: str) -> None:
                with db:
                    db.execute("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, "
                               "last_error = '' WHERE id = ?", (stamp(now), int(key)))

            def failed(key: str, why: str) -> None:
                tries = attempts[int(key)] + 1
                later = now + timedelta(seconds=delay(tries))
                with db:
                    db.execute("UPDATE outbox SET attempts = ?, next_try = ?, last_error = ? "
                               "WHERE id = ?", (tries, stamp(later), why, int(key)))

            done: set[str] = set()
            if mails:
                try:
                    send_all(catalog.site.smtp, mails, lambda k: (sent(k), done.add(k)),
                             lambda k, why: (failed(k, why), done.add(k)), self.environ)
                except MailError as exc:
                    level = logging.ERROR if isinstance(exc, LoginRefused) else logging.WARNING
                    log.log(level, "receipts not sent, will try again: %s", exc)
                    for key, _ in mails:
                        if key not in done:
                            failed(key, str(exc))
            if len(rows) == BATCH:
                return 0.0
            upcoming = db.execute(
                "SELECT MIN(next_try) FROM outbox WHERE sent_at = '' AND attempts < ?",
                (GIVE_UP_AFTER,)).fetchone()[0]
        if not upcoming:
            return LONGEST_DELAY
        due = datetime.strptime(upcoming, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        return max((due - now).total_seconds(), 0.05)
