"""Following a match after acceptance: move it along the pipeline, or add a note to its history."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from models import MatchStatus, db
from webapp.access import login_required
from webapp.matches import bp
from webapp.matches.forms import CompleteForm, NoteForm, StartForm, WithdrawForm
from webapp.matches.views import render_detail, visible_match
from webapp.services.errors import ValidationFailed
from webapp.services.policy import can_view_need
from webapp.services.proposals import outcomes, pipeline

#: URL action -> (target status, form class, name of the form in the page, its note field).
ACTIONS: dict[str, tuple[MatchStatus, type[FlaskForm], str, str]] = {
    "start": (MatchStatus.IN_PROGRESS, StartForm, "start_form", "note"),
    "complete": (MatchStatus.COMPLETED, CompleteForm, "complete_form", "outcome"),
    "withdraw": (MatchStatus.WITHDRAWN, WithdrawForm, "withdraw_form", "reason"),
}


def field_errors(form: FlaskForm, exc: ValidationFailed, fallback: str) -> None:
    """Show each of the service's errors under its field (or ``fallback`` when it has none)."""
    for err in exc.errors:
        field = form[err.field] if err.field in form else form[fallback]
        field.errors = [*field.errors, err.reason]


@bp.route("/<int:match_id>/<any(start, complete, withdraw):action>", methods=["POST"])
@login_required
def move(match_id: int, action: str) -> Response | tuple[str, int]:
    """Mark the match in progress, completed (with its outcome) or withdrawn (with a reason).

    :raise 404: the user does not follow the match.
    :raise 403: the user's part never allows this move (only the focal point completes).
    """
    match = visible_match(match_id)
    to, form_class, form_name, field = ACTIONS[action]
    if not pipeline.may_move(current_user, match, to):
        abort(403)
    form = form_class(prefix=action)
    why = pipeline.refusal(current_user, match, to)
    if why is not None:  # e.g. someone else moved it meanwhile: show where it stands now
        flash(_("%(why)s Nothing was changed.", why=why), "error")
        return redirect(url_for("matches.detail", match_id=match.id))
    valid = form.checked() if isinstance(form, CompleteForm) else form.validate_on_submit()
    if valid:
        try:
            if isinstance(form, CompleteForm):  # the move and the outcome's figures, or nothing
                outcomes.complete(db.session(), match, form.values(), actor=current_user)
            else:
                pipeline.move(db.session(), match, to, actor=current_user,
                              note=form[field].data or "")  # fmt: skip
        except ValidationFailed as exc:
            db.session.rollback()
            field_errors(form, exc, field)
        else:
            db.session.commit()
            flash(_(pipeline.MOVES[to].done), "success")
            return redirect(url_for("matches.detail", match_id=match.id))
    return render_detail(match, 422, **{form_name: form})


@bp.route("/<int:match_id>/note", methods=["POST"])
@login_required
def note(match_id: int) -> Response | tuple[str, int]:
    """Add a free-text note to the match's history.

    :raise 404: the user does not follow the match.
    """
    match = visible_match(match_id)
    # A provider keeps only a line of a confidential need no longer shared: not its history.
    if not pipeline.follows(current_user, match) or not can_view_need(
        current_user, match.need, match
    ):
        abort(403)
    form = NoteForm(prefix="note")
    if form.validate_on_submit():
        try:
            pipeline.add_note(db.session(), match, actor=current_user, text=form.text.data or "")
        except ValidationFailed as exc:
            db.session.rollback()
            field_errors(form, exc, "text")
        else:
            db.session.commit()
            flash(_("Your note is added to the match's history."), "success")
            return redirect(url_for("matches.detail", match_id=match.id) + "#history-title")
    return render_detail(match, 422, note_form=form)
