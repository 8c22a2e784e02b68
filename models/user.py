"""Accounts: State representatives, providers, the focal point and administrators."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Model, Timestamped, Versioned, str_enum
from models.geo import State
from models.organisation import Organisation


class Role(enum.StrEnum):
    """What an account may do."""

    STATE = "state"
    PROVIDER = "provider"
    FOCAL_POINT = "focal_point"
    ADMIN = "admin"


class UserStatus(enum.StrEnum):
    """Registrations wait for the focal point, who approves or refuses them.

    An administrator may deactivate an active account (DISABLED) and reactivate it.
    """

    PENDING = "pending"
    ACTIVE = "active"
    REFUSED = "refused"
    DISABLED = "disabled"


# The password hash is never logged, only that it changed; the session version moves with it.
@audited(label="email", ignore=("session_version",))
class User(Timestamped, Versioned, Model):
    """A person who signs in; acts for one State or one Organisation, or for the platform."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(str_enum(Role), index=True)
    status: Mapped[UserStatus] = mapped_column(str_enum(UserStatus), default=UserStatus.PENDING)
    state_id: Mapped[int | None] = mapped_column(ForeignKey("state.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", use_alter=True), index=True
    )
    # Bumped on password change and on deactivation so that every other session of the account ends.
    session_version: Mapped[int] = mapped_column(default=1)
    #: Why the account was refused or deactivated (shown to the focal point and administrators).
    status_reason: Mapped[str | None] = mapped_column(String(1000))
    #: The interface language the user chose (a code of webapp.i18n.LANGUAGES); None: not chosen.
    locale: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[State | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])

    # Flask-Login's user protocol.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Only approved, enabled accounts may sign in."""
        return self.status is UserStatus.ACTIVE

    def get_id(self) -> str:
        """The session's user id, tied to the session version."""
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        """Whether the account holds one of ``roles``."""
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
