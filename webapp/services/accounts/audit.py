"""Reading the audit log: filters, pages, and each entry's changes in words for the /audit page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models import AuditEntry, Dimension, Need, Offer, Organisation, State
from models.audit import entities
from webapp.services.language import N_, Labels, _, label, name
from webapp.services.notices.kinds import DELIVERY_LABELS, KIND_LABELS
from webapp.services.querying import QueryFilters, paginate
from webapp.services.vocab import (
    ACCOUNT_STATUS_LABELS,
    MATCH_STATUS_LABELS,
    MODALITY_LABELS,
    NEED_STATUS_LABELS,
    OFFER_STATUS_LABELS,
    PRIORITY_LABELS,
    ROLE_LABELS,
)

MAX_TEXT = 200
ENTITY_LABELS: Labels[str] = Labels({
    "need": N_("Needs"),
    "offer": N_("Offers"),
    "match": N_("Matches"),
    "user": N_("Accounts"),
    "maturity_assessment": N_("Maturity self-assessments"),
    "point_of_contact": N_("Points of contact"),
    "notice_preference": N_("Notification settings"),
    "outcome": N_("Match outcomes"),
    "factor_rating": N_("CMM factor ratings"),
    "maturity_sharing": N_("Maturity sharing choices"),
    "exchange_rate": N_("Exchange rates"),
    "event": N_("Calendar events"),
    "lesson": N_("Lessons learnt"),
    "nsi_answer": N_("NSI answers"),
})  # fmt: skip
#: What happened to one record, in words that its label follows ("changed need N-2026-054").
SUMMARIES: Labels[tuple[str, str]] = Labels({
    ("create", "need"): N_("created need"),
    ("update", "need"): N_("changed need"),
    ("delete", "need"): N_("deleted need"),
    ("create", "offer"): N_("created offer"),
    ("update", "offer"): N_("changed offer"),
    ("delete", "offer"): N_("deleted offer"),
    ("create", "match"): N_("created match"),
    ("update", "match"): N_("changed match"),
    ("delete", "match"): N_("deleted match"),
    ("create", "user"): N_("created account"),
    ("update", "user"): N_("changed account"),
    ("delete", "user"): N_("deleted account"),
    ("reset", "user"): N_("sent a password reset link to the account"),
    ("create", "maturity_assessment"): N_("created maturity self-assessment"),
    ("update", "maturity_assessment"): N_("changed maturity self-assessment"),
    ("delete", "maturity_assessment"): N_("deleted maturity self-assessment"),
    ("create", "point_of_contact"): N_("created point of contact"),
    ("update", "point_of_contact"): N_("changed point of contact"),
    ("delete", "point_of_contact"): N_("deleted point of contact"),
    ("create", "notice_preference"): N_("changed the notification settings of"),
    ("update", "notice_preference"): N_("changed the notification settings of"),
    ("import", "need"): N_("imported needs from"),
    ("import", "offer"): N_("imported offers from"),
    ("refresh", "match"): N_("refreshed the matcher's suggestions"),
    ("create", "event"): N_("created calendar event"),
    ("update", "event"): N_("changed calendar event"),
    ("delete", "event"): N_("deleted calendar event"),
    ("create", "exchange_rate"): N_("entered the exchange rate"),
    ("update", "exchange_rate"): N_("corrected the exchange rate"),
})  # fmt: skip
#: What one record of each kind is called in a sentence the table above does not know.
RECORD_NAMES = {"user": "account", "maturity_assessment": "maturity self-assessment"}
FIELD_LABELS: Labels[str] = Labels({
    "state_id": N_("State"),
    "organisation_id": N_("organisation"),
    "need_id": N_("need"),
    "offer_id": N_("offer"),
    "dimension_id": N_("CMM dimension"),
    "support_types": N_("support types"),
    "password": N_("password"),
    "status": N_("status"),
    "role": N_("role"),
    "status_reason": N_("reason"),
    "kind": N_("e-mails about"),
    "delivery": N_("sent"),
})  # fmt: skip
#: Fields of one kind of record whose logged codes are said in words: (entity, field) -> labels.
CODE_LABELS: dict[tuple[str, str], Labels[str]] = {
    ("user", "status"): ACCOUNT_STATUS_LABELS,
    ("user", "role"): ROLE_LABELS,
    ("notice_preference", "kind"): KIND_LABELS,
    ("notice_preference", "delivery"): DELIVERY_LABELS,
    ("match", "status"): MATCH_STATUS_LABELS,  # type: ignore[dict-item] # keyed by StrEnum
    ("need", "status"): NEED_STATUS_LABELS,
    ("need", "priority"): PRIORITY_LABELS,
    ("need", "modality"): MODALITY_LABELS,
    ("offer", "status"): OFFER_STATUS_LABELS,
    ("offer", "modality"): MODALITY_LABELS,
}
#: Foreign keys are logged as ids and shown as what they point to.
REFERENCES: dict[str, tuple[Any, Any]] = {
    "state_id": (State, lambda s: f"{name(s)} ({s.iso3})"),
    "organisation_id": (Organisation, lambda o: o.name),
    "need_id": (Need, lambda n: n.ref),
    "offer_id": (Offer, lambda o: o.ref),
    "dimension_id": (Dimension, label),
}
Names = dict[str, dict[int, str]]
ACTION_LABELS: Labels[str] = Labels({
    "create": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "import": N_("imported"),
    "refresh": N_("refreshed"),
})  # fmt: skip


def entity_label(entity: str) -> str:
    """``Needs`` for ``need``; a readable form of any table name joining the log later."""
    return ENTITY_LABELS.get(entity, entity.replace("_", " ").capitalize())


def entity_choices() -> list[tuple[str, str]]:
    """(value, label) pairs of every audited kind of record."""
    return [(e, entity_label(e)) for e in entities()]


@dataclass(frozen=True)
class AuditFilters(QueryFilters):
    """What the reader narrowed the log to; None means "no filter"."""

    entity: str | None = None
    actor: str | None = None
    record: str | None = None
    since: date | None = None
    until: date | None = None


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


def log_page(session: Session, f: AuditFilters, page: int, *, per_page: int) -> Pagination:
    """One page of the log (the last page when ``page`` is past the end)."""
    stmt = log_stmt(f)
    return paginate(session, stmt, page, per_page)


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
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) or _("(none)")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    return str(value)


def names(session: Session, entries: Iterable[AuditEntry]) -> Names:
    """What the foreign keys logged in these entries point to, one query per kind of record."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        for side in (entry.before or {}, entry.after or {}):
            for key, value in side.items():
                if key in REFERENCES and isinstance(value, int) and not isinstance(value, bool):
                    wanted.setdefault(key, set()).add(value)
    out: Names = {}
    for key, ids in wanted.items():
        model, label = REFERENCES[key]
        rows = session.scalars(select(model).where(model.id.in_(ids)))
        out[key] = {row.id: label(row) for row in rows}
    return out


