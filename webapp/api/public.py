"""The public reads: open needs (never a confidential one), offers, calendar, States, centres.

Each view checks its filters with the list page's own form (``webapp.list_filters``), asks the
page's service for the rows as an anonymous visitor sees them, and answers a page of records.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, request, url_for

from models import Centre, Need, Offer, db
from webapp.access import public
from webapp.api import schemas
from webapp.api.base import (
    ANONYMOUS,
    Blueprint,
    answer,
    checked,
    decode_cursor,
    documented,
    english,
    not_found,
    page_after,
    page_answer,
    public_cors,
)
from webapp.list_filters import (
    CalendarFilterForm,
    CentreFilterForm,
    NeedFilterForm,
    OfferFilterForm,
    StateFilterForm,
)
from webapp.services.calendar import queries as calendar
from webapp.services.calendar.queries import Activity
from webapp.services.directory import centres
from webapp.services.directory import states as directory
from webapp.services.directory.states import StateRow
from webapp.services.interchange.export import need_to_data, offer_to_data
from webapp.services.needs import queries as needs
from webapp.services.offers import queries as offers
from webapp.services.policy import can_view_need
from webapp.services.reference.areas import area_groups
from webapp.services.reference.choices import filter_choices, topic_groups

bp = Blueprint("api_public", __name__, description="Public reads: no token needed.")
public_cors(bp)
NEED_FILTERS = ("topic", "dimension", "region", "language", "modality", "support_type", "funding")
OFFER_FILTERS = (*NEED_FILTERS[:-1], "provider_type", "gender", "funding")


def need_record(need: Need) -> dict[str, Any]:
    """A need as the API gives it: its interchange record and read-only fields."""
    return {
        "id": need.id,
        **need_to_data(need).as_record(),
        "status": need.status.value,
        "url": url_for("needs.detail", ref=need.ref, _external=True),
    }


def offer_record(offer: Offer) -> dict[str, Any]:
    """An offer as the API gives it: its interchange record and read-only fields."""
    return {
        "id": offer.id,
        **offer_to_data(offer).as_record(),
        "status": offer.status.value,
        "url": url_for("offers.detail", ref=offer.ref, _external=True),
    }


@bp.route("/needs")
@bp.arguments(schemas.NeedArgs, location="query", as_kwargs=True)
@documented(bp, schemas.NeedPage, *schemas.LIST_PROBLEMS, paged=True)
@public
@english
def list_needs(limit: int, cursor: str | None = None, **_filters: Any) -> Response:
    """Open needs, with the filters of the needs list; confidential needs never appear."""
    session = db.session()
    form = NeedFilterForm(formdata=request.args)
    form.use_choices(filter_choices(session, ANONYMOUS))
    filters = form.filters()
    checked(form, NEED_FILTERS)
    after = decode_cursor(cursor, int)
    rows, more = needs.open_needs_after(session, ANONYMOUS, filters, after, limit)
    return page_answer([need_record(n) for n in rows], more, rows[-1].id if rows else None, limit)


@bp.route("/needs/<ref>")
@documented(bp, schemas.NeedRecord, 404, 406, 429)
@public
@english
def get_need(ref: str) -> Response:
    """One public need (open or closed) by its ref; a confidential or draft need is not found."""
    need = needs.visible_need(db.session(), ANONYMOUS, ref)
    if need is None or not can_view_need(ANONYMOUS, need):
        not_found("need")
    return answer(need_record(need))


@bp.route("/offers")
@bp.arguments(schemas.OfferArgs, location="query", as_kwargs=True)
@documented(bp, schemas.OfferPage, *schemas.LIST_PROBLEMS, paged=True)
@public
@english
def list_offers(limit: int, cursor: str | None = None, **_filters: Any) -> Response:
    """Open offers, with the filters of the offers list."""
    session = db.session()
    form = OfferFilterForm(formdata=request.args)
    form.use_choices(filter_choices(session, ANONYMOUS))
    filters = form.filters()
    checked(form, OFFER_FILTERS)
    after = decode_cursor(cursor, int)
    rows, more = offers.open_offers_after(session, filters, after, limit)
    return page_answer([offer_record(o) for o in rows], more, rows[-1].id if rows else None, limit)


@bp.route("/offers/<ref>")
@documented(bp, schemas.OfferRecord, 404, 406, 429)
@public
@english
def get_offer(ref: str) -> Response:
    """One offer by its ref, open or closed (offers are public)."""
    offer = offers.offer_by_ref(db.session(), ref)
    if offer is None:
        not_found("offer")
    return answer(offer_record(offer))


def _activity(a: Activity) -> dict[str, Any]:
    endpoint = "offers.detail" if a.kind == "offer" else "calendar.event"
    return {
        "kind": a.kind,
        "ref": a.ref,
        "title": a.title,
        "description": a.description,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "organiser": a.organiser,
        "where": a.where,
        "topics": list(a.topics),
        "external_url": a.external_url or None,
        "url": url_for(endpoint, ref=a.ref, _external=True),
    }


def _activity_key(a: Activity) -> list[str]:
    return [a.start.isoformat(), a.end.isoformat(), a.kind, a.ref]


@bp.route("/calendar/activities")
@bp.arguments(schemas.CalendarArgs, location="query", as_kwargs=True)
@documented(bp, schemas.ActivityPage, *schemas.LIST_PROBLEMS, paged=True)
@public
@english
def list_activities(
    limit: int, cursor: str | None = None, start: date | None = None, end: date | None = None,
    **_filters: Any,
) -> Response:  # fmt: skip
    """The calendar's activities (open offers with both dates, and events), by start date."""
    session = db.session()
    form = CalendarFilterForm(formdata=request.args)
    form.use_choices(area_groups(session), topic_groups(session))
    filters = form.filters()
    checked(form, ("region", "topic"))
    after = decode_cursor(cursor, list)
    found = calendar.activities_between(session, filters, start, end)
    rows, more = page_after(found, _activity_key, after, limit)
    last = _activity_key(rows[-1]) if rows else None
    return page_answer([_activity(a) for a in rows], more, last, limit)


