"""The audit log area: blueprint, header link, and who each request's changes are attributed to."""

from __future__ import annotations

from flask import Blueprint, Flask, g
from flask_login import current_user

from models import Role, audit
from webapp import api_auth
from webapp.i18n import _l

bp = Blueprint("audit", __name__, url_prefix="/audit")


def request_actor() -> audit.Actor:
    """The signed-in user, or an anonymous visitor (registering), as the log names them.

    A request of the API names the access token too: "Ana Ruiz <ana@example.org> (token: CI)".
    """
    if current_user.is_authenticated:
        label = f"{current_user.name} <{current_user.email}>"
        token = api_auth.request_token()
        if token is not None:
            label = f"{label} (token: {token.name})"
        return audit.Actor(current_user.id, label)
    return audit.Actor(None, "anonymous visitor")


def init_app(app: Flask) -> None:
    """Register the blueprint and its link, and attribute each request's changes to its user."""
    from webapp import nav
    from webapp.audit import views  # noqa: F401 - attaches the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("Audit log"), "audit.index", Role.FOCAL_POINT, Role.ADMIN, order=95,
                 group="admin", sections=("audit.",))  # fmt: skip

    @app.before_request
    def _attribute_changes() -> None:
        # A function, not the user: it is only called when the request changes something.
        g.audit_actor_token = audit.set_actor(request_actor)

    @app.teardown_request
    def _forget_actor(exc: BaseException | None) -> None:
        token = g.pop("audit_actor_token", None)
        if token is not None:
            audit.reset_actor(token)
