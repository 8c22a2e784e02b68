"""Routes of the states area: a State's public profile, as a page and as a PDF."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from models import STAGES, State, db
from models.base import utcnow
from webapp.access import public
from webapp.services.needs import survey
from webapp.services.policy import acts_for_state, is_focal
from webapp.states import bp
from webapp.states.printing import pdf_response


def _state(code: str) -> State:
    """The State with this ISO3 code, in any case.

    :raise 404: no State has this code.
    """
    state = survey.state_by_code(db.session(), code)
    if state is None:
        abort(404)
    return state


def profile_context(state: State) -> dict[str, Any]:
    """What the profile shows the current viewer: the one place that decides it.

    The page and its PDF both render from this, so they show exactly the same things: open
    public needs for everyone, the maturity to signed-in users (``survey.profile`` decides), and
    drafts, confidential, closed and withdrawn needs to the State's representatives and the
    focal point.
    """
    own = acts_for_state(current_user, state.id)
    info = survey.profile(
        db.session(),
        state,
        private=own or is_focal(current_user),
        signed_in=current_user.is_authenticated,
    )
    return {"profile": info, "state": state, "own": own, "stages": STAGES}


@bp.route("/<code>")
@public
def profile(code: str) -> str | Response:
    """A State's profile (``profile_context`` says what each viewer sees).

    :raise 404: no State has this code.
    """
    state = _state(code)
    if code != state.iso3:
        return redirect(url_for("states.profile", code=state.iso3), 301)
    return render_template("states/profile.html", **profile_context(state))


@bp.route("/<code>.pdf")
@public
def profile_pdf(code: str) -> Response:
    """The same profile as a printable PDF in the reader's language (WeasyPrint).

    It renders the page's own template in a print layout, from the same ``profile_context``, so
    it shows nothing the page would not.

    :raise 404: no State has this code.
    """
    state = _state(code)
    if code != state.iso3:
        return redirect(url_for("states.profile_pdf", code=state.iso3), 301)
    now = utcnow()
    html = render_template(
        "states/profile.html",
        layout="states/_print_layout.html",
        pdf=True,
        printed=now,
        page_url=url_for("states.profile", code=state.iso3, _external=True),
        **profile_context(state),
    )
    return pdf_response(html, f"cbmatch-{state.iso3}-{now:%Y-%m-%d}.pdf")
