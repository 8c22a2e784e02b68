"""`cbmatch import` and `cbmatch export` as an operator runs them (in this process, see the
``cbmatch`` fixture)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from models import db
from tests.factories import need_record, offer_record
from webapp.services.interchange.export import dump


def write(path: Path, records: list[dict[str, Any]], kind: str = "needs") -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(dump(records, kind, "csv"), encoding="utf-8")  # type: ignore[arg-type]
    return path


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a refused import changed nothing."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
                for name, table in db.metadata.tables.items()
            }
    finally:
        engine.dispose()


def fifty_with_three_bad() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    good = [need_record(i) for i in range(50)]
    bad = [dict(r) for r in good]
    bad[7]["state"] = "XYZ"
    bad[23]["end"] = "2027-02-30"
    bad[41]["topics"] = ["incident-response", "quantum-cryptanalysis"]
    return good, bad


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_import_with_three_bad_records_writes_nothing_and_names_all_three(
    cbmatch, db_url, tmp_path, suffix
):
    # Some records already present, so "nothing written" also covers updates.
    assert (
        cbmatch(
            "import",
            "needs",
            str(write(tmp_path / f"pre{suffix}", [need_record(i) for i in range(5)])),
        ).code
        == 0
    )
    before = snapshot(db_url)
    good, bad = fifty_with_three_bad()
    for rec in bad[:5]:
        rec["title"] += " (changed)"

    result = cbmatch("import", "needs", str(write(tmp_path / f"needs{suffix}", bad)))

    assert result.code == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3, result.stderr
    assert "ref N-T-007" in errors[0]
    assert ": state: 'XYZ' is not the ISO alpha-3" in errors[0]
    assert "ref N-T-023" in errors[1]
    assert ": end: '2027-02-30' is not a real calendar date" in errors[1]
    assert "ref N-T-041" in errors[2]
    assert "topics: unknown topic: quantum-cryptanalysis" in errors[2]
    where = "line" if suffix == ".csv" else "record"
    assert errors[0].startswith(f"error: {where} ")
    assert "3 error(s); nothing was written" in result.stderr
    assert snapshot(db_url) == before

    fixed = cbmatch("import", "needs", str(write(tmp_path / f"fixed{suffix}", good)))
    assert fixed.code == 0, fixed.stderr
    assert "Imported 50 needs" in fixed.stdout
    assert "45 created, 0 updated, 5 unchanged" in fixed.stdout
    exported = json.loads(cbmatch("export", "needs", "--format", "json").stdout)
    assert [r["ref"] for r in exported] == [f"N-T-{i:03d}" for i in range(50)]


@pytest.mark.parametrize("cell", ["²", "-²"])
def test_a_capacity_in_superscript_digits_is_a_field_error(cbmatch, db_url, tmp_path, cell):
    """str.isdigit() accepts "²" but int() does not: the import ended in "unexpected error"."""
    path = write(tmp_path / "offers.csv", [offer_record(1, capacity=7, gender_marker=2)], "offers")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",7,2,", f",{cell},2,"), encoding="utf-8")
    before = snapshot(db_url)

    result = cbmatch("import", "offers", str(path))

    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert f"capacity: '{cell}' is not a whole number of at least 1" in result.stderr
    assert snapshot(db_url) == before


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_capacity_too_long_for_a_number_is_a_field_error(cbmatch, db_url, tmp_path, fmt):
    """int() refuses over 4,300 digits: a capacity that long stopped the import with an
    "unexpected error" (CSV) or a ValueError out of the JSON decoder."""
    path = write(tmp_path / f"offers.{fmt}", [offer_record(1, capacity=7, gender_marker=2)],
                 "offers")  # fmt: skip
    text = path.read_text(encoding="utf-8")
    old = ",7,2," if fmt == "csv" else '"capacity": 7'
    new = f",{'9' * 5000},2," if fmt == "csv" else f'"capacity": {"9" * 5000}'
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    before = snapshot(db_url)

    result = cbmatch("import", "offers", str(path))

    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert "capacity: 999999999999… is too large; the largest is 2147483647" in result.stderr
    assert snapshot(db_url) == before


def test_import_upserts_by_ref_and_twice_changes_nothing(cbmatch, db_url, tmp_path):
    path = write(tmp_path / "offers.json", [offer_record(i) for i in range(6)], "offers")
    assert "6 created" in cbmatch("import", "offers", str(path)).stdout
    before = snapshot(db_url)
    again = cbmatch("import", "offers", str(path))
    assert "0 created, 0 updated, 6 unchanged" in again.stdout
    assert snapshot(db_url) == before

    changed = [offer_record(i) for i in range(6)]
    changed[2]["capacity"] = 9
    out = cbmatch("import", "offers", str(write(tmp_path / "o2.json", changed, "offers")))
    assert "0 created, 1 updated, 5 unchanged" in out.stdout
    exported = {r["ref"]: r for r in json.loads(cbmatch("export", "offers").stdout)}
    assert exported["O-T-002"]["capacity"] == 9


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_database_gives_back_the_same_records(
    cbmatch, databases, tmp_path, fmt
):
    for kind, records in (
        ("needs", [need_record(i) for i in range(12)]),
        ("offers", [offer_record(i) for i in range(9)]),
    ):
        assert (
            cbmatch("import", kind, str(write(tmp_path / f"{kind}.json", records, kind))).code == 0
        )
        out = tmp_path / f"{kind}.{fmt}"
        exported = cbmatch("export", kind, "--format", fmt, "--output", str(out))
        assert exported.code == 0, exported.stderr
        (tmp_path / kind).mkdir()
        other = databases.new(tmp_path / kind)
        try:
            assert cbmatch("import", kind, str(out), url=other).code == 0
            again = cbmatch("export", kind, "--format", fmt, url=other).stdout
            assert again == out.read_text(encoding="utf-8")
        finally:
            databases.drop(other)


def test_export_csv_is_the_contract_table(cbmatch, tmp_path):
    rec = need_record(1, description='Line one, with a comma\nand "quotes"', confidential=True)
    assert cbmatch("import", "needs", str(write(tmp_path / "n.json", [rec]))).code == 0
    rows = list(
        csv.DictReader(cbmatch("export", "needs", "--format", "csv").stdout.splitlines(True))
    )
    # The contract's columns in its order; cbmatch's optional additions follow (allowed by it).
    assert list(rows[0]) == [
        "ref",
        "state",
        "title",
        "description",
        "topics",
        "support_types",
        "languages",
        "modality",
        "start",
        "end",
        "priority",
        "confidential",
        "funding_required",
        "funding_amount",
        "funding_currency",
    ]
    assert rows[0]["description"] == 'Line one, with a comma\nand "quotes"'
    assert rows[0]["confidential"] == "true"
    assert rows[0]["support_types"] == "training"


BAD_FILES = {
    "missing.json": None,
    "needs.xlsx": "whatever",
    "broken.json": '[{"ref": "N-1", "state": "SEN",',
    "object.json": '{"ref": "N-1"}',
    "empty.csv": "",
    "noheader.csv": "N-1,SEN,Title,Description\n",
    "binary.csv": b"\xff\xfe\x00bad".decode("latin-1"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_gives_one_line_and_a_non_zero_exit(cbmatch, tmp_path, name):
    content = BAD_FILES[name]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content.encode("latin-1") if name == "binary.csv" else content.encode())
    result = cbmatch("import", "needs", str(path))
    assert result.code != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert name in lines[0]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody@127.0.0.1:9/nowhere",
        "sqlite:////nonexistent-dir/sub/cbmatch.sqlite",
        "notadb://x",
    ],
)
def test_an_unreachable_database_gives_one_line_and_a_non_zero_exit(cbmatch, tmp_path, url):
    path = write(tmp_path / "n.json", [need_record(1)])
    for args in (("import", "needs", str(path)), ("export", "needs"), ("init",)):
        result = cbmatch(*args, url=url)
        assert result.code != 0
        assert "Traceback" not in result.stderr + result.stdout
        lines = result.stderr.strip().splitlines()
        assert lines, result.stderr
        assert lines[-1].startswith("Error: ")
        assert "nobody:" not in result.stderr  # no credentials echoed


def test_seed_demo_twice_changes_nothing(cbmatch, db_url):
    first = cbmatch("seed", "--demo")
    assert first.code == 0, first.stderr
    before = snapshot(db_url)
    second = cbmatch("seed", "--demo")
    assert second.code == 0, second.stderr
    assert "needs 0 created, 0 updated" in second.stdout
    assert "0 accounts created" in second.stdout
    assert "29 matches created" in first.stdout
    assert "0 matches created" in second.stdout
    assert snapshot(db_url) == before  # the matches' history, audit log and notices too


def test_init_is_idempotent(cbmatch, db_url):
    assert cbmatch("init").code == 0
    before = snapshot(db_url)
    again = cbmatch("init")
    assert again.code == 0
    assert "(0 rows added or changed)" in again.stdout
    assert snapshot(db_url) == before


def test_init_creates_schema_and_reference_data_on_an_empty_database(cbmatch, databases, tmp_path):
    url = databases.empty(tmp_path)
    try:
        result = cbmatch("init", url=url)
        assert result.code == 0, result.stderr
        assert (
            "195 States, 27 topics, 8 support types, 23 CMM factors, 28 capacity-building centres "
            "(290 rows added or changed)"
        ) in result.stdout
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(db.metadata.tables["state"])) == 195
        engine.dispose()
    finally:
        databases.drop(url)
