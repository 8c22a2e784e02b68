"""A State's NSI answers from a file: the JSON and CSV formats of docs/NSI.md, checked whole.

Reading gives one ``Entry`` per question in the file, or every problem found, each named by its
place (``record 3`` in JSON, ``line 4`` in CSV, the file's name for the whole file), its field
and the reason; nothing is written here (``nsi.save_answers`` writes, or ``nsi.plan`` tells what
it would write).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from models import State
from webapp.services.errors import CbmatchError, RecordError, ValidationFailed
from webapp.services.interchange.readers import open_file
from webapp.services.language import ENGLISH, speaking
from webapp.services.needs.nsi import Entry, check_entry, questions

#: The largest file read, in bytes: the 29 questions with every answer at its limit fit well.
MAX_BYTES = 1_000_000
FIELDS = ("question", "answer", "comment")
TOP_FIELDS = ("state", "answers")
Row = tuple[str, dict[str, Any]]


def decode(data: bytes, name: str) -> str:
    """The file's text (UTF-8, a leading byte order mark dropped).

    Raises:
        CbmatchError: too large, or not UTF-8.
    """
    if len(data) > MAX_BYTES:
        raise CbmatchError(f"{name}: larger than {MAX_BYTES:,} bytes; an NSI file is far smaller")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CbmatchError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def read_path(path: Path) -> bytes:
    """The bytes of a file named on the command line.

    Raises:
        CbmatchError: missing, a directory, unreadable, or not .json or .csv.
    """
    if path.suffix.lower() not in (".json", ".csv"):
        raise CbmatchError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; use .json or .csv"
        )
    with open_file(path) as fh:
        try:
            return fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CbmatchError(f"{path}: cannot be read ({exc.strerror})") from None


def _json_rows(text: str, name: str, state: State) -> tuple[list[Row], list[RecordError]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CbmatchError(
            f"{name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise CbmatchError(f"{name}: malformed JSON: too deeply nested") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise CbmatchError(f'{name}: expected a JSON object with an "answers" array')
    errors = [RecordError(name, str(key)[:40], "is not a field of the format: use state, answers")
              for key in data if key not in TOP_FIELDS]  # fmt: skip
    declared = data.get("state")
    if declared is not None and (not isinstance(declared, str) or declared.upper() != state.iso3):
        errors.append(RecordError(name, "state", f"is {str(declared)[:40]!r}, but the answers "
                                                 f"are imported for {state.iso3}"))  # fmt: skip
    rows: list[Row] = []
    for i, item in enumerate(data["answers"], start=1):
        if isinstance(item, dict):
            rows.append((f"record {i}", item))
        else:
            errors.append(RecordError(f"record {i}", "(record)", "is not a JSON object"))
    return rows, errors


def _csv_rows(text: str, name: str) -> tuple[list[Row], list[RecordError]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        if not any(header):
            raise CbmatchError(f"{name}: empty CSV file; the first line must name the columns "
                               f"{','.join(FIELDS)}")  # fmt: skip
        errors = [RecordError("line 1", h[:40] or "(empty)", "is not a column of the format: "
                                                             "use question, answer, comment")
                  for h in header if h not in FIELDS]  # fmt: skip
        errors += [RecordError("line 1", f, "column is missing") for f in FIELDS[:2]
                   if f not in header]  # fmt: skip
        rows: list[Row] = []
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                errors.append(RecordError(f"line {start}", "(extra columns)",
                                          f"has {len(row)} cells; the header names "
                                          f"{len(header)}"))  # fmt: skip
            rows.append((f"line {start}", {k: v for k, v in zip(header, row, strict=False)
                                           if k in FIELDS}))  # fmt: skip
    except csv.Error as exc:
        raise CbmatchError(f"{name}: malformed CSV at line {reader.line_num}: {exc}") from None
    return rows, errors


def read_answers(data: bytes, name: str, state: State) -> dict[str, Entry]:
    """The answers a .json or .csv file gives ``state``, by question code, all checked.

    Args:
        data: the file's bytes.
        name: its name (its extension says the format; messages name it).
        state: the State the answers are for (a JSON file's ``state``, if given, must be it).

    Raises:
        CbmatchError: the file cannot be read as its format (not UTF-8, malformed JSON or CSV,
            another extension).
        ValidationFailed: every problem of every record (place, field, reason).
    """
    suffix = Path(name).suffix.lower()
    if suffix not in (".json", ".csv"):
        raise CbmatchError(
            f"{name}: unsupported file type {suffix or '(none)'!r}; use .json or .csv"
        )
    text = decode(data, name)
    rows, errors = _json_rows(text, name, state) if suffix == ".json" else _csv_rows(text, name)
    known = questions()
    seen: dict[str, str] = {}
    out: dict[str, Entry] = {}
    for where, raw in rows:
        errors += [RecordError(where, str(k)[:40], "is not a field: use question, answer, comment")
                   for k in raw if k not in FIELDS]  # fmt: skip
        code = raw.get("question")
        code = code.strip() if isinstance(code, str) else code
        if code is None or code == "":
            errors.append(RecordError(where, "question", "is required"))
            continue
        if not isinstance(code, str) or code not in known:
            errors.append(RecordError(where, "question",
                                      f"{str(code)[:40]!r} is not a question of the survey "
                                      "(N1.1 ... N4.10)"))  # fmt: skip
            continue
        if code in seen:
            errors.append(
                RecordError(where, "question", f"{code} is answered twice (first at {seen[code]})")
            )
            continue
        seen[code] = where
        with speaking(ENGLISH):  # a file's report is in the format's words, as an import's
            entry, problems = check_entry(known[code], raw.get("answer"), raw.get("comment"))
        errors += [RecordError(where, f, f"{code}: {reason}") for f, reason in problems]
        out[code] = entry
    if errors:
        raise ValidationFailed(errors)
    return out
