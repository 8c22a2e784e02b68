"""Personal access tokens on the account's page: list, make (shown once) and revoke them."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


def init_app(app: Flask) -> None:
    """Register the blueprint (the header's account links lead to it)."""
    from webapp.tokens import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
