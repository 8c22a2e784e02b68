"""The pipeline's exports: the rows of the current view as CSV (stdlib) or XLSX (openpyxl).

Titles and outcomes are typed by users, so neither format may let a spreadsheet run them as
formulas: XLSX cells are written as text, and in CSV a text cell that a spreadsheet would read
as a formula (=, +, -, @) gets a leading apostrophe, as OWASP advises.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import astuple
from datetime import datetime

from webapp.services.language import _
from webapp.services.proposals.board import EXPORT_HEADERS, ExportRow

DATE_FORMAT = "%Y-%m-%d %H:%M"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Column widths of the worksheet, in characters, so that titles are readable when it opens.
XLSX_WIDTHS = (9, 12, 45, 18, 12, 45, 30, 12, 7, 17, 17, 17, 60)
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def headers() -> list[str]:
    """The column headers in the reader's language."""
    return [_(title) for title in EXPORT_HEADERS]


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Sequence[ExportRow]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so that spreadsheets read accents right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows:
        writer.writerow(_csv_cell(v) for v in astuple(row))
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[ExportRow]) -> bytes:
    """One worksheet, "Pipeline": a bold header row, then a row per match; dates in UTC."""
    # openpyxl takes 60 ms to import: only an XLSX export pays for it, not every process start
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Pipeline")[:31])  # a sheet's name has at most 31 characters
    ws.freeze_panes = "A2"
    for i, width in enumerate(XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header = []
    for title in headers():
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells = []
        for value in astuple(row):
            if isinstance(value, datetime):
                cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))  # Excel has no zones
                cell.number_format = "yyyy-mm-dd hh:mm"
            else:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with "="
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