def field_label(key: str) -> str:
    """A logged column's name for people (any password column is just "password")."""
    if "password" in key:
        return FIELD_LABELS["password"]
    return FIELD_LABELS.get(key, key.replace("_", " "))


def _value(key: str, value: Any, known: Names, entity: str = "") -> str:
    codes = CODE_LABELS.get((entity, key))
    if codes is not None and isinstance(value, str):
        return codes.get(value, value)
    if key in REFERENCES and isinstance(value, int) and not isinstance(value, bool):
        return known.get(key, {}).get(value) or _("#%(id)s (since deleted)", id=value)
    return show(value)


def changes(entry: AuditEntry, known: Names | None = None) -> list[FieldChange]:
    """The entry's fields in a stable order: those it had before, then those added after.

    ``known`` (from ``names``) turns logged ids of States, needs, offers... into their names.
    """
    before, after = entry.before or {}, entry.after or {}
    known = known or {}
    keys = [*before, *(k for k in after if k not in before)]
    if entry.action in ("create", "delete"):  # a new or deleted record's empty fields say nothing
        keys = [
            k for k in keys if (after if entry.action == "create" else before).get(k) is not None
        ]
    return [
        FieldChange(
            field_label(k),
            _value(k, before.get(k), known, entry.entity),
            _value(k, after.get(k), known, entry.entity),
        )
        for k in keys
    ]


def summary(entry: AuditEntry) -> str:
    """What happened, in words that the record's label follows: ``changed need``."""
    said = SUMMARIES.get((entry.action, entry.entity))
    if said is not None:
        return said
    action = ACTION_LABELS.get(entry.action, entry.action)
    if entry.action in ("create", "update", "delete"):
        return f"{action} {RECORD_NAMES.get(entry.entity, entry.entity.replace('_', ' '))}"
    if entry.action == "refresh":
        return SUMMARIES["refresh", "match"]
    kind = entity_label(entry.entity).lower()
    return f"{action} {kind} from" if entry.action == "import" else f"{action} {kind}:"


def shows_record(entry: AuditEntry) -> bool:
    """Whether the entry's label follows its summary (a matcher run has none worth showing)."""
    return bool(entry.record) and entry.action != "refresh"
