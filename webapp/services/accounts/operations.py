"""Accounts: creation with validation, password hashing, approval, and the administrator's changes.

The administrator deactivates and reactivates accounts and changes a role and the State or
organisation an account acts for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.security import check_password_hash, generate_password_hash

from models import AuditEntry, Organisation, Role, State, User, UserStatus
from webapp.services.concurrency import StaleEdit
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _, ngettext
from webapp.services.notices.kinds import ACCOUNT_DECIDED
from webapp.services.notices.record import notify

EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD = 10
#: The longest reason for a refusal or a deactivation.
MAX_REASON = 1000


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's current default)."""
    return generate_password_hash(password)


def verify_password(user: User, password: str) -> bool:
    """Whether ``password`` is the account's password."""
    return check_password_hash(user.password_hash, password)


def check_account(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    state_code: str | None = None,
    organisation: str | None = None,
    unique: bool = True,
    new_organisation: bool = False,
) -> tuple[Role, State | None, Organisation | None]:
    """The role, State and organisation of an account with these fields, once each is checked.

    ``unique``: refuse an address that has an account; ``new_organisation``: an organisation
    not on cbmatch yet is accepted (registration creates it; the result holds None).

    Raises:
        ValidationFailed: naming each bad field.
    """
    errors: list[RecordError] = []

    def fail(field: str, reason: str) -> None:
        errors.append(RecordError("account", field, reason))

    email = email.strip().lower()
    if not EMAIL_RE.fullmatch(email):
        fail("email", f"{email!r} is not an e-mail address")
    elif unique and session.scalar(select(User.id).where(func.lower(User.email) == email)):
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
            if org is None and not new_organisation:
                fail("organisation", f"no organisation is named {organisation!r}")
    if errors or role_value is None:
        raise ValidationFailed(errors)
    return role_value, state, org


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
    locale: str | None = None,
) -> User:
    """Create an account after checking every field; raise ValidationFailed naming each bad one.

    ``locale``: the language its e-mail is written in (None: English until the person chooses).
    """
    role_value, state, org = check_account(
        session, email=email, name=name, role=role, password=password, state_code=state_code,
        organisation=organisation,
    )  # fmt: skip
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        role=role_value,
        status=status,
        password_hash=hash_password(password),
        state=state,
        organisation=org,
        locale=locale,
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


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every other session of the account."""
    user.password_hash = hash_password(new_password)
    user.session_version += 1


def end_sessions(session: Session, user: User) -> None:
    """End every session of the account, everywhere (signing out): its session version moves on.

    A plain UPDATE, so that neither the record's version (an administrator's open form stays
    valid), its last-change time nor the audit log moves for a sign-out.
    """
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_version=User.session_version + 1, updated_at=User.updated_at)
    )


def pending_accounts(session: Session) -> list[User]:
    """Accounts waiting for approval, oldest first."""
    return list(
        session.scalars(
            select(User).where(User.status == UserStatus.PENDING).order_by(User.created_at)
        )
    )


def refused_accounts(session: Session, limit: int = 20) -> list[User]:
    """The latest refused registrations, with their reasons, newest first."""
    return list(
        session.scalars(
            select(User)
            .where(User.status == UserStatus.REFUSED)
            .order_by(User.updated_at.desc(), User.id.desc())
            .limit(limit)
        )
    )


def _invalid(field: str, reason: str) -> ValidationFailed:
    return ValidationFailed([RecordError("account", field, reason)])


def _reason(text: str | None, *, required: str | None = None) -> str | None:
    """A reason stripped of surrounding space; None if empty. ``required``: the error if empty."""
    reason = (text or "").strip()
    if not reason and required:
        raise _invalid("reason", required)
    if len(reason) > MAX_REASON:
        raise _invalid("reason", ngettext("The reason is too long: at most %(num)d character.",
                                          "The reason is too long: at most %(num)d characters.",
                                          MAX_REASON))  # fmt: skip
    return reason or None


def decide(user: User, approve: bool, reason: str | None = None) -> None:
    """Approve a pending account, or refuse it with a reason (required, kept on the account).

    Raises:
        ValidationFailed: the account is no longer pending, or a refusal has no reason.
    """
    if user.status is not UserStatus.PENDING:
        raise _invalid("status", _("%(email)s was already decided.", email=user.email))
    if approve:
        user.status, user.status_reason = UserStatus.ACTIVE, None
    else:
        user.status_reason = _reason(
            reason, required=_("Say why the registration is refused; the person is told.")
        )
        user.status = UserStatus.REFUSED
    session = object_session(user)
    if session is not None:
        notify(session, ACCOUNT_DECIDED.code, [user], account=user.id)


def _stale(session: Session, user: User, actor: User) -> StaleEdit:
    """The refusal of a save made on an old version of ``user``: who changed it last, and when."""
    last = session.scalar(
        select(AuditEntry)
        .where(AuditEntry.entity == "user", AuditEntry.record_id == user.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(1)
    )
    if last is None:
        who, at = _("someone else (an import or another process)"), None
    elif last.actor_id == actor.id:
        who, at = _("you, in another window or tab"), last.at
    else:
        who, at = last.actor, last.at
    return StaleEdit("account", who, at, user.version)


@contextmanager
def _saving(session: Session, user: User, actor: User, expected: int | None) -> Iterator[None]:
    """Refuse a change made on an old version of the account, before or while it is written."""
    if expected is not None and user.version != expected:
        raise _stale(session, user, actor)
    try:
        yield
        session.flush()
    except StaleDataError:
        session.rollback()
        raise _stale(session, user, actor) from None


def deactivate(
    session: Session, user: User, actor: User, reason: str | None, expected: int | None = None
) -> None:
    """Deactivate an active account: it can no longer sign in and its sessions end at once.

    Raises:
        ValidationFailed: the actor's own account, an account that is not active, a reason too
            long, or (StaleEdit) the account changed since the form was opened.
    """
    with _saving(session, user, actor, expected):
        if user.id == actor.id:
            raise _invalid(
                "account",
                _("You cannot deactivate your own account; another administrator can."),
            )
        if user.status is not UserStatus.ACTIVE:
            raise _invalid("status", _("Only an active account can be deactivated."))
        user.status_reason = _reason(reason)
        user.status = UserStatus.DISABLED
        user.session_version += 1  # every session of the account ends


def reactivate(session: Session, user: User, actor: User, expected: int | None = None) -> None:
    """Let a deactivated (or refused) account sign in again; the reason is cleared.

    Raises:
        ValidationFailed: the account is active or pending, or (StaleEdit) it changed since.
    """
    with _saving(session, user, actor, expected):
        if user.status not in (UserStatus.DISABLED, UserStatus.REFUSED):
            raise _invalid("status", _("Only a deactivated or refused account can be reactivated."))
        user.status, user.status_reason = UserStatus.ACTIVE, None


def change_role(
    session: Session,
    user: User,
    actor: User,
    *,
    role: str,
    state_code: str | None,
    organisation_id: int | None,
    expected: int | None = None,
) -> None:
    """Give an account another role and the State or organisation it acts for.

    A State representative acts for one State, a provider for one organisation; the focal point
    and administrators for neither. Every field is checked before anything is written.

    Raises:
        ValidationFailed: naming each bad field; the actor demoting itself; or (StaleEdit) the
            account changed since the form was opened.
    """
    with _saving(session, user, actor, expected):
        errors: list[RecordError] = []
        try:
            new_role: Role | None = Role(role)
        except ValueError:
            errors.append(RecordError("account", "role", _("Choose one of the roles offered.")))
            new_role = None
        if new_role is not None and user.id == actor.id and new_role is not Role.ADMIN:
            errors.append(RecordError("account", "role", _(
                "You cannot take the administrator role from your own account; another "
                "administrator can.")))  # fmt: skip
        state = org = None
        if new_role is Role.STATE:
            code = (state_code or "").strip().upper()
            state = session.scalar(select(State).where(State.iso3 == code)) if code else None
            if state is None:
                errors.append(RecordError("account", "state", _(
                    "Choose the State a State representative acts for.")))  # fmt: skip
        if new_role is Role.PROVIDER:
            org = session.get(Organisation, organisation_id) if organisation_id else None
            if org is None:
                errors.append(RecordError("account", "organisation", _(
                    "Choose the organisation a provider acts for.")))  # fmt: skip
        if errors or new_role is None:
            raise ValidationFailed(errors)
        user.role, user.state, user.organisation = new_role, state, org
        # The keys too: the audit log reads the columns' history before the flush sets them.
        user.state_id = state.id if state else None
        user.organisation_id = org.id if org else None


def set_locale(session: Session, user: User, locale: str) -> None:
    """Remember the interface language the user chose (the caller checks it is offered)."""
    if user.locale != locale:
        user.locale = locale
        session.flush()
