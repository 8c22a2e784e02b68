"""Accounts: creation with validation, and password hashing."""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from models import Organisation, Role, State, User, UserStatus
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _

EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's current default)."""
    return generate_password_hash(password)


def verify_password(user: User, password: str) -> bool:
    """Whether ``password`` is the account's password."""
    return check_password_hash(user.password_hash, password)


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    state_code: str | None = None,
    organisation: str | None = None,
    status: UserStatus = UserStatus.ACTIVE,
) -> User:
    """Create an account after checking every field; raise ValidationFailed naming each bad one."""
    errors: list[RecordError] = []

    def fail(field: str, reason: str) -> None:
        errors.append(RecordError("account", field, reason))

    email = email.strip().lower()
    if not EMAIL_RE.fullmatch(email):
        fail("email", f"{email!r} is not an e-mail address")
    elif session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        fail("email", _("an account with this address already exists"))
    if not name.strip():
        fail("name", "is required")
    if len(password) < MIN_PASSWORD:
        fail("password", f"must be at least {MIN_PASSWORD} characters")
    try:
        role_value = Role(role)
    except ValueError:
        fail("role", f"{role!r} is not one of {', '.join(r.value for r in Role)}")
        role_value = None
    state = org = None
    if role_value is Role.STATE:
        if not state_code:
            fail("state", "is required for a State representative")
        else:
            state = session.scalar(select(State).where(State.iso3 == state_code.strip().upper()))
            if state is None:
                fail(
                    "state", f"{state_code!r} is not the ISO3 code of a UN Member or Observer State"
                )
    if role_value is Role.PROVIDER:
        if not organisation:
            fail("organisation", "is required for a provider")
        else:
            org = session.scalar(select(Organisation).where(Organisation.name == organisation))
            if org is None:
                fail("organisation", f"no organisation is named {organisation!r}")
    if errors or role_value is None:
        raise ValidationFailed(errors)
    user = User(
        email=email,
        name=name.strip(),
        role=role_value,
        status=status,
        password_hash=hash_password(password),
        state=state,
        organisation=org,
    )
    session.add(user)
    session.flush()
    return user


# A hash of nothing in particular, checked when no account matches, so that a wrong address
# takes as long to refuse as a wrong password (no user enumeration by timing).
@cache
def _dummy_hash() -> str:
    return generate_password_hash("cbmatch-no-such-account")


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account with this address and password, or None (whatever the reason)."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if verify_password(user, password) else None


def register(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    state_code: str | None = None,
    organisation: str | None = None,
    organisation_type: str | None = None,
    organisation_country: str | None = None,
) -> User | None:
    """Create a pending account, or do nothing if the address is taken.

    The caller says the same thing either way, so registration does not reveal who has an account.
    """
    taken = session.scalar(select(User.id).where(func.lower(User.email) == email.strip().lower()))
    if taken is not None:
        return None
    if role == Role.PROVIDER.value and organisation:
        org = session.scalar(select(Organisation).where(Organisation.name == organisation.strip()))
        if org is None:
            from models.organisation import ProviderType

            country = None
            if organisation_country:
                country = session.scalar(select(State).where(State.iso3 == organisation_country))
            session.add(
                Organisation(
                    name=organisation.strip(),
                    type=ProviderType(organisation_type or "other"),
                    country=country,
                )
            )
            session.flush()
    return create_user(
        session,
        email=email,
        name=name,
        role=role,
        password=password,
        state_code=state_code,
        organisation=organisation.strip() if organisation else None,
        status=UserStatus.PENDING,
    )


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every other session of the account."""
    user.password_hash = hash_password(new_password)
    user.session_version += 1


def pending_accounts(session: Session) -> list[User]:
    """Accounts waiting for approval, oldest first."""
    return list(
        session.scalars(
            select(User).where(User.status == UserStatus.PENDING).order_by(User.created_at)
        )
    )


def decide(user: User, approve: bool) -> None:
    """Approve a pending account, or disable it."""
    user.status = UserStatus.ACTIVE if approve else UserStatus.DISABLED


def set_locale(session: Session, user: User, locale: str) -> None:
    """Remember the interface language the user chose (the caller checks it is offered)."""
    if user.locale != locale:
        user.locale = locale
        session.flush()
