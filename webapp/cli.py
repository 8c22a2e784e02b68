"""The ``cbmatch`` command: Flask's CLI group plus init, seed, import, export and users."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask.cli import run_command as flask_run_command
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from models import audit, db
from webapp.services.errors import CbmatchError, ValidationFailed

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


#: Settings that ``cbmatch run`` passes to the app it serves (LOCAL_HTTP on loopback over HTTP).
_SERVE: dict[str, Any] = {}
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _create_app() -> Flask:
    from webapp import create_app

    try:
        return create_app(dict(_SERVE) or None)
    except Exception as exc:  # a malformed URL, a missing driver, a broken instance config...
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise click.ClickException(f"cannot start cbmatch: {first}") from None


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


def database_label() -> str:
    """The database URL with any password hidden, for messages."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable CBMATCH_DATABASE_URL)"


def user_errors(func: F) -> F:
    """Turn domain and database errors into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            # The audit log names the command ("cli: import") as the author of its changes.
            path = click.get_current_context().command_path.split(" ", 1)[-1]
            with audit.acting_as(f"cli: {path}"):
                return func(*args, **kwargs)
        except ValidationFailed as exc:
            db.session.rollback()
            for err in exc.errors:
                click.echo(f"error: {err}", err=True)
            raise click.ClickException(str(exc)) from None
        except CbmatchError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
        except (OperationalError, DBAPIError) as exc:
            _safe_rollback()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise click.ClickException(
                f"cannot use the database {database_label()}: {reason}"
            ) from None
        except SQLAlchemyError as exc:
            _safe_rollback()
            first = str(exc).strip().splitlines()[0]
            raise click.ClickException(f"database error: {first}") from None
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except BrokenPipeError:  # the reader went away (``cbmatch match | head``): stop quietly
            _safe_rollback()
            _stop_writing()
            sys.exit(SIGPIPE_STATUS)
        except Exception as exc:  # a bug: say so in one line rather than with a traceback
            _safe_rollback()
            log.debug("unexpected error in %s", func.__name__, exc_info=exc)
            first = (str(exc).strip().splitlines() or [""])[0]
            raise click.ClickException(
                f"unexpected error ({type(exc).__name__}: {first}); please report it"
            ) from None

    return cast(F, wrapper)


#: What a shell reports for a command stopped by SIGPIPE, as ``grep ... | head`` would be.
SIGPIPE_STATUS = 141


def _stop_writing() -> None:
    """Point standard output at /dev/null, so that flushing it at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _safe_rollback() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()


def init_app(app: Flask) -> None:
    """Register the cbmatch commands on the app's CLI."""
    from webapp.cli_match import assign_command, evaluate_command, match_command

    for command in (
        init_command,
        seed_command,
        import_command,
        export_command,
        users_group,
        match_command,
        assign_command,
        evaluate_command,
    ):
        app.cli.add_command(command)


@click.command("init")
@with_appcontext
@user_errors
def init_command() -> None:
    """Create or upgrade the schema and load the reference data (idempotent)."""
    from webapp.services.setup import initialise_database

    report = initialise_database()
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
    initialise_database()
    report = load_demo(db.session)
    db.session.commit()
    click.echo(report)


KIND = click.Choice(["needs", "offers"])


@click.command("import")
@click.argument("kind", type=KIND)
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
@user_errors
def import_command(kind: str, path: Path) -> None:
    """Import needs or offers from a .json or .csv file (all or nothing; upsert by ref)."""
    from webapp.services.interchange.operations import import_file

    result = import_file(db.session, kind, path)  # type: ignore[arg-type]
    db.session.commit()
    click.echo(
        f"Imported {result.total} {kind} from {path}: {result.created} created, "
        f"{result.updated} updated, {result.unchanged} unchanged."
    )


@click.command("export")
@click.argument("kind", type=KIND)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), help="Default: stdout.")
@with_appcontext
@user_errors
def export_command(kind: str, fmt: str, output: Path | None) -> None:
    """Export every need or offer (confidential needs included) in the interchange format."""
    from webapp.services.interchange.operations import dump, export_records

    records = export_records(db.session, kind)  # type: ignore[arg-type]
    text = dump(records, kind, fmt)  # type: ignore[arg-type]
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
        db.session,
        email=email,
        name=name,
        role=role,
        state_code=state_code,
        organisation=organisation,
        password=password,
    )
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")
