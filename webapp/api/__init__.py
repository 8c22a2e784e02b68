"""The JSON API under ``/api/v1``: its blueprints, its OpenAPI document and its reference page.

flask-smorest builds the OpenAPI 3.1 document from the views' decorators and the marshmallow
schemas of ``schemas.py``; the app stays a plain ``Flask``. The API never signs anyone in with
the session cookie: the public reads need no one (views pass ``ANONYMOUS`` to the services, never
``current_user``), and the party reads and writes will take a bearer token (``webapp.api_auth``).
Its errors are ``application/problem+json`` (``webapp.problems``, wired in ``webapp.errors``).
"""

from __future__ import annotations

from http import HTTPStatus
from threading import Lock
from typing import Any

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from webapp.api.schemas import Problem
from webapp.extensions import csrf
from webapp.problems import MEDIA_TYPE as PROBLEM
from webapp.security import limiter

PREFIX = "/api/v1"
DESCRIPTION = """\
The public data of cbmatch, the platform that matches the ICT-security capacity-building needs
of States with offers of support. Records use the field names of the bulk interchange format
(`docs/INTERCHANGE.md`), so a file and an API call say the same thing.

Lists are paged with an opaque cursor: follow `next` (also in the `Link` header) until it is
null. Every answer carries an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`
when nothing changed. Errors are RFC 9457 problem details (`application/problem+json`) whose
`title` and `detail` are in English; a bad query parameter is named in `errors`.
"""


class _Api(Api):  # type: ignore[misc]
    """flask-smorest's Api without its error handler, writing its document when first asked.

    flask-smorest would answer every HTTP error of the whole app as its own JSON; the app keeps
    its pages, and ``webapp.errors`` answers under ``/api/`` with problem documents.

    flask-smorest documents a blueprint's views as it registers it; that is a third of the
    app's start-up, paid by every worker and by each of the tests' thousands of apps, for a
    document few of them serve. Here the views are routed at once and documented on the first
    ``document()`` (the OpenAPI document's route and the reference page call it).
    """

    ERROR_SCHEMA = Problem
    DEFAULT_ERROR_RESPONSE_NAME = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._undocumented: list[tuple[Any, str, Any]] = []
        self._documenting = Lock()
        super().__init__(*args, **kwargs)

    def register_blueprint(self, blp: Any, *, parameters: Any = None, **options: Any) -> None:
        """Route ``blp``'s views now; document them with the others on the first document()."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def document(self) -> Any:
        """The OpenAPI document (an apispec ``APISpec``), with every registered view in it."""
        with self._documenting:
            while self._undocumented:
                blp, name, parameters = self._undocumented.pop(0)
                blp.register_views_in_doc(self, self._app, self.spec, name=name,
                                          parameters=parameters)  # fmt: skip
                self.spec.tag({"name": name, "description": blp.description})
        return self.spec

    def _openapi_json(self) -> Any:
        self.document()
        return super()._openapi_json()

    def _register_error_handlers(self) -> None:
        pass

    def _register_responses(self) -> None:
        """A component response per status, holding a problem document (RFC 9457)."""
        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = Problem
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)


def _api_limit() -> str:
    from flask import current_app

    return str(current_app.config["API_RATE_LIMIT"])


def init_app(app: Flask) -> None:
    """Register the API's blueprints on ``app``, each documented in its own OpenAPI document."""
    from webapp.api import docs, iati, party, party_matches, party_writes, public, reference  # noqa: F401 (their views are on party.bp)

    app.config.setdefault("API_TITLE", "cbmatch API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    spec: dict[str, Any] = {
        "info": {"description": DESCRIPTION, "license": {"name": "MIT", "identifier": "MIT"}},
        "servers": [{"url": "/"}],
    }
    api = _Api(app, spec_kwargs=spec)
    app.extensions["cbmatch_api"] = api
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "A personal access token, cbm_..."},
    )
    for blueprint in (public.bp, reference.bp, iati.bp):
        csrf.exempt(blueprint)
        limiter.limit(_api_limit)(blueprint)
        api.register_blueprint(blueprint, url_prefix=PREFIX)
    # protect() made it CSRF-exempt and limited per token (webapp.api_auth); no CORS.
    api.register_blueprint(party.bp, url_prefix=PREFIX)
    csrf.exempt(docs.bp)
    app.register_blueprint(docs.bp, url_prefix=PREFIX)
