"""The API's authentication: a personal access token in ``Authorization: Bearer``, nothing else.

The API's blueprint calls ``protect(bp)`` once; its views that need a token carry
``@requires_scope(Scope.X)`` (under ``@bp.route``), the public ones ``@public`` as pages do::

    bp = Blueprint("api", __name__, url_prefix="/api/v1")
    api_auth.protect(bp)

    @bp.post("/offers")
    @api_auth.requires_scope(Scope.WRITE_OFFERS)
    def create_offer(): ...  # current_user (and g.api_user) is the token's owner

For each request of a protected blueprint:

- no ``Authorization`` header: anonymous. ``g.api_token`` and ``g.api_user`` are None and
  ``current_user`` is anonymous even if a session cookie came along: the API never reads the
  cookie, which is also why its blueprint needs no CSRF token;
- a Bearer token that authenticates: ``g.api_token``, ``g.api_user`` and ``current_user`` (its
  owner, so that ``webapp/services/policy.py`` decides as on the pages); its last use is noted at
  most once a minute (``tokens.touch``), and the audit log names it:
  "Ana Ruiz <ana@example.org> (token: CI script)";
- any other ``Authorization`` (another scheme; an unknown, revoked or expired token; an account
  no longer active; a role that no longer allows the token's scopes): 401 with
  ``WWW-Authenticate: Bearer ... error="invalid_token"``, its description saying why.

``requires_scope`` answers 401 (``WWW-Authenticate: Bearer realm="cbmatch"``) without a token and
403 (``error="insufficient_scope"``) when the token lacks the scope. Descriptions are English, as
the API's other contract texts are; the API turns these HTTPExceptions into problem+json.

Requests are counted per token (``API_RATE_LIMIT``), and per client address without a valid one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from flask import Blueprint, current_app, g, has_request_context, request
from flask_limiter.util import get_remote_address
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized

from models import ApiToken, Scope, db
from webapp.extensions import csrf, login_manager
from webapp.security import limiter
from webapp.services.accounts import tokens
from webapp.services.accounts.tokens import Refusal

F = TypeVar("F", bound=Callable[..., Any])
REALM = "cbmatch"
_KEY = "cbmatch.api_auth"  # the request's result, in its WSGI environ (one per request)
_TOUCHED = "cbmatch.api_auth.touched"

#: Why a presented token authenticates nobody, as the 401's description says it.
REFUSALS: dict[Refusal | None, str] = {
    None: "Send the token in the header Authorization: Bearer <token>.",
    Refusal.UNKNOWN: "The access token is not valid: check that it was copied whole (it starts "
    "with cbm_ and has 44 characters).",
    Refusal.REVOKED: "This access token was revoked.",
    Refusal.EXPIRED: "This access token has expired: make a new one on your account's page "
    "Access tokens.",
    Refusal.INACTIVE: "The account this access token belongs to is not active.",
    Refusal.ROLE: "The account's role no longer allows every scope of this access token: make a "
    "new one.",
}
MISSING = "This request needs an access token: send the header Authorization: Bearer <token>."


@dataclass(frozen=True)
class _Result:
    token: ApiToken | None
    #: Why the token presented was refused (None: no token, or a good one).
    refused: str | None = None


def _resolve() -> _Result:
    """What the request's Authorization header says, worked out once per request."""
    cached = request.environ.get(_KEY)
    if isinstance(cached, _Result):
        return cached
    header = request.headers.get("Authorization")
    if header is None:
        result = _Result(None)
    else:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            result = _Result(None, REFUSALS[None])
        else:
            found = tokens.authenticate(db.session(), value.strip())
            if isinstance(found, ApiToken):
                result = _Result(found)
            else:
                result = _Result(None, REFUSALS[found])
    request.environ[_KEY] = result
    return result


def _challenge(**params: str) -> WWWAuthenticate:
    return WWWAuthenticate("bearer", {"realm": REALM, **params})


class InsufficientScope(Forbidden):
    """403: the token is good but lacks the scope the route needs (RFC 6750, section 3.1)."""

    def __init__(self, needed: Scope) -> None:
        super().__init__(
            f"This access token does not have the scope {needed.value!r}, which this request "
            "needs: make a token with it on your account's page Access tokens."
        )
        self.needed = needed

    def get_headers(self, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        headers = super().get_headers(*args, **kwargs)
        challenge = _challenge(error="insufficient_scope", scope=self.needed.value)
        headers.append(("WWW-Authenticate", challenge.to_header()))
        return headers


def authenticate_request() -> None:
    """Before each request of a protected blueprint (and inside ``requires_scope``): see above.

    :raise 401: an Authorization header that is not a good Bearer token.
    """
    result = _resolve()
    if result.refused is not None:
        raise Unauthorized(result.refused, www_authenticate=_challenge(error="invalid_token"))
    token = result.token
    g.api_token = token
    g.api_user = token.user if token is not None else None
    # Flask-Login reads the request's user from here before it looks at any cookie.
    g._login_user = g.api_user or login_manager.anonymous_user()
    if token is not None and not request.environ.get(_TOUCHED):
        request.environ[_TOUCHED] = True
        if tokens.touch(db.session(), token, get_remote_address()):
            db.session.commit()


def request_token() -> ApiToken | None:
    """The token that authenticated the current request, if any (None outside requests)."""
    if not has_request_context():
        return None
    result = request.environ.get(_KEY)
    return result.token if isinstance(result, _Result) else None


def requires_scope(scope: Scope) -> Callable[[F], F]:
    """A view that needs a token with ``scope`` (its ``access`` is ``"token:<scope>"``)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            authenticate_request()
            token: ApiToken | None = g.api_token
            if token is None:
                raise Unauthorized(MISSING, www_authenticate=_challenge())
            if scope.value not in token.scopes:
                raise InsufficientScope(scope)
            return view(*args, **kwargs)

        wrapper.access = f"token:{scope.value}"  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


def rate_limit() -> str:
    """Requests allowed per token, or per client address without one (``API_RATE_LIMIT``)."""
    return str(current_app.config["API_RATE_LIMIT"])


def rate_limit_key() -> str:
    """What the API's limit counts: the token presented if it is good, else the address."""
    token = _resolve().token
    if token is not None:
        return f"token:{token.id}"
    return f"address:{get_remote_address()}"


def _forget_user(response: Any) -> Any:
    # The session's keep-alive (webapp/sessions.py) then leaves any cookie sent along alone.
    g.pop("_login_user", None)
    return response


def protect(bp: Blueprint) -> Blueprint:
    """Make ``bp`` an API blueprint: token authentication, the per-token limit, no CSRF."""
    csrf.exempt(bp)
    limiter.limit(rate_limit, key_func=rate_limit_key)(bp)
    bp.before_request(authenticate_request)
    bp.after_request(_forget_user)
    return bp
