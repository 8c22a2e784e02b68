"""The focal point's match pipeline: blueprint, header link and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp.i18n import _l

bp = Blueprint("pipeline", __name__, url_prefix="/pipeline")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header link."""
    from webapp.pipeline import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    from webapp import nav

    nav.register(app, _l("Pipeline"), "pipeline.index", "focal_point", "admin", order=45,
                 group="matching", sections=("pipeline.",))  # fmt: skip
