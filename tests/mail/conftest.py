"""A real SMTP server for the mail tests (aiosmtpd on a loopback port), and the sender's
settings shortened so that retries and leases pass in a fraction of a second."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from webapp.services.mail.sender import SenderConfig, from_settings

#: Settings of every mail test: short retries, a lease of two seconds, quick passes.
FAST = {
    "MAIL_RETRY_BASE_SECONDS": 0.2,
    "MAIL_RETRY_MAX_SECONDS": 1.0,
    "MAIL_LEASE_SECONDS": 2.0,
    "MAIL_SEND_INTERVAL_SECONDS": 0.1,
    "MAIL_SMTP_TIMEOUT_SECONDS": 5.0,
    "MAIL_FROM": "cbmatch <noreply@cbmatch.test>",
}


class Inbox:
    """What the server received; ``delay`` slows each RCPT so that a kill lands mid-delivery."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.rcpt_delay = 0.0
        self.refused: set[str] = set()  # addresses answered with 550
        self.in_rcpt = threading.Event()  # set while a RCPT waits on the delay
        self._lock = threading.Lock()

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 No such user here"
        if self.rcpt_delay:
            self.in_rcpt.set()
            await asyncio.sleep(self.rcpt_delay)
            self.in_rcpt.clear()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        mail = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        assert isinstance(mail, EmailMessage)
        mail["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._lock:
            self.received.append(mail)
        return "250 Message accepted for delivery"

    def ids(self) -> Counter[str]:
        """How many times each Message-ID arrived."""
        with self._lock:
            return Counter(str(m["Message-ID"]) for m in self.received)


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that can be stopped (connections refused) and restarted."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 15.0) -> None:
        """Until ``count`` messages arrived (fails after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while len(self.inbox.received) < count:
            assert time.monotonic() < deadline, f"{len(self.inbox.received)} of {count} arrived"
            time.sleep(0.02)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app: Flask, smtp: SmtpServer) -> Flask:
    """The test app, sending to the test's SMTP server with the fast settings."""
    app.config.update(FAST, MAIL_URL=smtp.url)
    return app


@pytest.fixture
def sender_config(mail_app: Flask) -> Callable[..., SenderConfig]:
    def make(**changes: Any) -> SenderConfig:
        with mail_app.app_context():
            mail_app.config.update(changes)
            return from_settings()

    return make


def mail_env(smtp: SmtpServer) -> dict[str, str]:
    """The fast settings as CBMATCH_* variables, for a ``cbmatch`` process."""
    env = {f"CBMATCH_{k}": str(v) for k, v in FAST.items()}
    env["CBMATCH_MAIL_URL"] = smtp.url
    return env


@pytest.fixture
def deliver(mail_app: Flask, smtp: SmtpServer, sender_config: Callable[..., SenderConfig]):
    """One pass of what ``cbmatch mail send`` does: compose the notices, send the outbox.

    Returns the messages that arrived in this pass.
    """
    from models import db
    from webapp.notices.compose import tell
    from webapp.services.mail.sender import send_pending

    def run() -> list[EmailMessage]:
        before = len(smtp.inbox.received)
        cfg = sender_config()
        with mail_app.app_context():
            tell(db.session())
            send_pending(db.session(), cfg)
            db.session.remove()
        return smtp.inbox.received[before:]

    return run


def to(mail: EmailMessage) -> str:
    """The address a received message was delivered to."""
    return str(mail["X-Envelope-To"])


def text_of(mail: EmailMessage) -> str:
    """The plain-text part of a received message."""
    part = mail.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def html_of(mail: EmailMessage) -> str:
    """The HTML part of a received message."""
    part = mail.get_body(("html",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]
