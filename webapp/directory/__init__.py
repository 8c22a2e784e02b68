"""The directory area: capacity-building centres (public) and States' points of contact."""

from __future__ import annotations

from flask import Blueprint, Flask

from models import Role

bp = Blueprint("directory", __name__, url_prefix="/directory")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header links."""
    from webapp import nav
    from webapp.directory import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    nav.register(app, "Centres", "directory.centres", order=12)
    nav.register(app, "Contacts", "directory.contacts", Role.STATE, Role.FOCAL_POINT, Role.ADMIN,
                 order=65)  # fmt: skip
