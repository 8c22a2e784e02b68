"""Friendly error pages (HTML, or JSON for API requests); the 500 handler rolls back first."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import (
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from models import db
from webapp import problems
from webapp.extensions import login_manager
from webapp.i18n import _l

log = logging.getLogger(__name__)
PAGES = {400, 403, 404, 405, 422, 429, 500, 503}
#: The database is unreachable, went away, or is busy beyond the wait: try again later.
UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
#: Werkzeug's own descriptions of the errors with a page, in the same words, to be translated.
DESCRIPTIONS = {
    400: _l("The browser (or proxy) sent a request that this server could not understand."),
    403: _l(
        "Your account may not open this page. If you think it should, write to the focal point"
        " from the contact page."
    ),
    404: _l(
        "The requested URL was not found on the server. If you entered the URL manually please"
        " check your spelling and try again."
    ),
    405: _l("The method is not allowed for the requested URL."),
    422: _l("The request was well-formed but was unable to be followed due to semantic errors."),
    429: _l("This user has exceeded an allotted request count. Try again later."),
    500: _l(
        "The server encountered an internal error and was unable to complete your request. Either"
        " the server is overloaded or there is an error in the application."
    ),
    503: _l(
        "The server is temporarily unable to service your request due to maintenance downtime or"
        " capacity problems. Please try again later."
    ),
}


def _wants_json() -> bool:
    return request.blueprint == "api" or request.accept_mimetypes.best == "application/json"


def _described(exc: HTTPException) -> str:
    """The error's description; Werkzeug's own default in the reader's language."""
    description = exc.description or ""
    if exc.code in DESCRIPTIONS and description == type(exc).description:
        return str(DESCRIPTIONS[exc.code])
    return description


def _render(code: int, description: str) -> tuple[Response | str, int]:
    if _wants_json():
        return jsonify(error=description, status=code), code
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    return render_template(template, code=code, description=description), code


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str, int]:
        if exc.code and exc.code >= 500:
            db.session.rollback()
        if problems.is_api_request():
            return problems.from_exception(exc, exc.description), exc.code or 500
        return _render(exc.code or 500, _described(exc))

    def database_down(exc: Exception) -> tuple[Response | str, int]:
        orig = getattr(exc, "orig", None) or exc
        log.error("database unavailable: %s", (str(orig).splitlines() or [type(orig).__name__])[0])
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.close()  # the connection is gone; the pool replaces it on next use
        # The page must not touch the database again: the signed-in user (expired by the
        # rollback) would be reloaded by the header, and fail inside this handler.
        g._login_user = login_manager.anonymous_user()
        if problems.is_api_request():
            return problems.problem_response(503, "The database cannot be reached."), 503
        return _render(
            503, _("The database cannot be reached right now. Please try again shortly.")
        )

    for error in UNAVAILABLE:
        app.register_error_handler(error, database_down)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response | str, int]:
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
        db.session.rollback()
        if problems.is_api_request():
            return problems.problem_response(500), 500
        return _render(500, str(DESCRIPTIONS[500]))
