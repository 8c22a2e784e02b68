"""Reading the audit log: filters, pages, and each entry's changes in words for the /audit page."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from models import AuditEntry, db
from models.audit import entities

PAGE_SIZE = 25
MAX_TEXT = 200
ENTITY_LABELS = {
    "need": "Needs",
    "offer": "Offers",
    "match": "Matches",
    "user": "Accounts",
    "maturity_assessment": "Maturity self-assessments",
}
#: What one record of each kind is called in a sentence ("changed account ana@example.org").
RECORD_NAMES = {"user": "account", "maturity_assessment": "maturity self-assessment"}
FIELD_LABELS = {
    "state_id": "State (id)",
    "organisation_id": "organisation (id)",
    "need_id": "need (id)",
    "offer_id": "offer (id)",
    "dimension_id": "CMM dimension (id)",
    "support_types": "support types",
}
ACTION_LABELS = {
    "create": "created",
    "update": "changed",
    "delete": "deleted",
    "import": "imported",
    "refresh": "refreshed",
}


def entity_label(entity: str) -> str:
    """``Needs`` for ``need``; a readable form of any table name joining the log later."""
    return ENTITY_LABELS.get(entity, entity.replace("_", " ").capitalize())


def entity_choices() -> list[tuple[str, str]]:
    """(value, label) pairs of every audited kind of record."""
    return [(e, entity_label(e)) for e in entities()]


@dataclass(frozen=True)
class AuditFilters:
    """What the reader narrowed the log to; None means "no filter"."""

    entity: str | None = None
    actor: str | None = None
    record: str | None = None
    since: date | None = None
    until: date | None = None

    def args(self) -> dict[str, str]:
        """The set filters as query-string arguments."""
        return {k: str(v) for k, v in asdict(self).items() if v}

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.args())


def _contains(column: Any, text: str) -> Any:
    return func.lower(column).contains(text.strip().lower()[:MAX_TEXT], autoescape=True)


def log_stmt(f: AuditFilters) -> Select[AuditEntry]:
    """Entries matching the filters, newest first (text filters ignore case)."""
    stmt = select(AuditEntry)
    if f.entity:
        stmt = stmt.where(AuditEntry.entity == f.entity)
    if f.actor:
        stmt = stmt.where(_contains(AuditEntry.actor, f.actor))
    if f.record:
        stmt = stmt.where(_contains(AuditEntry.record, f.record))
    if f.since:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(f.since, time.min, tzinfo=UTC))
    if f.until:
        end = datetime.combine(f.until + timedelta(days=1), time.min, tzinfo=UTC)
        stmt = stmt.where(AuditEntry.at < end)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def log_page(f: AuditFilters, page: int) -> Pagination:
    """One page of the log (the last page when ``page`` is past the end)."""
    stmt = log_stmt(f)
    result = db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False)
    if result.pages and page > result.pages:
        result = db.paginate(stmt, page=result.pages, per_page=PAGE_SIZE, error_out=False)
    return result


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry, before and after, as text ("" where a side has no value)."""

    field: str
    before: str
    after: str


def show(value: Any) -> str:
    """A logged value as text: lists joined, booleans as yes/no, nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    return str(value)


def field_label(key: str) -> str:
    """A logged column's name for people (any password column is just "password")."""
    if "password" in key:
        return "password"
    return FIELD_LABELS.get(key, key.replace("_", " "))


def changes(entry: AuditEntry) -> list[FieldChange]:
    """The entry's fields in a stable order: those it had before, then those added after."""
    before, after = entry.before or {}, entry.after or {}
    keys = [*before, *(k for k in after if k not in before)]
    return [
        FieldChange(label, show(before.get(k)), show(after.get(k)))
        for k in keys
        for label in [field_label(k)]
    ]


def summary(entry: AuditEntry) -> str:
    """``changed need N-SEN-2026-001`` or ``imported needs from needs.json``."""
    action = ACTION_LABELS.get(entry.action, entry.action)
    if entry.action in ("create", "update", "delete"):
        one = RECORD_NAMES.get(entry.entity, entry.entity.replace("_", " "))
        return f"{action} {one} {entry.record}"
    kind = entity_label(entry.entity).lower()
    return f"{action} {kind}" + (f" from {entry.record}" if entry.record else "")
