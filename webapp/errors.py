"""Friendly error pages (HTML, or JSON for API requests); the 500 handler rolls back first."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, jsonify, render_template, request
from sqlalchemy.exc import (
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from models import db
from webapp.extensions import login_manager

log = logging.getLogger(__name__)
PAGES = {400, 403, 404, 405, 422, 429, 500, 503}
#: The database is unreachable, went away, or is busy beyond the wait: try again later.
UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)


def _wants_json() -> bool:
    return request.blueprint == "api" or request.accept_mimetypes.best == "application/json"


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
        return _render(exc.code or 500, exc.description or "")

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
        return _render(503, "The database cannot be reached right now. Please try again shortly.")

    for error in UNAVAILABLE:
        app.register_error_handler(error, database_down)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response | str, int]:
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
        db.session.rollback()
        return _render(500, InternalServerError.description)
