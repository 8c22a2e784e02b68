"""A party's writes of its records: a provider's offers, a State's needs.

The body is an interchange record (``docs/INTERCHANGE.md``) checked by the importer's own
validator (``validate_offer`` / ``validate_need``), the code path of the forms and of
``cbmatch import``: its errors become a 400 problem naming each field, and nothing is written.
A valid record goes to the operations the pages call (they flush; the view commits once), so a
page and an API call create, change and close records alike, audited with the token's name.

Who may write what: the token's scope (401/403), then the policies of the pages: a record the
owner may not see is not found (404), one it may see but not change is forbidden (403). A
``version`` sent with a change that is no longer the stored one is a conflict (409).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any, NoReturn, TypeVar

from flask import Response, url_for

from models import Need, Offer, Organisation, Role, Scope, State, db
from webapp.api import party_schemas as ps
from webapp.api.base import answer, documented, invalid_record
from webapp.api.party import (
    TOKEN_PROBLEMS,
    bp,
    json_body,
    own_need_record,
    own_offer_record,
    owner,
    refuse,
    token_view,
)
from webapp.problems import ApiProblem
from webapp.services.concurrency import StaleEdit, parse_version
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.interchange.export import need_to_data, offer_to_data
from webapp.services.interchange.records import Reference
from webapp.services.interchange.validation import validate_need, validate_offer
from webapp.services.needs import operations as need_ops
from webapp.services.needs import queries as needs
from webapp.services.offers import operations as offer_ops
from webapp.services.offers import queries as offers
from webapp.services.policy import can_edit_need, can_edit_offer, can_view_need

F = TypeVar("F", bound=Callable[..., Any])
WHERE = "body"
#: What a party reads besides the interchange fields; sent back with a record, it is ignored.
READ_ONLY = ("id", "status", "url")
#: The problems a write may answer besides its success.
WRITE_PROBLEMS = (400, 404, 409, *TOKEN_PROBLEMS)


def write_documented(
    schema: Any, status: int, body: Any = None, *problems: int
) -> Callable[[F], F]:
    """Document a write: its request body (described, checked by the importer) and answers."""

    def decorate(view: F) -> F:
        for code in problems or WRITE_PROBLEMS:
            view = bp.alt_response(code, HTTPStatus(code).name)(view)
        view = bp.alt_response(status, schema=schema, success=True)(view)
        if body is not None:
            content = {"application/json": {"schema": body}}
            view = bp.doc(requestBody={"required": True, "content": content})(view)
        return view

    return decorate


def _fields(body: dict[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The record's fields without the read-only ones, and the version it was read at."""
    fields = {k: v for k, v in body.items() if k not in (*READ_ONLY, "version")}
    version = body.get("version")
    if version is None:
        return fields, None
    parsed = parse_version(version) if not isinstance(version, bool) else None
    if parsed is None or not isinstance(version, int):
        invalid_record([RecordError(WHERE, "version", f"{version!r} is not a version number")])
    return fields, parsed


def _stale(exc: StaleEdit) -> NoReturn:
    db.session.rollback()
    raise ApiProblem(
        409, exc.message, [{"field": "version", "reason": f"the record is at version "
                           f"{exc.current_version}; read it again"}],
    )  # fmt: skip


def refused_write(exc: ValidationFailed) -> NoReturn:
    db.session.rollback()
    if isinstance(exc, StaleEdit):
        _stale(exc)
    invalid_record(exc.errors)


def _created(record: dict[str, Any], endpoint: str, ref: str) -> Response:
    response = answer(record, cache="private, no-store")
    response.status_code = 201
    response.headers["Location"] = url_for(endpoint, ref=ref, _external=True)
    return response


# --- offers -------------------------------------------------------------------------------------


def _organisation() -> Organisation:
    org = owner().organisation
    if owner().role is not Role.PROVIDER or org is None:
        refuse(403, "Only a provider's token writes offers: this one acts for no organisation.")
    return org


