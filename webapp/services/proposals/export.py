"""The pipeline's exports: the rows of the current view as CSV or XLSX (``services.tables``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple

from webapp.services import tables
from webapp.services.language import _
from webapp.services.proposals.board import EXPORT_HEADERS, ExportRow

# Column widths of the worksheet, in characters, so that titles are readable when it opens.
XLSX_WIDTHS = (9, 12, 45, 18, 12, 45, 30, 12, 7, 17, 17, 17, 60, 30, 14, 45, 24, 17, 17, 17)
MEDIA_TYPES = tables.MEDIA_TYPES


def headers() -> list[str]:
    """The column headers in the reader's language."""
    return [_(title) for title in EXPORT_HEADERS]


def to_csv(rows: Sequence[ExportRow]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so that spreadsheets read accents right."""
    return tables.to_csv(headers(), (astuple(row) for row in rows))


def to_xlsx(rows: Sequence[ExportRow]) -> bytes:
    """One worksheet, "Pipeline": a bold header row, then a row per match; dates in UTC."""
    return tables.to_xlsx(_("Pipeline"), headers(), (astuple(row) for row in rows), XLSX_WIDTHS)
