"""States' points of contact: the one module that reads and writes them.

Points of contact are shown only to signed-in State representatives and the focal point (and the
administrator); ``visible_contacts_clause(user)`` is false for everyone else, and every query
here goes through it. Only the directory's contact pages and the demo loader import this module,
so no other list, count, search, export or feed can reach a point of contact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy import true as sql_true
from sqlalchemy.orm import Session, selectinload

from models import ContactKind, PointOfContact, State, User
from seed_data import reference
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import N_, Labels, column, name
from webapp.services.policy import can_view_contacts
from webapp.services.querying import MAX_QUERY, QueryFilters, paginate
from webapp.services.reference.names import state_order
from webapp.services.vocab import CONTACT_KIND_LABELS

KIND_LABELS = CONTACT_KIND_LABELS
#: Why a second contact of the same kind with the same address is refused (filled with ``state``).
ALREADY_LISTED: Labels[str] = Labels({
    ContactKind.DIPLOMATIC:
        N_("%(state)s already has a diplomatic point of contact with this address"),
    ContactKind.TECHNICAL:
        N_("%(state)s already has a technical point of contact with this address"),
})  # fmt: skip
LIMITS = {"name": 200, "position": 200, "organisation": 200, "email": 254, "phone": 40}
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_RE = re.compile(r"\+?[0-9][0-9 ().-]{4,38}")


def visible_contacts_clause(user: Any) -> ColumnElement[bool]:
    """The points of contact ``user`` may see: all of them, or none."""
    return sql_true() if can_view_contacts(user) else false()


@dataclass(frozen=True)
class ContactFilters(QueryFilters):
    """What the reader asked the contacts directory for; empty means "no filter"."""

    q: str = ""
    state: str | None = None
    region: str | None = None
    kind: str | None = None


def search_contacts(
    session: Session, user: Any, filters: ContactFilters, page: int = 1, *, per_page: int
) -> Pagination:
    """One page of the points of contact ``user`` may see that pass the filters."""
    stmt = (
        select(PointOfContact)
        .join(PointOfContact.state)
        .where(visible_contacts_clause(user))
        .options(selectinload(PointOfContact.state))
        .order_by(state_order(session), PointOfContact.kind, PointOfContact.name, PointOfContact.id)
    )
    if filters.state:
        stmt = stmt.where(State.iso3 == filters.state)
    if filters.region:
        stmt = stmt.where(State.iso3.in_(sorted(reference.states_for_item(filters.region))))
    if filters.kind:
        stmt = stmt.where(PointOfContact.kind == ContactKind(filters.kind))
    for word in filters.q.strip()[:MAX_QUERY].split()[:10]:
        stmt = stmt.where(
            or_(
                *(
                    searched.icontains(word, autoescape=True)
                    for searched in (
                        PointOfContact.name,
                        PointOfContact.position,
                        PointOfContact.organisation,
                        PointOfContact.email,
                        State.name_en,
                        column(State, "name"),
                    )
                )
            )
        )
    return paginate(session, stmt, page, per_page)


def state_contacts(session: Session, user: Any, state_id: int) -> list[PointOfContact]:
    """A State's points of contact, diplomatic first, if ``user`` may see them."""
    stmt = (
        select(PointOfContact)
        .where(PointOfContact.state_id == state_id, visible_contacts_clause(user))
        .order_by(PointOfContact.kind, PointOfContact.name, PointOfContact.id)
    )
    return list(session.scalars(stmt))


def contact_by_id(session: Session, user: Any, contact_id: int) -> PointOfContact | None:
    """The point of contact with this id, if ``user`` may see it."""
    return session.scalar(
        select(PointOfContact).where(
            and_(PointOfContact.id == contact_id, visible_contacts_clause(user))
        )
    )


@dataclass(frozen=True)
class ContactInput:
    """The fields of a point of contact as a person typed them."""

    kind: str
    name: str
    position: str
    organisation: str
    email: str
    phone: str = ""

    def cleaned(self) -> ContactInput:
        """Surrounding spaces removed and the e-mail address lower-cased."""
        return ContactInput(
            kind=self.kind.strip(),
            name=self.name.strip(),
            position=self.position.strip(),
            organisation=self.organisation.strip(),
            email=self.email.strip().lower(),
            phone=self.phone.strip(),
        )


