"""Signed unsubscribe tokens: who, from which kind of notice; no expiry, no sign-in needed.

A token only ever turns one kind of notice off for one account, so it may live as long as the
e-mail that carries it; it is signed with the app's SECRET_KEY under its own salt.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "cbmatch-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt=SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    """The token that turns ``kind`` off for account ``user_id``."""
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (account id, kind) a token was made for; None if it was not made here."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind
