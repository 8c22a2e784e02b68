"""The focal point's team as the contact page names it: the active focal point accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Role, User, UserStatus


def active_focal_points(session: Session) -> list[User]:
    """The focal points whose accounts can be used now, by name."""
    stmt = (
        select(User)
        .where(User.role == Role.FOCAL_POINT, User.status == UserStatus.ACTIVE)
        .order_by(User.name, User.id)
    )
    return list(session.scalars(stmt))
