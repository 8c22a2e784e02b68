"""The inbox of matches, a match's page with its history, and the request/propose/answer actions.

The pipeline's moves and notes on a match are posted to routes in ``progress.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from models import Match, MatchStatus, Need, Offer, Role, db
from webapp.access import login_required, requires
from webapp.matches import bp
from webapp.matches.forms import (
    CompleteForm,
    ConfirmOutcomeForm,
    LessonForm,
    NoteForm,
    OutcomeForm,
    RespondForm,
    StartForm,
    WithdrawForm,
)
from webapp.routing import local_target
from webapp.services import lessons
from webapp.services.concurrency import StaleEdit, parse_version
from webapp.services.errors import ValidationFailed
from webapp.services.policy import can_view_need, consented, is_focal
from webapp.services.proposals import contacts, outcomes, pipeline
from webapp.services.proposals import operations as proposals
from webapp.services.proposals.queries import sharing_match
from webapp.services.querying import paginate, parse_page
from webapp.services.vocab import MATCH_STATUS_LABELS
from webapp.widgets import OfferForNeedForm, RequestOfferForm

ViewResult = str | Response | tuple[str, int]


def visible_match(match_id: int) -> Match:
    """The match if the current user may see it.

    :raise 404: no such match, or not one the user follows (suggestions are the focal point's).
    """
    match = db.get_or_404(Match, match_id)
    if not pipeline.follows(current_user, match):
        abort(404)
    return match


def _contact_page() -> str | None:
    """The focal point's contact page, when the application has one."""
    if "help.contact" not in current_app.view_functions:
        return None
    return url_for("help.contact")


def render_detail(
    match: Match, status: int = 200, stale: StaleEdit | None = None, **submitted: FlaskForm
) -> tuple[str, int]:
    """The match's page, with the posted form (``submitted``) and its errors.

    ``stale`` is the refusal of an answer given on an out-of-date page.
    """
    respond = RespondForm(formdata=None)
    respond.version.data = str(match.version)
    outcome = outcomes.outcome_of(db.session(), match)
    complete, enter = (
        CompleteForm(formdata=None, prefix="complete"),
        OutcomeForm(formdata=None, prefix="outcome"),
    )
    for each in (complete, enter):  # what the provider reported fills the focal point's form
        each.load(match.outcome, outcome, match.offer.gender_marker)
    confirm = ConfirmOutcomeForm(formdata=None, prefix="confirm")
    if outcome is not None:
        confirm.rating.data = str(outcome.rating or "")
        confirm.comment.data = outcome.rating_comment
    lesson = lessons.lesson_of(db.session(), match)
    lesson_form = LessonForm(formdata=None, prefix="lesson")
    lesson_form.text.data = lesson.text if lesson else match.outcome
    lesson_form.title.data = lesson.title if lesson else ""
    forms: dict[str, FlaskForm] = {
        "lesson_form": lesson_form,
        "form": respond,
        "start_form": StartForm(formdata=None, prefix="start"),
        "complete_form": complete,
        "withdraw_form": WithdrawForm(formdata=None, prefix="withdraw"),
        "note_form": NoteForm(formdata=None, prefix="note"),
        "outcome_form": enter,
        "confirm_form": confirm,
    }
    forms.update(submitted)
    moves = {m.to.value: m for m in pipeline.allowed_moves(current_user, match)}
    page = render_template(
        "matches/detail.html",
        match=match,
        side=proposals.side_of(current_user, match),
        need_shown=can_view_need(current_user, match.need, match),
        consent_asked=match.need.confidential and not consented(match),
        moves=moves,
        milestones=pipeline.match_milestones(match),
        may_note=pipeline.follows(current_user, match),
        focal=is_focal(current_user),
        reach=contacts.reach(db.session(), current_user, match),
        contact_page=_contact_page(),
        stale=stale,
        outcome=outcome,
        may_enter=outcomes.may_enter(current_user, match),
        may_confirm=outcomes.may_confirm(current_user, match),
        lesson=lesson,
        remaining=proposals.remaining_capacity(db.session(), match.offer),
        may_propose_lesson=lessons.may_propose(current_user, match, lesson),
        **forms,
    )
    return page, status


@bp.route("/")
@login_required
def inbox() -> str:
    """Proposals waiting for my answer, then every match I follow."""
    status = request.args.get("status") or None
    if status not in (None, *(s.value for s in MatchStatus)):
        flash(_("This status is not known to cbmatch, so it was ignored."), "error")
        status = None
    return render_template(
        "matches/inbox.html",
        waiting=proposals.awaiting(db.session(), current_user),
        matches=paginate(
            db.session(),
            proposals.matches_stmt(current_user, status),
            parse_page(request.args.get("page")),
            current_app.config["PAGE_SIZE"],
        ),
        status=status,
        statuses=[s.value for s in MatchStatus],
        need_shown=lambda m: can_view_need(current_user, m.need, m),
    )


@bp.route("/<int:match_id>", methods=["GET", "POST"])
@login_required
def detail(match_id: int) -> ViewResult:
    """A match: both records, the answers, the full history; and what I may do with it now."""
    match = visible_match(match_id)
    if request.method == "GET":
        return render_detail(match)
    if proposals.side_of(current_user, match) is None:
        abort(403)
    form = RespondForm()
    if form.validate_on_submit():
        try:
            accept = form.decision.data == "accept"
            note = form.note.data or ""
            proposals.respond(
                db.session(), match, actor=current_user, accept=accept, note=note,
                expected_version=parse_version(form.version.data),
            )  # fmt: skip
        except StaleEdit as exc:  # the page shows the match as it is now; the note is kept
            db.session.rollback()
            form.version.data = str(exc.current_version)
            return render_detail(match, 409, stale=exc, form=form)
        except ValidationFailed as exc:
            err = exc.errors[0]
            getattr(form, err.field, form.decision).errors.append(err.reason)
            db.session.rollback()
        else:
            db.session.commit()
            flash(
                _(
                    "Your answer is recorded. The match is now %(status)s.",
                    status=MATCH_STATUS_LABELS[match.status],
                ),
                "success",
            )
            return redirect(url_for("matches.detail", match_id=match.id))
    return render_detail(match, 422, form=form)


def _send(
    form: RequestOfferForm | OfferForNeedForm,
    back: str,
    action: Callable[..., Match],
    need: Need,
    offer: Offer,
    done: str,
) -> Response:
    """Validate the request or proposal form, run the service, and say what happened."""
    if not form.validate_on_submit():
        flash("; ".join(str(e) for errs in form.errors.values() for e in errs), "error")
        return redirect(back)
    try:
        match = action(
            db.session(), need, offer, actor=current_user, message=form.message.data or ""
        )
    except ValidationFailed as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("matches.detail", match_id=match.id))


