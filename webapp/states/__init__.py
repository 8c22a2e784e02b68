"""The states area: blueprint, navigation entries and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("states", __name__, url_prefix="/states")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header links."""
    from webapp.states import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
