"""The survey area: blueprint, navigation entries and routes (views.py, nsi.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

from models import Role
from webapp import nav
from webapp.i18n import _l

bp = Blueprint("survey", __name__, url_prefix="/survey")


def init_app(app: Flask) -> None:
    """Register the blueprint and its header links."""
    from webapp.survey import history, nsi, views  # noqa: F401 - attach the routes to bp

    app.register_blueprint(bp)
    nav.register(app, _l("Survey"), "survey.index", Role.STATE, order=20, group="survey",
                 sections=("survey.",))  # fmt: skip
    # the needs and their pages (new, edit, close...): a longer prefix than the survey's
    nav.register(app, _l("My needs"), "survey.needs", Role.STATE, order=25, group="survey",
                 sections=("survey.need",))  # fmt: skip
