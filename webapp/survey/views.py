"""Routes of the survey area: a State's maturity, its needs, the review and the submission."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from models import STAGES, Need, NeedStatus, Role, State, SuggestionAnswer, User, db
from webapp.access import requires
from webapp.forms import tag_suggestions, written_in
from webapp.i18n import _l
from webapp.services import vocab
from webapp.services.concurrency import StaleEdit, parse_version
from webapp.services.errors import ValidationFailed
from webapp.services.matching import duplicates
from webapp.services.matching.duplicates import Similar
from webapp.services.needs import factors as cmm
from webapp.services.needs import nsi, sharing, survey, versions
from webapp.services.needs import operations as needs
from webapp.services.needs import queries as need_queries
from webapp.services.needs import suggested as suggest
from webapp.services.policy import can_edit_need, can_view_need
from webapp.services.reference import choices as lookups
from webapp.survey import bp
from webapp.survey.forms import STAGE_HINTS, ConfirmForm, MaturityForm, NeedForm

ViewResult = str | Response | tuple[str, int]


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _my_state() -> State:
    """The State the signed-in representative acts for.

    :raise 403: the account is not linked to a State.
    """
    state = current_user.state
    if state is None:
        abort(403, _("Your account is not linked to a State. Ask the focal point to fix it."))
    return state  # type: ignore[no-any-return]


def _my_need(ref: str) -> Need:
    """Load a need that the signed-in representative may change.

    :raise 404: no such need, or one the user may not see (a draft or confidential need of
        another State).
    :raise 403: the user may see the need but it is not their State's.
    """
    need = need_queries.need_by_ref(db.session(), ref)
    if need is None or not can_view_need(current_user, need):
        abort(404)
    if not can_edit_need(current_user, need):
        abort(403)
    return need


@bp.route("/")
@requires(Role.STATE)
def index() -> str:
    """The survey's overview: the three steps and where each stands."""
    state = _my_state()
    return render_template(
        "survey/index.html",
        state=state,
        progress=survey.progress(db.session(), state),
        last=versions.latest(db.session(), state),
        step="index",
        nsi_answered=len(nsi.answers(db.session(), state)),
        nsi_total=len(nsi.questions()),
    )


