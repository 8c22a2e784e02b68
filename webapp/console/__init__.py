"""The focal point's console: blueprint, header link and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp.i18n import _l

bp = Blueprint("console", __name__, url_prefix="/console")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header link."""
    from webapp.console import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    from webapp import nav

    nav.register(app, _l("Suggestions"), "console.queue", "focal_point", "admin", order=40,
                 group="matching", sections=("console.",))  # fmt: skip
