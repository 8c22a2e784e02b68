"""Accounts: sign in and out, registration with approval, password change."""

from __future__ import annotations

from flask import Blueprint, Flask

from models import Role
from webapp.i18n import _l

bp = Blueprint("auth", __name__, url_prefix="/auth")


def init_app(app: Flask) -> None:
    """Register the blueprint and the focal point's link to the accounts waiting for approval."""
    from webapp import nav
    from webapp.auth import recovery, views  # noqa: F401 - attach the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("Accounts to approve"), "auth.accounts_queue",
                 Role.FOCAL_POINT, Role.ADMIN, order=90, group="admin")  # fmt: skip