def _state(row: StateRow) -> dict[str, Any]:
    s = row.state
    return {
        "iso3": s.iso3,
        "name": s.name_en,
        "region": s.region or None,
        "sub_region": s.subregion or None,
        "survey_submitted": row.submitted_at is not None,
        "open_needs": row.open_needs,
        "url": url_for("states.profile", code=s.iso3, _external=True),
    }


@bp.route("/states")
@bp.arguments(schemas.StateArgs, location="query", as_kwargs=True)
@documented(bp, schemas.StatePage, *schemas.LIST_PROBLEMS, paged=True)
@public
@english
def list_states(limit: int, cursor: str | None = None, **_filters: Any) -> Response:
    """The UN Member and Observer States, with their survey and open public needs, by code."""
    session = db.session()
    form = StateFilterForm(formdata=request.args)
    form.use_choices(directory.region_choices(session), directory.group_choices())
    filters = form.filters()
    checked(form, ("region", "group", "survey", "needs"))
    after = decode_cursor(cursor, list)
    found = directory.directory(session, ANONYMOUS, filters, page=1, per_page=1000).items
    rows, more = page_after(found, lambda r: [r.state.iso3], after, limit)
    last = [rows[-1].state.iso3] if rows else None
    return page_answer([_state(r) for r in rows], more, last, limit)


def _centre(c: Centre) -> dict[str, Any]:
    return {
        "slug": c.slug,
        "name": c.name,
        "acronym": c.acronym,
        "kind": c.kind.value,
        "scope": list(c.scope),
        "host_state": c.host_state.iso3 if c.host_state else None,
        "website": c.website,
        "description": c.description,
        "topics": list(c.topics),
    }


@bp.route("/centres")
@bp.arguments(schemas.CentreArgs, location="query", as_kwargs=True)
@documented(bp, schemas.CentrePage, *schemas.LIST_PROBLEMS, paged=True)
@public
@english
def list_centres(limit: int, cursor: str | None = None, **_filters: Any) -> Response:
    """The capacity-building centres of the directory, by slug."""
    session = db.session()
    form = CentreFilterForm(formdata=request.args)
    form.use_choices(centres.region_choices(session), centres.kind_choices())
    filters = form.filters()
    checked(form, ("region", "kind"))
    after = decode_cursor(cursor, list)
    rows, more = page_after(
        centres.search_centres(session, filters), lambda c: [c.slug], after, limit
    )
    last = [rows[-1].slug] if rows else None
    return page_answer([_centre(c) for c in rows], more, last, limit)
