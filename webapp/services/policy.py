"""Who may see and change what: pure predicates on a user and a record, with no request.

The views call them right after loading a record (``webapp.access`` holds the decorators that
declare who may open a view). ``visible_needs_clause`` is the same rule as ``can_view_need`` as a
SQL condition, so that every list of needs applies it.

Consent. A confidential need is shown to a provider only through a match its State has agreed
to: the State accepted the proposal (the focal point's proposal of a confidential need asks the
State first, and the provider hears of it only then) or made the request itself. The State's
acceptance *is* its consent, for that provider and that offer: ``Match.state_response`` holds
it, so no other record is needed. The provider reads the need while the match is live
(``SHARING_STATUSES``); once it is declined or withdrawn it keeps only a line saying that a
confidential need was withdrawn. A provider the State never agreed to knows nothing of the match.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    or_,
    select,
)
from sqlalchemy import true as sql_true

from models import (
    Match,
    MatchStatus,
    MaturityAudience,
    Need,
    NeedStatus,
    Offer,
    PointOfContact,
    Response,
    Role,
    User,
)
from models.event import Event


def _user(user: Any) -> User | None:
    return user if getattr(user, "is_authenticated", False) else None


def is_focal(user: Any) -> bool:
    """The focal point (and the administrator) see everything."""
    u = _user(user)
    return u is not None and u.has_role(Role.FOCAL_POINT, Role.ADMIN)


def acts_for_state(user: Any, state_id: int) -> bool:
    """Whether the user represents this State."""
    u = _user(user)
    return u is not None and u.role is Role.STATE and u.state_id == state_id


def acts_for_organisation(user: Any, organisation_id: int) -> bool:
    """Whether the user acts for this organisation."""
    u = _user(user)
    return u is not None and u.role is Role.PROVIDER and u.organisation_id == organisation_id


#: While a match is in one of these statuses, a provider the State agreed to reads its need.
SHARING_STATUSES = (
    MatchStatus.PROPOSED,
    MatchStatus.ACCEPTED,
    MatchStatus.IN_PROGRESS,
    MatchStatus.COMPLETED,
)


def consented(match: Match) -> bool:
    """Whether the match's State agreed that its provider reads the need: it accepted or asked."""
    return match.state_response is Response.ACCEPTED


def provider_knows(match: Match) -> bool:
    """Whether the provider's side may know of the match at all.

    Always for a public need; for a confidential one only once its State has consented.
    """
    return not match.need.confidential or consented(match)


def shares_need(match: Match) -> bool:
    """Whether the match now shows its need to its provider: consent given and the match live."""
    return consented(match) and match.status in SHARING_STATUSES


def can_view_need(user: Any, need: Need, match: Match | None = None) -> bool:
    """Whether the user may see the need at all, directly or through ``match``.

    Drafts are visible only to their State and the focal point; confidential needs also to the
    provider of a live match the State consented to (``shares_need``). ``match`` is a match of
    this need that the user may follow (the need page passes the one ``proposals.queries``
    finds); without it, only the State and the focal point see a confidential need.
    """
    if need.status is NeedStatus.DRAFT:
        return acts_for_state(user, need.state_id) or is_focal(user)
    if not need.confidential:
        return True
    if acts_for_state(user, need.state_id) or is_focal(user):
        return True
    return (
        match is not None
        and match.need_id == need.id
        and acts_for_organisation(user, match.offer.organisation_id)
        and shares_need(match)
    )


def can_edit_need(user: Any, need: Need) -> bool:
    """A need is edited by its State's representatives (and the focal point)."""
    return acts_for_state(user, need.state_id) or is_focal(user)


def can_edit_offer(user: Any, offer: Offer) -> bool:
    """An offer is edited by its organisation's providers (and the focal point)."""
    return acts_for_organisation(user, offer.organisation_id) or is_focal(user)


def can_edit_event(user: Any, event: Event) -> bool:
    """A calendar event is changed by its organisation's providers (and the focal point).

    The focal point's own events (no organisation) are changed by the focal point only.
    """
    if is_focal(user):
        return True
    return event.organisation_id is not None and acts_for_organisation(user, event.organisation_id)


def can_view_maturity(
    user: Any, state_id: int, audience: MaturityAudience, *, submitted: bool
) -> bool:
    """Whether the user may see a State's maturity self-assessment.

    Its representatives and the focal point always do (a draft too). Others see a submitted one
    only if the State chose so: ``PUBLIC`` everyone, ``PROVIDERS`` signed-in provider accounts,
    ``FOCAL_POINT`` (also a State that never chose) nobody else. Read the State's choice and
    survey with ``webapp.services.needs.sharing.can_view_maturity``, which every page calls.
    """
    if acts_for_state(user, state_id) or is_focal(user):
        return True
    if not submitted:
        return False
    if audience is MaturityAudience.PUBLIC:
        return True
    u = _user(user)
    return audience is MaturityAudience.PROVIDERS and u is not None and u.role is Role.PROVIDER


def can_view_contacts(user: Any) -> bool:
    """States' points of contact: any State's representatives, the focal point and the admin."""
    u = _user(user)
    if u is None:
        return False
    return is_focal(u) or (u.role is Role.STATE and u.state_id is not None)


def can_edit_contact(user: Any, contact: PointOfContact) -> bool:
    """A point of contact is changed only by its own State's representatives."""
    return acts_for_state(user, contact.state_id)


def visible_needs_clause(user: Any) -> ColumnElement[bool]:
    """The needs ``user`` may see: public ones, plus its own State's, or all for the focal point.

    Public means neither confidential nor a draft. A provider also sees the confidential needs
    shared with its organisation through a live match their State consented to (the SQL form of
    ``shares_need``).
    """
    if is_focal(user):
        return sql_true()
    public = and_(Need.confidential.is_(False), Need.status != NeedStatus.DRAFT)
    state_id = getattr(user, "state_id", None)
    if state_id is not None and acts_for_state(user, state_id):
        return or_(public, Need.state_id == state_id)
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is not None and acts_for_organisation(user, organisation_id):
        shared = (
            select(Match.need_id)
            .join(Offer, Match.offer_id == Offer.id)
            .where(
                Offer.organisation_id == organisation_id,
                Match.state_response == Response.ACCEPTED,
                Match.status.in_(SHARING_STATUSES),
            )
        )
        return or_(public, and_(Need.status != NeedStatus.DRAFT, Need.id.in_(shared)))
    return public
