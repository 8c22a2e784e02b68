"""The suggestion queue: list and filter suggestions, refresh them, propose or dismiss one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Match, MatchStatus, Role, db
from webapp.access import requires
from webapp.console import bp
from webapp.console.forms import DismissForm, ProposeForm, QueueFilterForm, RefreshForm
from webapp.services import console, proposals
from webapp.services.browse import PROVIDER_TYPE_LABELS, parse_page
from webapp.services.errors import ValidationFailed
from webapp.services.matching import rank, save_suggestions

SUGGESTIONS_PER_NEED = 5


def _back() -> str:
    """Where to return after a POST: the queue page it came from (filters kept), else the queue."""
    target = request.form.get("back", "")
    ok = target.startswith("/console/queue") and not target.startswith("//")
    return target if ok else url_for("console.queue")


@bp.route("/queue")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def queue() -> str:
    """The saved suggestions across all open needs, best score first, with filters."""
    form = QueueFilterForm(request.args).load_choices()
    form.validate()
    # An unknown filter value (an old link, a hand-edited URL) is dropped, not an error.
    values = {
        name: (None if form[name].errors else form[name].data or None)
        for name in ("region", "topic", "priority", "provider_type")
    }
    filters = console.QueueFilters(**values)
    page = console.suggestion_queue(filters, parse_page(request.args.get("page")))
    return render_template(
        "console/queue.html",
        form=form,
        filters=filters,
        page=page,
        refresh_form=RefreshForm(),
        row_forms=_row_forms,
        provider_types=PROVIDER_TYPE_LABELS,
        back=request.full_path.rstrip("?"),
    )


@bp.route("/queue/refresh", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def refresh() -> Response:
    """Run the matcher on every open need and save its suggestions."""
    if not RefreshForm().validate_on_submit():
        flash("The form expired; please try again.", "error")
        return redirect(_back())
    result = save_suggestions(
        db.session, rank(db.session, top=SUGGESTIONS_PER_NEED), actor=current_user
    )
    db.session.commit()
    flash(
        f"Suggestions refreshed: {result.created} new, {result.updated} updated, "
        f"{result.removed} removed, {result.kept} kept (already proposed or dismissed).",
        "success",
    )
    return redirect(_back())


@bp.route("/matches/<int:match_id>/propose", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def propose(match_id: int) -> Response:
    """Turn a suggestion into a proposal that both sides answer."""
    match = db.get_or_404(Match, match_id)
    form = ProposeForm(prefix=f"p{match_id}")
    if not form.validate_on_submit():
        flash("; ".join(e for errs in form.errors.values() for e in errs), "error")
        return redirect(_back())
    if match.status is not MatchStatus.SUGGESTED:
        flash(_not_suggested(match), "error")
        return redirect(_back())
    try:
        proposals.propose(
            db.session, match.need, match.offer, actor=current_user, message=form.message.data or ""
        )
    except ValidationFailed as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(_back())
    db.session.commit()
    flash(
        f"Proposed “{match.need.title}” with “{match.offer.title}”: "
        "the State and the provider now see it in their matches.",
        "success",
    )
    return redirect(_back())


@bp.route("/matches/<int:match_id>/dismiss", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def dismiss(match_id: int) -> Response:
    """Set a suggestion aside for good, with a reason."""
    match = db.get_or_404(Match, match_id)
    form = DismissForm(prefix=f"d{match_id}")
    if not form.validate_on_submit():
        flash("; ".join(e for errs in form.errors.values() for e in errs), "error")
        return redirect(_back())
    try:
        console.dismiss(db.session, match, actor=current_user, reason=form.reason.data or "")
    except ValidationFailed as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(_back())
    db.session.commit()
    flash(f"Dismissed “{match.need.title}” with “{match.offer.title}”.", "success")
    return redirect(_back())


def _row_forms(match: Match) -> tuple[ProposeForm, DismissForm]:
    """Empty propose and dismiss forms for one suggestion, prefixed so that ids stay unique."""
    return (
        ProposeForm(formdata=None, prefix=f"p{match.id}"),
        DismissForm(formdata=None, prefix=f"d{match.id}"),
    )


def _not_suggested(match: Match) -> str:
    return (
        f"This pair is {match.status.value.replace('_', ' ')} now, not a suggestion; "
        "nothing was changed."
    )
