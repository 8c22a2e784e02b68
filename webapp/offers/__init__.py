"""The offers area: blueprint, navigation entries and routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from models import Role
from webapp.i18n import _l

bp = Blueprint("offers", __name__, url_prefix="/offers")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header links."""
    from webapp import nav
    from webapp.offers import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("Offers"), "offers.index", order=11, group="explore",
                 sections=("offers.",))  # fmt: skip
    nav.register(app, _l("My offers"), "offers.mine", Role.PROVIDER, order=30,
                 sections=("offers.create", "offers.edit", "offers.close"))  # fmt: skip
