"""The outbox: a message goes out only when its transaction commits, once, complete, to the
right person; without CBMATCH_MAIL_URL it is written to the instance folder."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from models import OutboxMessage, OutboxStatus, db
from tests.mail.conftest import FAST
from webapp.services.mail.outbox import enqueue
from webapp.services.mail.sender import from_settings, send_pending


def _enqueue(n: int = 1, **fields: str) -> list[OutboxMessage]:
    values = {
        "to_address": "ana@example.org",
        "to_name": "Ana Ruiz",
        "subject": "Une proposition vous attend",
        "text_body": "Bonjour,\n\nUne proposition attend votre réponse.",
        "html_body": "<p>Bonjour,</p><p>Une proposition attend votre <b>réponse</b>.</p>",
        "locale": "fr",
        "kind": "proposal_received",
        **fields,
    }
    return [enqueue(db.session(), **values) for _ in range(n)]  # type: ignore[arg-type]


def test_a_message_whose_transaction_is_rolled_back_is_never_sent(mail_app, smtp, sender_config):
    with mail_app.app_context():
        _enqueue(3)
        db.session.rollback()
        report = send_pending(db.session(), sender_config())
    assert (report.sent, report.left) == (0, 0)
    assert smtp.inbox.received == []


def test_a_committed_message_arrives_once_with_both_parts(mail_app, smtp, sender_config):
    with mail_app.app_context():
        [message] = _enqueue(extra_headers={"List-Unsubscribe": "<https://cbmatch.test/u/x>"})
        message_id = message.message_id
        db.session.commit()
        first = send_pending(db.session(), sender_config())
        again = send_pending(db.session(), sender_config())
        row = db.session.scalars(select(OutboxMessage)).one()
        assert (row.status, row.attempts, row.claimed_by) == (OutboxStatus.SENT, 1, None)
        assert row.sent_at is not None
    assert (first.sent, first.left, again.sent) == (1, 0, 0)
    [mail] = smtp.inbox.received
    assert mail["X-Envelope-To"] == "ana@example.org"
    assert mail["To"] == "Ana Ruiz <ana@example.org>"
    assert mail["From"] == "cbmatch <noreply@cbmatch.test>"
    assert mail["Subject"] == "Une proposition vous attend"
    assert mail["Message-ID"] == message_id
    assert message_id.endswith("@cbmatch.test>")
    assert mail["List-Unsubscribe"] == "<https://cbmatch.test/u/x>"
    assert mail["Date"]
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None
    assert "attend votre réponse." in text.get_content()
    assert html is not None
    assert "<b>réponse</b>" in html.get_content()


@pytest.mark.parametrize(
    "subject",
    [
        "Предложение: «Обучение группы реагирования на компьютерные инциденты» для вашей "
        "потребности «Национальный CSIRT»",
        "协调中心提议：“国家计算机应急响应小组的事件响应培训” 对应您的需求 “国家 CSIRT 能力建设”",
        "اقترحت جهة التنسيق عرض «تدريب فريق الاستجابة للحوادث الحاسوبية» لاحتياجك «بناء القدرات»",
        "La Fédération propose « Formation à la réponse aux incidents pour l’équipe nationale »",
    ],
)
def test_a_long_subject_in_any_language_arrives_with_every_space(
    mail_app, smtp, sender_config, subject
):
    with mail_app.app_context():
        _enqueue(subject=subject)
        db.session.commit()
        send_pending(db.session(), sender_config())
    [mail] = smtp.inbox.received
    assert mail["Subject"] == subject


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("to_address", "not an address"),
        ("subject", "Hello\r\nBcc: victim@example.org"),
        ("to_name", "Ana\nBcc: victim@example.org"),
    ],
)
def test_a_message_that_would_not_be_a_valid_email_is_refused_before_writing(
    mail_app, field, value
):
    with mail_app.app_context():
        with pytest.raises(ValueError, match=r"."):
            _enqueue(**{field: value})
        db.session.rollback()
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_header_of_the_outbox_cannot_be_replaced(mail_app):
    with mail_app.app_context(), pytest.raises(ValueError, match="Message-ID"):
        _enqueue(extra_headers={"Message-ID": "<forged@example.org>"})


def test_without_a_mail_url_each_message_is_an_eml_file_in_the_instance_folder(app, tmp_path):
    app.config.update(FAST, MAIL_URL=None)
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        ids = [m.message_id for m in _enqueue(2)]
        db.session.commit()
        report = send_pending(db.session(), from_settings())
        again = send_pending(db.session(), from_settings())
    assert (report.sent, again.sent) == (2, 0)
    files = sorted(Path(app.instance_path, "mail").glob("*.eml"))
    assert len(files) == 2
    mails = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert sorted(str(m["Message-ID"]) for m in mails) == sorted(ids)
    assert all(m["To"] == "Ana Ruiz <ana@example.org>" for m in mails)
    assert not list(Path(app.instance_path, "mail").glob(".*"))  # no temporary file left


def test_cli_send_and_status_report_in_words(cbmatch, mail_app, smtp, monkeypatch):
    with mail_app.app_context():
        _enqueue(2)
        db.session.commit()
    for name, value in {**FAST, "MAIL_URL": smtp.url}.items():
        monkeypatch.setenv(f"CBMATCH_{name}", str(value))
    sent = cbmatch("mail", "send")
    assert sent.code == 0, sent.stderr
    assert sent.stdout.strip() == "Sent 2, failed 0, left 0."
    status = cbmatch("mail", "status")
    assert status.stdout.splitlines() == ["pending: 0", "sent: 2", "failed: 0"]
    assert len(smtp.inbox.received) == 2


def test_cli_says_a_bad_mail_url_in_one_line(cbmatch, monkeypatch):
    monkeypatch.setenv("CBMATCH_MAIL_URL", "http://mail.example.org")
    result = cbmatch("mail", "send")
    assert result.code == 1
    assert result.stderr.strip() == ("Error: CBMATCH_MAIL_URL: use smtp:// or smtps://, not 'http'")
