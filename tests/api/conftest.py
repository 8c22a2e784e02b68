"""One world per module for the API tests: a copy of the demo data and an app on it.

The demo holds 62 needs (6 of them confidential), 70 offers, events, States and centres; the
API only reads, so every test of a module shares the same database and client.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from models import Need, NeedStatus, db
from tests.conftest import Databases, make_app


@dataclass
class ApiWorld:
    app: Flask
    client: FlaskClient
    #: refs of the needs an anonymous visitor must never see through the API
    hidden: frozenset[str]
    #: refs of the open public needs
    open_public: frozenset[str]


@pytest.fixture(scope="module")
def api_world(
    databases: Databases, prepared_demo: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiWorld]:
    url = databases.new(tmp_path_factory.mktemp("api"), prepared_demo)
    app = make_app(url)
    with app.app_context():
        needs = db.session.scalars(select(Need)).all()
        hidden = frozenset(n.ref for n in needs if n.confidential or n.status is NeedStatus.DRAFT)
        open_public = frozenset(
            n.ref for n in needs if n.status is NeedStatus.OPEN and not n.confidential
        )
        db.session.remove()
    yield ApiWorld(app, app.test_client(), hidden, open_public)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


API_SUMMARY = pytest.StashKey[list[str]]()


@pytest.fixture
def summary(request: pytest.FixtureRequest):
    """``summary(name, text)`` adds a line to the "API summary" printed at the end of the run."""

    def record(name: str, value: str) -> None:
        request.config.stash.setdefault(API_SUMMARY, []).append(f"{name}: {value}")

    return record


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    lines = config.stash.get(API_SUMMARY, [])
    if lines:
        terminalreporter.section("API summary")
        for line in lines:
            terminalreporter.write_line(line)


#: The demo accounts the party tests act as, and the scopes of their tokens (by name).
PARTY_TOKENS = {
    "state": ("aissatou.ndiaye@cbmatch.example", ["read", "write_needs", "answer_proposals"]),
    "state_read": ("aissatou.ndiaye@cbmatch.example", ["read"]),
    "state_conf": ("wanjiru.kamau@cbmatch.example", ["read", "write_needs", "answer_proposals"]),
    "provider": ("priya.raman@cbmatch.example", ["read", "write_offers", "answer_proposals"]),
    "provider_read": ("priya.raman@cbmatch.example", ["read"]),
    "provider_other": ("kadri.tamm@cbmatch.example", ["read", "write_offers"]),
    "focal": ("focal.point@cbmatch.example", ["read", "propose"]),
}


@dataclass
class PartyWorld:
    app: Flask
    client: FlaskClient
    #: token name -> its secret (``PARTY_TOKENS``)
    secrets: dict[str, str]

    def auth(self, name: str) -> dict[str, str]:
        """The Authorization header of the named token."""
        return {"Authorization": f"Bearer {self.secrets[name]}"}


@pytest.fixture(scope="module")
def party_world(
    databases: Databases, prepared_demo: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PartyWorld]:
    """A copy of the demo data, with one access token per entry of ``PARTY_TOKENS``."""
    from models import User
    from webapp.services.accounts import tokens

    url = databases.new(tmp_path_factory.mktemp("party"), prepared_demo)
    app = make_app(url)
    app.config["API_RATE_LIMIT"] = "100000 per minute"  # Schemathesis sends many
    secrets = {}
    with app.app_context():
        for name, (email, scopes) in PARTY_TOKENS.items():
            user = db.session.scalars(select(User).where(User.email == email)).one()
            made = tokens.create(db.session(), user, tokens.TokenInput(name, scopes))
            secrets[name] = made.secret
        db.session.commit()
        db.session.remove()
    yield PartyWorld(app, app.test_client(), secrets)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)
