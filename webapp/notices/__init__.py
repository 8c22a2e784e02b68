"""Telling people by e-mail: each notice composed in its reader's language, the unsubscribe page.

``compose`` turns pending notices into outbox e-mail; ``letters`` renders one e-mail in a
language; each kind's words are in ``kinds_*`` modules (registered with ``compose.composer``).
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("notices", __name__, url_prefix="/notifications")


def init_app(app: Flask) -> None:
    """Register the notices' pages and every kind's composer."""
    from webapp.notices import (  # noqa: F401 - each attaches routes or registers composers, jobs
        digest,
        jobs_learning,
        kinds_accounts,
        kinds_alerts,
        kinds_digest,
        kinds_matches,
        kinds_outcomes,
        kinds_proposals,
        kinds_survey,
        views,
    )

    app.register_blueprint(bp)
