"""How a message leaves: over SMTP (``smtp://``, ``smtps://``) or into a local folder.

``CBMATCH_MAIL_URL`` chooses: ``smtp://user:password@host:587`` talks plain SMTP and switches to
TLS with STARTTLS when the server offers it (a password is never sent over a connection that
is neither encrypted nor to this machine); ``smtps://user:password@host:465`` is TLS from the
start; unset, each message is written as an ``.eml`` file to ``<instance>/mail/``.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from types import TracebackType
from typing import Protocol
from urllib.parse import unquote, urlsplit

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class MailConfigError(ValueError):
    """``CBMATCH_MAIL_URL`` or ``MAIL_FROM`` cannot be used."""


class RefusedForGoodError(Exception):
    """The server refused the message for good (a 5xx reply): retrying would not help."""


class Transport(Protocol):
    """Delivers e-mails; raises on failure (RefusedForGoodError when retrying cannot help)."""

    def deliver(self, mail: EmailMessage, name: str) -> None:
        """Send ``mail``; ``name`` is a stable name for it (the outbox row's)."""

    def close(self) -> None:
        """Let go of any connection."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to reach the SMTP server."""

    host: str
    port: int
    tls: bool  # smtps: TLS from the first byte
    username: str | None
    password: str | None
    timeout: float


def parse_url(url: str, timeout: float = 30.0) -> SmtpSettings:
    """The settings in ``smtp://user:pass@host:port`` or ``smtps://...``."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise MailConfigError(f"CBMATCH_MAIL_URL: use smtp:// or smtps://, not {parts.scheme!r}")
    if not parts.hostname:
        raise MailConfigError("CBMATCH_MAIL_URL: no host")
    try:
        port = parts.port
    except ValueError:
        raise MailConfigError("CBMATCH_MAIL_URL: the port is not a number") from None
    tls = parts.scheme == "smtps"
    return SmtpSettings(
        host=parts.hostname,
        port=port or (465 if tls else 25),
        tls=tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=timeout,
    )


def envelope_sender(mail_from: str) -> str:
    """The address in ``MAIL_FROM`` ("cbmatch <noreply@example.org>" or a bare address)."""
    address = parseaddr(mail_from)[1]
    if "@" not in address:
        raise MailConfigError(f"MAIL_FROM: {mail_from!r} holds no e-mail address")
    return address


class SmtpTransport:
    """One SMTP connection, opened on first use and kept for the messages of a pass."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.tls:
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            smtp.ehlo()
            encrypted = s.tls
            if not s.tls and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
                encrypted = True
            if s.username:
                if not encrypted and s.host not in LOOPBACK:
                    raise MailConfigError(
                        f"{s.host} offers no STARTTLS: the password is not sent in clear"
                    )
                smtp.login(s.username, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def deliver(self, mail: EmailMessage, name: str) -> None:
        """Send over the open connection (opening it first); 5xx replies are permanent."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(code >= 500 for code in codes):
                raise RefusedForGoodError(f"recipient refused: {exc.recipients}") from None
            raise
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            if exc.smtp_code >= 500:
                raise RefusedForGoodError(f"{exc.smtp_code} {exc.smtp_error!r}") from None
            raise
        except Exception:
            self.close()  # the connection is in an unknown state: the next message reconnects
            raise

    def close(self) -> None:
        """Say QUIT, or just drop the connection when it is already broken."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class FolderTransport:
    """Writes each message to ``<folder>/<name>.eml``; written twice, it is the same file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def deliver(self, mail: EmailMessage, name: str) -> None:
        """Write the file whole (a temporary file renamed), so a reader never sees half of it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(mail.as_bytes())
            os.replace(tmp, self.folder / f"{name}.eml")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def close(self) -> None:
        """Nothing to let go of."""
