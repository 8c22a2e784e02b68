"""The suggestion queue: list and filter suggestions, refresh them, propose or dismiss one."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from models import Match, MatchStatus, Role, db
from webapp.access import requires
from webapp.console import bp
from webapp.console.forms import DismissForm, ProposeForm, QueueFilterForm, RefreshForm
from webapp.services.concurrency import StaleEdit, parse_version
from webapp.services.errors import ValidationFailed
from webapp.services.matching import queue as console
from webapp.services.matching.operations import rank, save_suggestions
from webapp.services.proposals import operations as proposals
from webapp.services.querying import parse_page
from webapp.services.vocab import MATCH_STATUS_LABELS, PROVIDER_TYPE_LABELS

ViewResult = Response | tuple[str, int]


def _back() -> str:
    """Where to return after a POST: the queue page it came from (filters kept), else the queue."""
    target = request.form.get("back", "")
    ok = target.startswith("/console/queue") and not target.startswith("//")
    return target if ok else url_for("console.queue")


@bp.route("/queue")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def queue() -> str:
    """The saved suggestions across all open needs, best score first, with filters."""
    return _queue_page(request.args, request.full_path.rstrip("?"))


def _queue_page(
    args: MultiDict[str, str], back: str, kept: ProposeForm | DismissForm | None = None
) -> str:
    """The queue for these query arguments; ``kept`` is a refused form to show as it was sent."""
    form = QueueFilterForm(args).load_choices(db.session())
    form.validate()
    # An unknown filter value (an old link, a hand-edited URL) is dropped, not an error.
    values = {
        name: (None if form[name].errors else form[name].data or None)
        for name in ("region", "topic", "priority", "provider_type")
    }
    filters = console.QueueFilters(**values)
    page = console.suggestion_queue(
        db.session(),
        filters,
        parse_page(args.get("page")),
        per_page=current_app.config["QUEUE_PAGE_SIZE"],
    )
    return render_template(
        "console/queue.html",
        form=form,
        filters=filters,
        page=page,
        refresh_form=RefreshForm(),
        row_forms=lambda match: _row_forms(match, kept),
        provider_types=PROVIDER_TYPE_LABELS,
        top_k=current_app.config["MATCH_TOP_K"],
        back=back,
        kept=kept,
    )


def _refused(exc: StaleEdit, match: Match, kept: ProposeForm | DismissForm) -> tuple[str, int]:
    """The queue the form came from, with the refusal and the focal point's text kept (409)."""
    db.session.rollback()
    kept.version.data = str(exc.current_version)
    if match.status is MatchStatus.SUGGESTED:
        where = _("It is shown below as it is now, with what you typed.")
    else:
        where = _(
            "It is %(status)s now, so it has left the queue.",
            status=MATCH_STATUS_LABELS[match.status],
        )
    flash(f"{exc.message} {where}", "error")
    back = _back()
    return _queue_page(MultiDict(parse_qs(urlsplit(back).query)), back, kept), 409


@bp.route("/queue/refresh", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def refresh() -> Response:
    """Run the matcher on every open need and save its suggestions."""
    if not RefreshForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(_back())
    try:
        result = save_suggestions(
            db.session(),
            rank(db.session(), top=current_app.config["MATCH_TOP_K"]),
            actor=current_user,
        )
    except StaleDataError:  # someone proposed or dismissed a suggestion while the matcher ran
        db.session.rollback()
        flash(_("A suggestion was changed while the matcher ran, so nothing was saved. "
                "Refresh again."), "error")  # fmt: skip
        return redirect(_back())
    db.session.commit()
    flash(
        _(
            "Suggestions refreshed: %(created)d new, %(updated)d updated, %(removed)d removed, "
            "%(kept)d kept (already proposed or dismissed).",
            created=result.created,
            updated=result.updated,
            removed=result.removed,
            kept=result.kept,
        ),
        "success",
    )
    return redirect(_back())


@bp.route("/matches/<int:match_id>/propose", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def propose(match_id: int) -> ViewResult:
    """Turn a suggestion into a proposal that both sides answer."""
    match = db.get_or_404(Match, match_id)
    form = ProposeForm(prefix=f"p{match_id}")
    if not form.validate_on_submit():
        return _invalid(form)
    if match.status is not MatchStatus.SUGGESTED and parse_version(form.version.data) is None:
        flash(_not_suggested(match), "error")
        return redirect(_back())
    return _act(
        match,
        form,
        lambda: proposals.propose(
            db.session(), match.need, match.offer, actor=current_user,
            message=form.message.data or "", expected_version=parse_version(form.version.data),
        ),
        _("Proposed “%(need)s” with “%(offer)s”: "
          "the State and the provider now see it in their matches.",
          need=match.need.title, offer=match.offer.title)
        if not match.need.confidential else
        _("Proposed “%(need)s” with “%(offer)s”: the need is confidential, so the State is "
          "asked first; the provider sees the proposal only if the State accepts.",
          need=match.need.title, offer=match.offer.title),
    )  # fmt: skip


@bp.route("/matches/<int:match_id>/dismiss", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def dismiss(match_id: int) -> ViewResult:
    """Set a suggestion aside for good, with a reason."""
    match = db.get_or_404(Match, match_id)
    form = DismissForm(prefix=f"d{match_id}")
    if not form.validate_on_submit():
        return _invalid(form)
    return _act(
        match,
        form,
        lambda: console.dismiss(
            db.session(), match, actor=current_user, reason=form.reason.data or "",
            expected_version=parse_version(form.version.data),
        ),
        _("Dismissed “%(need)s” with “%(offer)s”.", need=match.need.title, offer=match.offer.title),
    )  # fmt: skip


def _invalid(form: ProposeForm | DismissForm) -> ViewResult:
    """Back to the queue with the form's errors."""
    flash("; ".join(str(e) for errs in form.errors.values() for e in errs), "error")
    return redirect(_back())


def _act(
    match: Match, form: ProposeForm | DismissForm, act: Callable[[], object], done: str
) -> ViewResult:
    """Make the focal point's move on one suggestion and commit it, or say why it was refused."""
    try:
        act()
    except StaleEdit as exc:
        return _refused(exc, match, form)
    except ValidationFailed as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(_back())
    db.session.commit()
    flash(done, "success")
    return redirect(_back())


def _row_forms(
    match: Match, kept: ProposeForm | DismissForm | None = None
) -> tuple[ProposeForm, DismissForm]:
    """The propose and dismiss forms of one suggestion, prefixed so that ids stay unique.

    They carry the suggestion's version; ``kept`` stands in for the one that was refused.
    """
    version = str(match.version)
    propose = ProposeForm(formdata=None, prefix=f"p{match.id}", version=version)
    dismiss = DismissForm(formdata=None, prefix=f"d{match.id}", version=version)
    if isinstance(kept, ProposeForm) and kept._prefix == propose._prefix:
        propose = kept
    if isinstance(kept, DismissForm) and kept._prefix == dismiss._prefix:
        dismiss = kept
    return propose, dismiss


def _not_suggested(match: Match) -> str:
    text: str = _(
        "This pair is %(status)s now, not a suggestion; nothing was changed.",
        status=MATCH_STATUS_LABELS[match.status],
    )
    return text
