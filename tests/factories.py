"""Plain helpers that build interchange records and database rows for tests (they never commit)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Role, State, User
from webapp.services.accounts.operations import create_user

STATES = ["SEN", "FJI", "JAM", "GTM", "KEN", "VNM", "MDA", "TON", "BEN", "PRY", "NPL", "BRB"]
TOPICS = [
    "incident-response",
    "national-strategy",
    "cybercrime-legislation",
    "awareness",
    "education",
]
SUBJECTS = [
    ("National CSIRT malware analysis", "Our national CSIRT has four analysts and no malware lab."),
    (
        "Cybercrime law review",
        "We need our draft cybercrime bill aligned with the Budapest Convention.",
    ),
    ("Awareness campaign for schools", "Teachers ask for material on online safety for pupils."),
    ("Strategy refresh", "Our national cybersecurity strategy expired in 2024 and needs revising."),
    ("Digital forensics for police", "The police cybercrime unit cannot image mobile phones."),
]


def need_record(i: int, **overrides: Any) -> dict[str, Any]:
    """A valid need record numbered ``i``, with keyword overrides."""
    title, description = SUBJECTS[i % len(SUBJECTS)]
    rec: dict[str, Any] = {
        "ref": f"N-T-{i:03d}",
        "state": STATES[i % len(STATES)],
        "title": f"{title} ({i})",
        "description": description,
        "topics": [TOPICS[i % len(TOPICS)]],
        "support_types": ["training"] if i % 2 else ["advisory", "technical-assistance"],
        "languages": ["en", "fr"] if i % 3 == 0 else ["en"],
        "modality": ["any", "remote", "in_person", "hybrid"][i % 4],
        "start": "2027-01-15" if i % 2 else None,
        "end": "2027-06-30" if i % 2 else None,
        "priority": ["high", "medium", "low"][i % 3],
        "confidential": i % 7 == 0,
        "funding_required": i % 4 in (1, 2),
        "funding_amount": 25_000 * i if i % 4 == 1 else None,
        "funding_currency": "EUR" if i % 4 == 1 else None,
    }
    rec.update(overrides)
    return rec


def offer_record(i: int, **overrides: Any) -> dict[str, Any]:
    """A valid offer record numbered ``i``, with keyword overrides."""
    title, description = SUBJECTS[i % len(SUBJECTS)]
    rec: dict[str, Any] = {
        "ref": f"O-T-{i:03d}",
        "provider": ["Harbourline Security Ltd", "Open Cyber Academy", "Government of Ghana"][
            i % 3
        ],
        "provider_type": ["business", "academia", "state"][i % 3],
        "provider_country": ["GBR", None, "GHA"][i % 3],
        "title": f"Support: {title} ({i})",
        "description": description,
        "topics": [TOPICS[i % len(TOPICS)]],
        "support_types": ["training"],
        "languages": ["en"],
        "modality": "any",
        "start": None,
        "end": None,
        "eligible": [["SIDS"], [], ["Western Africa", "JAM"]][i % 3],
        "capacity": 1 + i % 4,
        "gender_marker": [None, 0, 1, 2, None][i % 5],
        "funding_amount": 50_000 if i % 6 == 2 else None,
        "funding_currency": "USD" if i % 6 == 2 else None,
    }
    rec.update(overrides)
    return rec


def make_user(session: Session, role: Role = Role.STATE, **overrides: Any) -> User:
    """An active account; a State representative of Senegal unless told otherwise."""
    n = session.scalar(select(User.id).order_by(User.id.desc())) or 0
    values: dict[str, Any] = {
        "email": f"user{n + 1}@example.org",
        "name": f"Test User {n + 1}",
        "role": role.value,
        "password": "correct horse battery",
    }
    if role is Role.STATE:
        values["state_code"] = "SEN"
    values.update(overrides)
    return create_user(session, **values)


def client_for_role(app: Any, session: Session, role: Role | None) -> Any:
    """A test client signed in as a new account with ``role`` (anonymous for None).

    A provider's organisation gets an offer first (``make_offer``), as providers act for one.
    """
    client = app.test_client()
    if role is None:
        return client
    extra = {"organisation": "Open Cyber Academy"} if role is Role.PROVIDER else {}
    if role is Role.PROVIDER:
        make_offer(session, i=1)
    user = make_user(session, role=role, state_code="SEN" if role is Role.STATE else None, **extra)
    session.commit()
    signed_in = client.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302
    return client


def state(session: Session, iso3: str) -> State:
    """The State with this code."""
    return session.scalars(select(State).where(State.iso3 == iso3)).one()


def make_need(session: Session, **overrides: Any) -> Any:
    """An open need stored through the web forms' path (validated, audited, flushed)."""
    from models import Need
    from webapp.services.interchange.operations import save_records

    rec = need_record(overrides.pop("i", 0), **overrides)
    save_records(session, "needs", [("test", rec)])
    return session.scalars(select(Need).where(Need.ref == rec["ref"])).one()


def make_offer(session: Session, **overrides: Any) -> Any:
    """An open offer stored through the web forms' path (validated, audited, flushed)."""
    from models import Offer
    from webapp.services.interchange.operations import save_records

    rec = offer_record(overrides.pop("i", 0), **overrides)
    save_records(session, "offers", [("test", rec)])
    return session.scalars(select(Offer).where(Offer.ref == rec["ref"])).one()
