"""``cbmatch import offers FILE.xml`` and ``cbmatch export offers --format iati`` (docs/IATI.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models import db
from webapp.services.errors import CbmatchError, ValidationFailed


def import_iati(path: Path) -> None:
    """Import a donor's IATI activities as offers, all or nothing, and report each mapping."""
    from webapp.services.iati.importing import import_reading
    from webapp.services.iati.reader import read_activities, report

    reading = read_activities(path)
    try:
        result = import_reading(db.session(), reading, path)
    except ValidationFailed:
        for line in report(reading):  # what was read, so the errors can be placed
            click.echo(line, err=True)
        raise
    db.session.commit()
    click.echo(
        f"Imported {result.total} offers from {path}: {result.created} created, "
        f"{result.updated} updated, {result.unchanged} unchanged."
    )
    if reading.skipped:
        click.echo(
            f"Skipped {reading.skipped} "
            f"activit{'y' if reading.skipped == 1 else 'ies'} (not open offers: see below)."
        )
    for line in report(reading):
        click.echo(line)


def export_iati(output: Path | None) -> None:
    """Write the IATI activities file of the open offers and the matches to stdout or a file."""
    from webapp.services.iati.export import build_activities, kinds, serialise

    root = build_activities(db.session())
    data = serialise(root)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise CbmatchError(f"{output}: cannot be written ({exc.strerror})") from None
    offers, matches = kinds(root)
    click.echo(
        f"Wrote {offers} offers and {matches} matches as IATI activities to {output}.", err=True
    )
