"""Personal access tokens: made on the account page, shown once, checked on every API request.

What a token may do is the intersection of its scopes and its owner's role, decided here once:

- a State representative: ``read``, ``write_needs``, ``answer_proposals``;
- a provider: ``read``, ``write_offers``, ``answer_proposals``;
- the focal point: ``read``, ``propose`` (proposing a need and an offer to each other);
- an administrator: ``read`` (accounts are managed on the site, never by script).

A token whose owner's role no longer allows one of its scopes (an administrator changed the role)
is refused as a whole rather than quietly narrowed: its owner makes a new one. So is a token of an
account that is no longer active, a revoked one and an expired one. Every token expires: at most
``MAX_DAYS`` after it is made, ``DEFAULT_DAYS`` unless its owner says otherwise.

Functions flush; the caller commits. ``create`` returns the plaintext, which is never stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import string
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import ApiToken, Role, Scope, User
from models.api_token import PREFIX_CHARS, TOKEN_START
from models.base import utcnow
from webapp.services.bounds import shows_nothing
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _, ngettext

log = logging.getLogger(__name__)
WHERE = "token"

#: The scopes each role may give its tokens, in the order the form lists them.
ROLE_SCOPES: dict[Role, tuple[Scope, ...]] = {
    Role.STATE: (Scope.READ, Scope.WRITE_NEEDS, Scope.ANSWER_PROPOSALS),
    Role.PROVIDER: (Scope.READ, Scope.WRITE_OFFERS, Scope.ANSWER_PROPOSALS),
    Role.FOCAL_POINT: (Scope.READ, Scope.PROPOSE),
    Role.ADMIN: (Scope.READ,),
}
DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_NAME = 100
#: Active tokens one account may hold at once (a script each is plenty).
MAX_ACTIVE = 25
#: Last use is written again at most this often, so that reads do not write on every call.
TOUCH_EVERY = timedelta(minutes=1)
_ALPHABET = string.ascii_letters + string.digits
_RANDOM_CHARS = 40
_SHAPE = re.compile(rf"{TOKEN_START}[A-Za-z0-9]{{{_RANDOM_CHARS}}}")


class Refusal(StrEnum):
    """Why a presented token does not authenticate anyone."""

    UNKNOWN = "unknown"  # not a token, or no such token
    REVOKED = "revoked"
    EXPIRED = "expired"
    INACTIVE = "inactive"  # its account is pending, refused or deactivated
    ROLE = "role"  # its account's role no longer allows one of its scopes


@dataclass(frozen=True)
class TokenInput:
    """What was typed into the form that makes a token."""

    name: str = ""
    scopes: list[str] = field(default_factory=list)
    #: The day it stops working, as typed (YYYY-MM-DD); empty: DEFAULT_DAYS from today.
    expires_on: str = ""


@dataclass(frozen=True)
class Created:
    """A new token and its plaintext, to show once."""

    token: ApiToken
    secret: str


def scopes_for(role: Role) -> tuple[Scope, ...]:
    """The scopes an account of ``role`` may give its tokens."""
    return ROLE_SCOPES.get(role, ())


def today() -> date:
    """Today in UTC: the day expiry dates count from."""
    return utcnow().date()


def default_expiry(day: date | None = None) -> date:
    """The expiry the form proposes: DEFAULT_DAYS after ``day`` (today)."""
    return (day or today()) + timedelta(days=DEFAULT_DAYS)


def latest_expiry(day: date | None = None) -> date:
    """The last day a token made on ``day`` (today) may expire."""
    return (day or today()) + timedelta(days=MAX_DAYS)


def hash_of(presented: str) -> str:
    """The stored form of a token: SHA-256 in hexadecimal."""
    return hashlib.sha256(presented.encode("utf-8")).hexdigest()


def shown(token: ApiToken) -> str:
    """How lists show a token: its public prefix and an ellipsis."""
    return f"{token.prefix}…"


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite gives back naive datetimes; everything here is UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def is_active(token: ApiToken, now: datetime | None = None) -> bool:
    """Neither revoked nor expired."""
    return status(token, now) == "active"


def status(token: ApiToken, now: datetime | None = None) -> str:
    """``revoked``, ``expired`` or ``active`` (``vocab.TOKEN_STATUS_LABELS`` says it in words)."""
    if token.revoked_at is not None:
        return "revoked"
    expires = _aware(token.expires_at)
    if expires is not None and expires <= (now or utcnow()):
        return "expired"
    return "active"


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The account's tokens, the newest first (revoked and expired ones too)."""
    stmt = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(session.scalars(stmt.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def _expiry(text: str, day: date, errors: list[RecordError]) -> date | None:
    text = text.strip()
    if not text:
        return default_expiry(day)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        errors.append(RecordError(WHERE, "expires_on", _(
            "Give the date as YYYY-MM-DD, for example %(example)s.",
            example=default_expiry(day).isoformat())))  # fmt: skip
        return None
    try:
        chosen = date.fromisoformat(text)
    except ValueError:
        errors.append(RecordError(WHERE, "expires_on", _(
            "%(date)s is not a day of the calendar.", date=text)))  # fmt: skip
        return None
    if chosen <= day:
        errors.append(
            RecordError(
                WHERE,
                "expires_on",
                _(
                    "Choose a day after today: a token stops working at the start of that day "
                    "(UTC)."
                ),
            )
        )
    elif chosen > latest_expiry(day):
        errors.append(RecordError(WHERE, "expires_on", ngettext(
            "A token lasts at most %(num)d day: choose %(last)s or earlier.",
            "A token lasts at most %(num)d days: choose %(last)s or earlier.",
            MAX_DAYS, last=latest_expiry(day).isoformat())))  # fmt: skip
    return chosen


def check(
    session: Session, user: User, values: TokenInput, day: date | None = None
) -> tuple[list[RecordError], date | None]:
    """Every problem with a token about to be made (empty when none), and its expiry day."""
    day = day or today()
    errors: list[RecordError] = []
    name = values.name.strip()
    active = [t for t in tokens_of(session, user) if is_active(t)]
    if not name or shows_nothing(name):
        errors.append(RecordError(WHERE, "name", _(
            "Name the token after what will use it, for example “CI script”.")))  # fmt: skip
    elif len(name) > MAX_NAME:
        errors.append(RecordError(WHERE, "name", _(
            "Keep it under %(limit)d characters.", limit=MAX_NAME)))  # fmt: skip
    elif any(t.name.casefold() == name.casefold() for t in active):
        errors.append(RecordError(WHERE, "name", _(
            "You already have an active token named “%(name)s”: choose another name, or revoke "
            "that one first.", name=name)))  # fmt: skip
    elif len(active) >= MAX_ACTIVE:
        errors.append(RecordError(WHERE, "name", ngettext(
            "An account holds at most %(num)d active token: revoke one first.",
            "An account holds at most %(num)d active tokens: revoke one first.",
            MAX_ACTIVE)))  # fmt: skip
    allowed = {s.value for s in scopes_for(user.role)}
    if not values.scopes:
        errors.append(RecordError(WHERE, "scopes", _(
            "Choose at least one thing the token may do.")))  # fmt: skip
    else:
        wrong = sorted({s for s in values.scopes if s not in allowed})
        if wrong:
            errors.append(RecordError(WHERE, "scopes", _(
                "Your account cannot give a token this scope: %(scopes)s.",
                scopes=", ".join(wrong))))  # fmt: skip
    return errors, _expiry(values.expires_on, day, errors)


def create(session: Session, user: User, values: TokenInput) -> Created:
    """Make a token for ``user``; the plaintext is in the result and nowhere else.

    Raises:
        ValidationFailed: a field is wrong (each error names it); nothing is written.
    """
    errors, expires_on = check(session, user, values)
    if errors or expires_on is None:
        raise ValidationFailed(errors)
    secret = TOKEN_START + "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_CHARS))
    chosen = set(values.scopes)
    token = ApiToken(
        user_id=user.id,
        name=values.name.strip(),
        prefix=secret[: len(TOKEN_START) + PREFIX_CHARS],
        secret_hash=hash_of(secret),
        scopes=[s.value for s in scopes_for(user.role) if s.value in chosen],
        created_at=utcnow(),
        expires_at=datetime.combine(expires_on, time.min, UTC),
    )
    session.add(token)
    session.flush()
    log.info("user %s made API token %s (%s)", user.id, token.id, ",".join(token.scopes))
    return Created(token, secret)


def revoke(session: Session, token: ApiToken) -> bool:
    """Revoke the token now; False (nothing written) if it was revoked already."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    session.flush()
    log.info("API token %s revoked", token.id)
    return True


def may_manage(user: User, token: ApiToken) -> bool:
    """Only its owner lists, sees and revokes a token."""
    return token.user_id == user.id


def authenticate(
    session: Session, presented: str, now: datetime | None = None
) -> ApiToken | Refusal:
    """The token ``presented`` (its ``user`` loaded), or why it authenticates nobody."""
    if not _SHAPE.fullmatch(presented):
        return Refusal.UNKNOWN
    stmt = select(ApiToken).where(ApiToken.secret_hash == hash_of(presented))
    token = session.scalar(stmt.options(joinedload(ApiToken.user)))
    if token is None:
        return Refusal.UNKNOWN
    state = status(token, now)
    if state != "active":
        return Refusal(state)
    if not token.user.is_active:
        return Refusal.INACTIVE
    if not set(token.scopes) <= {s.value for s in scopes_for(token.user.role)}:
        return Refusal.ROLE
    return token


def touch(
    session: Session, token: ApiToken, address: str | None, now: datetime | None = None
) -> bool:
    """Note that the token was used now from ``address``: at most once per TOUCH_EVERY.

    Returns whether anything was written (the caller then commits).
    """
    now = now or utcnow()
    last = _aware(token.last_used_at)
    if last is not None and now - last < TOUCH_EVERY:
        return False
    token.last_used_at, token.last_used_ip = now, address[:45] if address else None
    session.flush()
    return True
