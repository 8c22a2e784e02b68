"""Rows as a CSV (stdlib) or XLSX (openpyxl) file: the pipeline's exports and the reports.

Text typed by users must not run as a formula in a spreadsheet: XLSX cells are written as text,
and in CSV a text cell that a spreadsheet would read as a formula (=, +, -, @) gets a leading
apostrophe, as OWASP advises. Dates and times are written in UTC.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

DATE_FORMAT = "%Y-%m-%d %H:%M"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_cell(value: object) -> str:
    """One CSV cell: times as YYYY-MM-DD HH:MM, floats to two places, text formulas defused."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int | Decimal):  # a number, even below zero, is no formula
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True) -> bytes:
    """UTF-8 CSV; with a byte-order mark (the default) spreadsheets read accents right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(csv_cell(v) for v in row)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def to_xlsx(
    sheet: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] = (),
) -> bytes:
    """One worksheet named ``sheet``: a bold, frozen header row, then the rows as typed values."""
    # openpyxl takes 60 ms to import: only an XLSX file pays for it, not every process start
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])  # a sheet's name has at most 31 characters
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header = []
    for title in headers:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime):
                cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))  # Excel has no zones
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "yyyy-mm-dd"
            else:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with "="
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
