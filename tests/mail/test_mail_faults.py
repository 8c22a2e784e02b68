"""Faults of the sender: an SMTP outage, a sender killed with SIGKILL mid-batch, two senders at
once (on PostgreSQL when CBMATCH_TEST_POSTGRES_URL is set, else on SQLite). In each, every
message reaches the server exactly once, counted by Message-ID on the server's side."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import OutboxMessage, OutboxStatus, db
from tests.conftest import CBMATCH, _cli_env
from tests.mail.conftest import SmtpServer, mail_env
from webapp.services.mail.outbox import enqueue
from webapp.services.mail.sender import backoff, send_pending


def _enqueue(app, n: int, to: str = "ana@example.org") -> list[str]:
    with app.app_context():
        ids = [
            enqueue(
                db.session(), to_address=to, subject=f"Message {i}", text_body="Hello"
            ).message_id
            for i in range(n)
        ]
        db.session.commit()
    return ids


def _rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_an_smtp_outage_delays_every_message_and_loses_none(mail_app, smtp, sender_config):
    ids = _enqueue(mail_app, 6)
    cfg = sender_config()
    smtp.stop()  # connections refused
    with mail_app.app_context():
        began = datetime.now(UTC)
        first = send_pending(db.session(), cfg)
        ended = datetime.now(UTC)
        assert (first.sent, first.retried, first.left) == (0, 6, 6)
        rows = _rows(mail_app)
        assert {r.attempts for r in rows} == {1}
        assert all("ConnectionRefusedError" in r.last_error for r in rows)
        for row in rows:  # the first retry comes retry_base (0.2 s) after the attempt
            retry_at = _aware(row.next_attempt_at)
            assert began + timedelta(seconds=0.2) <= retry_at <= ended + timedelta(seconds=0.2)
        deadline = time.monotonic() + 10
        while min(r.attempts for r in _rows(mail_app)) < 3:  # tried again 0.2, then 0.4 s later
            assert time.monotonic() < deadline
            send_pending(db.session(), cfg)
            time.sleep(0.05)
        assert smtp.inbox.received == []
        smtp.start()
        deadline = time.monotonic() + 10
        while send_pending(db.session(), cfg).left:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert smtp.inbox.ids() == dict.fromkeys(ids, 1)
    rows = _rows(mail_app)
    assert {(r.status, r.claimed_by) for r in rows} == {(OutboxStatus.SENT, None)}
    assert min(r.attempts for r in rows) >= 4
    assert all("ConnectionRefusedError" in r.last_error for r in rows)  # the last error kept


def test_retries_wait_twice_as_long_each_time_up_to_the_most(sender_config):
    cfg = sender_config()
    assert [backoff(cfg, n) for n in range(1, 6)] == [0.2, 0.4, 0.8, 1.0, 1.0]


def test_a_sender_gives_up_after_its_attempts_and_at_once_on_a_refusal(
    mail_app, smtp, sender_config, cbmatch, monkeypatch
):
    smtp.inbox.refused.add("nobody@example.org")
    [refused] = _enqueue(mail_app, 1, to="nobody@example.org")
    [fine] = _enqueue(mail_app, 1)
    cfg = sender_config(MAIL_MAX_ATTEMPTS=2)
    with mail_app.app_context():
        report = send_pending(db.session(), cfg)
    assert (report.sent, report.failed, report.left) == (1, 1, 0)  # 550: no retry
    assert smtp.inbox.ids() == {fine: 1}
    smtp.stop()
    _enqueue(mail_app, 1)
    with mail_app.app_context():
        assert send_pending(db.session(), cfg).retried == 1
        time.sleep(0.25)
        assert send_pending(db.session(), cfg).failed == 1  # the second of two attempts
    status = cbmatch("mail", "status")
    assert status.code == 0
    lines = status.stdout.splitlines()
    assert lines[:3] == ["pending: 0", "sent: 1", "failed: 2"]
    assert "to nobody@example.org after 1 attempts: RefusedForGoodError" in lines[4]
    assert "after 2 attempts: ConnectionRefusedError" in lines[3]
    assert refused not in smtp.inbox.ids()


@contextmanager
def _sender(db_url: str, smtp: SmtpServer, tmp_path) -> Iterator[subprocess.Popen[str]]:
    """``cbmatch mail send --watch`` as a real process; stopped with SIGTERM if still running."""
    env = {**os.environ, **_cli_env(db_url), **mail_env(smtp)}
    proc = subprocess.Popen(  # noqa: S603 - our own console script
        [CBMATCH, "mail", "send", "--watch"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def _stop(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    return proc.returncode, out, err


def test_a_sender_killed_mid_batch_and_restarted_loses_nothing_and_sends_nothing_twice(
    mail_app, smtp, db_url, tmp_path
):
    ids = _enqueue(mail_app, 8)
    smtp.inbox.rcpt_delay = 0.3  # each delivery takes 0.3 s: the kill lands inside one
    with _sender(db_url, smtp, tmp_path) as proc:
        smtp.wait_for(2)
        assert smtp.inbox.in_rcpt.wait(10)  # the third is on the wire
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    arrived = len(smtp.inbox.received)
    assert 2 <= arrived < 8
    rows = _rows(mail_app)
    assert sum(r.status == OutboxStatus.SENT for r in rows) == arrived
    [held] = [r for r in rows if r.claimed_by is not None]  # its lease outlives the sender
    assert held.status == OutboxStatus.PENDING
    smtp.inbox.rcpt_delay = 0.0
    with _sender(db_url, smtp, tmp_path) as again:
        smtp.wait_for(8)  # the held one too, once its lease of 2 s ran out
        time.sleep(0.3)  # time for a duplicate to show
        code, _out, err = _stop(again)
    assert code == 0, err
    assert "Traceback" not in err
    assert err.rstrip().endswith("Stopped.")
    assert smtp.inbox.ids() == dict.fromkeys(ids, 1)
    assert {r.status for r in _rows(mail_app)} == {OutboxStatus.SENT}


def test_two_senders_at_once_send_each_message_once(mail_app, smtp, db_url, tmp_path):
    smtp.inbox.rcpt_delay = 0.03
    with _sender(db_url, smtp, tmp_path) as one, _sender(db_url, smtp, tmp_path) as two:
        for proc in (one, two):  # both started and polling
            assert proc.stderr is not None
            assert proc.stderr.readline().startswith("Sending mail to SMTP every 0.1 s")
        ids = _enqueue(mail_app, 40)
        smtp.wait_for(40)
        time.sleep(0.3)
        results = [_stop(one), _stop(two)]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    sent = [sum(int(n) for n in re.findall(r"^Sent (\d+)", out, re.M)) for _, out, _ in results]
    assert sum(sent) == 40
    assert min(sent) > 0, sent  # both took part
    assert smtp.inbox.ids() == dict.fromkeys(ids, 1)
