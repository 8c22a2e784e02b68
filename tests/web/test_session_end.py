"""Sessions that really end (issue 16, item 3): a copied cookie dies with sign-out, deactivation
and a password reset, and every session expires after an idle time and a maximum age, the
remember-me cookie included."""

from __future__ import annotations

import time

import pytest
from flask_login import login_user

from models import Role, db
from tests.factories import make_user

PW = "correct horse battery"


class Clock:
    """``time.time`` under the test's control (starting now); ``advance`` moves it on."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


@pytest.fixture
def ana(session):
    user = make_user(session, email="ana@example.org")
    session.commit()
    return user


def signed_in(app, email="ana@example.org"):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302
    return client


def copy_of(app, client):
    """Another browser holding a copy of ``client``'s cookies (a stolen or shared cookie)."""
    other = app.test_client()
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def is_signed_in(client) -> bool:
    response = client.get("/home")
    if response.status_code == 302:
        assert "/auth/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def test_signing_out_ends_a_copied_cookie(app, ana):
    browser = signed_in(app)
    thief = copy_of(app, browser)
    assert is_signed_in(thief)
    browser.post("/auth/logout")
    assert not is_signed_in(browser)
    assert not is_signed_in(thief)


def test_signing_out_says_every_session_of_the_account_ends(app, ana):
    browser = signed_in(app)
    elsewhere = signed_in(app)
    page = browser.post("/auth/logout", follow_redirects=True).get_data(as_text=True)
    assert "every other browser and device" in page
    assert not is_signed_in(elsewhere)


def test_a_password_reset_and_a_deactivation_end_a_copied_cookie(app, session, ana):
    from webapp.services.accounts import operations, recovery

    thief = copy_of(app, signed_in(app))
    recovery.reset_password(session, ana, "a brand new passphrase")
    session.commit()
    assert not is_signed_in(thief)
    bob = make_user(session, email="bob@example.org")
    admin = make_user(session, email="admin@example.org", role=Role.ADMIN, state_code=None)
    session.commit()
    thief = copy_of(app, signed_in(app, "bob@example.org"))
    assert is_signed_in(thief)
    operations.deactivate(session, bob, admin, reason="left the ministry")
    session.commit()
    assert not is_signed_in(thief)


def test_a_session_ends_after_the_idle_time(app, ana, clock):
    app.config["SESSION_IDLE_MINUTES"] = 30
    browser = signed_in(app)
    clock.advance(29)
    assert is_signed_in(browser)  # each request starts the idle time again
    clock.advance(29)
    assert is_signed_in(browser)
    thief = copy_of(app, browser)
    clock.advance(31)
    assert not is_signed_in(thief)
    assert not is_signed_in(browser)
    page = browser.get("/auth/login").get_data(as_text=True)
    assert "30 minutes without activity" in page


def test_a_session_ends_at_its_maximum_age_however_active(app, ana, clock):
    app.config["SESSION_MAX_HOURS"] = 2
    browser = signed_in(app)
    for _ in range(5):
        clock.advance(20)
        assert is_signed_in(browser)
    clock.advance(21)  # 2 h 1 min after signing in
    assert not is_signed_in(browser)


def remember_cookie(app, user) -> str:
    """The remember-me cookie a sign-in with "remember me" sets."""
    with app.test_request_context("/"):
        login_user(user, remember=True)
        response = app.process_response(app.make_response("signed in"))
    [cookie] = [c for c in response.headers.getlist("Set-Cookie")
                if c.startswith("remember_token=")]  # fmt: skip
    return cookie.split(";", 1)[0].split("=", 1)[1]


def test_the_remember_me_cookie_obeys_sign_out_and_the_maximum_age(app, session, ana, clock):
    app.config["SESSION_MAX_HOURS"] = 2
    app.config["SESSION_IDLE_MINUTES"] = 30
    value = remember_cookie(app, ana)
    db.session.remove()
    browser = app.test_client()
    browser.set_cookie("remember_token", value)
    assert is_signed_in(browser)
    for _ in range(5):  # the browser keeps it fresh while in use...
        clock.advance(20)
        assert is_signed_in(browser)
        alone = app.test_client()  # its remember-me cookie alone (the browser was closed)
        alone.set_cookie("remember_token", browser.get_cookie("remember_token").value)
        assert is_signed_in(alone)
    clock.advance(21)  # ... but not beyond the maximum age
    alone.set_cookie("remember_token", browser.get_cookie("remember_token").value)
    assert not is_signed_in(alone)
    assert not is_signed_in(browser)
    stale = app.test_client()  # a copy left unused longer than the idle time
    stale.set_cookie("remember_token", remember_cookie(app, ana))
    clock.advance(31)
    assert not is_signed_in(stale)
    fresh = app.test_client()  # and signing out ends it
    fresh.set_cookie("remember_token", remember_cookie(app, ana))
    thief = copy_of(app, fresh)
    assert is_signed_in(fresh)
    fresh.post("/auth/logout")
    thief.delete_cookie("session")
    assert not is_signed_in(thief)
