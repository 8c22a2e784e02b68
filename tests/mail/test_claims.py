"""Claims and leases, and the reading of CBMATCH_MAIL_URL."""

from __future__ import annotations

import socket
import time

import pytest

from models import OutboxMessage, OutboxStatus, db
from webapp.services.mail.outbox import enqueue
from webapp.services.mail.sender import _settle, claim
from webapp.services.mail.transport import MailConfigError, parse_url


def test_a_claimed_message_is_nobody_elses_until_its_lease_runs_out(mail_app):
    with mail_app.app_context():
        session = db.session()
        enqueue(session, to_address="ana@example.org", subject="Hi", text_body="Hello")
        session.commit()
        held = claim(session, "sender-a", lease=0.5)
        assert held is not None
        assert held.claimed_by == "sender-a"
        assert claim(session, "sender-b", lease=0.5) is None  # held: not due for another
        time.sleep(0.6)  # sender-a died; its lease runs out
        again = claim(session, "sender-b", lease=5)
        assert again is not None
        assert again.id == held.id
        # sender-a comes back to record its outcome: the message is no longer its own
        assert _settle(session, held.id, "sender-a", status=OutboxStatus.SENT) is False
        assert _settle(session, held.id, "sender-b", status=OutboxStatus.SENT) is True
        row = session.get(OutboxMessage, held.id, populate_existing=True)
        assert row is not None
        assert (row.status, row.claimed_by, row.claimed_until) == (OutboxStatus.SENT, None, None)
        assert claim(session, "sender-c", lease=5) is None  # sent: never claimed again


def test_mail_urls_are_read_with_their_defaults():
    plain = parse_url("smtp://mailer%40un.org:p%3Ass@smtp.example.org:587")
    assert (plain.host, plain.port, plain.tls) == ("smtp.example.org", 587, False)
    assert (plain.username, plain.password) == ("mailer@un.org", "p:ss")
    tls = parse_url("smtps://smtp.example.org")
    assert (tls.port, tls.tls, tls.username) == (465, True, None)
    assert parse_url("smtp://localhost").port == 25


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://smtp.example.org", "use smtp:// or smtps://"),
        ("smtp://", "no host"),
        ("smtp://smtp.example.org:port", "the port is not a number"),
    ],
)
def test_a_bad_mail_url_is_named(url, says):
    with pytest.raises(MailConfigError, match=says):
        parse_url(url)


def test_a_password_is_not_sent_to_a_server_that_offers_no_starttls(mail_app, sender_config):
    from aiosmtpd.controller import Controller

    from tests.mail.conftest import Inbox
    from webapp.services.mail.sender import send_pending

    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.2", port=port)  # not a name of this machine's
    server.start()
    try:
        with mail_app.app_context():
            enqueue(db.session(), to_address="ana@example.org", subject="Hi", text_body="Hello")
            db.session.commit()
            cfg = sender_config(MAIL_URL=f"smtp://mailer:secret@127.0.0.2:{port}")
            report = send_pending(db.session(), cfg)
            [row] = db.session.query(OutboxMessage).all()
    finally:
        server.stop()
    assert (report.sent, report.retried) == (0, 1)
    assert "127.0.0.2 offers no STARTTLS: the password is not sent in clear" in row.last_error
    assert inbox.received == []
