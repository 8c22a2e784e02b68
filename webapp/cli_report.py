"""``cbmatch report``: the focal point's reports as CSV or XLSX files (English, for other tools)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from flask.cli import with_appcontext

from models import db
from webapp.cli_errors import user_errors
from webapp.services.errors import CbmatchError

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("csv", "xlsx")


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def report_options(*, since: str, until: str) -> Callable[[F], F]:
    """The options every report takes (format, window, output), then the app and error handling.

    ``since`` and ``until`` say what ``--from`` and ``--to`` keep, in that report's words.
    """

    def wrap(command: F) -> F:
        for decorator in reversed((
            click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv",
                         show_default=True),
            click.option("--from", "since", callback=_day, metavar="YYYY-MM-DD", help=since),
            click.option("--to", "until", callback=_day, metavar="YYYY-MM-DD", help=until),
            click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
                         help="Default: stdout (CSV only)."),
            with_appcontext,
            user_errors,
        )):  # fmt: skip
            command = decorator(command)
        return command

    return wrap


@click.group("report")
def report_group() -> None:
    """Reports on needs, matches and funding, as CSV or XLSX."""


@report_group.command("gaps")
@report_options(
    since="Count needs and offers created on or after this day.",
    until="Count needs and offers created on or before this day.",
)
def gaps_command(fmt: str, since: date | None, until: date | None, output: Path | None) -> None:
    """One row per topic and M49 region: open needs, unmet needs, open offers.

    Confidential needs are counted, never named.
    """
    from webapp.services.reports.gaps import gaps_file

    _check(fmt, since, until, output)
    _write("gaps", fmt, gaps_file(db.session(), fmt, since, until), output)


def _check(fmt: str, since: date | None, until: date | None, output: Path | None) -> None:
    """Refuse a window that ends before it starts, and an XLSX file sent to the terminal."""
    if since and until and until < since:
        raise click.BadParameter(f"{until} is before --from {since}", param_hint="'--to'")
    if fmt == "xlsx" and output is None:
        raise click.BadParameter("an XLSX file needs --output PATH", param_hint="'--format'")


def _write(name: str, fmt: str, data: bytes, output: Path | None) -> None:
    """The report to stdout (CSV) or to ``output``."""
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise CbmatchError(f"{output}: cannot be written ({exc.strerror})") from None
    click.echo(f"Wrote the {name} report ({fmt}) to {output}.", err=True)


@report_group.command("outcomes")
@report_options(
    since="Keep matches completed on or after this day.",
    until="Keep matches completed on or before this day.",
)
def outcomes_command(fmt: str, since: date | None, until: date | None, output: Path | None) -> None:
    """One row per completed match: participants by sex, gender marker, confirmation, rating.

    Where, what, by whom and when too. A confidential need's ref, title and State are
    written "confidential".
    """
    from webapp.services.reports.outcomes import outcomes_file

    _check(fmt, since, until, output)
    _write("outcomes", fmt, outcomes_file(db.session(), fmt, since, until), output)


@report_group.command("funding")
@report_options(
    since="Count needs and offers created on or after this day.",
    until="Count needs and offers created on or before this day; convert with the rates in "
    "force on it (default: today).",
)
def funding_command(fmt: str, since: date | None, until: date | None, output: Path | None) -> None:
    """Funding requested and offered, and the gap: in total, per M49 region and per topic.

    Amounts in the reporting currency (REPORTING_CURRENCY); amounts with no rate are counted
    apart. Confidential needs are counted, never named.
    """
    from webapp.services.reports.funding import funding_file

    _check(fmt, since, until, output)
    _write("funding", fmt, funding_file(db.session(), fmt, since, until, date.today()), output)
