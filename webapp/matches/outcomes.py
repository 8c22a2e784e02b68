"""A match's outcome: the provider or the focal point enters it, the State confirms it."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import db
from webapp.access import login_required
from webapp.matches import bp
from webapp.matches.forms import ConfirmOutcomeForm, OutcomeForm
from webapp.matches.progress import field_errors
from webapp.matches.views import render_detail, visible_match
from webapp.services.errors import ValidationFailed
from webapp.services.proposals import outcomes


def _back(match_id: int) -> Response:
    return redirect(url_for("matches.detail", match_id=match_id, _anchor="outcome-title"))


@bp.route("/<int:match_id>/outcome", methods=["POST"])
@login_required
def outcome(match_id: int) -> Response | tuple[str, int]:
    """Enter or correct the outcome (the provider or the focal point), PRG.

    :raise 404: the user does not follow the match.
    :raise 403: the user is the match's State, or the match is not under way or completed.
    """
    match = visible_match(match_id)
    if not outcomes.may_enter(current_user, match):
        abort(403)
    form = OutcomeForm(prefix="outcome")
    if form.checked():
        try:
            outcomes.record(db.session(), match, form.values(), actor=current_user)
        except ValidationFailed as exc:
            db.session.rollback()
            field_errors(form, exc, "outcome")
        else:
            db.session.commit()
            flash(_("The outcome is saved. The State is asked to confirm it."), "success")
            return _back(match.id)
    return render_detail(match, 422, outcome_form=form)


@bp.route("/<int:match_id>/outcome/confirm", methods=["POST"])
@login_required
def confirm_outcome(match_id: int) -> Response | tuple[str, int]:
    """The State confirms the outcome of its completed match, with an optional rating, PRG.

    :raise 404: the user does not follow the match.
    :raise 403: the user is not the match's State, or the match is not completed.
    """
    match = visible_match(match_id)
    if not outcomes.may_confirm(current_user, match):
        abort(403)
    form = ConfirmOutcomeForm(prefix="confirm")
    if form.validate_on_submit():
        try:
            outcomes.confirm(
                db.session(), match, actor=current_user,
                rating=form.rating_value(), comment=form.comment.data or "",
            )  # fmt: skip
        except ValidationFailed as exc:
            db.session.rollback()
            field_errors(form, exc, "rating")
        else:
            db.session.commit()
            flash(_("Thank you: the outcome is confirmed."), "success")
            return _back(match.id)
    return render_detail(match, 422, confirm_form=form)
