"""Lessons learnt: the focal point's review queue; the topic pages with their lessons."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp import presentation
from webapp.i18n import _l

bp = Blueprint("lessons", __name__)
bp.context_processor(presentation.display_helpers)


def init_app(app: Flask) -> None:
    """Register the blueprint and the focal point's header link to the review queue."""
    from webapp.lessons import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    from webapp import nav

    nav.register(app, _l("Lessons"), "lessons.review", "focal_point", "admin", order=37)
