"""Routes of the states area: a State's public profile."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from models import STAGES, db
from webapp.access import public
from webapp.services.needs import survey
from webapp.services.policy import acts_for_state, is_focal
from webapp.states import bp


@bp.route("/<code>")
@public
def profile(code: str) -> str | Response:
    """A State's profile: its open public needs for everyone; its maturity for signed-in users.

    Its representatives and the focal point also see its drafts, confidential, closed and
    withdrawn needs and a maturity not yet submitted.

    :raise 404: no State has this code.
    """
    state = survey.state_by_code(db.session(), code)
    if state is None:
        abort(404)
    if code != state.iso3:
        return redirect(url_for("states.profile", code=state.iso3), 301)
    own = acts_for_state(current_user, state.id)
    info = survey.profile(
        db.session(),
        state,
        private=own or is_focal(current_user),
        signed_in=current_user.is_authenticated,
    )
    return render_template("states/profile.html", profile=info, state=state, own=own, stages=STAGES)
