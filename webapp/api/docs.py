"""The OpenAPI document and the reference page made from it (served here: no CDN, no script)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template

from webapp.access import public
from webapp.api.base import answer, english

bp = Blueprint("api_docs", __name__)


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API, as flask-smorest built it from the views."""
    return dict(current_app.extensions["cbmatch_api"].spec.to_dict())


@bp.route("/openapi.json")
@public
@english
def openapi() -> Response:
    """The OpenAPI 3.1 document (public, with CORS, so that other tools can read it)."""
    response = answer(document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/docs")
@public
def reference() -> str:
    """The API reference: every operation, its parameters, answers and records, as a page."""
    return render_template("api/reference.html", doc=document())
