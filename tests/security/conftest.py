"""Fixtures of the security tests, and a summary printed at the end of the pytest run.

The summary (routes x identities checked, unexpected grants, fuzz examples run...) is printed
after the results, so CI shows the acceptance figures without ``-s``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any
from unittest.mock import patch

import pytest
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from models import User
from tests.security.support import IDENTITIES, PW, Identities, World, build_world

SUMMARY = pytest.StashKey[dict[str, list[str]]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SUMMARY] = {}


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines = config.stash.get(SUMMARY, {})
    if not lines:
        return
    terminalreporter.section("security summary")
    for name, values in lines.items():
        terminalreporter.write_line(f"{name}: {'; '.join(values)}")


@pytest.fixture
def summary(request: pytest.FixtureRequest):
    """``summary(name, text)`` adds a line to the report printed at the end of the run."""

    def record(name: str, value: str) -> None:
        request.config.stash[SUMMARY].setdefault(name, []).append(value)

    return record


@pytest.fixture
def world(app: Flask, session: Session) -> World:
    """The records, and each identity's session cookie.

    Accounts share one password hash and are signed in by writing Flask-Login's session keys,
    which spares sixteen scrypt runs per test; the pending account really tries the sign-in
    form, which must refuse it.
    """
    with patch("webapp.services.accounts.hash_password", lambda _: _password_hash()):
        w = build_world(session)
    ids = {name: session.get(User, w.ids[f"user_{name}"]) for name in w.users}
    for identity in IDENTITIES:
        client = app.test_client()
        if identity == "pending":
            client.post("/auth/login", data={"email": w.users[identity], "password": PW})
            client.get("/auth/registered")  # shows, and so drops, the flashed refusal
        elif identity in w.users:
            with client.session_transaction() as s:
                s["_user_id"], s["_fresh"] = ids[identity].get_id(), True
        cookie = client.get_cookie("session")
        w.cookies[identity] = cookie.value if cookie else None
    assert w.cookies["pending"] is None or "_user_id" not in _session_of(app, w.cookies["pending"])
    return w


@cache
def _password_hash() -> str:
    return generate_password_hash(PW)


def _session_of(app: Flask, cookie: str) -> dict[str, Any]:
    serializer = app.session_interface.get_signing_serializer(app)
    return dict(serializer.loads(cookie))


@pytest.fixture
def identities(app: Flask, world: World) -> Identities:
    """A client per identity, signed in as it before each request."""
    return Identities(app, world)


@pytest.fixture
def sandbox(session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """Views' commits only flush; the test calls ``session.rollback()`` to undo a request."""
    real = session()
    monkeypatch.setattr(real, "commit", real.flush)
    yield session
    session.rollback()
