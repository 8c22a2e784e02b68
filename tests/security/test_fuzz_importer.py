"""Fuzzing the importer: the service, the JSON and CSV parsers, and the CLI command.

Whatever the file holds: the importer accepts it, or refuses it naming each field and reason,
and a refused import writes nothing. Strategies and counts: tests/security/strategies.py.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from models import db
from tests.security.strategies import count, fuzz, json_values, record, text_values
from tests.security.support import fingerprint
from webapp.services.errors import CbmatchError, ValidationFailed
from webapp.services.interchange.operations import import_records, validate_records
from webapp.services.interchange.readers import parse_csv, parse_json
from webapp.services.interchange.records import FIELDS, Reference

# --- the importer ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["needs", "offers"])
def test_importer_service_accepts_or_names_every_problem(session: Session, summary, kind):
    before = fingerprint(session)
    seen = {"n": 0, "ok": 0}

    @fuzz("importer", 2)
    @given(records=st.lists(record(kind), min_size=1, max_size=4))
    def check(records):
        seen["n"] += 1
        raws = [(f"record {i}", r) for i, r in enumerate(records)]
        try:
            import_records(session, kind, raws)  # validates, then writes and flushes
        except ValidationFailed as exc:
            errors = exc.errors
            session.rollback()
            assert errors
            assert all(err.field for err in errors)
            assert all(err.reason for err in errors)
            assert fingerprint(session) == before  # nothing partial
        else:
            seen["ok"] += 1
            session.rollback()

    check()
    count(summary, f"importer service ({kind}, {seen['ok']} accepted)", seen["n"])


def _parsed_then_validated(parse: Callable[[], Any], name: str) -> None:
    """Parse, then validate what was parsed: each step refuses only with its own message."""
    try:
        records = parse()
    except CbmatchError as exc:
        assert str(exc).startswith(f"{name}: ")  # noqa: PT017
        return
    assert all(isinstance(r, dict) for _, r in records)
    try:
        validate_records(REFERENCE, "needs", records)
    except ValidationFailed as exc:
        assert all(err.field and err.reason for err in exc.errors)  # noqa: PT017


REFERENCE = Reference.from_seed()


def test_json_parser_refuses_with_a_message(summary):
    seen = {"n": 0}

    @fuzz("parser", 2)
    @given(
        text=st.one_of(
            st.text(max_size=300),
            st.lists(st.one_of(json_values, record("needs")), max_size=3).map(json.dumps),
        )
    )
    def check(text):
        seen["n"] += 1
        _parsed_then_validated(lambda: parse_json(text, "upload.json"), "upload.json")

    check()
    count(summary, "json parser", seen["n"])


csv_cells = st.one_of(st.text(alphabet=string.printable + "é\x00;\"'", max_size=20), text_values)


def test_csv_parser_refuses_with_a_message(summary):
    seen = {"n": 0}

    @fuzz("parser", 2)
    @given(
        header=st.lists(st.sampled_from([*FIELDS["needs"], "bogus", "", " ref "]), max_size=8),
        rows=st.lists(st.lists(csv_cells, max_size=10), max_size=4),
        raw=st.text(max_size=200),
    )
    def check(header, rows, raw):
        seen["n"] += 1
        text = "\n".join([",".join(header), *(",".join(r) for r in rows)]) if header else raw
        _parsed_then_validated(lambda: parse_csv(text, "upload.csv", "needs"), "upload.csv")

    check()
    count(summary, "csv parser", seen["n"])


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_cli_import_exits_cleanly_on_any_file(app, tmp_path, summary, suffix):
    runner = app.test_cli_runner()
    with app.app_context():
        before = fingerprint(db.session)
        db.session.remove()
    seen = {"n": 0}

    @fuzz("cli", 2)
    @given(records=st.lists(record("needs"), max_size=3), junk=st.binary(max_size=200),
           use_junk=st.booleans())  # fmt: skip
    def check(records, junk, use_junk):
        seen["n"] += 1
        path = tmp_path / f"in{suffix}"
        if use_junk:
            path.write_bytes(junk)
        elif suffix == ".json":
            path.write_text(json.dumps(records, default=str), encoding="utf-8")
        else:
            header = sorted({k for r in records for k in r}) or ["ref"]
            lines = [",".join(header)] + [
                ",".join(json.dumps(r.get(k), default=str).replace(",", " ") for k in header)
                for r in records
            ]
            path.write_text("\n".join(lines), encoding="utf-8", errors="replace")
        result = runner.invoke(args=["import", "needs", str(path)])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert "Error: " in result.output
            with app.app_context():
                assert fingerprint(db.session) == before
                db.session.remove()
        else:  # undo the import for the next example
            with app.app_context():
                for table in ("need_topic", "need_support_type", "need", "audit_entry"):
                    db.session.execute(db.metadata.tables[table].delete())
                db.session.commit()
                db.session.remove()

    check()
    count(summary, f"cli import ({suffix})", seen["n"])
