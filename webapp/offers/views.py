"""Routes of the offers area: the public list, an offer's page, and a provider's own offers."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Offer, OfferStatus, Organisation, Role, db
from webapp import presentation
from webapp.access import public, requires
from webapp.forms import tag_suggestions
from webapp.offers import bp
from webapp.offers.forms import CloseOfferForm, OfferFilterForm, OfferForm
from webapp.services import querying
from webapp.services.checked import Checked
from webapp.services.concurrency import StaleEdit, parse_version
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.interchange.records import OfferData
from webapp.services.matching import duplicates, fit, tags
from webapp.services.matching.duplicates import Similar
from webapp.services.offers import operations as offers
from webapp.services.offers import queries as offer_queries
from webapp.services.policy import acts_for_organisation, can_edit_offer
from webapp.services.proposals import operations as proposals
from webapp.services.reference import choices
from webapp.widgets import offer_actions

ViewResult = str | Response | tuple[str, int]
EDITORS = (Role.PROVIDER, Role.FOCAL_POINT, Role.ADMIN)

bp.context_processor(presentation.display_helpers)


def _organisation() -> Organisation:
    """The signed-in provider's organisation.

    :raise 403: the account is not linked to one.
    """
    org: Organisation | None = current_user.organisation
    if org is None:
        abort(
            403,
            _("Your account is not linked to an organisation; ask the focal point to fix it."),
        )
    return org


def _editable(ref: str) -> Offer:
    """The offer, if the signed-in user may change it.

    :raise 404: no such offer.
    :raise 403: another organisation's offer.
    """
    offer = offer_queries.offer_by_ref(db.session(), ref)
    if offer is None:
        abort(404)
    if not can_edit_offer(current_user, offer):
        abort(403, _("Only the organisation that posted this offer can change it."))
    return offer


def _prepare(form: OfferForm) -> None:
    form.use_choices(
        choices.topic_groups(db.session()),
        choices.support_type_choices(db.session()),
        offers.eligibility_choices(db.session()),
    )


def _show_errors(form: OfferForm, errors: list[RecordError]) -> None:
    for message in form.add_errors(errors):
        flash(message, "error")


def _form_page(
    form: OfferForm,
    organisation: Organisation,
    offer: Offer | None,
    similar: list[Similar],
    stale: StaleEdit | None = None,
    suggested: tags.Suggested | None = None,
) -> ViewResult:
    previewing = request.form.get("action") == "preview" or suggested is not None
    status = 409 if stale else 422 if form.is_submitted() and not previewing else 200
    return render_template(
        "offers/form.html",
        form=form,
        offer=offer,
        stale=stale,
        organisation=organisation,
        coverage=offers.coverage(db.session(), form.eligible()),
        eligibility_data=offers.eligibility_map(db.session()),
        previewing=previewing,
        similar=similar,
        suggested=suggested,
    ), status


def _similar(form: OfferForm, checked: Checked[OfferData], offer: Offer | None) -> list[Similar]:
    """Open offers very close to a valid form's offer, unless it is confirmed as no duplicate."""
    values = form.values()
    if form.not_duplicate.data or checked.errors:
        return []
    return duplicates.similar_offers(
        db.session(), title=values.title, description=values.description,
        eligible=values.eligible, start=values.start, end=values.end,
        exclude_id=offer.id if offer else None,
    )  # fmt: skip


def _save(
    form: OfferForm, organisation: Organisation, offer: Offer | None
) -> tuple[Offer | None, list[Similar]]:
    """Validate and store the form.

    Returns:
        The offer, or None when it is refused (with the errors on the form) or held back
        because open offers look like it (listed second, for the warning).

    Raises:
        StaleEdit: someone changed the offer since the form was opened (rolled back).
    """
    valid = form.validate()
    checked = offers.checked_offer(db.session(), organisation, form.values(), offer)
    if not valid:
        _show_errors(form, list(checked.errors))
        return None, []
    similar = _similar(form, checked, offer)
    if similar:
        return None, similar
    try:
        if offer is None:
            saved = offers.create_offer(
                db.session(), organisation, form.values(), actor=current_user, checked=checked
            )
        else:
            saved = offers.update_offer(
                db.session(), offer, form.values(), actor=current_user,
                expected_version=parse_version(form.version.data), checked=checked,
            )  # fmt: skip
    except StaleEdit:
        db.session.rollback()
        raise
    except ValidationFailed as exc:
        db.session.rollback()
        _show_errors(form, exc.errors)
        return None, []
    return saved, []


