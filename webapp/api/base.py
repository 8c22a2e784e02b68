"""What every API view shares: its blueprint, cursors, filters, answers with an ETag, CORS.

The filters are checked by the list pages' own forms; the CORS headers are for public reads.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from typing import Any, NoReturn, TypeVar, cast

import flask_smorest
from flask import Response, request, url_for
from flask_babel import force_locale
from flask_login import AnonymousUserMixin
from flask_wtf import FlaskForm
from webargs.flaskparser import FlaskParser

from webapp.problems import ApiProblem
from webapp.services.errors import RecordError
from webapp.services.language import ENGLISH, speaking

F = TypeVar("F", bound=Callable[..., Any])

#: Who the public reads are made for: nobody signed in, whatever cookie the request carries.
ANONYMOUS = AnonymousUserMixin()
JSON_TYPES = ("application/json", "application/problem+json")
#: The headers a browser script may read from a public read's answer.
EXPOSED = "ETag, Link"


class _Parser(FlaskParser):
    """webargs' parser answering a bad parameter with a 400 problem naming it."""

    DEFAULT_VALIDATION_STATUS = 400

    def handle_error(self, error: Any, req: Any, schema: Any, **kwargs: Any) -> NoReturn:
        found: list[dict[str, str]] = []
        for _location, by_field in (error.messages or {}).items():
            for name, reasons in by_field.items():
                for reason in reasons if isinstance(reasons, list) else [str(reasons)]:
                    found.append({"field": str(name), "reason": str(reason)})
        raise ApiProblem(400, "A query parameter is not valid.", found)


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]
    """A flask-smorest blueprint whose argument errors are problem documents."""

    ARGUMENTS_PARSER = _Parser()

    def route(self, rule: str, **options: Any) -> Callable[[F], F]:
        """Flask's route, typed."""
        return cast(Callable[[F], F], super().route(rule, **options))

    def arguments(self, schema: Any, **options: Any) -> Callable[[F], F]:
        """flask-smorest's arguments (parsed and documented), typed."""
        return cast(Callable[[F], F], super().arguments(schema, **options))

    def alt_response(self, status: int, *args: Any, **options: Any) -> Callable[[F], F]:
        """flask-smorest's documented answer, typed."""
        return cast(Callable[[F], F], super().alt_response(status, *args, **options))


