"""Personal access tokens: what a person's scripts show the API instead of a password.

A token is ``cbm_`` followed by 40 random letters and digits (about 238 bits). Only the SHA-256 of
the whole token is stored (``secret_hash``); a random secret of that length needs no salt nor a
slow hash, and a lookup by hash compares nothing byte by byte in Python. ``prefix`` (``cbm_`` and
the first 8 characters) is public: lists show a token as ``cbm_ab12CD34…`` so that its owner can
tell which one a script uses. The plaintext is shown once, when the token is made.

The audit log records creation and revocation (never the hash: a column named ``secret...`` is
always hidden), not each use: ``last_used_at`` and ``last_used_ip`` are left out of its diffs.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.audit import audited
from models.base import Model, StringList, utcnow
from models.user import User

#: What every token starts with (secret scanners and people recognise it).
TOKEN_START = "cbm_"  # noqa: S105  # nosec B105
#: How many characters of the random part the public prefix shows.
PREFIX_CHARS = 8


class Scope(enum.StrEnum):
    """What a token lets a script do through the API (its labels: ``vocab.SCOPE_LABELS``)."""

    READ = "read"
    WRITE_OFFERS = "write_offers"
    WRITE_NEEDS = "write_needs"
    ANSWER_PROPOSALS = "answer_proposals"
    PROPOSE = "propose"


@audited(
    label=lambda token: f"{token.name} ({token.prefix}…)",
    ignore=("last_used_at", "last_used_ip"),
)
class ApiToken(Model):
    """One personal access token of one account."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: The owner's name for it ("CI script"); unique among the owner's active tokens.
    name: Mapped[str] = mapped_column(String(100))
    #: ``cbm_`` and the first characters of the random part: shown in lists, never enough to use.
    prefix: Mapped[str] = mapped_column(String(20))
    #: SHA-256 of the whole token, in hexadecimal.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(StringList, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The token stops working at this moment (required: a token never lasts for ever).
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_ip: Mapped[str | None] = mapped_column(String(45))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix} {self.name!r}>"
