"""Full links to the site's pages, in e-mail written with or without a request.

The sender composes outside any request, so a link's scheme and host come from ``SITE_URL``
(``CBMATCH_SITE_URL``); in a request with no ``SITE_URL`` set, from the request. The functions
live in ``webapp.mailing``, which the web layer's own e-mail (the reset link) uses too.
"""

from __future__ import annotations

from flask import url_for

from webapp.mailing import LOCAL_SITE, page_link, site_link, site_url

__all__ = ["LOCAL_SITE", "page_link", "site_link", "site_url", "url_for"]
