"""The matches area: blueprint, navigation entries and routes (views, progress, outcomes)."""

from __future__ import annotations

from flask import Blueprint, Flask

from webapp import presentation
from webapp.i18n import _l

bp = Blueprint("matches", __name__, url_prefix="/matches")
bp.context_processor(presentation.display_helpers)


def init_app(app: Flask) -> None:
    """Register the blueprint and its header links."""
    from webapp.matches import lessons, outcomes, progress, views  # noqa: F401 - attach routes to bp

    app.register_blueprint(bp)
    from webapp import nav

    nav.register(app, _l("Matches"), "matches.inbox", "state", "provider", "focal_point", "admin",
                 order=60, group="matching", sections=("matches.",))  # fmt: skip
