"""Account recovery: asking for a link says the same for any address and writes to active
accounts only, in their language; the link works once, for an hour, until the password changes;
using it ends every session; the administrator sends the same link."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from models import AuditEntry, OutboxMessage, Role, User, UserStatus
from tests.factories import make_user

PW = "correct horse battery"
NEW = "a brand new passphrase"


def login(client, email, password=PW):
    return client.post("/auth/login", data={"email": email, "password": password})


def ask(client, email, **headers):
    return client.post("/auth/reset-password", data={"email": email}, headers=headers)


def mails(session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def link_path(message: OutboxMessage) -> str:
    """The path of the reset link in the mail, checked to be the same in both parts."""
    found = re.search(r"https?://[^/\s]+(/auth/reset-password/[A-Za-z0-9._-]+)", message.text_body)
    assert found, message.text_body
    assert found.group(0) in (message.html_body or "")
    return found.group(1)


def set_password(client, path, password=NEW, confirm=None):
    data = {"password": password, "confirm": confirm or password}
    return client.post(path, data=data)


@pytest.fixture
def ana(session):
    user = make_user(session, email="ana@example.org", name="Ana Ruiz")
    session.commit()
    return user


def test_the_sign_in_page_links_to_the_reset_form(client, session):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/reset-password"' in page
    assert client.get("/auth/reset-password").status_code == 200


def test_a_known_and_an_unknown_address_get_the_same_page_and_only_the_known_one_a_mail(
    client, session, ana
):
    known = ask(client, "ana@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"] == "/auth/reset-password-sent"
    assert known.get_data() == unknown.get_data()
    assert b"data-reset-sent" in client.get(known.headers["Location"]).data
    sent = mails(session)
    assert [m.to_address for m in sent] == ["ana@example.org"]
    assert sent[0].kind == "password_reset"
    assert sent[0].html_body
    assert "Ana Ruiz" in sent[0].text_body


@pytest.mark.parametrize("status", [UserStatus.PENDING, UserStatus.REFUSED, UserStatus.DISABLED])
def test_an_account_that_is_not_active_gets_no_mail(client, session, ana, status):
    ana.status = status
    session.commit()
    page = ask(client, ana.email)
    assert page.headers["Location"] == "/auth/reset-password-sent"
    assert mails(session) == []


def test_the_mail_is_in_the_accounts_saved_language_else_the_requests(client, session, ana):
    ask(client, ana.email, **{"Accept-Language": "ru"})
    ana.locale = "fr"
    session.commit()
    ask(client, ana.email, **{"Accept-Language": "ru"})
    first, second = mails(session)
    assert (first.locale, first.subject) == ("ru", "Задайте новый пароль для cbmatch")
    assert second.locale == "fr"
    assert second.subject == "Choisissez un nouveau mot de passe pour cbmatch"
    assert "Bonjour Ana Ruiz" in second.text_body
    assert 'lang="fr"' in (second.html_body or "")


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, session, ana):
    elsewhere = app.test_client()
    assert login(elsewhere, ana.email).status_code == 302
    client = app.test_client()
    ask(client, ana.email)
    path = link_path(mails(session)[0])
    form = client.get(path)
    assert form.status_code == 200
    assert b"ana@example.org" in form.data
    done = set_password(client, path)
    assert done.headers["Location"] == "/auth/reset-password-done"
    said = client.get(done.headers["Location"]).data
    assert b"data-reset-done" in said
    assert b'href="/auth/login"' in said
    assert elsewhere.get("/auth/password").status_code == 302  # that session ended
    logged = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "user", AuditEntry.action == "update")
    ).all()
    assert [(e.actor_id, e.actor) for e in logged] == [
        (ana.id, "Ana Ruiz <ana@example.org> (reset link)")
    ]
    assert login(client, ana.email).status_code == 422  # the old password is gone
    assert login(client, ana.email, NEW).status_code == 302
    again = app.test_client().get(path)
    assert again.status_code == 410
    assert b"data-reset-invalid" in again.data
    assert b'href="/auth/reset-password"' in again.data


def test_the_new_password_follows_the_rules_of_a_password_change(client, session, ana):
    ask(client, ana.email)
    path = link_path(mails(session)[0])
    short = set_password(client, path, "short")
    assert short.status_code == 422
    assert b"password-error" in short.data
    differ = set_password(client, path, NEW, "something else entirely")
    assert differ.status_code == 422
    assert b"The passwords differ." in differ.data
    assert login(client, ana.email).status_code == 302  # nothing changed


def test_a_link_expires_after_an_hour(client, session, ana, monkeypatch):
    ask(client, ana.email)
    path = link_path(mails(session)[0])
    now = int(time.time())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now + 3590)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now + 3601)
    expired = client.get(path)
    assert expired.status_code == 410
    assert set_password(client, path).status_code == 410
    assert login(client, ana.email).status_code == 302  # the old password still works


def test_a_link_dies_when_the_password_changes_otherwise(client, session, ana):
    ask(client, ana.email)
    path = link_path(mails(session)[0])
    login(client, ana.email)
    client.post("/auth/password", data={"current": PW, "password": NEW, "confirm": NEW})
    assert client.get(path).status_code == 410


def test_a_forged_or_altered_link_opens_nothing(client, session, ana):
    ask(client, ana.email)
    path = link_path(mails(session)[0])
    token = path.rsplit("/", 1)[1]
    altered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    for bad in (altered, "not-a-token", token.split(".")[0]):
        page = client.get(f"/auth/reset-password/{bad}")
        assert page.status_code == 410, bad
    assert set_password(client, f"/auth/reset-password/{altered}").status_code == 410


def test_asking_is_rate_limited_like_sign_in(app, session, ana):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    codes = [ask(client, f"x{i}@example.org").status_code for i in range(4)]
    assert codes == [303, 303, 303, 429]


def test_the_form_names_a_missing_address(client, session):
    page = client.post("/auth/reset-password", data={"email": ""})
    assert page.status_code == 422
    assert b"email-error" in page.data


# --- the administrator's button --------------------------------------------------------------


@pytest.fixture
def as_admin(app, session):
    make_user(session, role=Role.ADMIN, state_code=None, email="admin@example.org")
    session.commit()
    client = app.test_client()
    assert login(client, "admin@example.org").status_code == 302
    return client


def test_the_admin_sends_an_active_account_a_link_which_is_logged(session, ana, as_admin):
    page = as_admin.get(f"/admin/accounts/{ana.id}").get_data(as_text=True)
    assert f'action="/admin/accounts/{ana.id}/send-reset"' in page
    sent = as_admin.post(f"/admin/accounts/{ana.id}/send-reset")
    assert sent.status_code == 302
    message = mails(session)[0]
    assert message.to_address == ana.email
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "reset")).one()
    assert entry.record == ana.email
    assert entry.actor_id is not None
    assert "sent a password reset link to the account" in as_admin.get(
        f"/admin/accounts/{ana.id}"
    ).get_data(as_text=True)
    client = as_admin.application.test_client()
    assert set_password(client, link_path(message)).status_code == 303
    assert login(client, ana.email, NEW).status_code == 302


def test_the_admin_cannot_send_a_link_to_an_account_that_is_not_active(session, ana, as_admin):
    ana.status = UserStatus.DISABLED
    session.commit()
    page = as_admin.get(f"/admin/accounts/{ana.id}").get_data(as_text=True)
    assert "send-reset" not in page
    as_admin.post(f"/admin/accounts/{ana.id}/send-reset")
    assert mails(session) == []
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "reset")) is None


def test_only_the_admin_may_send_a_link(app, session, ana):
    client = app.test_client()
    login(client, ana.email)
    assert client.post(f"/admin/accounts/{ana.id}/send-reset").status_code == 403
    assert mails(session) == []
    assert session.get(User, ana.id) is not None
