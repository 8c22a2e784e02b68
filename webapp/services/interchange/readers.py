"""Read interchange records out of .json and .csv files, one record at a time.

A file is decoded a block at a time and each record is handed on as soon as it is parsed, so an
import holds one chunk of records in memory, not the whole file. Every record comes with the
position an error message names it by ("record 3" in JSON, "line 12" in CSV).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from webapp.services.errors import CbmatchError
from webapp.services.interchange.records import LIST_FIELDS
from webapp.services.interchange.validation import where_of
from webapp.services.querying import whole_number

Kind = Literal["needs", "offers"]
Raw = tuple[str, dict[str, Any]]
BLOCK = 1 << 20  # characters decoded at a time
_WS = re.compile(r"[ \t\n\r]*")


def read_file(path: Path, kind: Kind) -> list[Raw]:
    """Parse a whole .json or .csv file into raw records, each with its position ("line 3").

    Raises:
        CbmatchError: the file is missing, has another extension, or is not well-formed.
    """
    return list(iter_file(path, kind))


def iter_file(path: Path, kind: Kind) -> Generator[Raw, None, None]:
    """Raw records of a .json or .csv file, parsed as they are read (see read_file).

    A wrong extension is raised at the call. The file is opened when the reading starts, and a
    problem opening it, or one found further in (bad UTF-8, malformed JSON or CSV), is raised
    when the reading reaches it.
    """
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise CbmatchError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; use .json or .csv"
        )
    return _records(path, kind, suffix)


def open_file(path: Path) -> io.BufferedReader:
    """``path`` opened for reading bytes.

    Raises:
        CbmatchError: it is missing, a directory, or unreadable (said in one line).
    """
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise CbmatchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CbmatchError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise CbmatchError(f"{path}: cannot be read ({exc.strerror})") from None


def _records(path: Path, kind: Kind, suffix: str) -> Generator[Raw, None, None]:
    # Opened here rather than in iter_file: a generator that is never started never enters its
    # with block, so a file opened before it would stay open (say, when an import fails before
    # it reads the first record).
    name = str(path)
    handle = open_file(path)
    with handle:  # closed as soon as reading stops, by the end, an error or the caller
        blocks = _decoded(handle, name)
        if suffix == ".json":
            yield from _json_records(blocks, name)
        else:
            yield from _csv_records(blocks, name, kind)


def parse_json(text: str, name: str = "input") -> list[Raw]:
    """Raw records from a JSON array of objects."""
    return list(_json_records([text], name))


def parse_csv(text: str, name: str, kind: Kind) -> list[Raw]:
    """Raw records from CSV: lists split on ';', booleans and integers converted."""
    return list(_csv_records([text], name, kind))


def _signed_number(text: str) -> int | str:
    """A signed whole number; anything else stays text, for the validation to name.

    "Anything else" is "²" (which str.isdigit accepts), or a number too long to be any count we
    store: int() refuses over 4,300 digits, which would otherwise stop the whole file.
    """
    number = whole_number(text.removeprefix("-"))
    if number is None:
        return text
    return -number if text.startswith("-") else number


def _decoded(handle: io.BufferedReader, name: str) -> Iterator[str]:
    """The file's text a block at a time (UTF-8, a leading byte order mark dropped)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    while True:
        try:
            block = handle.read(BLOCK)
        except OSError as exc:
            raise CbmatchError(f"{name}: cannot be read ({exc.strerror})") from None
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            raise CbmatchError(
                f"{name}: not UTF-8 text (byte {offset - pending + exc.start})"
            ) from None
        offset += len(block)
        if text:
            yield text
        if not block:
            return


