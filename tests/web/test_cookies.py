"""Session and remember-me cookies: Secure, HttpOnly, SameSite=Lax; plain on local HTTP only."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask_login import login_user

from models import db
from tests.factories import make_user
from webapp import create_app

CBMATCH = str(Path(sys.executable).with_name("cbmatch"))


def session_cookie(app) -> str:
    """The Set-Cookie header of the session cookie a first visit to the sign-in page gets."""
    response = app.test_client().get("/auth/login")
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "the sign-in page sets the session cookie (its CSRF token)"
    return cookies[0]


@pytest.fixture
def build(db_url):
    """Make apps on the test's database (not in TESTING unless asked); their engines are closed."""
    apps = []

    def make(**config):
        app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "test-key", **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def no_cookie_env(monkeypatch):
    for key in ("CBMATCH_SESSION_COOKIE_SECURE", "CBMATCH_REMEMBER_COOKIE_SECURE",
                "CBMATCH_LOCAL_HTTP", "CBMATCH_TESTING"):  # fmt: skip
        monkeypatch.delenv(key, raising=False)


def test_a_production_app_sends_only_secure_httponly_lax_cookies(build, no_cookie_env):
    app = build()
    cookie = session_cookie(app)
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


@pytest.mark.parametrize("flag", ["TESTING", "LOCAL_HTTP"])
def test_tests_and_the_local_server_use_plain_cookies(build, no_cookie_env, flag):
    cookie = session_cookie(build(**{flag: True}))
    assert "Secure" not in cookie
    assert "; HttpOnly" in cookie


def test_an_explicit_setting_wins(build, no_cookie_env, monkeypatch):
    monkeypatch.setenv("CBMATCH_SESSION_COOKIE_SECURE", "false")  # e.g. TLS ends elsewhere
    assert "Secure" not in session_cookie(build())
    assert "; Secure" in session_cookie(build(TESTING=True, SESSION_COOKIE_SECURE=True))


def test_the_remember_me_cookie_has_the_same_flags(build, no_cookie_env):
    app = build()
    with app.app_context():
        user = make_user(db.session, email="r@example.org")
        db.session.commit()
        with app.test_request_context("/"):
            login_user(user, remember=True)
            response = app.process_response(app.make_response("signed in"))
        db.session.remove()
    [cookie] = [
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")
    ]
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cbmatch_run_on_loopback_serves_plain_http_cookies(db_url, tmp_path, no_cookie_env):
    """`cbmatch run` on 127.0.0.1 must let a browser sign in over http://, so no Secure flag."""
    port = _free_port()
    env = {**os.environ, "CBMATCH_DATABASE_URL": db_url, "CBMATCH_SECRET_KEY": "test-key"}
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [CBMATCH, "run", "--port", str(port), "--no-reload"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline, response = time.monotonic() + 60, None
        while response is None and time.monotonic() < deadline:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/login", timeout=5)
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.3)
        assert response is not None, "the server did not answer within 60 s"
        cookie = next(c for c in response.headers.get_all("Set-Cookie") if c.startswith("session="))
        assert "Secure" not in cookie
        assert "HttpOnly" in cookie
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "Plain HTTP on this machine only: cookies are not marked Secure." in stderr
