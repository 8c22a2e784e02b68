"""The states area: blueprint, navigation entries and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp.i18n import _l

bp = Blueprint("states", __name__, url_prefix="/states")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header link.

    The directory is in the header for visitors, States and providers; the focal point's and
    the administrator's header is full (it would wrap to a second line at 1280 px), so they
    reach it from the footer's *States directory*, which every page has.
    """
    from webapp import nav
    from webapp.states import compare, views  # noqa: F401 - attach the routes to bp

    app.register_blueprint(bp)
    nav.register(
        app, _l("States"), "states.index", order=13, group="directory", sections=("states.",)
    )
