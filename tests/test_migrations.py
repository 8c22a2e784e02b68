"""The migrations build exactly the schema the models describe, on the test's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models import db


def test_migrated_database_has_no_diff_against_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_migrations_go_down_to_nothing_and_up_again(cbmatch, databases, tmp_path):
    url = databases.empty(tmp_path)
    try:
        assert cbmatch("init", url=url).code == 0
        down = cbmatch("db", "downgrade", "base", url=url)
        assert down.code == 0, down.stderr
        up = cbmatch("init", url=url)
        assert up.code == 0, up.stderr
        assert "195 States" in up.stdout
    finally:
        databases.drop(url)
