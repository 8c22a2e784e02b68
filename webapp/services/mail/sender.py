"""The sender: claims due messages from the outbox, delivers them, records each outcome.

Unlike the other services it commits: each claim and each outcome is its own short transaction,
so that a message is marked sent right after the server took it, and a crash loses at most the
outcome of the one message in flight.

A claim sets a lease (``claimed_by``, ``claimed_until``) on one due message in one statement:
``UPDATE ... WHERE id = (SELECT id ... FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id`` on
PostgreSQL, where senders in other processes skip the rows a claim is locking; SQLite takes the
database's write lock for the statement, so two claims cannot interleave. A message is due when
it is pending, its next attempt has come and nobody holds a live lease on it; the lease of a
sender that died runs out and the message is claimed again. A failed delivery is tried again
after ``retry_base * 2**(attempts - 1)`` seconds (at most ``retry_max``), and given up on
(status failed) after ``max_attempts``, or at once when the server refuses it for good (5xx).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models import OutboxMessage, OutboxStatus
from models.base import utcnow
from webapp.services import infra
from webapp.services.mail.outbox import DEFAULT_FROM, render
from webapp.services.mail.transport import (
    FolderTransport,
    RefusedForGoodError,
    SmtpTransport,
    Transport,
    envelope_sender,
    parse_url,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SenderConfig:
    """How the sender works; ``from_settings`` reads it from the app's configuration."""

    mail_url: str | None
    folder: Path
    mail_from: str = DEFAULT_FROM
    max_attempts: int = 8
    retry_base: float = 60.0  # seconds before the first retry; doubled each time
    retry_max: float = 6 * 3600.0
    lease: float = 300.0  # seconds a claim lasts: longer than one delivery can take
    smtp_timeout: float = 30.0
    interval: float = 5.0  # seconds between passes of --watch and of the background sender


def from_settings() -> SenderConfig:
    """The sender's configuration from the running app (``MAIL_*`` settings)."""
    cfg = SenderConfig(
        mail_url=infra.setting("MAIL_URL") or None,
        folder=Path(infra.setting("MAIL_FOLDER") or Path(infra.instance_path()) / "mail"),
        mail_from=infra.setting("MAIL_FROM") or DEFAULT_FROM,
        max_attempts=int(infra.setting("MAIL_MAX_ATTEMPTS", 8)),
        retry_base=float(infra.setting("MAIL_RETRY_BASE_SECONDS", 60.0)),
        retry_max=float(infra.setting("MAIL_RETRY_MAX_SECONDS", 6 * 3600.0)),
        lease=float(infra.setting("MAIL_LEASE_SECONDS", 300.0)),
        smtp_timeout=float(infra.setting("MAIL_SMTP_TIMEOUT_SECONDS", 30.0)),
        interval=float(infra.setting("MAIL_SEND_INTERVAL_SECONDS", 5.0)),
    )
    transport_for(cfg).close()  # a malformed URL or MAIL_FROM is said now, not per message
    envelope_sender(cfg.mail_from)
    return cfg


def transport_for(cfg: SenderConfig) -> Transport:
    """SMTP when a URL is set, the local folder otherwise."""
    if cfg.mail_url:
        return SmtpTransport(parse_url(cfg.mail_url, cfg.smtp_timeout))
    return FolderTransport(cfg.folder)


@dataclass
class PassReport:
    """What one pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    left: int = 0
    errors: list[str] = field(default_factory=list)


def sender_name() -> str:
    """Who holds a claim: this host and process, and a random part for each sender made."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _due(now: datetime, due_by: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.next_attempt_at <= due_by,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def claim(
    session: Session, me: str, lease: float, due_by: datetime | None = None
) -> OutboxMessage | None:
    """Claim the next message due by ``due_by`` (now) for ``lease`` seconds and commit.

    None when none is due. A pass gives the time it started, so that a message it retried is
    not tried again in the same pass.
    """
    now = utcnow()
    due_by = min(now, due_by or now)
    pick = (
        select(OutboxMessage.id)
        .where(*_due(now, due_by))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id == pick, *_due(now, due_by))
        .values(claimed_by=me, claimed_until=now + timedelta(seconds=lease))
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    claimed = session.scalar(stmt)
    session.commit()
    if claimed is None:
        return None
    return session.get(OutboxMessage, claimed, populate_existing=True)


