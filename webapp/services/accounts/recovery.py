"""Account recovery: the signed, single-use, one-hour link that sets a new password.

The token is signed with the app's SECRET_KEY (itsdangerous, with its own salt) and carries the
account's id and a fingerprint of its ``session_version`` and password hash: once the password
changes (through the link or otherwise) or the account's sessions are ended, every link made
before stops working. Asking for a link does the same work whether or not the address has an
active account (one query, one digest, one signed token; the web layer renders the mail on both
paths), and only an active account gets a mail.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEntry, User, UserStatus
from models.audit import acting_as, current_actor
from webapp.services import infra
from webapp.services.accounts.operations import change_password

SALT = "cbmatch.password-reset"
#: How long a link works, in seconds (the pages and the mail say "one hour").
MAX_AGE = 3600


@dataclass(frozen=True)
class ResetRequest:
    """What asking for a link made: the account to write to (None: write to nobody), the token."""

    user: User | None
    token: str


def _serializer(secret: str | None = None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret or str(infra.setting("SECRET_KEY")), salt=SALT)


def _fingerprint(user_id: int, session_version: int, password_hash: str) -> str:
    """A short digest of what a used or outdated link must not survive (never the hash itself)."""
    raw = f"{user_id}:{session_version}:{password_hash}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def can_receive_link(user: User) -> bool:
    """Only an active account is sent a link (pending, refused and deactivated ones are not)."""
    return user.status is UserStatus.ACTIVE


def make_token(user: User, secret: str | None = None) -> str:
    """A link token for ``user``, valid for MAX_AGE seconds and until the password changes."""
    stamp = _fingerprint(user.id, user.session_version, user.password_hash)
    return _serializer(secret).dumps({"u": user.id, "f": stamp})


#: What the token of an address with no active account is made from (it opens nothing: no id 0).
_NOBODY = "cbmatch-no-reset-for-this-address"


def request_reset(session: Session, email: str, secret: str | None = None) -> ResetRequest:
    """The active account with this address and a fresh token for it.

    For any other address, a token that opens nothing and no account. Both paths hash and sign
    once.
    """
    address = email.strip().lower()
    user = session.scalar(select(User).where(func.lower(User.email) == address))
    if user is not None and can_receive_link(user):
        return ResetRequest(user, make_token(user, secret))
    stamp = _fingerprint(0, 0, _NOBODY)
    return ResetRequest(None, _serializer(secret).dumps({"u": 0, "f": stamp}))


def account_for_token(
    session: Session, token: str, secret: str | None = None, max_age: int = MAX_AGE
) -> User | None:
    """The active account the token was made for, or None.

    None when the token is forged, older than ``max_age`` seconds, already used, or made before
    the password last changed (or the account's sessions were ended).
    """
    try:
        data = _serializer(secret).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = session.get(User, data["u"])
    if user is None or not can_receive_link(user):
        return None
    stamp = _fingerprint(user.id, user.session_version, user.password_hash)
    if not hmac.compare_digest(stamp, str(data.get("f", ""))):
        return None
    return user


def reset_password(session: Session, user: User, new_password: str) -> None:
    """Set the new password: the link dies and every session of the account ends.

    The audit log says the account's owner did it, through a reset link (the request itself is
    anonymous).
    """
    with acting_as(f"{user.name} <{user.email}> (reset link)", user.id):
        change_password(user, new_password)
        session.flush()


def log_link_sent(session: Session, user: User) -> None:
    """Record in the audit log that a reset link was sent to ``user`` (by the current actor)."""
    actor = current_actor()
    session.add(
        AuditEntry(actor_id=actor.id, actor=actor.label, action="reset", entity="user",
                   record_id=user.id, record=user.email)
    )  # fmt: skip
    session.flush()
