"""A side of a completed match proposes its result statement as a lesson learnt."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import MatchStatus, db
from webapp.access import login_required
from webapp.matches import bp
from webapp.matches.forms import LessonForm
from webapp.matches.progress import field_errors
from webapp.matches.views import render_detail, visible_match
from webapp.services import lessons
from webapp.services.errors import ValidationFailed
from webapp.services.proposals.operations import side_of


@bp.route("/<int:match_id>/lesson", methods=["POST"])
@login_required
def lesson(match_id: int) -> Response | tuple[str, int]:
    """Propose the lesson, or change the proposal (the side that proposed it), PRG.

    :raise 404: the user does not follow the match.
    :raise 403: the user is no side of the match (the focal point reviews), or it is not completed.
    """
    match = visible_match(match_id)
    if side_of(current_user, match) is None or match.status is not MatchStatus.COMPLETED:
        abort(403)
    form = LessonForm(prefix="lesson")
    if form.validate_on_submit():
        try:
            lessons.propose(db.session(), match, form.values(), actor=current_user)
        except ValidationFailed as exc:
            db.session.rollback()
            field_errors(form, exc, "text")
        else:
            db.session.commit()
            flash(_("Thank you: the focal point reviews the lesson before it is published."),
                  "success")  # fmt: skip
            return redirect(url_for("matches.detail", match_id=match.id, _anchor="lesson-title"))
    return render_detail(match, 422, lesson_form=form)
