"""The IATI activities file of cbmatch (``docs/IATI.md``), public like the other public reads.

The same file as ``cbmatch export offers --format iati``: the open offers and the public
matches under way or completed; never a confidential need's match.
"""

from __future__ import annotations

from flask import Response

from models import db
from webapp.access import public
from webapp.api.base import Blueprint, english, public_cors
from webapp.problems import ApiProblem
from webapp.services.iati.export import NothingToExport, activities_xml

bp = Blueprint("api_iati", __name__, description="Public IATI 2.03 activities file.")
public_cors(bp, json_only=False)
XML = "application/xml"


@bp.route("/iati/activities.xml")
@bp.alt_response(404, "NOT_FOUND")
@bp.alt_response(429, "TOO_MANY_REQUESTS")
@bp.alt_response(
    200,
    success=True,
    content_type=XML,
    schema={"type": "string"},
    description="An IATI 2.03 `iati-activities` file.",
)
@public
@english
def activities() -> Response:
    """The open offers and the public matches in progress or completed, as IATI 2.03 activities.

    404 (a problem document) when there is nothing to publish: the schema needs an activity.
    """
    try:
        xml = activities_xml(db.session())
    except NothingToExport as exc:
        raise ApiProblem(404, str(exc)) from exc
    response = Response(xml, mimetype=XML)
    response.headers["Cache-Control"] = "no-cache"
    return response
