"""The sign-in limit counts failures only, per account and per client address (issue 16, item 5):
a ministry behind one address signs in as often as it likes, a guesser is stopped whichever
address it comes from, and the lockout says when to try again, in the reader's language."""

from __future__ import annotations

import pytest

from models import db
from tests.factories import make_user

PW = "correct horse battery"


@pytest.fixture
def limited(app):
    """The app with low limits; each request in its own app context (and so its own language)."""
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"  # failures per account
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "5 per minute"  # failures per client address
    with app.app_context():
        for name in ("ana", "bob", "eve"):
            make_user(db.session, email=f"{name}@example.org")
        db.session.commit()
        db.session.remove()
    return app


def from_(app, address="192.0.2.1"):
    """A browser at client address ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client, email, password=PW, **headers):
    return client.post("/auth/login", data={"email": email, "password": password},
                       headers=headers)  # fmt: skip


def test_successful_sign_ins_are_not_counted(limited):
    ministry = from_(limited)
    for _ in range(4):
        for name in ("ana", "bob"):
            assert sign_in(ministry, f"{name}@example.org").status_code == 302
            ministry.post("/auth/logout")


def test_failures_lock_the_account_from_every_address(limited):
    guesser = from_(limited, "192.0.2.1")
    codes = [sign_in(guesser, "ana@example.org", "guess").status_code for _ in range(3)]
    assert codes == [422, 422, 422]
    page = sign_in(from_(limited, "198.51.100.9"), "ana@example.org")  # the right password
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert "Too many failed attempts to sign in" in text
    assert "Try again in 1 minute" in text
    assert sign_in(guesser, "bob@example.org").status_code == 302  # other accounts are not


def test_failures_lock_the_client_address_for_every_account(limited):
    guesser = from_(limited, "192.0.2.1")
    for i in range(5):
        assert sign_in(guesser, f"nobody{i}@example.org", "guess").status_code == 422
    assert sign_in(guesser, "eve@example.org").status_code == 429
    assert sign_in(from_(limited, "198.51.100.9"), "eve@example.org").status_code == 302


def test_the_lockout_says_when_in_the_readers_language(limited):
    guesser = from_(limited)
    for _ in range(3):
        sign_in(guesser, "ana@example.org", "guess")
    page = sign_in(guesser, "ana@example.org", **{"Accept-Language": "fr"})
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert "Réessayez dans 1 minute" in text
    assert 'value="ana@example.org"' in text  # the form is shown again, the address kept
