"""How responses travel: through a TLS proxy, over HTTPS, and past caches.

- ``PROXY_HOPS`` (``CBMATCH_PROXY_HOPS``): how many proxies in front of the application set
  ``X-Forwarded-For``, ``-Proto``, ``-Host``, ``-Port`` and ``-Prefix``. 0 (the default) believes
  none of these headers; 1 believes the values the one proxy in front added (Werkzeug's
  ``ProxyFix``), so that the client's address (sign-in throttling), the scheme (https links in
  the feed and in e-mail, HSTS) and the host are the ones the visitor used.
- ``HSTS_MAX_AGE``: ``Strict-Transport-Security`` on every response served over HTTPS (0: none).
- ``Cache-Control: no-store`` on every response to a signed-in person and on every export, so
  that neither a shared browser nor a caching proxy keeps them; static files keep their caching,
  and the JSON API's answers the Cache-Control they set (the same for anyone: revalidated).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.problems import is_api_request

#: The media types of downloads (exports and feeds): never stored, whoever asks.
EXPORT_TYPES = frozenset(
    {
        "text/csv",
        "text/calendar",
        "application/json",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)


def proxy_hops(app: Flask) -> int:
    """The PROXY_HOPS setting as a whole number of at least 0.

    :raise ValueError: naming the setting, when it is anything else.
    """
    value = app.config.get("PROXY_HOPS") or 0
    try:
        hops = int(value)
    except (TypeError, ValueError):
        hops = -1
    if hops < 0 or isinstance(value, bool | float):
        raise ValueError(f"PROXY_HOPS must be a whole number of at least 0, not {value!r}")
    return hops


def is_export(response: Response) -> bool:
    """Whether the response is a download: an export or a feed."""
    disposition = response.headers.get("Content-Disposition", "")
    return response.mimetype in EXPORT_TYPES or disposition.startswith("attachment")


def _transport_headers(response: Response) -> Response:
    max_age = int(current_app.config.get("HSTS_MAX_AGE") or 0)
    if request.is_secure and max_age > 0:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    if request.endpoint == "static" or (is_api_request() and "Cache-Control" in response.headers):
        return response  # the JSON API sets its own (public reads: no-cache; a party's: no-store)
    if is_export(response) or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Trust PROXY_HOPS proxies, and add HSTS and Cache-Control to the responses."""
    hops = proxy_hops(app)
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    app.after_request(_transport_headers)
