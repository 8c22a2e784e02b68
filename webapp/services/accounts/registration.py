"""Registration: a pending account for a new address; for a taken one, the same answer.

Both paths check the same fields (the same errors) and hash the password once (the same time).
The caller answers the same either way and writes to the owner of a taken address instead, so
registration does not reveal who has an account.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Organisation, Role, State, User, UserStatus
from models.organisation import ProviderType
from webapp.services import language
from webapp.services.accounts.joining import check_organisation_type
from webapp.services.accounts.operations import check_account, create_user, hash_password
from webapp.services.notices.kinds import ACCOUNT_WAITING
from webapp.services.notices.record import focal_points, notify


@dataclass(frozen=True)
class Registration:
    """What registering did: the new pending account, or (taken address) the account it has."""

    created: User | None
    existing: User | None


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
) -> Registration:
    """Create a pending account; if the address is taken, change nothing and name its account.

    Both paths check the same fields (the same errors) and hash the password once (the same
    time); the caller says the same thing either way and writes to the owner of a taken address,
    so registration does not reveal who has an account.

    Raises:
        ValidationFailed: a bad field, or another type for an organisation already on cbmatch
        (whoever asks, whether or not the address is taken).
    """
    if role == Role.PROVIDER.value and organisation:
        check_organisation_type(session, organisation, organisation_type)
    existing = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    check_account(
        session, email=email, name=name, role=role, password=password, state_code=state_code,
        organisation=organisation.strip() if organisation else None, unique=False,
        new_organisation=True,
    )  # fmt: skip
    if existing is not None:
        hash_password(password)  # the work a new account costs, thrown away
        return Registration(None, existing)
    if role == Role.PROVIDER.value and organisation:
        org = session.scalar(select(Organisation).where(Organisation.name == organisation.strip()))
        if org is None:
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
    user = create_user(
        session,
        email=email,
        name=name,
        role=role,
        password=password,
        state_code=state_code,
        organisation=organisation.strip() if organisation else None,
        status=UserStatus.PENDING,
        locale=language.current(),  # their e-mail comes in the language of the page they used
    )
    notify(session, ACCOUNT_WAITING.code, focal_points(session), account=user.id)
    return Registration(user, None)
