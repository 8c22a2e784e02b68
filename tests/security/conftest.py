"""Fixtures of the security tests, and a summary printed at the end of the pytest run.

The summary (routes x identities checked, unexpected grants, fuzz examples run...) is printed
after the results, so CI shows the acceptance figures without ``-s``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, request
from sqlalchemy.orm import Session

from models import db
from tests.conftest import BACKEND, PROFILE, Databases, make_app
from tests.security.support import Identities, Prepared, World, populate

SUMMARY = pytest.StashKey[dict[str, list[str]]]()


@pytest.fixture(scope="session", autouse=True)
def _one_pdf_per_document() -> Iterator[None]:
    """WeasyPrint lays out each distinct document once for the security tests.

    They open every printable page as every identity, with and without a hidden record, and
    most of those documents are the same HTML, whose PDF is the same: laying it out again is
    half a second each time. A document that differs (what the tests look for) is laid out
    on its own, as the site does.
    """
    from webapp import printing

    made: dict[tuple[str, str], bytes] = {}
    render = printing.render_pdf

    def render_once(html: str) -> bytes:
        key = (html, request.url_root)  # what the PDF is made from, with its stylesheets
        if key not in made:
            made[key] = render(html)
        return made[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(printing, "render_pdf", render_once)
        yield


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SUMMARY] = {}


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines = config.stash.get(SUMMARY, {})
    if not lines:
        return
    terminalreporter.section("security summary")
    for name, values in lines.items():
        terminalreporter.write_line(f"{name}: {'; '.join(values)}")
    fuzz = lines.get("fuzz examples", [])
    if fuzz:
        total = sum(int(v.rsplit(" ", 1)[1]) for v in fuzz)
        terminalreporter.write_line(
            f"fuzz examples in total: {total} (Hypothesis profile {PROFILE}, {BACKEND}),"
            " with no server error"
        )


@pytest.fixture
def summary(request: pytest.FixtureRequest):
    """``summary(name, text)`` adds a line to the report printed at the end of the run."""

    def record(name: str, value: str) -> None:
        request.config.stash[SUMMARY].setdefault(name, []).append(value)

    return record


WORLD = "security-world"


@pytest.fixture(scope="session")
def prepared_world(databases: Databases) -> Prepared:
    """The world, populated once in the template WORLD that the tests acting in it copy."""
    made: list[Prepared] = []

    def fill(url: str) -> None:
        app = make_app(url)
        with app.app_context():
            made.append(Prepared.of(app, populate(app, db.session)))
            db.session.remove()
            db.engine.dispose()

    databases.prepare(WORLD, fill)
    return made[0]


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> str | None:
    """A copy of the world for the tests that act in it; the reference data only for the rest."""
    if {"world", "site", "identities"} & set(request.fixturenames):
        request.getfixturevalue("prepared_world")
        return WORLD
    return None


@pytest.fixture
def world(app: Flask, session: Session, prepared_world: Prepared) -> World:
    """The records, and each identity's session cookie (see ``populate``)."""
    return prepared_world.for_app(app)


@pytest.fixture
def site(app: Flask, prepared_world: Prepared) -> Identities:
    """The world and its clients, with no app context left open: each request gets its own, as
    on a server, and its uncommitted changes are discarded when it ends."""
    return Identities(app, prepared_world.for_app(app))


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
