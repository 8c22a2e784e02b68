"""The ``cbmatch`` command: Flask's CLI group plus init, seed, import, export and users."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from flask.cli import run_command as flask_run_command
from werkzeug.serving import is_running_from_reloader

from models import db
from webapp.cli_errors import database_label, user_errors
from webapp.services.errors import CbmatchError

if TYPE_CHECKING:
    from webapp.services.interchange.export import Format
    from webapp.services.interchange.readers import Kind

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


#: Settings that ``cbmatch run`` passes to the app it serves (LOCAL_HTTP on loopback over HTTP).
_SERVE: dict[str, Any] = {}
#: True in ``cbmatch run``: the app it serves also runs the mail sender (webapp.cli_mail).
_RUNNING = {"serve": False}
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _create_app() -> Flask:
    from webapp import create_app

    try:
        app = create_app(dict(_SERVE) or None)
    except Exception as exc:  # a malformed URL, a missing driver, a broken instance config...
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise click.ClickException(f"cannot start cbmatch: {first}") from None
    # With the reloader, the process that watches the files (and outlives each reload) sends.
    if _RUNNING["serve"] and not is_running_from_reloader():
        from webapp.cli_mail import start_background_sender

        start_background_sender(app)
    return app


cli = FlaskGroup(
    create_app=_create_app,
    add_version_option=False,
    help="cbmatch: match capacity-building needs with offers of support.",
)


def _serve(**kwargs: Any) -> Any:
    """Flask's ``run``, telling the app when it serves plain HTTP to this machine only."""
    if kwargs.get("cert") is None and kwargs.get("host") in LOOPBACK:
        _SERVE["LOCAL_HTTP"] = True  # the browser would drop Secure cookies over http://
        click.echo(" * Plain HTTP on this machine only: cookies are not marked Secure.", err=True)
    elif kwargs.get("cert") is None:
        click.echo(
            " * Cookies are marked Secure: sign in through HTTPS (e.g. a proxy in front).", err=True
        )
    _RUNNING["serve"] = True
    return flask_run_command.callback(**kwargs)  # type: ignore[misc]


cli.add_command(
    click.Command(
        "run",
        params=flask_run_command.params,
        callback=_serve,
        help=flask_run_command.help,
        short_help=flask_run_command.short_help,
    )
)


def init_app(app: Flask) -> None:
    """Register the cbmatch commands on the app's CLI."""
    from webapp.cli_mail import mail_group
    from webapp.cli_match import assign_command, evaluate_command, learn_command, match_command
    from webapp.cli_report import report_group

    for command in (
        init_command,
        seed_command,
        import_command,
        export_command,
        users_group,
        match_command,
        assign_command,
        evaluate_command,
        learn_command,
        mail_group,
        report_group,
    ):
        app.cli.add_command(command)


@click.command("init")
@with_appcontext
@user_errors
def init_command() -> None:
    """Create or upgrade the schema and load the reference data (idempotent)."""
    from webapp.services.setup import initialise_database

    report = initialise_database(db.session())
    db.session.commit()
    click.echo(f"Database ready: {database_label()}")
    click.echo(report)


@click.command("seed")
@click.option("--demo", is_flag=True, help="Load the demo needs, offers, organisations, accounts.")
@with_appcontext
@user_errors
def seed_command(demo: bool) -> None:
    """Load data beyond the reference data; run twice, it changes nothing."""
    from webapp.services.setup import initialise_database, load_demo

    if not demo:
        raise click.UsageError("say what to seed: --demo")
    initialise_database(db.session())
    report = load_demo(db.session())
    db.session.commit()
    click.echo(report)


KIND = click.Choice(["needs", "offers"])
IMPORT_KIND = click.Choice(["needs", "offers", "nsi"])


