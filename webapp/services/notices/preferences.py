"""How each person wants each kind of notice: their choice, or the kind's default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Delivery, NoticePreference, User
from webapp.services.notices.kinds import KINDS


def deliveries(session: Session, user_ids: Iterable[int], kind: str) -> dict[int, Delivery]:
    """How each of ``user_ids`` wants ``kind`` (one query for them all)."""
    ids = list(dict.fromkeys(user_ids))
    spec = KINDS[kind]
    stmt = select(NoticePreference.user_id, NoticePreference.delivery).where(
        NoticePreference.kind == kind, NoticePreference.user_id.in_(ids)
    )
    chosen: dict[int, Delivery] = {uid: how for uid, how in session.execute(stmt)}  # noqa: C416 - a Result has keys(): dict() would read it as a mapping
    return {uid: chosen[uid] if chosen.get(uid) in spec.choices else spec.default for uid in ids}


def choices_of(session: Session, user: User) -> dict[str, Delivery]:
    """Every kind's delivery for ``user``: their choice where they made one, else the default."""
    stmt = select(NoticePreference.kind, NoticePreference.delivery).where(
        NoticePreference.user_id == user.id
    )
    chosen: dict[str, Delivery] = {kind: how for kind, how in session.execute(stmt)}  # noqa: C416
    return {
        code: chosen[code] if chosen.get(code) in kind.choices else kind.default
        for code, kind in KINDS.items()
    }


def choose(session: Session, user: User, wanted: Mapping[str, Delivery]) -> list[str]:
    """Save ``user``'s choices (kinds they may not receive or choose are refused as ValueError).

    Returns the kinds whose delivery changed. Flushes; the caller commits.
    """
    for code, delivery in wanted.items():
        kind = KINDS.get(code)
        if kind is None or user.role not in kind.roles or delivery not in kind.choices:
            raise ValueError(f"{code}: {delivery} is not a choice for this account")
    mine = select(NoticePreference).where(NoticePreference.user_id == user.id)
    rows = {p.kind: p for p in session.scalars(mine)}
    before = choices_of(session, user)
    changed = []
    for code, delivery in wanted.items():
        if before[code] is delivery:
            continue
        changed.append(code)
        if code in rows:
            rows[code].delivery = delivery
        else:
            session.add(NoticePreference(user=user, kind=code, delivery=delivery))
    session.flush()
    return changed
