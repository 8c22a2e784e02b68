"""Files are read a block at a time: records, positions and error messages must not notice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from webapp.services.errors import CbmatchError
from webapp.services.interchange import readers
from webapp.services.interchange.export import dump
from webapp.services.interchange.readers import iter_file, parse_csv, parse_json

RECORDS = [
    {"ref": "N-1", "title": 'A "quoted" title, with commas', "description": "été\nlínea 2"},
    {"ref": "N-2", "topics": ["incident-response", "awareness"], "confidential": True},
    {"ref": " N-3 ", "capacity": 12, "languages": [], "note": None},
    {"title": "no ref here", "description": "\u2028 and \u00a0 and tabs\t"},
]


@pytest.fixture
def tiny_blocks(monkeypatch):
    """Blocks of a few characters, so every token and line end falls across a boundary."""
    monkeypatch.setattr(readers, "BLOCK", 5)


@pytest.mark.parametrize("indent", [None, 2])
def test_json_read_in_tiny_blocks_gives_the_records_and_positions(tmp_path, tiny_blocks, indent):
    path = tmp_path / "needs.json"
    path.write_text(json.dumps(RECORDS, indent=indent, ensure_ascii=False), encoding="utf-8")

    got = list(iter_file(path, "needs"))

    assert [raw for _, raw in got] == RECORDS
    assert [where for where, _ in got] == [
        "record 1 (ref N-1)",
        "record 2 (ref N-2)",
        "record 3 (ref N-3)",
        "record 4",
    ]


BROKEN = [
    '[\n  {"ref": "N-1"},\n  {"ref": "N-2"}\n  {"ref": "N-3"}\n]',  # missing comma
    '[\n  {"ref": "N-1"},\n  {"ref": "N-2",\n   "title": }\n]',  # missing value
    '[{"ref": "N-1"},\n {"ref": "N-2"},\n]',  # trailing comma
    '[{"ref": "N-1"}]\n\n  [{"ref": "N-2"}]',  # extra data
    '[{"ref": "N-1"},\n {"ref": "N-2", "title": "never clo',  # cut short
    "",
]


@pytest.mark.parametrize("text", BROKEN)
def test_malformed_json_names_the_line_and_column_json_would(tmp_path, tiny_blocks, text):
    path = tmp_path / "needs.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)

    with pytest.raises(CbmatchError) as got:
        list(iter_file(path, "needs"))

    exc = expected.value
    assert str(got.value) == (
        f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    )


def test_json_that_is_not_an_array_or_holds_a_non_object_is_refused(tmp_path):
    assert "expected a JSON array of records" in _error(tmp_path, '{"ref": "N-1"}')
    assert "record 2 is not a JSON object" in _error(tmp_path, '[{"ref": "N-1"}, 3]')
    assert parse_json("  [ ]  ") == []


def _error(tmp_path, text: str) -> str:
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CbmatchError) as got:
        list(iter_file(path, "needs"))
    return str(got.value)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_csv_read_in_tiny_blocks_gives_the_records_and_line_numbers(tmp_path, tiny_blocks, newline):
    records = [
        {"ref": "N-1", "state": "SEN", "title": "Plain", "description": "one line"},
        {"ref": "N-2", "state": "FJI", "title": "Multi", "description": "two\nlines, quoted"},
        {"ref": "N-3", "state": "JAM", "title": "Lists", "description": "d", "topics": ["a", "b"]},
    ]
    text = dump(records, "needs", "csv").replace("\n", newline)
    path = tmp_path / "needs.csv"
    path.write_bytes(text.encode("utf-8"))

    got = list(iter_file(path, "needs"))

    assert got == parse_csv(text, str(path), "needs")
    assert [where for where, _ in got] == [
        "line 2 (ref N-1)",
        "line 3 (ref N-2)",
        "line 5 (ref N-3)",
    ]
    assert got[1][1]["description"] == f"two{newline}lines, quoted"


def test_bad_utf8_names_the_byte_where_it_starts(tmp_path, tiny_blocks):
    path = tmp_path / "needs.csv"
    path.write_bytes(b"ref,state,title,description\nN-1,SEN,T\xc3\xa9,d\nN-2,SEN,\xff,d\n")

    with pytest.raises(CbmatchError) as got:
        list(iter_file(path, "needs"))

    assert str(got.value) == f"{path}: not UTF-8 text (byte 50)"


def test_a_byte_order_mark_is_dropped(tmp_path, tiny_blocks):
    path = tmp_path / "needs.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(RECORDS[:1]).encode())
    assert [raw for _, raw in iter_file(path, "needs")] == RECORDS[:1]


def _stop_unread(records):
    del records  # e.g. loading the reference data raised before the import read a record


def _stop_part_way(records):
    next(records)
    del records  # the caller stopped reading


def _close_part_way(records):
    next(records)
    records.close()


def _fail_part_way(records):
    with pytest.raises(CbmatchError, match="malformed JSON"):
        list(records)


@pytest.mark.parametrize("stop", [_stop_unread, _stop_part_way, _close_part_way, _fail_part_way])
def test_the_file_is_closed_however_the_reading_stops(tmp_path, tiny_blocks, monkeypatch, stop):
    path = tmp_path / "needs.json"
    path.write_text(json.dumps(RECORDS)[:-1] + ", }]", encoding="utf-8")  # bad at the end
    opened = []
    path_open = Path.open

    def recording_open(self, *args, **kwargs):
        handle = path_open(self, *args, **kwargs)
        opened.append(handle)
        return handle

    monkeypatch.setattr(Path, "open", recording_open)
    try:
        stop(iter_file(path, "needs"))
        assert [h.closed for h in opened] in ([], [True])
    finally:
        for handle in opened:
            handle.close()
