"""The focal point's dashboard: blueprint, header link and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp.i18n import _l

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header link (before "Suggestions")."""
    from webapp.dashboard import rates, summary, views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    from webapp import nav

    nav.register(app, _l("Dashboard"), "dashboard.index", "focal_point", "admin", order=45,
                 sections=("dashboard.", "lessons.review", "survey.outdated"))  # fmt: skip