@bp.route("/")
@public
def index() -> str:
    """Open offers, filtered, searched, sorted and paged."""
    form = OfferFilterForm(formdata=request.args)
    form.use_choices(choices.filter_choices(db.session(), current_user))
    if offer_queries.receiving_state(db.session(), current_user) is not None:
        form.offer_receivable()
    filters = form.filters()
    page = offer_queries.search_offers(
        db.session(),
        filters,
        querying.parse_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
        user=current_user,
    )
    return render_template("offers/index.html", form=form, filters=filters, page=page)


@bp.route("/mine")
@requires(Role.PROVIDER)
def mine() -> str:
    """The signed-in provider's offers, open ones first."""
    org = _organisation()
    page = offer_queries.organisation_offers(
        db.session(),
        org.id,
        querying.parse_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template("offers/mine.html", organisation=org, page=page)


@bp.route("/new", methods=["GET", "POST"])
@requires(Role.PROVIDER)
def create() -> ViewResult:
    """Post a new offer for the signed-in provider's organisation."""
    org = _organisation()
    form = OfferForm()
    _prepare(form)
    similar: list[Similar] = []
    suggested = tag_suggestions(form, db.session(), request.form) if form.is_submitted() else None
    if suggested is not None:
        return _form_page(form, org, None, [], suggested=suggested)
    if form.is_submitted() and request.form.get("action") != "preview":
        offer, similar = _save(form, org, None)
        if offer is not None:
            db.session.commit()
            summary = offers.coverage(db.session(), offer.eligible).summary
            flash(
                _("Offer %(ref)s is published. %(summary)s.", ref=offer.ref, summary=summary),
                "success",
            )
            return redirect(url_for("offers.detail", ref=offer.ref))
    return _form_page(form, org, None, similar)


@bp.route("/<ref>")
@public
def detail(ref: str) -> str:
    """An offer; for its provider, the needs it fits best; for a State, the request box.

    :raise 404: no such offer.
    """
    offer = offer_queries.offer_by_ref(db.session(), ref)
    if offer is None:
        abort(404)
    editable = can_edit_offer(current_user, offer)
    fits = fit.best_needs_for_offer(db.session(), offer, current_user) if editable else None
    return render_template(
        "offers/detail.html",
        offer=offer,
        editable=editable,
        owner=acts_for_organisation(current_user, offer.organisation_id),
        fits=fits,
        coverage=offers.coverage(db.session(), offer.eligible),
        remaining=proposals.remaining_capacity(db.session(), offer),
        **offer_actions(current_user, offer),
    )


@bp.route("/<ref>/edit", methods=["GET", "POST"])
@requires(*EDITORS)
def edit(ref: str) -> ViewResult:
    """Change an open offer; its ref and provider stay.

    :raise 404: no such offer.
    :raise 403: another organisation's offer.
    """
    offer = _editable(ref)
    if offer.status is not OfferStatus.OPEN:
        flash(_("Offer %(ref)s is closed, so it cannot be changed.", ref=offer.ref), "error")
        return redirect(url_for("offers.detail", ref=offer.ref))
    form = OfferForm()
    _prepare(form)
    similar: list[Similar] = []
    if not form.is_submitted():
        form.load(offer)
    elif (suggested := tag_suggestions(form, db.session(), request.form)) is not None:
        return _form_page(form, offer.organisation, offer, [], suggested=suggested)
    elif request.form.get("action") != "preview":
        try:
            saved, similar = _save(form, offer.organisation, offer)
        except StaleEdit as exc:  # the stored offer stays; this user's input stays in the form
            form.version.data = str(exc.current_version)
            return _form_page(form, offer.organisation, offer, [], stale=exc)
        if saved is not None:
            db.session.commit()
            flash(_("Offer %(ref)s is saved.", ref=offer.ref), "success")
            return redirect(url_for("offers.detail", ref=offer.ref))
    return _form_page(form, offer.organisation, offer, similar)


@bp.route("/<ref>/close", methods=["GET", "POST"])
@requires(*EDITORS)
def close(ref: str) -> ViewResult:
    """Ask for confirmation, then close the offer.

    :raise 404: no such offer.
    :raise 403: another organisation's offer.
    """
    offer = _editable(ref)
    if offer.status is not OfferStatus.OPEN:
        flash(_("Offer %(ref)s is already closed.", ref=offer.ref), "info")
        return redirect(url_for("offers.detail", ref=offer.ref))
    form = CloseOfferForm()
    if form.validate_on_submit():
        offers.close_offer(db.session(), offer, actor=current_user)
        db.session.commit()
        flash(
            _("Offer %(ref)s is closed. It no longer appears in the offers list.", ref=offer.ref),
            "success",
        )
        mine = acts_for_organisation(current_user, offer.organisation_id)
        return redirect(url_for("offers.mine") if mine else url_for("offers.detail", ref=ref))
    status = 422 if form.is_submitted() else 200
    return render_template("offers/close.html", offer=offer, form=form), status
