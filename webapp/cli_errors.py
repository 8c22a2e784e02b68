"""How every ``cbmatch`` command reports a failure: one line, exit status 1, no traceback."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click
from flask import current_app
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from models import audit, db
from webapp.services.errors import CbmatchError, ValidationFailed

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


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
