"""Routes of the points-of-contact directory: State representatives and the focal point only.

Anonymous visitors are sent to sign in; every other role gets 403. Only a State's own
representatives add, change or remove its points of contact.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import PointOfContact, Role, State, db
from webapp.access import requires
from webapp.directory import contacts_bp as bp
from webapp.directory.forms import ContactFilterForm, ContactForm, RemoveContactForm
from webapp.services import language
from webapp.services.directory import contacts
from webapp.services.errors import ValidationFailed
from webapp.services.policy import can_edit_contact, can_view_contacts
from webapp.services.querying import parse_page
from webapp.services.reference import choices as lookups
from webapp.services.reference.areas import area_groups

ViewResult = str | Response | tuple[str, int]
READERS = (Role.STATE, Role.FOCAL_POINT, Role.ADMIN)


def _own_state() -> State:
    """The signed-in representative's State.

    :raise 403: the account is not linked to a State.
    """
    state: State | None = current_user.state
    if state is None:
        abort(403, _("Your account is not linked to a State; ask the focal point to fix it."))
    return state


def _own_contact(contact_id: int) -> PointOfContact:
    """A point of contact the signed-in representative may change.

    :raise 404: no such point of contact.
    :raise 403: another State's point of contact.
    """
    contact = contacts.contact_by_id(db.session(), current_user, contact_id)
    if contact is None:
        abort(404)
    if not can_edit_contact(current_user, contact):
        abort(403, _("Only the representatives of this State can change its points of contact."))
    return contact


@bp.route("/")
@requires(*READERS)
def index() -> str:
    """Every State's diplomatic and technical points of contact; a State's own ones first."""
    if not can_view_contacts(current_user):
        abort(403, _("Your account is not linked to a State; ask the focal point to fix it."))
    form = ContactFilterForm(formdata=request.args)
    form.use_choices(lookups.state_choices(db.session())[1:], area_groups(db.session()))
    filters = form.filters()
    own_state = current_user.state if current_user.role is Role.STATE else None
    return render_template(
        "contacts/index.html",
        form=form,
        filters=filters,
        page=contacts.search_contacts(
            db.session(),
            current_user,
            filters,
            parse_page(request.args.get("page")),
            per_page=current_app.config["CONTACTS_PAGE_SIZE"],
        ),
        own_state=own_state,
        own=contacts.state_contacts(db.session(), current_user, own_state.id) if own_state else [],
        kind_labels=contacts.KIND_LABELS,
    )


def _form_page(form: ContactForm, state: State, contact: PointOfContact | None) -> ViewResult:
    page = render_template("contacts/form.html", form=form, state=state, contact=contact)
    return (page, 422) if form.is_submitted() else page


@bp.route("/new", methods=["GET", "POST"])
@requires(Role.STATE)
def create() -> ViewResult:
    """Add a point of contact for the signed-in representative's State."""
    state = _own_state()
    form = ContactForm()
    if form.validate_on_submit():
        try:
            contact = contacts.create_contact(
                db.session(), state, form.values(), actor=current_user
            )
        except ValidationFailed as exc:
            db.session.rollback()
            for message in form.add_errors(exc.errors):
                flash(message, "error")
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is now a point of contact of %(state)s.",
                    name=contact.name,
                    state=language.name(state),
                ),
                "success",
            )
            return redirect(url_for("contacts.index"))
    return _form_page(form, state, None)


@bp.route("/<int:contact_id>/edit", methods=["GET", "POST"])
@requires(Role.STATE)
def edit(contact_id: int) -> ViewResult:
    """Change one of the State's points of contact.

    :raise 404: no such point of contact.
    :raise 403: another State's point of contact.
    """
    contact = _own_contact(contact_id)
    form = ContactForm()
    if request.method == "GET":
        form.load(contact)
    if form.validate_on_submit():
        try:
            contacts.update_contact(db.session(), contact, form.values(), actor=current_user)
        except ValidationFailed as exc:
            db.session.rollback()
            for message in form.add_errors(exc.errors):
                flash(message, "error")
        else:
            db.session.commit()
            flash(_("The point of contact %(name)s is saved.", name=contact.name), "success")
            return redirect(url_for("contacts.index"))
    return _form_page(form, contact.state, contact)


@bp.route("/<int:contact_id>/remove", methods=["GET", "POST"])
@requires(Role.STATE)
def remove(contact_id: int) -> ViewResult:
    """Ask for confirmation, then remove one of the State's points of contact.

    :raise 404: no such point of contact.
    :raise 403: another State's point of contact.
    """
    contact = _own_contact(contact_id)
    form = RemoveContactForm()
    if form.validate_on_submit():
        name = contact.name
        contacts.delete_contact(db.session(), contact)
        db.session.commit()
        flash(
            _(
                "%(name)s is no longer a point of contact of %(state)s.",
                name=name,
                state=language.name(current_user.state),
            ),
            "success",
        )
        return redirect(url_for("contacts.index"))
    page = render_template("contacts/remove.html", form=form, contact=contact)
    return (page, 422) if form.is_submitted() else page
