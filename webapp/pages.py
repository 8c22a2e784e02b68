"""The public front page: what cbmatch is and where supply and demand stand."""

from __future__ import annotations

from flask import Blueprint, render_template

from models import db
from webapp.access import public
from webapp.services.dashboard.overview import public_figures

bp = Blueprint("pages", __name__)


@bp.route("/")
@public
def home() -> str:
    """The front page with the public figures."""
    return render_template("pages/home.html", figures=public_figures(db.session()))
