"""The states area: blueprint, navigation entries and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp.i18n import _l

bp = Blueprint("states", __name__, url_prefix="/states")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header link (the directory, for everyone)."""
    from webapp import nav
    from webapp.states import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("States"), "states.index", order=12)
