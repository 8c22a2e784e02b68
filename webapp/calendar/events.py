"""Routes of calendar events: an event's page, and adding, changing and deleting events."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from models import Event, Organisation, Role, db
from webapp.access import public, requires
from webapp.calendar import bp
from webapp.calendar.forms import DeleteEventForm, EventForm
from webapp.services.calendar import events
from webapp.services.calendar.month_grid import month_key
from webapp.services.errors import ValidationFailed
from webapp.services.offers import operations as offers
from webapp.services.policy import can_edit_event
from webapp.services.reference import choices as lookups

ViewResult = str | Response | tuple[str, int]
EDITORS = (Role.PROVIDER, Role.FOCAL_POINT, Role.ADMIN)


def _event(ref: str) -> Event:
    """The event with this ref.

    :raise 404: no such event.
    """
    event = events.event_by_ref(db.session(), ref)
    if event is None:
        abort(404)
    return event


def _editable(ref: str) -> Event:
    """The event, if the signed-in user may change it.

    :raise 404: no such event.
    :raise 403: another organisation's event.
    """
    event = _event(ref)
    if not can_edit_event(current_user, event):
        abort(
            403,
            _("Only the organisation that added this event, or the focal point, may change it."),
        )
    return event


def _own_organisation() -> str | None:
    """A provider's organisation name (its events are its own); None for the focal point.

    :raise 403: a provider account linked to no organisation.
    """
    if current_user.role is not Role.PROVIDER:
        return None
    if current_user.organisation is None:
        abort(
            403, _("Your account is not linked to an organisation; ask the focal point to fix it.")
        )
    return str(current_user.organisation.name)


def _prepare(form: EventForm) -> None:
    organisations = None
    if current_user.role is not Role.PROVIDER:
        names = select(Organisation.name).order_by(Organisation.name)
        organisations = list(db.session.scalars(names))
    form.use_choices(
        lookups.topic_groups(db.session()), offers.eligibility_choices(db.session()), organisations
    )


def _save(form: EventForm, event: Event | None, organisation: str | None) -> Event | None:
    """Validate and store the form; None (with the errors on the form) when it is refused."""
    valid = form.validate()
    values = form.values(organisation)
    checked = events.checked_event(db.session(), values)
    for message in form.add_errors(checked.errors):
        flash(message, "error")
    if not valid or checked.errors:
        return None
    try:
        if event is None:
            return events.create_event(db.session(), values, actor=current_user, checked=checked)
        return events.update_event(db.session(), event, values, actor=current_user, checked=checked)
    except ValidationFailed as exc:  # the data changed since the check
        db.session.rollback()
        for message in form.add_errors(exc.errors):
            flash(message, "error")
        return None


def _form_page(form: EventForm, event: Event | None) -> tuple[str, int]:
    return render_template(
        "calendar/event_form.html",
        form=form,
        event=event,
        coverage=offers.coverage(db.session(), form.eligible()),
        eligibility_data=offers.eligibility_map(db.session()),
    ), 422 if form.is_submitted() else 200


@bp.route("/calendar/events/<ref>")
@public
def event(ref: str) -> str:
    """An event's page.

    :raise 404: no such event.
    """
    found = _event(ref)
    return render_template(
        "calendar/event.html",
        event=found,
        editable=can_edit_event(current_user, found),
        coverage=offers.coverage(db.session(), found.eligible),
    )


@bp.route("/calendar/events/new", methods=["GET", "POST"])
@requires(*EDITORS)
def create() -> ViewResult:
    """Put a new event on the calendar (a provider's is its organisation's)."""
    return _form_view(None)


@bp.route("/calendar/events/<ref>/edit", methods=["GET", "POST"])
@requires(*EDITORS)
def edit(ref: str) -> ViewResult:
    """Change an event; its ref stays.

    :raise 404: no such event.
    :raise 403: another organisation's event.
    """
    return _form_view(_editable(ref))


def _form_view(found: Event | None) -> ViewResult:
    """The event form, for a new event or for ``found``; a valid POST saves and shows the event."""
    organisation = _own_organisation()
    form = EventForm()
    _prepare(form)
    if not form.is_submitted():
        if found is not None:
            form.load(found)
        return _form_page(form, found)
    saved = _save(form, found, organisation)
    if saved is None:
        return _form_page(form, found)
    db.session.commit()
    if found is None:
        flash(_("Event %(ref)s is on the calendar.", ref=saved.ref), "success")
    else:
        flash(_("Event %(ref)s is saved.", ref=saved.ref), "success")
    return redirect(url_for("calendar.event", ref=saved.ref))


@bp.route("/calendar/events/<ref>/delete", methods=["GET", "POST"])
@requires(*EDITORS)
def delete(ref: str) -> ViewResult:
    """Ask for confirmation, then take the event off the calendar.

    :raise 404: no such event.
    :raise 403: another organisation's event.
    """
    found = _editable(ref)
    form = DeleteEventForm()
    if form.validate_on_submit():
        month, title = month_key(found.starts_on), found.title
        events.delete_event(db.session(), found, actor=current_user)
        db.session.commit()
        flash(_("The event %(title)s is no longer on the calendar.", title=repr(title)), "success")
        return redirect(url_for("calendar.month", month=month))
    status = 422 if form.is_submitted() else 200
    return render_template("calendar/delete.html", event=found, form=form), status
