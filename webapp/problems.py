"""RFC 9457 problem details: the one error format of the JSON API under ``/api/``.

Every error of an ``/api/`` address, whether a view raises it (``ApiProblem``, ``abort``) or the
app meets it (an unknown address, a method not allowed, an unexpected exception), is answered
as ``application/problem+json``, never as an HTML page or a traceback. ``type`` is an address of
the API reference page naming the kind of problem; ``title`` and ``detail`` are in English, as
the API's field names are (they are a contract, not text for a page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

API_PREFIX = "/api/"
MEDIA_TYPE = "application/problem+json"
#: The base of every problem's ``type``: the section of the API reference that explains it.
TYPE_BASE = "/api/v1/docs#problem-"

#: The problems the API answers, by status: their ``type`` slug and English title.
KINDS: dict[int, tuple[str, str]] = {
    400: ("invalid-request", "The request is not valid"),
    401: ("unauthenticated", "A valid access token is required"),
    403: ("forbidden", "The token does not allow this"),
    404: ("not-found", "No such resource"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Cannot answer in an acceptable media type"),
    409: ("conflict", "The resource changed"),
    412: ("precondition-failed", "Precondition failed"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("unprocessable", "The request could not be processed"),
    429: ("too-many-requests", "Too many requests"),
    500: ("internal-error", "Internal server error"),
    503: ("unavailable", "Service unavailable"),
}


def is_api_request() -> bool:
    """Whether the request is addressed to the JSON API (its errors are problem documents)."""
    return request.path == API_PREFIX.rstrip("/") or request.path.startswith(API_PREFIX)


class ApiProblem(HTTPException):
    """An error a view raises to answer with a problem document.

    ``errors`` lists the fields at fault, each ``{"field": name, "reason": text}``.
    """

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        errors: Sequence[Mapping[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.code = status
        self.errors = [dict(e) for e in errors]
        self.extra_headers = dict(headers or {})


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_body(
    status: int, detail: str | None, errors: Sequence[Mapping[str, str]] = ()
) -> dict[str, Any]:
    """The problem document of ``status`` (RFC 9457 members, plus ``errors`` when given)."""
    slug, title = KINDS.get(status, ("error", _phrase(status)))
    body: dict[str, Any] = {"type": TYPE_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    if errors:
        body["errors"] = [dict(e) for e in errors]
    return body


def problem_response(
    status: int,
    detail: str | None = None,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A response holding the problem document of ``status``."""
    body = json.dumps(problem_body(status, detail, errors), ensure_ascii=False)
    response = Response(body, status=status, mimetype=MEDIA_TYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def from_exception(exc: HTTPException, detail: str | None) -> Response:
    """The problem response of an HTTP error met under ``/api/``.

    Keeps the headers the error carries (``Allow`` of a 405, ``Retry-After`` of a 429).
    """
    status = exc.code or 500
    headers: dict[str, str] = {}
    if status < 500:
        for key, value in exc.get_headers():
            if key.lower() != "content-type":
                headers[key] = value
    if isinstance(exc, ApiProblem):
        headers.update(exc.extra_headers)
        return problem_response(status, exc.description, exc.errors, headers)
    return problem_response(status, detail if status < 500 else None, (), headers)
