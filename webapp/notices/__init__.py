"""Telling people by e-mail: each notice composed in its reader's language, the unsubscribe page.

``compose`` turns pending notices into outbox e-mail; ``letters`` renders one e-mail in a
language; each kind's words are in ``kinds_*`` modules (registered with ``compose.composer``).
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("notices", __name__, url_prefix="/notifications")


def init_app(app: Flask) -> None:
    """Register the notices' pages and every kind's composer."""
    from webapp.notices import digest, kinds_accounts, views  # noqa: F401 - routes, composers, jobs

    app.register_blueprint(bp)
