"""Faults: an import killed half way, a site that keeps answering during a long import, and a
database connection lost under a request.

The import tests run the real ``cbmatch import`` in a subprocess on this test's database (SQLite
file, or PostgreSQL when CBMATCH_TEST_POSTGRES_URL is set). "Half way" means while the import
holds its write transaction: the test watches for the writer (SQLite's write lock, or a
PostgreSQL backend with a transaction id) and kills it with SIGKILL then. If the import finishes
before it can be caught (a faster importer), the test retries on a fresh database with a file
twice as large.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from benchmarks.generate import needs as generated_needs
from models import db
from tests.conftest import CBMATCH, PG_SERVER
from tests.factories import make_user
from tests.security.support import fingerprint
from webapp import create_app
from webapp.services.interchange.operations import import_records

START_SIZE = 20_000  # needs in the first attempt: about 10 s of import on a busy 2-core machine
ATTEMPTS = 3
SEEDED = 30  # records of the big file stored beforehand (with other titles), so it also updates


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Generated need files by size, written on first use."""
    return {}


def big_file(cache: dict[int, Path], directory: Path, size: int) -> Path:
    if size not in cache:
        path = directory / f"needs-{size}.json"
        path.write_text(json.dumps(generated_needs(size)), encoding="utf-8")
        cache[size] = path
    return cache[size]


def seed(url: str) -> None:
    """A few records the big file will update, an account, and a committed baseline."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        records = generated_needs(SEEDED)
        for rec in records:
            rec["title"] = f"Before the import: {rec['title']}"[:200]
        import_records(db.session, "needs", [(f"record {i}", r) for i, r in enumerate(records)])
        make_user(db.session, email="someone@example.org")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def snapshot(url: str) -> dict[str, str]:
    """A digest of every row of every table, read through a fresh connection."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return fingerprint(session, full=True)
    finally:
        engine.dispose()


class Writer:
    """Tells whether another process holds a write transaction on the database."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.engine = create_engine(url) if self.url.get_backend_name() != "sqlite" else None

    def busy(self) -> bool:
        if self.engine is None:
            conn = sqlite3.connect(self.url.database or "", timeout=0, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:  # "database is locked": a writer holds it
                return True
            finally:
                conn.close()
        with self.engine.connect() as conn:
            return bool(
                conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                    )
                )
            )

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def start_import(url: str, path: Path, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CBMATCH_DATABASE_URL": url, "CBMATCH_SECRET_KEY": "test-only-secret"}
    return subprocess.Popen(  # noqa: S603 - our own console script
        [CBMATCH, "import", "needs", str(path)],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_import(url: str, path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CBMATCH_DATABASE_URL": url, "CBMATCH_SECRET_KEY": "test-only-secret"}
    return subprocess.run(  # noqa: S603 - our own console script
        [CBMATCH, "import", "needs", str(path)],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def wait_for_writer(proc: subprocess.Popen[str], writer: Writer, timeout: float = 240) -> bool:
    """True once the import holds its write transaction; False if it ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if writer.busy():
            return True
        time.sleep(0.01)
    return False


def kill_while_writing(url: str, path: Path, cwd: Path) -> tuple[int, float]:
    """Start an import and SIGKILL it inside its write transaction.

    Returns:
        The exit status (-SIGKILL when it was caught writing; 0 when it finished first) and the
        seconds it ran.
    """
    proc, writer, started = start_import(url, path, cwd), Writer(url), time.monotonic()
    try:
        if wait_for_writer(proc, writer):
            time.sleep(0.05)  # well inside the write, not at its first statement
            os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        writer.close()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, -signal.SIGKILL), err
    return proc.returncode, time.monotonic() - started


def test_an_import_killed_half_way_leaves_the_database_as_it_was(
    databases, tmp_path, big_files, summary
):
    size = START_SIZE
    for attempt in range(ATTEMPTS):
        (tmp_path / f"try{attempt}").mkdir()
        url = databases.new(tmp_path / f"try{attempt}")
        try:
            seed(url)
            before = snapshot(url)
            code, seconds = kill_while_writing(url, big_file(big_files, tmp_path, size), tmp_path)
            if code == 0:  # it finished before it could be caught: try a larger file
                size *= 2
                continue
            after = snapshot(url)
            changed = [table for table in after if after[table] != before[table]]
            assert not changed, f"tables changed by a killed import: {changed}"
            summary("faults", f"import of {size} needs killed with SIGKILL while writing, "
                    f"after {seconds:.1f} s: database unchanged")  # fmt: skip
            # The database is usable: the next import goes through completely.
            small = tmp_path / "small.json"
            small.write_text(json.dumps(generated_needs(SEEDED + 20)), encoding="utf-8")
            done = run_import(url, small, tmp_path)
            assert done.returncode == 0, done.stderr
            assert f"Imported {SEEDED + 20} needs" in done.stdout
            assert "20 created, 30 updated" in done.stdout
            return
        finally:
            databases.drop(url)
    pytest.fail(f"the import always finished before it could be killed (up to {size // 2})")


