"""Writing a message to the outbox, and turning a row into the e-mail that goes out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import OutboxMessage, OutboxStatus
from webapp.services import infra

DEFAULT_FROM = "cbmatch <noreply@localhost>"

#: Headers the outbox sets itself; ``extra_headers`` may not replace them.
OWN_HEADERS = frozenset(
    {"from", "to", "subject", "date", "message-id", "content-type", "mime-version"}
)


def enqueue(
    session: Session,
    *,
    to_address: str,
    subject: str,
    text_body: str,
    html_body: str | None = None,
    to_name: str = "",
    locale: str = "en",
    kind: str = "message",
    extra_headers: Mapping[str, str] | None = None,
) -> OutboxMessage:
    """Add one message to the outbox in the caller's transaction (flushed, never committed).

    It goes out only if the caller commits. Raises ValueError when the address, a header or the
    subject cannot make a valid e-mail (a line break, a malformed address), before anything is
    written.
    """
    headers = dict(extra_headers or {})
    for name in headers:
        if name.lower() in OWN_HEADERS:
            raise ValueError(f"header {name}: set by the outbox itself")
    Address(addr_spec=to_address)  # ValueError when malformed
    mail_from = infra.setting("MAIL_FROM") or DEFAULT_FROM
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    message = OutboxMessage(
        message_id=make_msgid(domain=domain),
        kind=kind,
        locale=locale,
        to_address=to_address,
        to_name=to_name,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        headers=headers,
        status=OutboxStatus.PENDING,
        attempts=0,
        last_error="",
    )
    render(message, mail_from)  # refuses line breaks in headers, now
    session.add(message)
    session.flush()
    return message


def render(message: OutboxMessage, sender: str) -> EmailMessage:
    """The e-mail of an outbox row: plain text, and HTML as its alternative when there is one.

    Every header comes from the row (the Date is when it was enqueued), so a resend is the
    same e-mail with the same Message-ID.
    """
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = Address(display_name=message.to_name, addr_spec=message.to_address)
    _set_subject(mail, message.subject)
    if message.created_at is not None:
        mail["Date"] = format_datetime(_aware(message.created_at))
    mail["Message-ID"] = message.message_id
    for name, value in (message.headers or {}).items():
        mail[name] = str(value)
    mail.set_content(message.text_body)
    if message.html_body:
        mail.add_alternative(message.html_body, subtype="html")
    return mail


def _set_subject(mail: EmailMessage, subject: str) -> None:
    """Set the Subject so that any reader decodes it to ``subject``, every space kept.

    Python 3.11's folder drops the space between two encoded words when it splits a long
    non-ASCII subject (CPython gh-121284, fixed in 3.12.5): "Обучение группы" arrived as
    "Обучениегруппы". The legacy encoder keeps each space inside an encoded word, and its
    lines are short enough that the policy leaves them as they are.
    """
    if any(c in subject for c in "\r\n"):
        raise ValueError("subject: a line break cannot be in a header")
    if subject.isascii():
        mail["Subject"] = subject
    else:
        mail.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def counts(session: Session) -> dict[OutboxStatus, int]:
    """How many messages are pending, sent and failed."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    found = {OutboxStatus(status): int(n) for status, n in rows}
    return {status: found.get(status, 0) for status in OutboxStatus}


def failed(session: Session, limit: int = 50) -> list[OutboxMessage]:
    """The messages given up on, newest first, for the admin to see."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
