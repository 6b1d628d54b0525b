"""A real SMTP server for the tests that send mail: aiosmtpd on a free loopback port, with a
login it checks (``USER``/``PASSWORD``), keeping every message it accepted."""

from __future__ import annotations

import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "docket"
PASSWORD = "correct horse"
ENVIRON = {"DOCKET_SMTP_PASSWORD": PASSWORD}


class MailServer:
    """What the server received, and a way to wait for it without sleeping."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.logins: list[tuple[str, bool]] = []
        self.changed = threading.Condition()
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        with self.changed:
            self.messages.append(message)  # type: ignore[arg-type]
            self.changed.notify_all()
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER
              and auth_data.password.decode() == PASSWORD)
        self.logins.append((auth_data.login.decode() if auth_data else "", ok))
        return AuthResult(success=ok, handled=False)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        with self.changed:
            self.changed.wait_for(lambda: len(self.messages) >= count, timeout)
        return list(self.messages)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def mail_server(port: int = 0) -> Iterator[MailServer]:
    box = MailServer()
    box.port = port or free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port,
                            authenticator=box.authenticate, auth_require_tls=False,
                            auth_required=True)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def smtp_yaml(port: int, user: str = USER) -> str:
    return (f"smtp:\n  host: 127.0.0.1\n  port: {port}\n  username: {user}\n"
            "  from: Test Council <comments@drafts.example.org>\n  security: none\n"
            "  timeout: 5\n")