def _back(default: str) -> str:
    return local_target(request.form.get("back"), default)


@bp.route("/request", methods=["POST"])
@requires(Role.STATE)
def request_offer() -> Response:
    """A State asks for an offer for one of its needs."""
    form = RequestOfferForm()
    offer = db.session.scalar(select(Offer).where(Offer.ref == (form.offer.data or ""))) or abort(
        404
    )
    need = db.session.scalar(select(Need).where(Need.ref == (request.form.get("need") or "")))
    form.need.choices = [need.ref] if need else []
    back = _back(url_for("offers.detail", ref=offer.ref))
    if need is None or not can_view_need(current_user, need):
        flash(_("Choose one of your open needs."), "error")
        return redirect(back)
    done = _("Your request is sent to the provider. You will see its answer here.")
    return _send(form, back, proposals.request_offer, need, offer, done)


@bp.route("/offer", methods=["POST"])
@requires(Role.PROVIDER)
def offer_for_need() -> Response:
    """A provider proposes one of its offers for a need."""
    form = OfferForNeedForm()
    need = db.session.scalar(select(Need).where(Need.ref == (form.need.data or "")))
    shared = need and sharing_match(db.session(), current_user, need)
    if need is None or not can_view_need(current_user, need, shared or None):
        abort(404)
    offer = db.session.scalar(select(Offer).where(Offer.ref == (request.form.get("offer") or "")))
    form.offer.choices = [offer.ref] if offer else []
    back = _back(url_for("needs.detail", ref=need.ref))
    if offer is None:
        flash(_("Choose one of your open offers."), "error")
        return redirect(back)
    done = _("Your offer is sent to the State. You will see its answer here.")
    return _send(form, back, proposals.offer_for_need, need, offer, done)
