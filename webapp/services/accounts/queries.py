"""The administrator's list of accounts (search, role, status) and one account's history."""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from models import AuditEntry, Organisation, Role, User, UserStatus
from webapp.services.querying import QueryFilters, paginate

#: The longest search text taken from the query string.
MAX_SEARCH = 200
#: How many of an account's latest changes its page shows.
HISTORY_SIZE = 20


@dataclass(frozen=True)
class AccountFilters(QueryFilters):
    """What the administrator narrowed the list to; None or "" means "no filter"."""

    q: str = ""
    role: str | None = None
    status: str | None = None


def clean_filters(q: str | None, role: str | None, status: str | None) -> AccountFilters:
    """Filters from the query string; an unknown role or status is dropped."""
    return AccountFilters(
        q=(q or "").strip()[:MAX_SEARCH],
        role=role if role in {r.value for r in Role} else None,
        status=status if status in {s.value for s in UserStatus} else None,
    )


def accounts_stmt(f: AccountFilters) -> Select[User]:
    """Accounts matching the filters (the search in names and addresses ignores case), by name."""
    stmt = select(User).options(
        selectinload(User.state), selectinload(User.organisation).selectinload(Organisation.country)
    )
    if f.q:
        text = f.q.lower()
        stmt = stmt.where(
            or_(
                func.lower(User.name).contains(text, autoescape=True),
                func.lower(User.email).contains(text, autoescape=True),
            )
        )
    if f.role:
        stmt = stmt.where(User.role == Role(f.role))
    if f.status:
        stmt = stmt.where(User.status == UserStatus(f.status))
    return stmt.order_by(func.lower(User.name), User.id)


def accounts_page(session: Session, f: AccountFilters, page: int, *, per_page: int) -> Pagination:
    """One page of the accounts (the last page when ``page`` is past the end)."""
    return paginate(session, accounts_stmt(f), page, per_page)


def status_counts(session: Session) -> dict[str, int]:
    """How many accounts have each status (for the filter's labels)."""
    rows = session.execute(select(User.status, func.count()).group_by(User.status))
    return {status.value: n for status, n in rows}


def history(session: Session, user: User) -> list[AuditEntry]:
    """The latest changes to the account in the audit log, newest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "user", AuditEntry.record_id == user.id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(HISTORY_SIZE)
        )
    )


def organisation_choices(session: Session) -> list[tuple[int, str]]:
    """Every organisation, by name, as (id, name) for the role form."""
    rows = session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.name))
    return [(i, n) for i, n in rows]