def check_contact(
    session: Session, state: State, data: ContactInput, contact: PointOfContact | None = None
) -> list[RecordError]:
    """Every reason to refuse ``data`` for ``state``'s contact (``contact``: the one edited)."""
    data = data.cleaned()
    where = f"contact of {state.iso3}"
    errors: list[RecordError] = []

    def fail(field: str, reason: str) -> None:
        errors.append(RecordError(where, field, reason))

    if data.kind not in KIND_LABELS:
        fail("kind", "must be diplomatic or technical")
    for field in ("name", "position", "organisation", "email"):
        if not getattr(data, field):
            fail(field, "is required")
    for field, limit in LIMITS.items():
        if len(getattr(data, field)) > limit:
            fail(field, f"must be at most {limit} characters")
    if data.email and not EMAIL_RE.fullmatch(data.email):
        fail("email", f"{data.email!r} is not an e-mail address")
    if data.phone and not PHONE_RE.fullmatch(data.phone):
        fail(
            "phone", "may hold only digits, spaces, +, -, dots and brackets, e.g. +221 33 889 13 00"
        )
    if not errors:
        same = select(PointOfContact.id).where(
            PointOfContact.state_id == state.id,
            PointOfContact.kind == ContactKind(data.kind),
            PointOfContact.email == data.email,
        )
        if contact is not None:
            same = same.where(PointOfContact.id != contact.id)
        if session.scalar(same) is not None:
            fail("email", ALREADY_LISTED[data.kind] % {"state": name(state)})
    return errors


def _write(contact: PointOfContact, data: ContactInput, actor: User | None) -> None:
    contact.kind = ContactKind(data.kind)
    contact.name = data.name
    contact.position = data.position
    contact.organisation = data.organisation
    contact.email = data.email
    contact.phone = data.phone
    contact.updated_by_id = actor.id if actor is not None else None


def create_contact(
    session: Session, state: State, data: ContactInput, *, actor: User | None
) -> PointOfContact:
    """Add a point of contact to ``state``; raise ValidationFailed (writing nothing) if refused."""
    errors = check_contact(session, state, data)
    if errors:
        raise ValidationFailed(errors)
    contact = PointOfContact(state_id=state.id, state=state)
    contact.created_by_id = actor.id if actor is not None else None
    _write(contact, data.cleaned(), actor)
    session.add(contact)
    session.flush()
    return contact


def update_contact(
    session: Session, contact: PointOfContact, data: ContactInput, *, actor: User | None
) -> PointOfContact:
    """Change a point of contact; raise ValidationFailed (changing nothing) if refused."""
    errors = check_contact(session, contact.state, data, contact)
    if errors:
        raise ValidationFailed(errors)
    _write(contact, data.cleaned(), actor)
    session.flush()
    return contact


def delete_contact(session: Session, contact: PointOfContact) -> None:
    """Remove a point of contact."""
    session.delete(contact)
    session.flush()


def load_demo_contacts(session: Session, path: Path) -> int:
    """Add the demo points of contact not yet present (by State, kind and e-mail); return how many.

    Raises:
        ValidationFailed: a record is refused; nothing is written.
    """
    records = json.loads(path.read_text(encoding="utf-8"))
    states = {s.iso3: s for s in session.scalars(select(State))}
    rows = session.execute(
        select(State.iso3, PointOfContact.kind, PointOfContact.email).join(PointOfContact.state)
    )
    existing = {(iso3, kind.value, email) for iso3, kind, email in rows}
    errors: list[RecordError] = []
    todo: list[tuple[State, ContactInput]] = []
    for i, rec in enumerate(records, start=1):
        state = states.get(rec.get("state", ""))
        if state is None:
            errors.append(RecordError(f"contact {i}", "state", f"{rec.get('state')!r} is unknown"))
            continue
        data = ContactInput(**{k: rec.get(k, "") for k in ContactInput.__dataclass_fields__})
        clean = data.cleaned()
        if clean.kind in KIND_LABELS and (state.iso3, clean.kind, clean.email) in existing:
            continue
        errors += check_contact(session, state, data)
        todo.append((state, data))
        existing.add((state.iso3, clean.kind, clean.email))
    if errors:
        raise ValidationFailed(errors)
    for state, data in todo:
        create_contact(session, state, data, actor=None)
    return len(todo)
