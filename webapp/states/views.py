"""Routes of the states area: the directory, a State's profile (page and PDF), its sharing."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import STAGES, Role, State, User, db
from models.base import utcnow
from webapp.access import public, requires
from webapp.printing import pdf_response
from webapp.security import client_key, limiter, pdf_limit
from webapp.services.directory import states as directory
from webapp.services.errors import ValidationFailed
from webapp.services.needs import factors as cmm
from webapp.services.needs import nsi, sharing, survey
from webapp.services.policy import acts_for_state, is_focal
from webapp.services.querying import parse_page
from webapp.states import bp
from webapp.states.forms import SharingForm, StateFilterForm

ViewResult = str | Response | tuple[str, int]


@bp.route("/")
@public
def index() -> str:
    """Every Member and Observer State, filtered by region, group, survey and open needs."""
    form = StateFilterForm(formdata=request.args)
    form.use_choices(directory.region_choices(db.session()), directory.group_choices())
    filters = form.filters()
    found = directory.directory(
        db.session(),
        current_user,
        filters,
        page=parse_page(request.args.get("page")),
        per_page=int(current_app.config["STATES_PAGE_SIZE"]),
    )
    return render_template("states/index.html", form=form, filters=filters, found=found)


def _state(code: str) -> State:
    """:raise 404: no State has this code."""
    state = survey.state_by_code(db.session(), code)
    if state is None:
        abort(404)
    return state


def profile_context(state: State, form: SharingForm | None = None) -> dict[str, Any]:
    """What the profile shows the current viewer: the one place that decides it.

    The page and its PDF both render from this, so they show exactly the same things: open
    public needs and completed matches as the viewer may see them, the maturity to whom the
    State chose (``sharing.can_view_maturity``, in ``survey.profile``) with its factors, and
    drafts, confidential, closed and withdrawn needs to its representatives and the focal point.
    """
    own = acts_for_state(current_user, state.id)
    info = survey.profile(
        db.session(), state, private=own or is_focal(current_user), viewer=current_user
    )
    audience = sharing.audience(db.session(), state)
    if own and form is None:
        form = SharingForm(data={"audience": audience.value})
    return {
        "profile": info,
        "state": state,
        "own": own,
        "stages": STAGES,
        "audience": audience,
        "chose": sharing.chose(db.session(), state),
        "audience_labels": sharing.AUDIENCE_LABELS,
        "sharing_form": form if own else None,
        "completed": directory.completed_matches(db.session(), current_user, state),
        # Each factor's stage, under the same rule as the chart: only with the maturity shown.
        "factors": (
            cmm.by_dimension(db.session(), state) if info.maturity_visible and info.rows else []
        ),
        # The NSI answers are private to the State and the focal point (page only, not the PDF).
        "nsi": nsi.answered_parts(db.session(), state)
        if nsi.can_view_nsi(current_user, state)
        else None,
    }


def _profile(state: State, form: SharingForm | None = None) -> str:
    return render_template("states/profile.html", **profile_context(state, form))


@bp.route("/<code>")
@public
def profile(code: str) -> str | Response:
    """A State's profile: its public needs, completed matches, and maturity as it chose.

    Its maturity is shown to whom the State chose (``sharing.can_view_maturity``).

    Its representatives and the focal point also see its drafts, confidential, closed and
    withdrawn needs and a maturity not yet submitted.

    :raise 404: no State has this code.
    """
    state = _state(code)
    if code != state.iso3:
        return redirect(url_for("states.profile", code=state.iso3), 301)
    return _profile(state)


@bp.route("/<code>.pdf")
@public
@limiter.limit(pdf_limit, key_func=client_key)
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
    context = {**profile_context(state), "sharing_form": None}  # a form has no place on paper
    html = render_template(
        "states/profile.html",
        layout="_print_layout.html",
        pdf=True,
        printed=now,
        page_url=url_for("states.profile", code=state.iso3, _external=True),
        **context,
    )
    return pdf_response(html, f"cbmatch-{state.iso3}-{now:%Y-%m-%d}.pdf")


@bp.route("/<code>/sharing", methods=["POST"])
@requires(Role.STATE)
def sharing_choice(code: str) -> ViewResult:
    """The State's representatives choose who sees its maturity (the audit log keeps it).

    :raise 404: no State has this code. :raise 403: the user represents another State.
    """
    state = _state(code)
    if not acts_for_state(current_user, state.id):
        abort(403)
    form = SharingForm()
    if not form.validate_on_submit():
        return _profile(state, form), 400
    me: User = current_user._get_current_object()
    try:
        sharing.set_audience(db.session(), state, form.audience.data or "", actor=me)
    except ValidationFailed:  # the form's choices are the service's: not reached
        db.session.rollback()
        abort(400)
    db.session.commit()
    flash(
        _(
            "Saved. Who sees your maturity self-assessment: %(audience)s.",
            audience=sharing.AUDIENCE_LABELS[form.audience.data or ""],
        ),
        "success",
    )
    return redirect(url_for("states.profile", code=state.iso3, _anchor="sharing"))
