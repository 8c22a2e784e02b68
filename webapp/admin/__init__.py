"""Account administration: the administrator lists, searches and changes accounts."""

from __future__ import annotations

from flask import Blueprint, Flask

from models import Role
from webapp.i18n import _l

bp = Blueprint("admin", __name__, url_prefix="/admin")


def init_app(app: Flask) -> None:
    """Register the blueprint and the administrator's own header link."""
    from webapp import nav
    from webapp.admin import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("Accounts"), "admin.accounts", Role.ADMIN, order=92, group="admin",
                 sections=("admin.",))  # fmt: skip