def _offer_values(org: Organisation, fields: dict[str, Any], ref: str) -> offer_ops.OfferInput:
    """The body checked by the importer's validator, as the offer form's values."""
    mine = {
        "provider": org.name,
        "provider_type": org.type.value,
        "provider_country": org.country.iso3 if org.country else None,
    }
    errors = [
        RecordError(WHERE, k, f"is your organisation's, {mine[k]!r}; leave it out")
        for k in mine
        if k in fields and fields[k] != mine[k]
    ]
    record = {**fields, **mine, "ref": ref}
    data, found = validate_offer(record, Reference.load(db.session()), WHERE)
    if errors or data is None:
        invalid_record([*errors, *found])
    return offer_ops.OfferInput(
        title=data.title, description=data.description, topics=data.topics,
        support_types=data.support_types, languages=data.languages, modality=data.modality,
        start=data.start, end=data.end, eligible=data.eligible, capacity=data.capacity,
        gender_marker=data.gender_marker, funding_amount=data.funding_amount,
        funding_currency=data.funding_currency,
    )  # fmt: skip


@bp.route("/offers", methods=["POST"])
@write_documented(ps.OwnOfferRecord, 201, ps.OfferWrite)
@token_view(Scope.WRITE_OFFERS)
def create_offer() -> Response:
    """A provider posts an offer of its organisation: open at once, under a ref cbmatch gives.

    `ref`, `provider`, `provider_type` and `provider_country` are cbmatch's: the offer is the
    token's organisation's. The answer is the offer as stored, its address in `Location`.
    """
    org = _organisation()
    fields, _version = _fields(json_body())
    values = _offer_values(org, fields, "O-new")
    session = db.session()
    try:
        offer = offer_ops.create_offer(session, org, values, actor=owner())
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return _created(own_offer_record(offer), "api_public.get_offer", offer.ref)


def _own_offer(ref: str) -> Offer:
    offer = offers.offer_by_ref(db.session(), ref)
    if offer is None:
        refuse(404, "No offer with this reference.")
    if not can_edit_offer(owner(), offer):
        refuse(403, "This offer is another organisation's.")
    return offer


def _change_offer(ref: str, merge: bool) -> Response:
    offer = _own_offer(ref)
    fields, version = _fields(json_body())
    if merge:
        fields = {**offer_to_data(offer).as_record(), **fields}
    values = _offer_values(offer.organisation, fields, offer.ref)
    session = db.session()
    try:
        offer_ops.update_offer(session, offer, values, actor=owner(), expected_version=version)
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return answer(own_offer_record(offer), cache="private, no-store")


@bp.route("/offers/<ref>", methods=["PUT"])
@write_documented(ps.OwnOfferRecord, 200, ps.OfferWrite)
@token_view(Scope.WRITE_OFFERS)
def replace_offer(ref: str) -> Response:
    """Replace an open offer of the token's organisation: a field left out takes its default."""
    return _change_offer(ref, merge=False)


@bp.route("/offers/<ref>", methods=["PATCH"])
@write_documented(ps.OwnOfferRecord, 200, ps.OfferWrite)
@token_view(Scope.WRITE_OFFERS)
def update_offer(ref: str) -> Response:
    """Change some fields of an open offer of the token's organisation; the others stay."""
    return _change_offer(ref, merge=True)


@bp.route("/offers/<ref>/close", methods=["POST"])
@write_documented(ps.OwnOfferRecord, 200)
@token_view(Scope.WRITE_OFFERS)
def close_offer(ref: str) -> Response:
    """Close an open offer: it leaves the public lists; the States of its live matches are told."""
    offer = _own_offer(ref)
    session = db.session()
    try:
        offer_ops.close_offer(session, offer, actor=owner())
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return answer(own_offer_record(offer), cache="private, no-store")


# --- needs --------------------------------------------------------------------------------------


def _state() -> State:
    state = owner().state
    if owner().role is not Role.STATE or state is None:
        refuse(403, "Only a State representative's token writes needs.")
    return state


def _need_data(state: State, fields: dict[str, Any], ref: str) -> Any:
    """The body checked by the importer's validator (the State defaults to the token's)."""
    record = {**fields, "ref": ref, "state": fields.get("state", state.iso3)}
    data, errors = validate_need(record, Reference.load(db.session()), WHERE)
    if data is None:
        invalid_record(errors)
    return data