@bp.route("/maturity", methods=["GET", "POST"])
@requires(Role.STATE)
def maturity() -> ViewResult:
    """Step 1: the CMM self-assessment, a stage (or not assessed) per factor, saved as a draft."""
    state = _my_state()
    dims, factors = survey.cmm_dimensions(db.session()), cmm.cmm_factors(db.session())
    form_class = MaturityForm.for_factors(dims, factors)
    if request.method == "POST":  # an unticked factor is not assessed, whatever was stored
        form = form_class()
    else:
        form = form_class(data=MaturityForm.initial(
            cmm.ratings(db.session(), state), survey.assessments(db.session(), state)))  # fmt: skip
    if form.validate_on_submit():
        try:
            cmm.save_factors(db.session(), state, form.stages(factors), form.comments(dims),
                             actor=_me())  # fmt: skip
        except ValidationFailed as exc:
            form.add_record_errors(exc.errors)
        else:
            db.session.commit()
            submitted = survey.progress(db.session(), state).submitted
            flash(_("Your maturity self-assessment is saved.") if submitted
                  else _("Your maturity self-assessment is saved as a draft."),
                  "success")  # fmt: skip
            return redirect(url_for("survey.needs"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "survey/maturity.html", form=form, dims=dims, factors=factors, state=state,
        step="maturity", stages=STAGES, stage_hints=STAGE_HINTS,
        rows={a.dimension.slug: a for a in survey.assessments(db.session(), state)},
    ), status  # fmt: skip


@bp.route("/needs", endpoint="needs")
@requires(Role.STATE)
def needs_list() -> str:
    """Step 2: the State's needs, every status, with their actions."""
    state = _my_state()
    cards = [
        need_queries.card(n)
        for n in need_queries.state_needs(db.session(), state, include_private=True)
    ]
    return render_template(
        "survey/needs.html", cards=cards, state=state,
        progress=survey.progress(db.session(), state), step="needs",
        suggestions=suggest.suggestions(db.session(), state),
    )  # fmt: skip


def _suggested(state: State) -> suggest.Suggestion | None:
    """The suggestion a new need starts from: ``factor`` (a factor's or NSI question's code)."""
    code = request.values.get("factor", "")
    return suggest.suggestion(db.session(), state, code) if code else None


def _need_form(need: Need | None) -> ViewResult:
    """The new and edit pages: preview on 'Preview', save on 'Save' (PRG), 422 on bad input.

    A save over a need that someone changed since the form was opened is refused (409): the
    stored text stays, shown above the form, and the form keeps what this user typed.
    """
    state = need.state if need else _my_state()
    form = NeedForm()
    form.set_choices(lookups.topic_groups(db.session()), lookups.support_type_choices(db.session()))
    preview = None
    stale: StaleEdit | None = None
    similar: list[Similar] = []
    suggested = None
    if not form.is_submitted():
        if need is not None:
            form.load(need)
        elif proposed := _suggested(state):
            form.process(data=proposed.values())
        elif request.args.get("topic"):
            form.topics.data = [request.args["topic"]]
    elif (suggested := tag_suggestions(form, db.session(), request.form)) is not None:
        pass  # shown again with the suggested topics; nothing is checked or saved
    else:
        form.validate()
        try:
            data = needs.check_need(
                db.session(), state, form.values(), ref=need.ref if need else None
            )
        except ValidationFailed as exc:
            form.add_errors(exc.errors)
        else:
            if not form.errors and not form.not_duplicate.data:
                similar = duplicates.similar_needs(
                    db.session(), state_id=state.id, title=data.title,
                    description=data.description, exclude_id=need.id if need else None,
                )  # fmt: skip
            if not form.errors and request.form.get("action") == "preview":
                will_be = need.status if need else (
                    NeedStatus.OPEN if need_queries.survey_submitted(db.session(), state)
                    else NeedStatus.DRAFT
                )  # fmt: skip
                preview = need_queries.preview_card(
                    db.session(), state, data, will_be, written_in(form.text_language)
                )
            elif not form.errors and not similar:
                if need is None:
                    need = needs.create_need(
                        db.session(), state, data, actor=_me(),
                        written_in=written_in(form.text_language),
                    )  # fmt: skip
                    if proposed := _suggested(state):  # the State edited a suggested need
                        suggest.answered(db.session(), state, suggest.code_of(proposed),
                                         SuggestionAnswer.ACCEPTED, actor=_me())  # fmt: skip
                    message = (_("Need %(ref)s is saved and open to providers.", ref=need.ref)
                               if need.status is NeedStatus.OPEN else
                               _("Need %(ref)s is saved as a draft. It opens to providers "
                                 "when you submit the survey.", ref=need.ref))  # fmt: skip
                else:
                    try:
                        needs.update_need(
                            db.session(),
                            need,
                            data,
                            actor=_me(),
                            expected_version=parse_version(form.version.data),
                            written_in=written_in(form.text_language),
                        )
                    except StaleEdit as exc:
                        db.session.rollback()
                        stale = exc
                        form.version.data = str(exc.current_version)  # saving again is deliberate
                    message = _("Need %(ref)s is updated.", ref=need.ref)
                if stale is None:
                    db.session.commit()
                    flash(message, "success")
                    return redirect(url_for("survey.needs", _anchor=need.ref))
    held = similar and request.form.get("action") != "preview"
    code = 409 if stale else 422 if form.is_submitted() and (form.errors or held) else 200
    return render_template(
        "survey/need_form.html", form=form, need=need, preview=preview, state=state,
        submitted=need_queries.survey_submitted(db.session(), state), step="needs", stale=stale,
        similar=similar, suggested=suggested, factor=_suggested(state) if need is None else None,
        current=need_queries.card(need) if stale and need else None,
    ), code  # fmt: skip


@bp.route("/needs/new", methods=["GET", "POST"])
@requires(Role.STATE)
def need_new() -> ViewResult:
    """Add a need: a draft before submission, else open.

    ``?topic=<slug>`` ticks a topic; ``?factor=<code>`` fills the form with the need that factor
    suggests, and saving it counts as accepting the suggestion.
    """
    return _need_form(None)


@bp.route("/needs/<ref>/edit", methods=["GET", "POST"])
@requires(Role.STATE)
def need_edit(ref: str) -> ViewResult:
    """Change a draft or open need of one's State."""
    need = _my_need(ref)
    if need.status not in vocab.NEED_EDITABLE:
        flash(_("Need %(ref)s is %(status)s; it can no longer be changed.",
                ref=need.ref, status=vocab.NEED_STATUS_LABELS[need.status]), "error")  # fmt: skip
        return redirect(url_for("survey.needs", _anchor=need.ref))
    return _need_form(need)


ACTIONS = {
    "close": (needs.close_need, vocab.NEED_CLOSABLE, _l("Close this need"),
              _l("Close it when it has been met or is no longer pursued. It stays in your list, "
                 "marked closed, and providers no longer see it as open.")),
    "withdraw": (needs.withdraw_need, vocab.NEED_WITHDRAWABLE, _l("Withdraw this need"),
                 _l("Withdraw it if you no longer want support for it. It stays in your list, "
                    "marked withdrawn, and providers no longer see it.")),
    "delete": (needs.delete_draft, vocab.NEED_DELETABLE, _l("Delete this draft"),
               _l("This draft was never submitted: nobody else has seen it. Deleting it removes "
                  "it from your list for good.")),
}  # fmt: skip


def _outcome(action: str, need: Need) -> tuple[str, str]:
    """What is flashed for an action on a need: (refused for its status, done)."""
    ref, status = need.ref, vocab.NEED_STATUS_LABELS[need.status]
    if action == "close":
        return (
            _("Need %(ref)s is %(status)s; it cannot be closed.", ref=ref, status=status),
            _("Need %(ref)s is closed.", ref=ref),
        )
    if action == "delete":
        return (
            _("Need %(ref)s is %(status)s; only a draft can be deleted.", ref=ref, status=status),
            _("Draft %(ref)s is deleted.", ref=ref),
        )
    return (
        _("Need %(ref)s is %(status)s; it cannot be withdrawn.", ref=ref, status=status),
        _("Need %(ref)s is withdrawn.", ref=ref),
    )


def _confirm(ref: str, action: str) -> ViewResult:
    """Ask for confirmation (GET), then change the need's status (POST, PRG)."""
    need = _my_need(ref)
    change, allowed, title, explanation = ACTIONS[action]
    refused, done = _outcome(action, need)
    form = ConfirmForm()
    if need.status not in allowed:
        flash(refused, "error")
        return redirect(url_for("survey.needs", _anchor=need.ref))
    if form.validate_on_submit():
        try:
            change(db.session(), need, actor=_me())
        except ValidationFailed as exc:
            flash(_("Need %(ref)s: %(reason)s.", ref=need.ref, reason=exc.errors[0].reason),
                  "error")  # fmt: skip
        else:
            db.session.commit()
            flash(done, "success")
        return redirect(url_for("survey.needs", _anchor=need.ref))
    return render_template(
        "survey/confirm.html", form=form, card=need_queries.card(need), action=action, title=title,
        explanation=explanation, state=need.state, step="needs",
    )  # fmt: skip


@bp.route("/needs/<ref>/close", methods=["GET", "POST"])
@requires(Role.STATE)
def need_close(ref: str) -> ViewResult:
    """Close an open need, after confirmation."""
    return _confirm(ref, "close")


@bp.route("/needs/<ref>/withdraw", methods=["GET", "POST"])
@requires(Role.STATE)
def need_withdraw(ref: str) -> ViewResult:
    """Withdraw a draft or open need, after confirmation."""
    return _confirm(ref, "withdraw")


@bp.route("/needs/<ref>/delete", methods=["GET", "POST"])
@requires(Role.STATE)
def need_delete(ref: str) -> ViewResult:
    """Delete a draft need (never submitted), after confirmation."""
    return _confirm(ref, "delete")


@bp.route("/review", methods=["GET", "POST"])
@requires(Role.STATE)
def review() -> ViewResult:
    """Step 3: the maturity and every draft need; POST submits the survey (drafts open)."""
    state = _my_state()
    form = ConfirmForm()
    errors = []
    if form.validate_on_submit():
        try:
            opened, version = versions.submit(db.session(), state, actor=_me())
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            db.session.commit()
            if version.number == 1:
                flash(ngettext("Your survey is submitted: %(num)d need is now open to providers.",
                               "Your survey is submitted: %(num)d needs are now open to providers.",
                               opened), "success")  # fmt: skip
                return redirect(url_for("survey.index"))
            flash(_("Your update is submitted as version %(number)s, dated today.",
                    number=version.number) + (" " + ngettext(
                        "%(num)d need is now open to providers.",
                        "%(num)d needs are now open to providers.", opened) if opened else ""),
                  "success")  # fmt: skip
            return redirect(url_for("survey.history", code=state.iso3))
    drafts = [
        need_queries.card(n)
        for n in need_queries.state_needs(db.session(), state, include_private=True)
        if n.status is NeedStatus.DRAFT
    ]
    return render_template(
        "survey/review.html", form=form, errors=errors, drafts=drafts, state=state,
        rows=survey.assessments(db.session(), state), factors=cmm.by_dimension(db.session(), state),
        progress=survey.progress(db.session(), state), step="review",
        last=(last := versions.latest(db.session(), state)),
        kept_today=versions.kept_today(db.session(), state, last),
        shown_to=sharing.AUDIENCE_LABELS[sharing.audience(db.session(), state)],
        chose=sharing.chose(db.session(), state),
    ), 422 if form.is_submitted() else 200  # fmt: skip


@bp.route("/suggestions/<code>/<answer>", methods=["POST"])
@requires(Role.STATE)
def suggestion_answer(code: str, answer: str) -> Response:
    """Accept a need suggested by a factor or an NSI answer (added as it is) or ignore it (PRG)."""
    if answer not in ("accept", "ignore"):
        abort(404)
    state = _my_state()
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please submit it again."), "error")
        return redirect(url_for("survey.needs", _anchor="suggestions"))
    try:
        if answer == "accept":
            need = suggest.accept(db.session(), state, code, actor=_me())
        else:
            suggest.answered(db.session(), state, code, SuggestionAnswer.IGNORED, actor=_me())
    except ValidationFailed as exc:  # raised before anything is written
        flash(exc.errors[0].reason[:1].upper() + exc.errors[0].reason[1:] + ".", "error")
        return redirect(url_for("survey.needs", _anchor="suggestions"))
    db.session.commit()
    if answer == "ignore":
        flash(_("The suggestion for %(code)s is ignored.", code=code), "success")
        return redirect(url_for("survey.needs", _anchor="suggestions"))
    flash(_("Need %(ref)s is saved and open to providers.", ref=need.ref)
          if need.status is NeedStatus.OPEN else
          _("Need %(ref)s is saved as a draft. It opens to providers when you submit the survey.",
            ref=need.ref), "success")  # fmt: skip
    return redirect(url_for("survey.needs", _anchor=need.ref))
