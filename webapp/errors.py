"""Friendly error pages (HTML, or JSON for API requests); the 500 handler rolls back first."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from models import db

log = logging.getLogger(__name__)
PAGES = {400, 403, 404, 405, 422, 429, 500, 503}


def _wants_json() -> bool:
    return request.blueprint == "api" or request.accept_mimetypes.best == "application/json"


def _render(code: int, description: str) -> tuple[object, int]:
    if _wants_json():
        return jsonify(error=description, status=code), code
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    return render_template(template, code=code, description=description), code


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[object, int]:
        if exc.code and exc.code >= 500:
            db.session.rollback()
        return _render(exc.code or 500, exc.description or "")

    @app.errorhandler(OperationalError)
    def database_down(exc: OperationalError) -> tuple[object, int]:
        log.error("database unavailable: %s", str(exc.orig).splitlines()[0] if exc.orig else exc)
        db.session.rollback()
        return _render(503, "The database cannot be reached right now. Please try again shortly.")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[object, int]:
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
        db.session.rollback()
        return _render(500, InternalServerError.description)
