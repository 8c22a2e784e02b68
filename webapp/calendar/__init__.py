"""The calendar area: blueprint, header link and routes (views.py, events.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp.i18n import _l

bp = Blueprint("calendar", __name__)


def init_app(app: Flask) -> None:
    """Register the blueprint and its header link."""
    from webapp import nav
    from webapp.calendar import events, views  # noqa: F401 - attach the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("Calendar"), "calendar.month", order=12, group="explore",
                 sections=("calendar.",))  # fmt: skip
