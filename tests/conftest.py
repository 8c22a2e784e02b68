"""Fixtures: a real database per test (SQLite file, or PostgreSQL when configured), the app,
its client, and helpers that run a ``cbmatch`` command: in this process (``cbmatch``, fast) or
as the installed script in a subprocess (``cbmatch_process``, for what only a real process shows).

Set CBMATCH_TEST_POSTGRES_URL (a server URL, e.g. postgresql+psycopg://u@127.0.0.1:5432/postgres)
to run every database test on PostgreSQL instead of SQLite: each test gets its own database,
cloned from a template that holds the schema and the reference data.

HYPOTHESIS_PROFILE picks how many examples the property and fuzz tests run: ``dev`` (the
default, a quarter of ci's), ``ci`` (what .ci/run sets) or ``nightly`` (ten times ci's). A test
gives its count under ci to ``examples()``, which scales it to the profile loaded.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import pytest
from click.testing import CliRunner
from flask import Flask, g
from flask.cli import ScriptInfo
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from models import db
from tests import quick_routes
from webapp import create_app

quick_routes.install()  # one compiled URL builder per rule for the run, not per app

PG_SERVER = os.environ.get("CBMATCH_TEST_POSTGRES_URL", "")
BACKEND = "postgresql" if PG_SERVER else "sqlite"
CBMATCH = str(Path(sys.executable).with_name("cbmatch"))

CI_EXAMPLES = 100  # Hypothesis's own default; counts given to examples() are under this
settings.register_profile("ci", max_examples=CI_EXAMPLES, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=CI_EXAMPLES // 4, deadline=None)
settings.register_profile("nightly", max_examples=CI_EXAMPLES * 10, deadline=None)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
settings.load_profile(PROFILE)  # an unknown name stops the run


def examples(under_ci: int) -> int:
    """The examples a test runs in the profile loaded, for ``under_ci`` in the ci profile."""
    return max(1, round(under_ci * settings.default.max_examples / CI_EXAMPLES))


def pytest_report_header() -> list[str]:
    backend = f"cbmatch database backend: {BACKEND}" + (
        f" ({make_url(PG_SERVER).render_as_string(hide_password=True)})" if PG_SERVER else ""
    )
    scale = f"{examples(CI_EXAMPLES)} examples where ci runs {CI_EXAMPLES}"
    return [backend, f"hypothesis profile: {PROFILE} ({scale})"]


#: Set by .ci/run on its PostgreSQL run: leave out the tests that never open a database (no
#: ``databases`` fixture among theirs), which its SQLite run has just run the same way.
DATABASE_TESTS_ONLY = os.environ.get("CBMATCH_TEST_DATABASE_TESTS_ONLY") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not DATABASE_TESTS_ONLY:
        return
    keep = [i for i in items if "databases" in getattr(i, "fixturenames", ())]
    if len(keep) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


def _build(url: str) -> None:
    from webapp.services.setup import initialise_database

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        initialise_database(db.session())
        db.session.commit()
        db.session.remove()  # its connection back in the pool, which dispose() then closes
        db.engine.dispose()


class Databases:
    """Hands out fresh databases that already hold the schema and the reference data, or the
    data of a template a conftest prepared once for the session (see ``prepare``)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.created: list[str] = []
        self.prepared: dict[str, str] = {}  # template name -> PostgreSQL database or SQLite file
        if PG_SERVER:
            self.admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
            # PostgreSQL 15 copies a database page by page through the log by default; copying
            # the template's files (a checkpoint each time, cheap with fsync off) is faster for a
            # small one, and its drop too: a few thousand of each per run.
            self.copy = " STRATEGY FILE_COPY" if version >= 150000 else ""
            self.template = f"cbmatch_tpl_{uuid.uuid4().hex[:10]}"
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.template}"'))
            _build(self._pg_url(self.template))
        else:
            self.template_file = workdir / "template.sqlite"
            _build(f"sqlite:///{self.template_file}")

    def _pg_url(self, name: str) -> str:
        return make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)

    def _copy(self, source: str | None, name: str) -> str:
        """A new database called ``name`` (a file path on SQLite): a copy of ``source``."""
        if PG_SERVER:
            template = source or self.template
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{self.copy}'))
            return self._pg_url(name)
        shutil.copyfile(source or self.template_file, name)
        return f"sqlite:///{name}"

    def new(self, tmp: Path, template: str | None = None) -> str:
        """A new database URL, holding schema and reference data only, or a prepared template."""
        source = self.prepared[template] if template else None
        if PG_SERVER:
            name = f"cbmatch_t_{uuid.uuid4().hex[:12]}"
            self.created.append(name)
            return self._copy(source, name)
        return self._copy(source, str(tmp / "cbmatch.sqlite"))

    def prepare(self, template: str, fill: Callable[[str], None]) -> None:
        """Make ``template``: a copy of the reference data that ``fill(url)`` adds to, once.

        ``fill`` must close every connection it opened (dispose its engine): PostgreSQL copies
        no database in use, and SQLite keeps the last writes in a -wal file until then.
        """
        if PG_SERVER:
            name = f"cbmatch_tpl_{uuid.uuid4().hex[:10]}"
        else:
            name = str(self.workdir / f"{template}.sqlite")
        url = self._copy(None, name)
        fill(url)
        wal = Path(f"{name}-wal")
        if not PG_SERVER and wal.exists() and wal.stat().st_size:
            raise RuntimeError(f"template {template}: a connection is still open ({wal})")
        self.prepared[template] = name

    def empty(self, tmp: Path) -> str:
        """A new database URL with nothing in it, not even the schema."""
        if PG_SERVER:
            name = f"cbmatch_e_{uuid.uuid4().hex[:12]}"
            with self.admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            return self._pg_url(name)
        return f"sqlite:///{tmp / 'empty.sqlite'}"

    def drop(self, url: str) -> None:
        if PG_SERVER:
            name = make_url(url).database
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        if PG_SERVER:
            with self.admin.connect() as conn:
                for name in [self.template, *self.prepared.values()]:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("dbtemplate"))
    yield dbs
    dbs.close()


DEMO = "demo"


@pytest.fixture(scope="session")
def prepared_demo(databases: Databases) -> str:
    """The demo data (accounts with the tests' quick hash), loaded once in the template DEMO."""
    from webapp.services.setup import load_demo

    def fill(url: str) -> None:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            with patch("webapp.services.accounts.operations.generate_password_hash", quick_hash):
                load_demo(db.session)
            db.session.commit()
            db.session.remove()
            db.engine.dispose()

    databases.prepare(DEMO, fill)
    return DEMO


@pytest.fixture
def db_template() -> str | None:
    """The prepared template this test's database copies; None: schema and reference data only.

    A conftest overrides it to give its tests data built once (tests/security/conftest.py).
    """
    return None


@pytest.fixture
def db_url(databases: Databases, tmp_path: Path, db_template: str | None) -> Iterator[str]:
    url = databases.new(tmp_path, db_template)
    yield url
    databases.drop(url)


def make_app(db_url: str) -> Flask:
    """The app as the tests use it, on the database at ``db_url``."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": db_url,
            "WTF_CSRF_ENABLED": False,
            # tests sign in and register often; test_security and test_sign_in_limit do not
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "LOGIN_ADDRESS_RATE_LIMIT": "1000 per minute",
            "REGISTER_RATE_LIMIT": "1000 per minute",
            "SUGGEST_RATE_LIMIT": "1000 per minute",  # the forms' topic suggestions
            "PDF_RATE_LIMIT": "1000 per minute",  # printed State profiles
            "API_RATE_LIMIT": "1000 per minute",  # test_api_auth sets its own
            "REGISTER_RESPONSE_FLOOR": 0,  # benchmarks/bench_register_timing.py measures it
            "RESET_RESPONSE_FLOOR": 0,  # and bench_reset_timing.py this one
            # each load current; tests/web/test_duplicates.py checks the background refresh
            "DUPLICATE_PAIRS_IN_BACKGROUND": False,
        }
    )

    # The `session` fixture keeps one app context open for the whole test, and the test client
    # reuses it for every request; forget the signed-in user between requests, as a server does.
    @app.before_request
    def _fresh_login_cache() -> None:
        g.pop("_login_user", None)

    return app


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(db_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context():
        yield db.session


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


Cbmatch = Callable[..., CliResult]


def _cli_env(url: str) -> dict[str, str]:
    return {"CBMATCH_DATABASE_URL": url, "CBMATCH_SECRET_KEY": "test-only-secret"}


@contextmanager
def _logging_kept() -> Iterator[None]:
    """Undo what a command does to logging: Alembic's env.py (``init``, ``db ...``) replaces the
    root handlers with one writing to the sys.stderr of the moment, here the runner's buffer."""
    known = logging.root.manager.loggerDict.values()
    loggers = [logging.root, *(lg for lg in known if isinstance(lg, logging.Logger))]
    saved = [(lg, lg.level, lg.handlers[:], lg.disabled, lg.propagate) for lg in loggers]
    try:
        yield
    finally:
        for lg, level, handlers, disabled, propagate in saved:
            lg.setLevel(level)
            lg.handlers[:] = handlers
            lg.disabled, lg.propagate = disabled, propagate


@pytest.fixture
def cbmatch(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cbmatch:
    """Run a ``cbmatch`` command in this process against this test's database.

    As the installed script does, each call builds its own app from CBMATCH_* variables through
    ``webapp.cli:cli``; the engine is disposed and logging restored after it. An exception the
    command lets through gives exit status 1 and a traceback on stderr, as in a real process.
    """
    from webapp.cli import cli

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, url: str | None = None, input_text: str | None = None) -> CliResult:
        apps: list[Flask] = []

        def create_app() -> Flask:
            apps.append(cli.create_app())  # type: ignore[misc]
            return apps[-1]

        # Flask's group marks the environment as "run from the CLI"; put it back afterwards.
        env = {**_cli_env(db_url if url is None else url), "FLASK_RUN_FROM_CLI": None}
        info = ScriptInfo(create_app=create_app)
        try:
            with _logging_kept():
                result = runner.invoke(cli, list(args), input=input_text, env=env, obj=info)
        finally:
            for app in apps:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
        stderr = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            stderr += "".join(traceback.format_exception(result.exception))
        return CliResult(result.exit_code, result.stdout, stderr)

    return run


@pytest.fixture
def cbmatch_process(db_url: str, tmp_path: Path) -> Cbmatch:
    """Run the installed ``cbmatch`` command in a subprocess against this test's database."""

    def run(*args: str, url: str | None = None, input_text: str | None = None) -> CliResult:
        env = {**os.environ, **_cli_env(db_url if url is None else url)}
        proc = subprocess.run(  # noqa: S603 - our own console script
            [CBMATCH, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            input=input_text,
            timeout=300,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(autouse=True)
def _quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process accounts get a cheap hash: scrypt costs ~0.3 s an account, and the suite makes
    hundreds. The real scrypt hash is checked through the CLI (tests/cli/test_users.py)."""
    from webapp.services.accounts import operations as accounts

    monkeypatch.setattr(accounts, "generate_password_hash", quick_hash)


def quick_hash(password: str) -> str:
    """The cheap hash of ``_quick_password_hashes``, for data built outside a test."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="pbkdf2:sha256:1000")