#: Tries, and seconds between them, to record an outcome while the database is unreachable: a
#: delivered message whose "sent" is not recorded before its lease ends would be sent again.
SETTLE_TRIES, SETTLE_PAUSE = 5, 1.0


def _settle(session: Session, message_id: int, me: str, **values: object) -> bool:
    """Record an outcome if this sender still holds the claim; commit. False: it lost it."""
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == me)
        .values(claimed_by=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    for attempt in range(1, SETTLE_TRIES + 1):
        try:
            result = session.execute(stmt)
            session.commit()
        except DBAPIError:
            session.rollback()
            if attempt == SETTLE_TRIES:
                raise
            time.sleep(SETTLE_PAUSE * attempt)
        else:
            return bool(result.rowcount)  # type: ignore[attr-defined]
    return False  # not reached: the last try returns or raises


def backoff(cfg: SenderConfig, attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed try."""
    return float(min(cfg.retry_max, cfg.retry_base * 2 ** max(0, attempts - 1)))


def deliver_one(
    session: Session,
    cfg: SenderConfig,
    transport: Transport,
    me: str,
    report: PassReport,
    due_by: datetime | None = None,
) -> bool:
    """Claim, deliver and settle one message; False when none was due."""
    message = claim(session, me, cfg.lease, due_by)
    if message is None:
        return False
    mid, attempts = message.id, message.attempts + 1
    name = f"{message.created_at:%Y%m%d-%H%M%S}-{mid:08d}"
    try:
        mail = render(message, cfg.mail_from)  # a row that makes no e-mail counts as a failure
        session.commit()  # nothing is held open during the delivery
        transport.deliver(mail, name)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
        give_up = isinstance(exc, RefusedForGoodError) or attempts >= cfg.max_attempts
        values: dict[str, object] = {"attempts": attempts, "last_error": error}
        if give_up:
            values["status"] = OutboxStatus.FAILED
            report.failed += 1
        else:
            values["next_attempt_at"] = utcnow() + timedelta(seconds=backoff(cfg, attempts))
            report.retried += 1
        report.errors.append(f"message {mid}: {error}")
        log.warning("mail %s, attempt %s: %s", mid, attempts, error)
        _settle(session, mid, me, **values)
        return True
    if _settle(session, mid, me, status=OutboxStatus.SENT, attempts=attempts, sent_at=utcnow()):
        report.sent += 1
    else:
        log.warning("mail %s was delivered after its lease ran out", mid)
    return True


def send_pending(
    session: Session,
    cfg: SenderConfig,
    *,
    me: str | None = None,
    stop: threading.Event | None = None,
    limit: int | None = None,
    transport: Transport | None = None,
) -> PassReport:
    """One pass: deliver every due message (at most ``limit``), each outcome committed."""
    me = me or sender_name()
    report = PassReport()
    started = utcnow()
    own = transport is None
    transport = transport or transport_for(cfg)
    try:
        while not (stop is not None and stop.is_set()):
            if limit is not None and report.sent + report.failed + report.retried >= limit:
                break
            if not deliver_one(session, cfg, transport, me, report, started):
                break
    finally:
        if own:
            transport.close()
    report.left = pending_count(session)
    session.commit()
    return report


def pending_count(session: Session) -> int:
    """Messages not yet sent nor given up on (some perhaps waiting for a retry)."""
    stmt = select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
    return int(session.scalar(stmt) or 0)


def watch(
    session: Session,
    cfg: SenderConfig,
    stop: threading.Event,
    on_pass: Callable[[PassReport], None] | None = None,
    before_pass: Callable[[], object] | None = None,
) -> None:
    """Pass after pass, ``cfg.interval`` apart, until ``stop`` is set; errors wait a pass.

    ``before_pass`` runs first in each pass (the web layer composes notices into the outbox).
    """
    me = sender_name()
    while not stop.is_set():
        try:
            if before_pass is not None:
                before_pass()
            report = send_pending(session, cfg, me=me, stop=stop)
        except Exception as exc:  # the database away, a bug: say it in a line, try again later
            first = (str(exc).strip().splitlines() or [""])[0]
            log.error("mail sender: a pass failed (%s: %s)", type(exc).__name__, first)
            log.debug("mail sender: the failed pass", exc_info=exc)
            session.rollback()
        else:
            if on_pass is not None:
                on_pass(report)
        stop.wait(cfg.interval)
