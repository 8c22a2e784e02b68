"""Who may use each view: decorators that declare it, and policies for single records.

Every view carries an ``access`` attribute set by one of these decorators; a test walks the
URL map and fails for a view without one. Anonymous users are sent to the sign-in page; signed-in
users without the role get 403.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import abort, redirect, request, url_for
from flask_login import current_user

from models import Need, Offer, PointOfContact, Role, User
from models.event import Event

F = TypeVar("F", bound=Callable[..., Any])


def public(view: F) -> F:
    """Anyone, signed in or not."""
    view.access = "public"  # type: ignore[attr-defined]
    return view


def _to_login() -> Any:
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def login_required(view: F) -> F:
    """Any signed-in account."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _to_login()
        return view(*args, **kwargs)

    wrapper.access = "login"  # type: ignore[attr-defined]
    return cast(F, wrapper)


def requires(*roles: Role) -> Callable[[F], F]:
    """Signed-in accounts holding one of ``roles``."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _to_login()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = tuple(r.value for r in roles)  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


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