def english(view: F) -> F:
    """Run the view in English: field names, labels and reasons of the API are a contract."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with force_locale("en"), speaking(ENGLISH):
            return view(*args, **kwargs)

    return cast(F, wrapper)


def public_cors(blueprint: Blueprint, *, json_only: bool = True) -> None:
    """Let any web page's script read this blueprint's answers (they are public, no cookie).

    A few headers rather than Flask-CORS: the policy is one line (any origin, no credentials,
    GET only) and only for the public reads; the party reads and writes send none. Unless
    ``json_only`` is false (a file of another type), a request that accepts no JSON is a 406.
    """

    @blueprint.after_request  # type: ignore[untyped-decorator]
    def _cors(response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
            response.headers["Access-Control-Max-Age"] = "86400"
        return response

    if not json_only:
        return

    @blueprint.before_request  # type: ignore[untyped-decorator]
    def _acceptable() -> None:
        accept = request.accept_mimetypes
        if request.headers.get("Accept") and not accept.best_match(JSON_TYPES):
            raise ApiProblem(406, "This resource is JSON: accept application/json.")


# --- cursors ------------------------------------------------------------------------------------


def encode_cursor(key: Any) -> str:
    """An opaque cursor holding the last key a page gave."""
    raw = json.dumps({"k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, kind: type) -> Any:
    """The key a cursor holds (None for no cursor).

    :raise ApiProblem: 400 naming ``cursor`` when it is not one this API gave.
    """
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)["k"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        key = None
    valid = isinstance(key, kind) and not isinstance(key, bool)
    if isinstance(key, int):  # a row id: what the database's integers hold
        valid = valid and 0 <= key < 2**63
    if not valid or (isinstance(key, list) and not all(isinstance(k, str) for k in key)):
        raise ApiProblem(
            400, "The cursor is not valid.", [_bad("cursor", "not a cursor of this list")]
        )
    return key


def _bad(field: str, reason: str) -> dict[str, str]:
    return {"field": field, "reason": reason}


def page_after(
    items: Sequence[Any], key: Callable[[Any], list[str]], after: Any, limit: int
) -> tuple[list[Any], bool]:
    """A page of a list made in Python, by ``key`` ascending after the key ``after``."""
    ordered = sorted(items, key=key)
    if after is not None:
        ordered = [i for i in ordered if key(i) > after]
    return ordered[:limit], len(ordered) > limit


# --- filters ------------------------------------------------------------------------------------


def checked(form: FlaskForm, known: Sequence[str]) -> None:
    """Refuse the request when a filter of ``form`` (one of ``known``) has a value it refused.

    The list pages read the same forms and ignore such a value with a message; the API names it
    instead of silently answering the whole list.

    :raise ApiProblem: 400 with one ``{field, reason}`` per refused value.
    """
    errors = [
        _bad(name, f"{form[name].data!r} is not a known value of {name}")
        for name in known
        if form[name].errors
    ]
    if errors:
        raise ApiProblem(400, "A filter value is not known.", errors)


# --- answers ------------------------------------------------------------------------------------


def answer(
    body: Mapping[str, Any] | Sequence[Any],
    links: Mapping[str, str] | None = None,
    *,
    cache: str = "no-cache",
) -> Response:
    """``body`` as JSON with a strong ETag, or 304 when ``If-None-Match`` names it.

    ``cache`` is its Cache-Control: a public read's answer is the same for anyone, so caches may
    keep it and revalidate it (``no-cache``); a party's own reads must say ``no-store``.
    """
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    response = Response(text, mimetype="application/json")
    if links:
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    response.headers["Cache-Control"] = cache
    response.add_etag()
    response.make_conditional(request)
    return response


def page_answer(
    items: list[dict[str, Any]], more: bool, last_key: Any, limit: int, *, cache: str = "no-cache"
) -> Response:
    """One page of records, with its ``next`` link when more follow (``cache``: see ``answer``)."""
    next_url = None
    if more:
        args = {k: v for k, v in request.args.items() if k not in ("cursor", "limit")}
        next_url = url_for(
            cast(str, request.endpoint),
            **(request.view_args or {}),
            **args,
            limit=limit,
            cursor=encode_cursor(last_key),
            _external=True,
        )
    body = {"items": items, "next": next_url, "limit": limit}
    return answer(body, {"next": next_url} if next_url else None, cache=cache)


def invalid_record(errors: Sequence[RecordError]) -> NoReturn:
    """Refuse a written record with the interchange validator's errors, one per field.

    The write path of the API (offers, needs) validates a JSON body with the importer's
    ``validate_offer`` / ``validate_need``, as the forms and ``cbmatch import`` do; their
    ``RecordError``s become the problem's ``errors``.

    :raise ApiProblem: 400 with ``{field, reason}`` for each error.
    """
    found = [_bad(e.field, e.reason) for e in errors]
    raise ApiProblem(400, "The record is not valid; nothing was written.", found)


def not_found(what: str) -> NoReturn:
    """:raise ApiProblem: 404 saying which record was not found."""
    raise ApiProblem(404, f"No {what} with this reference is public.")


HEADERS = {
    "ETag": {"description": "The version of this answer.", "schema": {"type": "string"}},
}
PAGE_HEADERS = {
    **HEADERS,
    "Link": {"description": "The next page, when there is one.", "schema": {"type": "string"}},
}


def documented(
    blueprint: Blueprint, schema: Any, *problems: int, paged: bool = False
) -> Callable[[F], F]:
    """Document a read: its 200 with ``schema``, its 304, and the problem answers ``problems``."""

    def decorate(view: F) -> F:
        for status in (304, *problems):
            view = blueprint.alt_response(status, HTTPStatus(status).name)(view)
        headers = PAGE_HEADERS if paged else HEADERS
        return blueprint.alt_response(200, schema=schema, success=True, headers=headers)(view)

    return decorate