@click.command("import")
@click.argument("kind", type=IMPORT_KIND)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--state", "state_code", metavar="ISO3", help="nsi: the State the answers are for.")
@click.option("--dry-run", is_flag=True, help="nsi: check the file and report; write nothing.")
@with_appcontext
@user_errors
def import_command(kind: str, path: Path, state_code: str | None, dry_run: bool) -> None:
    """Import needs, offers or a State's NSI answers from a .json or .csv file (all or nothing).

    Offers also from a donor's IATI activities file (.xml, docs/IATI.md).

    Needs and offers upsert by ref. NSI answers (format: docs/NSI.md) need --state; questions
    the file leaves out keep their answers; --dry-run reports what would change.
    """
    if kind == "nsi":
        _import_nsi(path, state_code, dry_run)
        return
    if state_code is not None or dry_run:
        raise click.UsageError("--state and --dry-run are for: cbmatch import nsi")
    if kind == "offers" and path.suffix.lower() == ".xml":
        from webapp.cli_iati import import_iati

        import_iati(path)
        return
    from webapp.services.interchange.operations import import_file

    result = import_file(db.session(), "needs" if kind == "needs" else "offers", path)
    db.session.commit()
    click.echo(
        f"Imported {result.total} {kind} from {path}: {result.created} created, "
        f"{result.updated} updated, {result.unchanged} unchanged."
    )
    changed = result.confidentiality
    if changed:  # a need made public (or confidential) is never a silent side effect
        click.echo(
            f"Confidentiality changed for {len(changed)} need{'' if len(changed) == 1 else 's'}:"
        )
        for ref, confidential in changed:
            click.echo(f"  {ref}: now {'confidential' if confidential else 'public'}")


def _import_nsi(path: Path, state_code: str | None, dry_run: bool) -> None:
    """A State's NSI answers from a file: all or nothing, as the other imports."""
    from webapp.services.needs import nsi, nsi_files
    from webapp.services.needs.survey import state_by_code

    if not state_code:
        raise click.UsageError("cbmatch import nsi needs --state ISO3 (the State answering)")
    state = state_by_code(db.session(), state_code)
    if state is None:
        raise CbmatchError(f"--state: {state_code!r} is not the ISO3 code of a State")
    entries = nsi_files.read_answers(nsi_files.read_path(path), str(path), state)
    if dry_run:
        plan = nsi.plan(db.session(), state, entries)
        click.echo(
            f"Checked {plan.total} NSI answers from {path} for {state.iso3}: would create "
            f"{len(plan.created)}, update {len(plan.updated)}, clear {len(plan.cleared)}, "
            f"{len(plan.unchanged)} unchanged. Nothing was written (--dry-run)."
        )
        return
    done = nsi.save_answers(db.session(), state, entries, actor=None)
    db.session.commit()
    click.echo(
        f"Imported {done.total} NSI answers from {path} for {state.iso3}: {len(done.created)} "
        f"created, {len(done.updated)} updated, {len(done.cleared)} cleared, "
        f"{len(done.unchanged)} unchanged."
    )


@click.command("export")
@click.argument("kind", type=KIND)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "iati"]),
    default="json",
    help="iati (offers only): the IATI 2.03 activities file of open offers and matches.",
)
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), help="Default: stdout.")
@with_appcontext
@user_errors
def export_command(kind: Kind, fmt: Format | Literal["iati"], output: Path | None) -> None:
    """Export every need or offer (confidential needs included) in the interchange format.

    --format iati writes the open offers and the matches in progress or completed (not those of
    confidential needs) as an IATI 2.03 activities file (docs/IATI.md).
    """
    if fmt == "iati":
        if kind != "offers":
            raise click.UsageError("--format iati is for: cbmatch export offers")
        from webapp.cli_iati import export_iati

        export_iati(output)
        return
    from webapp.services.interchange.export import dump, export_records

    records = export_records(db.session(), kind)
    text = dump(records, kind, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CbmatchError(f"{output}: cannot be written ({exc.strerror})") from None
    click.echo(f"Wrote {len(records)} {kind} to {output}.", err=True)


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role", required=True, type=click.Choice(["state", "provider", "focal_point", "admin"])
)
@click.option("--state", "state_code", help="ISO3 code of the State (role state).")
@click.option("--organisation", help="Organisation name (role provider).")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="CBMATCH_NEW_PASSWORD",
    help="Prompted for when not given; or set CBMATCH_NEW_PASSWORD.",
)
@with_appcontext
@user_errors
def create_user_command(
    email: str,
    name: str,
    role: str,
    state_code: str | None,
    organisation: str | None,
    password: str,
) -> None:
    """Create an active account of any role."""
    from webapp.services.accounts.operations import create_user

    user = create_user(
        db.session(),
        email=email,
        name=name,
        role=role,
        state_code=state_code,
        organisation=organisation,
        password=password,
    )
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")
