"""The directory area: capacity-building centres (public) and States' points of contact."""

from __future__ import annotations

from flask import Blueprint, Flask

from models import Role
from webapp.i18n import _l

bp = Blueprint("directory", __name__, url_prefix="/directory")
# A blueprint of its own, so that the header marks "Contacts" (not "Centres") on its pages.
contacts_bp = Blueprint("contacts", __name__, url_prefix="/directory/contacts")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header links."""
    from webapp import nav
    from webapp.directory import contact_views, views  # noqa: F401 - attach the routes

    app.register_blueprint(bp)
    app.register_blueprint(contacts_bp)
    nav.register(app, _l("Centres"), "directory.centres", order=14, group="directory",
                 sections=("directory.",))  # fmt: skip
    nav.register(app, _l("Contacts"), "contacts.index", Role.STATE, Role.FOCAL_POINT, Role.ADMIN,
                 order=65, group="directory", sections=("contacts.",))  # fmt: skip
