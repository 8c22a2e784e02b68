"""Connection settings the database engine needs beyond its URL.

SQLite runs in write-ahead-log mode, so that the site keeps answering while a long import holds
the write lock: in SQLite's default mode a writer whose changes outgrow its cache locks readers
out until it commits, and pages then wait for the busy timeout (5 s) and fail. WAL needs the
database's folder to be writable (it keeps ``-wal`` and ``-shm`` files beside the database) and
a local file system. PostgreSQL needs nothing: its readers never wait for writers.

Record ids in URLs (``<int:...>``) stop at the largest value an integer column holds, so that
``/matches/99999999999999999999`` is a 404 rather than an overflow inside the database driver.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from werkzeug.routing import IntegerConverter

from models import db

MAX_ID = 2**31 - 1


class RecordId(IntegerConverter):
    """``<int:...>`` for record ids: 0 to MAX_ID, so every match is a value the database holds.

    In ASCII digits only: Werkzeug's pattern (a regex digit) also matches Arabic-Indic and fullwidth
    digits, which ``int()`` reads, so twelve written in Arabic-Indic digits opened match 12.
    """

    regex = r"[0-9]+"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(*args, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")  # a no-op ("memory") for in-memory databases
    finally:
        cursor.close()


def init_app(app: Flask) -> None:
    """Set up the app's engine (after ``db.init_app``) and the id converter (before any route)."""
    app.url_map.converters["int"] = RecordId
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
