"""Sending email through the mail server named in site.yaml (``smtp:``).

Two senders use it: the intake service's receipts (``intake/receipts.py``, from a background
task, retried with backoff) and ``docket comments notify`` (``comments/notify.py``). Both
hand it finished messages; this module only connects, logs in and sends, with the standard
library's ``smtplib`` (blocking: callers run it in a thread), and turns what can go wrong
into two kinds a person can act on: the server refused the login, or it could not be
reached or talked to.

The password is read from the environment variable ``smtp.password_env`` names (default
``DOCKET_SMTP_PASSWORD``) when a connection is made, never from a file in the project.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ..model import SmtpConfig


class MailError(Exception):
    """Mail could not be sent; the message says why, for a person."""


class LoginRefused(MailError):
    """The server refused the user name and password: trying again will not help."""


class Unreachable(MailError):
    """The server could not be reached or broke off: trying later may help."""


class AddressRefused(MailError):
    """The server refused one recipient: the others may still be sent."""


def message(config: SmtpConfig, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the configured sender (UTF-8, so any language)."""
    mail = EmailMessage()
    mail["From"] = config.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=config.sender.rpartition("@")[2] or None)
    mail.set_content(body)
    return mail


class Connection:
    """One session with the server: ``with Connection(config) as mail: mail.send(message)``."""

    def __init__(self, config: SmtpConfig, environ: dict[str, str] | None = None):
        self.config = config
        self.environ = os.environ if environ is None else environ
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        c = self.config
        where = f"{c.host}:{c.port}"
        try:
            if c.security == "tls":
                self.smtp = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout,
                                             context=ssl.create_default_context())
            else:
                self.smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
                if c.security == "starttls":
                    self.smtp.starttls(context=ssl.create_default_context())
            if c.username:
                password = self.environ.get(c.password_env, "")
                if not password:
                    raise LoginRefused(f"no password for {c.username} at {where}: set the "
                                       f"environment variable {c.password_env}")
                self.smtp.login(c.username, password)
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            raise LoginRefused(f"the mail server {where} refused the login of {c.username} "
                               f"({exc.smtp_code})") from exc
        except smtplib.SMTPNotSupportedError as exc:
            self._drop()
            raise Unreachable(f"the mail server {where} does not offer what smtp.security "
                              f"asks ({c.security}): {exc}") from exc
        except MailError:
            self._drop()
            raise
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            self._drop()
            raise Unreachable(f"could not reach the mail server {where}: {_why(exc)}") from exc
        return self

    def send(self, mail: EmailMessage) -> None:
        assert self.smtp is not None
        try:
            self.smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise AddressRefused(f"the mail server refused the address {mail['To']}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Unreachable(f"the mail server {self.config.host}:{self.config.port} "
                              f"broke off: {_why(exc)}") from exc

    def _drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None

    def __exit__(self, *exc_info) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self._drop()


def _why(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "no answer in time"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    return str(exc) or type(exc).__name__


def send_all(config: SmtpConfig, mails: Iterable[tuple[str, EmailMessage]],
             sent: Callable[[str], None], refused: Callable[[str, str], None],
             environ: dict[str, str] | None = None) -> None:
    """Send ``(key, message)`` pairs over one connection, calling ``sent(key)`` after each
    one the server took and ``refused(key, why)`` for an address it refused. Raises
    ``LoginRefused`` or ``Unreachable`` and stops there, so what was sent is exactly what
    ``sent`` was told."""
    with Connection(config, environ) as mail:
        for key, item in mails:
            try:
                mail.send(item)
            except AddressRefused as exc:
                refused(key, str(exc))
                continue
            sent(key)
