"""Full links to the site's pages, in e-mail written with or without a request.

The sender composes outside any request, so a link's scheme and host come from ``SITE_URL``
(``CBMATCH_SITE_URL``); in a request with no ``SITE_URL`` set, from the request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for

LOCAL_SITE = "http://127.0.0.1:5000"


def site_url() -> str:
    """The site's address, without a trailing slash."""
    configured = current_app.config.get("SITE_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return LOCAL_SITE


def site_link(endpoint: str, **values: Any) -> str:
    """The full address of ``endpoint`` with ``values`` (as ``url_for(..., _external=True)``)."""
    parts = urlsplit(site_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)


def page_link(path: str) -> str:
    """The full address of a path built by ``url_for`` in a request."""
    return site_url() + path


__all__ = ["page_link", "site_link", "site_url", "url_for"]