@bp.route("/needs", methods=["POST"])
@write_documented(ps.OwnNeedRecord, 201, ps.NeedWrite)
@token_view(Scope.WRITE_NEEDS)
def create_need() -> Response:
    """A State files a need: a draft until its survey is submitted, then open, as on the pages.

    `ref` is cbmatch's; `state` is the token's State (another is refused). The answer is the
    need as stored (with `confidential` and `status`), its address in `Location`.
    """
    state = _state()
    fields, _version = _fields(json_body())
    session = db.session()
    data = _need_data(state, fields, need_ops.next_ref(session))
    try:
        need = need_ops.create_need(session, state, data, actor=owner())
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return _created(own_need_record(need), "api_party.get_my_need", need.ref)


def _own_need(ref: str) -> Need:
    need = needs.visible_need(db.session(), owner(), ref)
    if need is None or not can_view_need(owner(), need):
        refuse(404, "No need with this reference is yours to see.")
    if not can_edit_need(owner(), need):
        refuse(403, "This need is another State's.")
    return need


@bp.route("/me/needs/<ref>")
@documented(bp, ps.OwnNeedRecord, 404, *TOKEN_PROBLEMS)
@token_view(Scope.READ)
def get_my_need(ref: str) -> Response:
    """One need of the token's State, confidential or draft as it may be."""
    return answer(own_need_record(_own_need(ref)), cache="private, no-store")


def _change_need(ref: str, merge: bool) -> Response:
    need = _own_need(ref)
    fields, version = _fields(json_body())
    if merge:
        fields = {**need_to_data(need).as_record(), **fields}
    elif fields.get("confidential") is None:  # as an import: left out keeps the stored value
        fields["confidential"] = need.confidential
    data = _need_data(need.state, fields, need.ref)
    session = db.session()
    try:
        need_ops.update_need(session, need, data, actor=owner(), expected_version=version)
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return answer(own_need_record(need), cache="private, no-store")


@bp.route("/needs/<ref>", methods=["PUT"])
@write_documented(ps.OwnNeedRecord, 200, ps.NeedWrite)
@token_view(Scope.WRITE_NEEDS)
def replace_need(ref: str) -> Response:
    """Replace a draft or open need of the token's State (`confidential` left out stays)."""
    return _change_need(ref, merge=False)


@bp.route("/needs/<ref>", methods=["PATCH"])
@write_documented(ps.OwnNeedRecord, 200, ps.NeedWrite)
@token_view(Scope.WRITE_NEEDS)
def update_need(ref: str) -> Response:
    """Change some fields of a draft or open need of the token's State; the others stay."""
    return _change_need(ref, merge=True)


def _need_status(ref: str, move: Any) -> Response:
    need = _own_need(ref)
    session = db.session()
    try:
        move(session, need, actor=owner())
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return answer(own_need_record(need), cache="private, no-store")


@bp.route("/needs/<ref>/close", methods=["POST"])
@write_documented(ps.OwnNeedRecord, 200)
@token_view(Scope.WRITE_NEEDS)
def close_need(ref: str) -> Response:
    """Close an open need of the token's State (met, or no longer pursued)."""
    return _need_status(ref, need_ops.close_need)


@bp.route("/needs/<ref>/withdraw", methods=["POST"])
@write_documented(ps.OwnNeedRecord, 200)
@token_view(Scope.WRITE_NEEDS)
def withdraw_need(ref: str) -> Response:
    """Withdraw an open need of the token's State (a draft is deleted instead: `DELETE`)."""
    return _need_status(ref, need_ops.withdraw_need)


@bp.route("/needs/<ref>", methods=["DELETE"])
@write_documented(None, 204)
@token_view(Scope.WRITE_NEEDS)
def delete_need(ref: str) -> Response:
    """Delete a draft need of the token's State, never submitted (the pages' Delete)."""
    need = _own_need(ref)
    session = db.session()
    try:
        need_ops.delete_draft(session, need, actor=owner())
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return Response(status=204)
