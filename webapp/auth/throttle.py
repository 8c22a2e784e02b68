"""How often one may fail to sign in, and register: counted where Flask-Limiter counts.

The counts live in Flask-Limiter's store (RATELIMIT_STORAGE_URI: in memory for one server
process; a shared store such as ``redis://`` counts for every worker at once).

- **Signing in** counts failures only: an attempt that did not sign in, whatever the reason.
  They are counted per account, that is per address typed (known or not, so that a lockout tells
  nothing about who has an account), under LOGIN_RATE_LIMIT, and per client address under
  LOGIN_ADDRESS_RATE_LIMIT. Successful sign-ins are not counted, so that many people behind one
  address (a ministry, a workshop) are not locked out by signing in.
- **Registering** counts every registration sent, per client address and per address typed
  (which also bounds the e-mails its owner gets), under REGISTER_RATE_LIMIT.

While one of its limits is reached, an attempt is refused before any password is checked, with
the time it may be tried again.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from babel.dates import format_time
from flask import current_app
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from webapp.formatting import formatting_locale
from webapp.security import limiter

#: What a count is of, and the setting that limits it.
FAILED_SIGN_IN_ACCOUNT = ("sign-in-failed-account", "LOGIN_RATE_LIMIT")
FAILED_SIGN_IN_CLIENT = ("sign-in-failed-client", "LOGIN_ADDRESS_RATE_LIMIT")
REGISTRATION_ACCOUNT = ("registration-account", "REGISTER_RATE_LIMIT")
REGISTRATION_CLIENT = ("registration-client", "REGISTER_RATE_LIMIT")


@dataclass(frozen=True)
class Lockout:
    """Attempts are refused until ``until`` (a UTC time)."""

    until: datetime

    def minutes(self) -> int:
        """Whole minutes to wait, at least 1."""
        return max(1, math.ceil((self.until.timestamp() - time.time()) / 60))

    def at(self) -> str:
        """The time it ends, as the reader writes a time of day (UTC)."""
        return format_time(self.until, "short", tzinfo=UTC, locale=formatting_locale())


def _account(email: str) -> str:
    """The key of an address typed: a digest, so that the store holds no address."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _counts(email: str, *kinds: tuple[str, str]) -> list[tuple[RateLimitItem, str, str]]:
    found = []
    for scope, setting in kinds:
        who = get_remote_address() if scope.endswith("client") else _account(email)
        for item in parse_many(str(current_app.config[setting])):
            found.append((item, scope, who))
    return found


def _lockout(counts: list[tuple[RateLimitItem, str, str]]) -> Lockout | None:
    strategy = limiter.limiter
    ends = [
        strategy.get_window_stats(item, scope, who).reset_time
        for item, scope, who in counts
        if not strategy.test(item, scope, who)
    ]
    return Lockout(datetime.fromtimestamp(max(ends), UTC)) if ends else None


def _count(counts: list[tuple[RateLimitItem, str, str]]) -> None:
    for item, scope, who in counts:
        limiter.limiter.hit(item, scope, who)


def sign_in_lockout(email: str) -> Lockout | None:
    """Whether signing in as ``email`` from this client is refused for now, and until when."""
    return _lockout(_counts(email, FAILED_SIGN_IN_ACCOUNT, FAILED_SIGN_IN_CLIENT))


def count_failed_sign_in(email: str) -> None:
    """Count an attempt to sign in as ``email`` from this client that did not sign in."""
    _count(_counts(email, FAILED_SIGN_IN_ACCOUNT, FAILED_SIGN_IN_CLIENT))


def registration_lockout(email: str) -> Lockout | None:
    """Whether registering ``email`` from this client is refused for now, and until when."""
    return _lockout(_counts(email, REGISTRATION_ACCOUNT, REGISTRATION_CLIENT))


def count_registration(email: str) -> None:
    """Count a registration of ``email`` sent from this client."""
    _count(_counts(email, REGISTRATION_ACCOUNT, REGISTRATION_CLIENT))


def sign_in_refused(lockout: Lockout) -> str:
    """What a locked-out sign-in page says, in the reader's language."""
    return str(ngettext(
        "Too many failed attempts to sign in with this address or from your network. Try again "
        "in %(num)d minute, at %(time)s UTC.",
        "Too many failed attempts to sign in with this address or from your network. Try again "
        "in %(num)d minutes, at %(time)s UTC.",
        lockout.minutes(), time=lockout.at(),
    ))  # fmt: skip


def registration_refused(lockout: Lockout) -> str:
    """What a throttled registration page says, in the reader's language."""
    return str(ngettext(
        "Too many registrations with this address or from your network. Try again in %(num)d "
        "minute, at %(time)s UTC.",
        "Too many registrations with this address or from your network. Try again in %(num)d "
        "minutes, at %(time)s UTC.",
        lockout.minutes(), time=lockout.at(),
    ))  # fmt: skip