def test_the_site_keeps_answering_during_a_long_import(app, db_url, tmp_path, big_files, summary):
    client = app.test_client()
    assert client.get("/needs/").status_code == 200  # warm up: templates, choices
    proc = start_import(db_url, big_file(big_files, tmp_path, START_SIZE), tmp_path)
    writer = Writer(db_url)
    slowest, answered, while_writing = 0.0, 0, 0
    try:
        while proc.poll() is None:
            writing = writer.busy()
            for url in ("/needs/", "/offers/", "/needs/?q=csirt&sort=title"):
                began = time.monotonic()
                response = client.get(url)
                elapsed = time.monotonic() - began
                assert response.status_code == 200, (url, response.status_code, writing)
                slowest, answered = max(slowest, elapsed), answered + 1
                while_writing += writing
            time.sleep(0.1)  # a steady trickle of visitors, leaving the import its share
        _, err = proc.communicate(timeout=300)
    finally:
        writer.close()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert while_writing > 0, "no page was asked for while the import was writing"
    summary("faults", f"{answered} pages answered during an import of {START_SIZE} needs "
            f"({while_writing} while it was writing), slowest {slowest:.2f} s")  # fmt: skip
    assert slowest < 3.0
    assert client.get("/needs/").status_code == 200


# --- a database lost under a request -------------------------------------------------------------

PUBLIC_PAGES = ("/needs/", "/offers/O-X-OPEN", "/states/SEN")
PAGES = (*PUBLIC_PAGES, "/matches/")


@contextmanager
def failing_statement(engine: Any, nth: int, message: str) -> Iterator[list[str]]:
    """From the ``nth`` SQL statement on, every statement fails as with a database gone away."""
    seen: list[str] = []
    error = engine.dialect.loaded_dbapi.OperationalError

    def fail(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)
        if len(seen) >= nth:
            raise error(message)

    event.listen(engine, "before_cursor_execute", fail)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", fail)


def assert_clear_503(response: Any) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Temporarily unavailable" in body
    assert "cannot be reached right now" in body
    for word in ("Traceback", "OperationalError", "sqlite3", "psycopg", "SELECT"):
        assert word not in body


@pytest.mark.parametrize("identity", ["anonymous", "state_a", "provider_x", "focal"])
@pytest.mark.parametrize("nth", [1, 2, 4])
def test_a_lost_connection_gives_a_clear_page_and_the_next_request_works(app, site, identity, nth):
    client = site.as_(identity)
    for url in PAGES:
        with app.app_context():
            engine = db.engine
        with failing_statement(engine, nth, "server closed the connection unexpectedly") as seen:
            response = client.get(url)
        if len(seen) < nth:
            continue  # the page needed fewer statements
        assert_clear_503(response)
        again = client.get(url)
        assert again.status_code == 200, (url, identity, again.status_code)


postgres_only = pytest.mark.skipif(not PG_SERVER, reason="needs CBMATCH_TEST_POSTGRES_URL")


def _terminate(admin: Any, database: str, pid: int | None = None) -> None:
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db"
                " AND pid <> pg_backend_pid() AND (CAST(:pid AS integer) IS NULL OR pid = :pid)"
            ),
            {"db": database, "pid": pid},
        )


@postgres_only
@pytest.mark.parametrize("identity", ["anonymous", "state_a"])
def test_postgres_down_gives_a_clear_page_and_back_up_the_site_works(
    app, site, databases, db_url, identity
):
    client, name = site.as_(identity), make_url(db_url).database
    assert client.get("/needs/").status_code == 200  # the pool holds a live connection
    with databases.admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
    try:
        _terminate(databases.admin, name)
        for url in PAGES if identity != "anonymous" else PUBLIC_PAGES:
            assert_clear_503(client.get(url))
    finally:
        with databases.admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    for url in PAGES if identity != "anonymous" else PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url


@postgres_only
@pytest.mark.parametrize("nth", [1, 3])
def test_postgres_connection_killed_inside_a_request(app, site, databases, db_url, nth):
    """The server ends the connection between two statements of one request."""
    client, name = site.as_("state_a"), make_url(db_url).database
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def kill_own_backend(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)
        if len(seen) == nth:
            _terminate(databases.admin, name, conn.connection.dbapi_connection.info.backend_pid)

    event.listen(engine, "before_cursor_execute", kill_own_backend)
    try:
        response = client.get("/needs/")
    finally:
        event.remove(engine, "before_cursor_execute", kill_own_backend)
    assert_clear_503(response)
    assert client.get("/needs/").status_code == 200
