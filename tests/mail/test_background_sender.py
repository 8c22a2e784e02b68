"""``cbmatch run`` sends the outbox's mail from a background thread, unless told not to."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

from models import db
from tests.conftest import CBMATCH, _cli_env
from tests.mail.conftest import mail_env
from webapp.cli_mail import start_background_sender
from webapp.services.mail.outbox import enqueue


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_cbmatch_run_delivers_what_is_enqueued_while_it_serves(mail_app, smtp, db_url, tmp_path):
    env = {**os.environ, **_cli_env(db_url), **mail_env(smtp)}
    proc = subprocess.Popen(  # noqa: S603 - our own console script
        [CBMATCH, "run", "--port", str(_free_port())],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with mail_app.app_context():
            message_id = enqueue(
                db.session(), to_address="ana@example.org", subject="Hi", text_body="Hello"
            ).message_id
            db.session.commit()
        smtp.wait_for(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert smtp.inbox.ids() == {message_id: 1}
    assert " * Mail: a background sender delivers to SMTP." in err


def test_no_background_sender_when_mail_sender_in_process_is_false(mail_app, smtp):
    mail_app.config["MAIL_SENDER_IN_PROCESS"] = False
    assert start_background_sender(mail_app) is None
    with mail_app.app_context():
        enqueue(db.session(), to_address="ana@example.org", subject="Hi", text_body="Hello")
        db.session.commit()
    time.sleep(0.5)
    assert smtp.inbox.received == []


def test_the_background_sender_stops_when_told(mail_app, smtp):
    sender = start_background_sender(mail_app)
    assert sender is not None
    with mail_app.app_context():
        enqueue(db.session(), to_address="ana@example.org", subject="Hi", text_body="Hello")
        db.session.commit()
    smtp.wait_for(1)
    # Stopped and joined before the app's engine is disposed: a thread still holding a database
    # connection then would leave it open in a discarded pool, to be garbage collected (and
    # warned about by psycopg) during some later test.
    assert sender.stop()
