"""Help and contact: a help page per role and the focal point's team's contact page."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("help", __name__)


def init_app(app: Flask) -> None:
    """Register the blueprint (its links are in the footer, not the header)."""
    from webapp.help import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
