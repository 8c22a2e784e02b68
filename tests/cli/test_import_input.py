"""`cbmatch import` given input that broke things (issue 16, items 1, 6 and 11), run as an
operator runs it (in this process through the ``cbmatch`` fixture, in a real process where only
a process shows it)."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_import import snapshot, write
from tests.factories import need_record, offer_record

RANGE = "is not between 2000-01-01 and 2100-12-31"


# --- item 1: dates out of range -------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_an_offer_ending_in_year_9999_is_refused_naming_the_field(
    cbmatch, db_url, tmp_path, suffix
):
    records = [offer_record(1, start="2027-01-01", end="9999-12-31"), offer_record(2)]
    before = snapshot(db_url)

    result = cbmatch("import", "offers", str(write(tmp_path / f"o{suffix}", records, "offers")))

    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert "(ref O-T-001): end: '9999-12-31' " + RANGE in errors[0]
    assert snapshot(db_url) == before


def test_a_need_starting_before_2000_is_refused_naming_the_field(cbmatch, db_url, tmp_path):
    records = [need_record(1, start="1999-12-31", end="2027-01-01")]
    result = cbmatch("import", "needs", str(write(tmp_path / "n.json", records)))
    assert result.code == 1
    assert "(ref N-T-001): start: '1999-12-31' " + RANGE in result.stderr


def test_the_first_and_last_days_of_the_range_are_accepted(cbmatch, tmp_path):
    records = [offer_record(1, start="2000-01-01", end="2100-12-31")]
    result = cbmatch("import", "offers", str(write(tmp_path / "o.json", records, "offers")))
    assert result.code == 0, result.stderr


# --- item 6: an update without `confidential` keeps it ----------------------------------------


def confidentiality(cbmatch) -> dict[str, bool]:
    return {r["ref"]: r["confidential"] for r in json.loads(cbmatch("export", "needs").stdout)}


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_an_update_without_the_confidential_field_keeps_a_need_confidential(
    cbmatch, tmp_path, suffix
):
    first = [need_record(i, confidential=i < 3) for i in range(5)]
    assert cbmatch("import", "needs", str(write(tmp_path / "first.json", first))).code == 0
    update = [need_record(i, title=f"Retitled {i}") for i in range(5)]
    for rec in update:
        del rec["confidential"]
    update[1]["confidential"] = False  # said explicitly: made public
    update[3]["confidential"] = True  # said explicitly: made confidential
    path = write(tmp_path / f"update{suffix}", update)
    if suffix == ".csv":  # a file without the column at all, except the rows that say it
        assert "false" in path.read_text(encoding="utf-8")

    result = cbmatch("import", "needs", str(path))

    assert result.code == 0, result.stderr
    assert "0 created, 5 updated, 0 unchanged" in result.stdout
    assert confidentiality(cbmatch) == {
        "N-T-000": True,
        "N-T-001": False,
        "N-T-002": True,
        "N-T-003": True,
        "N-T-004": False,
    }
    lines = result.stdout.splitlines()
    assert "Confidentiality changed for 2 needs:" in lines
    assert "  N-T-001: now public" in lines
    assert "  N-T-003: now confidential" in lines


def test_a_new_need_without_the_field_is_public_and_no_change_is_listed(cbmatch, tmp_path):
    rec = need_record(1)
    del rec["confidential"]
    result = cbmatch("import", "needs", str(write(tmp_path / "n.json", [rec])))
    assert result.code == 0, result.stderr
    assert confidentiality(cbmatch) == {"N-T-001": False}
    assert "Confidentiality changed" not in result.stdout
    again = cbmatch("import", "needs", str(write(tmp_path / "n.json", [rec])))
    assert "0 created, 0 updated, 1 unchanged" in again.stdout


# --- item 11: a file nested too deeply ------------------------------------------------------


@pytest.mark.parametrize("where", ["record", "field"])
def test_json_nested_100000_deep_is_reported_as_such(cbmatch_process, db_url, tmp_path, where):
    deep = "[" * 100_000 + "]" * 100_000
    if where == "record":
        text = f"[{deep}]"
    else:
        text = json.dumps([need_record(1)])[:-2] + f', "topics": {deep}}}]'
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    before = snapshot(db_url)

    result = cbmatch_process("import", "needs", str(path))

    assert result.code == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "deep.json" in lines[0]
    assert "too deeply nested" in lines[0]
    assert "unexpected error" not in lines[0]
    assert snapshot(db_url) == before


def test_a_title_of_only_invisible_characters_is_refused(cbmatch, db_url, tmp_path):
    records = [
        need_record(1, title="\u200b\u200c\u2060\ufeff"),
        need_record(2, description="\u200b \u00a0\u3000\u2800"),
        need_record(3, title="A title\u200b"),  # visible text with an invisible one: kept
    ]
    result = cbmatch("import", "needs", str(write(tmp_path / "n.json", records)))
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, result.stderr
    assert "(ref N-T-001): title: has only invisible characters" in errors[0]
    assert "(ref N-T-002): description: has only invisible characters" in errors[1]
