"""`cbmatch users create`: accounts of every role, and clear errors for bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select

from models import db

USER = db.metadata.tables["user"]


def count_users(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.scalar(select(func.count()).select_from(USER))
    engine.dispose()
    return int(n or 0)


def test_create_a_state_representative_with_a_prompted_password(cbmatch_process, db_url):
    """The installed script in a real process: the password read from stdin, hashed with scrypt."""
    result = cbmatch_process(
        "users", "create", "--role", "state", "--email", "Aminata.Diallo@example.org",
        "--name", "Aminata Diallo", "--state", "sen",
        input_text="a long enough password\na long enough password\n",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "Created state account aminata.diallo@example.org." in result.stdout
    engine = create_engine(db_url)
    with engine.connect() as conn:
        row = conn.execute(select(USER.c.role, USER.c.status, USER.c.password_hash)).one()
    engine.dispose()
    assert row.role == "state"
    assert row.status == "active"
    assert row.password_hash.startswith("scrypt:")


@pytest.mark.parametrize(
    ("args", "field", "reason"),
    [
        (["--role", "state", "--email", "x@example.org"], "state", "is required"),
        (["--role", "state", "--state", "XYZ", "--email", "x@example.org"], "state", "'XYZ'"),
        (["--role", "provider", "--email", "x@example.org"], "organisation", "is required"),
        (["--role", "provider", "--organisation", "Nobody Ltd", "--email", "x@example.org"],
         "organisation", "no organisation is named 'Nobody Ltd'"),
        (["--role", "admin", "--email", "not-an-address"], "email", "is not an e-mail address"),
    ],
)  # fmt: skip
def test_bad_account_input_names_the_field_and_writes_nothing(cbmatch, db_url, args, field, reason):
    result = cbmatch("users", "create", "--name", "Someone", *args, "--password", "long enough pw")
    assert result.code == 1
    assert f"error: account: {field}: " in result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
    assert count_users(db_url) == 0


def test_short_password_and_duplicate_email_are_refused(cbmatch, db_url):
    base = ["users", "create", "--role", "admin", "--name", "Ops", "--email", "ops@example.org"]
    assert cbmatch(*base, "--password", "short").code == 1
    assert cbmatch(*base, "--password", "long enough pw").code == 0
    again = cbmatch(*base, "--password", "long enough pw")
    assert again.code == 1
    assert "email: an account with this address already exists" in again.stderr
    assert count_users(db_url) == 1
