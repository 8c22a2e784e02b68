"""The ref allocator: a taken ref is retried in a savepoint, anything else propagates, and the
record is the caller's to commit or roll back (on SQLite too)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from models import Event, Need, NeedStatus, Offer, Organisation, Survey, SurveyStatus, User
from models.organisation import ProviderType
from tests.factories import make_offer, make_user, state
from webapp.services import refs
from webapp.services.offers.operations import OfferInput, create_offer
from webapp.services.refs import ATTEMPTS, RefSeries, event_refs, insert_with_ref, need_refs

YEAR = date.today().year


def new_event(session, user: User, calls: list[str]):
    def build(ref: str) -> Event:
        calls.append(ref)
        day = date(2027, 3, 10)
        event = Event(ref=ref, title="Drill", description="A drill.", starts_on=day, ends_on=day,
                      location="Suva", created_by_id=user.id)  # fmt: skip
        session.add(event)
        return event

    return build


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def user(session):
    user = make_user(session)
    day = date(2027, 1, 5)
    session.add(Event(ref=f"E-{YEAR}-001", title="Taken", description="Taken.", starts_on=day,
                      ends_on=day, online=True))  # fmt: skip
    session.commit()
    return user


def test_the_ref_formats_stay():
    """One pattern per kind (README, "Refs"): letter, year, a number of three digits or more."""
    today = date(2026, 5, 1)
    assert need_refs(today).prefix == "N-2026-"
    assert {need_refs(today).width, refs.offer_refs(today).width, event_refs(today).width} == {3}
    assert refs.offer_refs(today).prefix == "O-2026-"
    assert event_refs(today).prefix == "E-2026-"


def test_a_taken_ref_is_retried_and_the_callers_changes_stay(session, user, caplog):
    caplog.set_level("INFO", logger="webapp.services.refs")
    session.add(Organisation(name="Before the event", type=ProviderType.NGO))  # pending
    calls: list[str] = []
    event = insert_with_ref(session, event_refs(), new_event(session, user, calls),
                            first=f"E-{YEAR}-001")  # fmt: skip
    assert calls == [f"E-{YEAR}-001", f"E-{YEAR}-002"]
    assert event.ref == f"E-{YEAR}-002"
    assert f"event E-{YEAR}-001 was taken meanwhile" in caplog.text
    session.commit()
    assert count(session, Event) == 2
    assert session.scalar(select(Organisation.id).where(Organisation.name == "Before the event"))


def test_the_record_waits_for_the_callers_commit(session, user):
    """On SQLite a savepoint opened before any write was the transaction: its release committed."""
    insert_with_ref(session, event_refs(), new_event(session, user, []))
    assert count(session, Event) == 2
    session.rollback()
    assert count(session, Event) == 1


def test_another_unique_constraint_is_not_retried(session, user):
    senegal = state(session, "SEN")
    session.add(Survey(state=senegal, status=SurveyStatus.DRAFT, created_by_id=user.id))
    session.commit()
    calls: list[str] = []

    def build(ref: str) -> Need:
        calls.append(ref)
        session.add(Survey(state=senegal, status=SurveyStatus.DRAFT, created_by_id=user.id))
        need = Need(ref=ref, state=senegal, title="T", description="D", status=NeedStatus.DRAFT)
        session.add(need)
        return need

    with pytest.raises(IntegrityError, match=r"survey"):
        insert_with_ref(session, need_refs(), build)
    assert len(calls) == 1
    # The savepoint is rolled back; the caller's transaction goes on.
    insert_with_ref(session, event_refs(), new_event(session, user, []))
    session.commit()
    assert (count(session, Event), count(session, Need), count(session, Survey)) == (2, 0, 1)


def test_a_column_left_empty_is_not_retried(session, user):
    calls: list[str] = []

    def build(ref: str) -> Event:
        calls.append(ref)
        event = Event(ref=ref, title=None, description="D", starts_on=date(2027, 1, 5),
                      ends_on=date(2027, 1, 5))  # fmt: skip
        session.add(event)
        return event

    with pytest.raises(IntegrityError):
        insert_with_ref(session, event_refs(), build)
    assert len(calls) == 1


def test_the_tries_are_bounded(session, user, monkeypatch):
    monkeypatch.setattr(RefSeries, "next_free", lambda self, session: f"E-{YEAR}-001")
    calls: list[str] = []
    with pytest.raises(IntegrityError):
        insert_with_ref(session, event_refs(), new_event(session, user, calls))
    assert len(calls) == ATTEMPTS
    session.rollback()
    assert count(session, Event) == 1


def test_a_new_offer_never_takes_over_an_offer_stored_meanwhile(session, user, monkeypatch):
    """Offers are written by the importer's upsert: a ref stored since it was read would have
    been an update of that offer, silently, rather than a refused insert."""
    taken = make_offer(session, ref=f"O-{YEAR}-001")
    session.commit()
    org = Organisation(name="Reef Academy", type=ProviderType.ACADEMIA)
    session.add(org)
    session.flush()
    real = RefSeries.next_free
    answers = iter([f"O-{YEAR}-001"])  # what a racing save read just before the other's commit
    monkeypatch.setattr(
        RefSeries, "next_free", lambda self, session: next(answers, None) or real(self, session)
    )
    offer = create_offer(
        session, org, OfferInput(title="Course", description="A course."), actor=user
    )
    session.commit()
    assert offer.ref == f"O-{YEAR}-002"
    session.expire_all()
    assert taken.title == "Support: National CSIRT malware analysis (0)"
    assert taken.organisation.name == "Harbourline Security Ltd"
    assert count(session, Offer) == 2
