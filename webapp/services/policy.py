"""Who may see and change what: pure predicates on a user and a record, with no request.

The views call them right after loading a record (``webapp.access`` holds the decorators that
declare who may open a view). ``visible_needs_clause`` is the same rule as ``can_view_need`` as a
SQL condition, so that every list of needs applies it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    or_,
)
from sqlalchemy import true as sql_true

from models import (
    Need,
    NeedStatus,
    Offer,
    PointOfContact,
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


def can_view_need(user: Any, need: Need) -> bool:
    """Whether the user may see the need at all.

    Confidential needs and drafts are visible only to their State and the focal point.
    """
    from models import NeedStatus

    if need.status is NeedStatus.DRAFT:
        return acts_for_state(user, need.state_id) or is_focal(user)
    if not need.confidential:
        return True
    return acts_for_state(user, need.state_id) or is_focal(user)


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

    Public means neither confidential nor a draft.
    """
    if is_focal(user):
        return sql_true()
    public = and_(Need.confidential.is_(False), Need.status != NeedStatus.DRAFT)
    state_id = getattr(user, "state_id", None)
    if state_id is not None and acts_for_state(user, state_id):
        return or_(public, Need.state_id == state_id)
    return public
