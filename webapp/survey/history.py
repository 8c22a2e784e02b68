"""Routes of survey cycles: a State's versions and how its maturity changed; who has not updated.

The focal point's list names the States that have not updated their survey.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from models import STAGES, Role, State, base, db
from webapp.access import public, requires
from webapp.services.needs import sharing, survey, versions
from webapp.services.policy import acts_for_state, is_focal
from webapp.survey import bp


def _viewable(code: str) -> State:
    """The State, if the viewer may see its maturity (its history is its maturity over time).

    :raise 404: no State has this code, or the State does not show its maturity to the viewer
        (the same answer: a hidden history is not told apart from none).
    """
    state = survey.state_by_code(db.session(), code)
    if state is None or not sharing.can_view_maturity(db.session(), current_user, state):
        abort(404)
    return state


@bp.route("/history/<code>")
@public
def history(code: str) -> str | Response:
    """A State's survey versions, a chart per CMM dimension across them, and what changed last.

    Seen by its representatives, the focal point, and whom the State shows its maturity to.
    """
    state = _viewable(code)
    if code != state.iso3:
        return redirect(url_for("survey.history", code=state.iso3), 301)
    return render_template(
        "survey/history.html",
        state=state,
        history=versions.history(db.session(), state),
        own=acts_for_state(current_user, state.id),
        private=acts_for_state(current_user, state.id) or is_focal(current_user),
        stages=STAGES,
    )


@bp.route("/outdated")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def outdated() -> str:
    """The States whose last survey is older than SURVEY_REMIND_DAYS, or never submitted.

    A State never submitted is listed when it has representatives on cbmatch.
    """
    days = int(current_app.config["SURVEY_REMIND_DAYS"])
    return render_template(
        "survey/outdated.html",
        rows=versions.outdated(db.session(), base.utcnow(), days),
        days=days,
    )
