"""HTTP hardening: security headers, Secure cookies, throttled requests, no NUL in any input.

Flask-Limiter counts requests (and ``webapp.auth.throttle`` failed sign-ins and registrations);
the in-process memory store is enough for one server process (set RATELIMIT_STORAGE_URI to a
shared store, e.g. Redis, behind several workers).
"""

from __future__ import annotations

from flask import Config, Flask, Response, abort, current_app, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def login_limit() -> str:
    """Requests of a password reset allowed per client address (LOGIN_RATE_LIMIT).

    Failed sign-ins and registrations are counted by ``webapp.auth.throttle``.
    """
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def suggest_limit() -> str:
    """Topic suggestions allowed per signed-in account (SUGGEST_RATE_LIMIT)."""
    return str(current_app.config["SUGGEST_RATE_LIMIT"])


def pdf_limit() -> str:
    """Printed profiles allowed per client (PDF_RATE_LIMIT): each one costs a WeasyPrint render."""
    return str(current_app.config["PDF_RATE_LIMIT"])


def client_key() -> str:
    """A signed-in account, else the client's address: what a per-client limit counts."""
    if current_user.is_authenticated:
        return f"account:{current_user.get_id()}"
    return f"address:{get_remote_address()}"


limiter = Limiter(key_func=get_remote_address, default_limits=[])


def cookie_settings(config: Config) -> None:
    """Mark the session and remember-me cookies Secure unless told otherwise.

    A setting of None (the default) becomes True, except under TESTING and for ``cbmatch run``
    on a loopback address over plain HTTP (LOCAL_HTTP), where a browser would drop a Secure
    cookie and nobody could sign in. An explicit True or False is kept.
    """
    plain_http = bool(config.get("TESTING") or config.get("LOCAL_HTTP"))
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if config.get(key) is None:
            config[key] = not plain_http


def refuse_nul_characters() -> None:
    """Refuse a request with a NUL character anywhere in its address, query or form.

    No one types a NUL, PostgreSQL cannot store one and refuses any query that holds one, so the
    request is refused at once with a message naming where the character is.

    :raise 400: naming the field, the query parameter or the address.
    """
    if "\x00" in request.path:
        abort(
            400, _("The address contains a NUL character (U+0000), which cbmatch does not accept.")
        )
    for in_query, values in ((True, request.args), (False, request.form)):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                name = key.replace("\x00", "\\0")
                if in_query:
                    abort(
                        400,
                        _(
                            "The query parameter “%(name)s” contains a NUL character (U+0000), "
                            "which cbmatch does not accept. Remove it and try again.",
                            name=name,
                        ),
                    )
                abort(
                    400,
                    _(
                        "The field “%(name)s” contains a NUL character (U+0000), which cbmatch "
                        "does not accept. Remove it and try again.",
                        name=name,
                    ),
                )


def init_app(app: Flask) -> None:
    """Bind the limiter, settle the cookie flags, and add the headers to every response."""
    cookie_settings(app.config)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    app.config.setdefault("LOGIN_ADDRESS_RATE_LIMIT", "30 per minute;200 per hour")
    app.config.setdefault("REGISTER_RATE_LIMIT", "10 per minute;50 per hour")
    # The need and offer forms ask for topic suggestions as the person types (debounced).
    app.config.setdefault("SUGGEST_RATE_LIMIT", "60 per minute;1000 per hour")
    # A printed profile takes a WeasyPrint render (about a second of CPU): a page, not a feed.
    app.config.setdefault("PDF_RATE_LIMIT", "10 per minute;100 per hour")
    limiter.init_app(app)
    app.before_request(refuse_nul_characters)

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
