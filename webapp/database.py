"""Connection settings the database engine needs beyond its URL.

SQLite runs in write-ahead-log mode, so that the site keeps answering while a long import holds
the write lock: in SQLite's default mode a writer whose changes outgrow its cache locks readers
out until it commits, and pages then wait for the busy timeout (5 s) and fail. WAL needs the
database's folder to be writable (it keeps ``-wal`` and ``-shm`` files beside the database) and
a local file system. PostgreSQL needs nothing: its readers never wait for writers.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from models import db


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")  # a no-op ("memory") for in-memory databases
    finally:
        cursor.close()


def init_app(app: Flask) -> None:
    """Set up the app's engine (call after ``db.init_app``)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
