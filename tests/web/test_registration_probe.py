"""Registration tells nobody whether an address has an account (issue 16, item 4): the same
answer, the same work (a password hash on both paths) and the same sign-in message afterwards;
and it is throttled like sign-in."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import OutboxMessage, User
from tests.factories import make_user
from webapp.services.accounts import operations

CHOSEN = "a long enough password"
#: Each browser's CSRF token, which differs whatever the address.
TOKEN = re.compile(r'(name="csrf[-_]token" (?:content|value)=)"[^"]*"')


def same_for_all(page: str, email: str) -> str:
    """The page without what differs between any two browsers (the token, the typed address)."""
    return TOKEN.sub(r"\1", page).replace(email, "EMAIL")


def register(client, email, **overrides):
    data = {"name": "Mele Tupou", "email": email, "password": CHOSEN, "confirm": CHOSEN,
            "role": "state", "state": "TON"}  # fmt: skip
    data.update(overrides)
    return client.post("/auth/register", data=data)


@pytest.fixture
def taken(session):
    make_user(session, email="taken@example.org", name="Owner Of The Address")
    session.commit()
    return "taken@example.org"


def test_a_taken_and_a_new_address_get_the_same_answers_then_and_at_sign_in(app, taken):
    seen = []
    for email in (taken, "brand.new@example.org"):
        client = app.test_client()
        answer = register(client, email)
        page = client.get(answer.headers["Location"])
        signing_in = client.post("/auth/login", data={"email": email, "password": CHOSEN})
        seen.append((
            answer.status_code, answer.headers["Location"],
            same_for_all(page.get_data(as_text=True), email),
            signing_in.status_code, same_for_all(signing_in.get_data(as_text=True), email),
        ))  # fmt: skip
    assert seen[0] == seen[1]


def test_both_paths_hash_the_password(app, session, taken, monkeypatch):
    calls = []
    real = operations.generate_password_hash

    def counting(password, *args, **kwargs):
        calls.append(password)
        return real(password, *args, **kwargs)

    monkeypatch.setattr(operations, "generate_password_hash", counting)
    client = app.test_client()
    for email in (taken, "brand.new@example.org"):
        calls.clear()
        assert register(client, email).status_code == 302
        assert calls == [CHOSEN], email


def test_a_taken_address_changes_no_account_and_writes_to_its_owner(app, session, taken):
    client = app.test_client()
    register(client, taken.upper(), name="Someone Else")
    owner = session.scalars(select(User)).one()
    assert owner.name == "Owner Of The Address"
    [mail] = session.scalars(select(OutboxMessage)).all()
    assert mail.to_address == taken
    assert "account with your address" in mail.subject


def test_registration_is_throttled_per_client_address(app, session):
    app.config["REGISTER_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    codes = [register(client, f"person{i}@example.org").status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
    page = register(client, "person9@example.org").get_data(as_text=True)
    assert "Too many registrations" in page
    assert 'value="person9@example.org"' in page  # the input is kept
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    assert register(other, "person10@example.org").status_code == 302
