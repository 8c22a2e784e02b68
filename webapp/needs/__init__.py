"""The needs area: blueprint, navigation entries and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp.i18n import _l

bp = Blueprint("needs", __name__, url_prefix="/needs")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header links."""
    from webapp import nav
    from webapp.needs import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("Needs"), "needs.index", order=10, group="explore", sections=("needs.",))
