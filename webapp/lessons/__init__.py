"""Lessons learnt: the focal point's review queue; the topic pages with their lessons."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp import presentation

bp = Blueprint("lessons", __name__)
bp.context_processor(presentation.display_helpers)


def init_app(app: Flask) -> None:
    """Register the blueprint (the dashboard links to the review queue and the topics)."""
    from webapp.lessons import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