class _JsonArray:
    """Yields the items of a top-level JSON array while reading it block by block."""

    def __init__(self, blocks: Iterable[str], name: str) -> None:
        self.blocks = iter(blocks)
        self.name = name
        self.decoder = json.JSONDecoder(parse_int=_signed_number)
        self.buf, self.pos = "", 0
        self.line, self.column = 1, 0  # where buf[0] sits in the file (column: chars before it)

    def _more(self) -> bool:
        """Drop what was parsed and append the next block; False at the end of the file."""
        block = next(self.blocks, None)
        if block is None:
            return False
        done = self.buf[: self.pos]
        newlines = done.count("\n")
        self.line += newlines
        self.column = len(done) - done.rfind("\n") - 1 if newlines else self.column + len(done)
        self.buf, self.pos = self.buf[self.pos :] + block, 0
        return True

    def _peek(self) -> str:
        """The next character that is not whitespace, or '' at the end of the file."""
        while True:
            match = _WS.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def _fail(self, message: str, pos: int) -> CbmatchError:
        line = self.line + self.buf.count("\n", 0, pos)
        last = self.buf.rfind("\n", 0, pos)
        column = pos - last if last >= 0 else self.column + pos + 1
        return CbmatchError(
            f"{self.name}: malformed JSON at line {line}, column {column}: {message}"
        )

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, self.pos = self.decoder.raw_decode(self.buf, self.pos)
                return value
            except RecursionError:  # arrays or objects nested past Python's recursion limit
                raise self._fail("too deeply nested", self.pos) from None
            except json.JSONDecodeError as exc:
                # Most likely the value runs on into the next block; wrong only at the end.
                if not self._more():
                    raise self._fail(exc.msg, exc.pos) from None

    def __iter__(self) -> Iterator[Any]:
        first = self._peek()
        if first == "":
            raise self._fail("Expecting value", self.pos)
        if first != "[":
            raise CbmatchError(f"{self.name}: expected a JSON array of records")
        self.pos += 1
        if self._peek() == "]":
            self.pos += 1
        else:
            while True:
                yield self._value()
                after = self._peek()
                self.pos += 1
                if after == "]":
                    break
                if after != ",":
                    raise self._fail("Expecting ',' delimiter", self.pos - 1)
        if self._peek():
            raise self._fail("Extra data", self.pos)


def _json_records(blocks: Iterable[str], name: str) -> Iterator[Raw]:
    for i, item in enumerate(_JsonArray(blocks, name), start=1):
        if not isinstance(item, dict):
            raise CbmatchError(f"{name}: record {i} is not a JSON object")
        yield where_of(item, f"record {i}"), item


def _lines(blocks: Iterable[str]) -> Iterator[str]:
    """Lines with their ends, split at LF, CR LF and CR only, as the csv module expects."""
    rest = ""
    for block in blocks:
        lines = io.StringIO(rest + block, newline="").readlines()
        # The last piece may be an unfinished line, or a "\r" whose "\n" opens the next block.
        rest = lines.pop() if lines else ""
        yield from lines
    if rest:
        yield rest


def _csv_records(blocks: Iterable[str], name: str, kind: Kind) -> Iterator[Raw]:
    reader = csv.reader(_lines(blocks))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise CbmatchError(f"{name}: empty CSV file; the first line must name the fields")
        header = [h.strip() for h in header]
        required = {"ref", "title", "description", "state" if kind == "needs" else "provider"}
        missing = sorted(required - set(header))
        if missing:
            raise CbmatchError(f"{name}: the header has no column {', '.join(missing)}")
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            raw: dict[str, Any] = {}
            for key, cell in zip(header, row, strict=False):
                raw[key] = _from_cell(key, cell)
            if len(row) > len(header):
                raw["(extra columns)"] = row[len(header) :]
            yield where_of(raw, f"line {start}"), raw
    except csv.Error as exc:
        raise CbmatchError(f"{name}: malformed CSV at line {reader.line_num}: {exc}") from None


def _from_cell(key: str, cell: str) -> Any:
    value = cell.strip()
    if value == "":
        return None
    if key in LIST_FIELDS:
        return [v.strip() for v in value.split(";") if v.strip()]
    if key in ("confidential", "funding_required"):
        return {"true": True, "false": False}.get(value.lower(), value)
    if key in ("capacity", "gender_marker", "funding_amount"):
        return _signed_number(value)
    return value
