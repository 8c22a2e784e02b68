"""A party's reads: a State's own needs, an organisation's offers, the matches one follows.

Every view takes a personal access token (``webapp.api_auth``: ``protect`` on the blueprint,
``requires_scope`` on the view); ``current_user`` is then the token's owner, and the views ask
the services the pages use, with the same policies (``webapp.services.policy``). Answers are
never stored by a cache (``private, no-store``); no CORS: a party's data is not for any page's
script. The writes are in ``party_writes.py`` and ``party_matches.py``, on the same blueprint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NoReturn, TypeVar, cast

from flask import Response, request, url_for
from flask_login import current_user

from models import Match, Need, Offer, Role, Scope, User, db
from webapp.api import party_schemas as ps
from webapp.api.base import (
    Blueprint,
    answer,
    decode_cursor,
    documented,
    english,
    page_after,
    page_answer,
)
from webapp.api.public import need_record, offer_record
from webapp.api.schemas import PageArgs
from webapp.api_auth import protect, requires_scope
from webapp.problems import ApiProblem
from webapp.services.offers import queries as offers
from webapp.services.policy import can_view_need
from webapp.services.proposals import operations as proposals
from webapp.services.proposals.pipeline import follows

F = TypeVar("F", bound=Callable[..., Any])
bp = Blueprint(
    "api_party",
    __name__,
    description="A party's own records and its writes: a personal access token is needed "
    "(`Authorization: Bearer cbm_...`), with the scope each operation names.",
)
protect(bp)
PRIVATE = "private, no-store"
#: The problems every token-protected operation may answer.
TOKEN_PROBLEMS = (401, 403, 406, 429)


def token_view(scope: Scope) -> Callable[[F], F]:
    """Document the bearer token, require ``scope`` and run the view in English."""

    def decorate(view: F) -> F:
        view = english(view)
        view = requires_scope(scope)(view)
        scoped: dict[str, Any] = {"security": [{"bearerAuth": []}], "x-cbmatch-scope": scope.value}
        return cast(F, bp.doc(**scoped)(view))

    return decorate


def owner() -> User:
    """The token's owner (``requires_scope`` has checked there is one)."""
    return cast(User, current_user._get_current_object())


def refuse(status: int, detail: str, field: str | None = None, reason: str = "") -> NoReturn:
    """:raise ApiProblem: ``status``, naming ``field`` when given."""
    raise ApiProblem(status, detail, [{"field": field, "reason": reason}] if field else ())


def own_need_record(need: Need) -> dict[str, Any]:
    """A need as its State reads it: confidential and drafts shown, with its version."""
    return {**need_record(need), "version": need.version}


def own_offer_record(offer: Offer) -> dict[str, Any]:
    """An offer as its organisation reads it, with its version."""
    return {**offer_record(offer), "version": offer.version}


def _utc(at: datetime) -> str:
    """An instant in RFC 3339 (stored without its zone by SQLite: it is UTC)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()


def match_record(user: User, match: Match) -> dict[str, Any]:
    """A match as ``user`` may read it: the need named only if ``can_view_need`` allows."""
    shown = can_view_need(user, match.need, match)
    return {
        "id": match.id,
        "status": match.status.value,
        "need": match.need.ref if shown else None,
        "state": match.need.state.iso3 if shown else None,
        "offer": match.offer.ref,
        "provider": match.offer.organisation.name,
        "state_response": match.state_response.value,
        "provider_response": match.provider_response.value,
        "version": match.version,
        "events": [
            {
                "at": _utc(e.at),
                "from_status": e.from_status.value if e.from_status else None,
                "to_status": e.to_status.value,
                "note": e.note,
            }
            for e in sorted(match.events, key=lambda e: (e.at, e.id))
        ],
        "url": url_for("matches.detail", match_id=match.id, _external=True),
    }


def _listed(
    records: list[Any], key: Callable[[Any], list[str]], limit: int, cursor: str | None
) -> tuple[list[Any], bool, list[str] | None]:
    after = decode_cursor(cursor, list)
    rows, more = page_after(records, key, after, limit)
    return rows, more, (key(rows[-1]) if rows else None)


@bp.route("/me/needs")
@bp.arguments(PageArgs, location="query", as_kwargs=True)
@documented(bp, ps.OwnNeedPage, 400, *TOKEN_PROBLEMS, paged=True)
@token_view(Scope.READ)
def my_needs(limit: int, cursor: str | None = None) -> Response:
    """The needs of the token's State: drafts, confidential and closed ones too (by ref).

    Another role's token has no State: its list is empty.
    """
    from webapp.services.needs import queries as needs

    user = owner()
    found = []
    if user.role is Role.STATE and user.state is not None:
        found = needs.state_needs(db.session(), user.state, include_private=True)
    rows, more, last = _listed(found, lambda n: [n.ref], limit, cursor)
    return page_answer([own_need_record(n) for n in rows], more, last, limit, cache=PRIVATE)


@bp.route("/me/offers")
@bp.arguments(PageArgs, location="query", as_kwargs=True)
@documented(bp, ps.OwnOfferPage, 400, *TOKEN_PROBLEMS, paged=True)
@token_view(Scope.READ)
def my_offers(limit: int, cursor: str | None = None) -> Response:
    """The offers of the token's organisation, open and closed (by ref); empty for another role."""
    user = owner()
    found = []
    if user.role is Role.PROVIDER and user.organisation_id is not None:
        found = offers.organisation_offers(
            db.session(), user.organisation_id, 1, per_page=100_000
        ).items
    rows, more, last = _listed(found, lambda o: [o.ref], limit, cursor)
    return page_answer([own_offer_record(o) for o in rows], more, last, limit, cache=PRIVATE)


@bp.route("/me/matches")
@bp.arguments(ps.MatchArgs, location="query", as_kwargs=True)
@documented(bp, ps.MatchPage, 400, *TOKEN_PROBLEMS, paged=True)
@token_view(Scope.READ)
def my_matches(limit: int, cursor: str | None = None, status: str | None = None) -> Response:
    """The matches the token's owner follows (as on its inbox), each with its history, by id.

    A State's matches, an organisation's (a confidential need's once its State consented), or
    every one for the focal point; suggestions are the focal point's only.
    """
    user = owner()
    after = decode_cursor(cursor, int)
    stmt = proposals.matches_stmt(user, status or None).order_by(None).order_by(Match.id)
    if after is not None:
        stmt = stmt.where(Match.id > after)
    rows = list(db.session().scalars(stmt.limit(limit + 1)).unique())
    more, rows = len(rows) > limit, rows[:limit]
    last = rows[-1].id if rows else None
    return page_answer([match_record(user, m) for m in rows], more, last, limit, cache=PRIVATE)


def visible_match(match_id: int) -> Match:
    """The match if the token's owner may see it.

    :raise ApiProblem: 404 when there is none or the owner may not see it.
    """
    match = db.session.get(Match, match_id) if match_id < 2**63 else None
    if match is None or not follows(owner(), match):  # as the match's page decides
        refuse(404, "No match with this number is yours to see.")
    return match


@bp.route("/matches/<int:match_id>")
@documented(bp, ps.MatchRecord, 404, *TOKEN_PROBLEMS)
@token_view(Scope.READ)
def get_match(match_id: int) -> Response:
    """One match the token's owner follows, with its history."""
    return answer(match_record(owner(), visible_match(match_id)), cache=PRIVATE)


def json_body() -> dict[str, Any]:
    """The request's JSON object.

    :raise ApiProblem: 400 naming ``body`` when it is not a JSON object.
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        refuse(400, "The body must be a JSON object.", "body", "not a JSON object")
    return body
