"""Import of a donor's IATI activities file as offers: the interchange importer's path.

The activities are read into raw offer records (``reader.py``) and go through the same
validation and the same all-or-nothing, chunked upsert as a JSON or CSV file: one bad record and
nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from models import User
from webapp.services.iati.reader import Reading
from webapp.services.interchange.operations import ImportResult, import_records, log_import


def import_reading(
    session: Session, reading: Reading, path: Path, actor: User | None = None
) -> ImportResult:
    """Validate and upsert the offers read from ``path``; flushes, the caller commits.

    Raises:
        ValidationFailed: a record is bad; nothing was written (the caller rolls back).
    """
    result = import_records(session, "offers", reading.records, actor=actor)
    log_import(session, "offers", path.name, result)
    return result
