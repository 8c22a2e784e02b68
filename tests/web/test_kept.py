"""Kept results (the dashboard's figures, heatmaps and duplicate pairs): computed again exactly
when the records they come from change, or when they are older than MAX_AGE."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from models import Need, Offer
from tests.factories import make_need, make_offer
from webapp.services import infra as kept_module
from webapp.services.infra import MAX_AGE, kept


@pytest.fixture
def counter(session):
    """A result that counts open offers and how many times it was computed."""
    calls = []

    def compute(s):
        calls.append(1)
        return s.scalar(select(func.count(Offer.id)))

    def read(background=False):
        return kept(session, "test:offers", (Offer,), compute, background=background)

    make_offer(session, i=1, ref="O-ONE")
    session.commit()
    return read, calls


def test_kept_until_the_records_change(session, counter):
    read, calls = counter
    assert read().value == 1
    assert read().value == 1
    assert len(calls) == 1

    make_need(session, i=1, state="SEN")  # another table: nothing to do
    session.commit()
    assert read().value == 1
    assert len(calls) == 1

    make_offer(session, i=2, ref="O-TWO")
    session.commit()
    assert read().value == 2
    offer = session.scalars(select(Offer).where(Offer.ref == "O-TWO")).one()
    offer.title = "Renamed"
    session.commit()
    read()
    session.delete(offer)
    session.commit()
    assert read().value == 1
    assert len(calls) == 4


def test_a_change_stamped_earlier_is_caught_once_the_result_is_old(session, counter, monkeypatch):
    """A transaction that commits late can carry an older time than the newest row."""
    read, calls = counter
    make_offer(session, i=2, ref="O-NEWEST")
    session.commit()
    read()
    mark = kept_module.mark_of(session, (Offer,))
    # One offer goes and another comes, stamped before the newest: the mark does not move.
    session.delete(session.scalars(select(Offer).where(Offer.ref == "O-ONE")).one())
    make_offer(session, i=3, ref="O-LATE")
    session.flush()
    session.scalars(select(Offer).where(Offer.ref == "O-LATE")).one().updated_at = datetime(
        2000, 1, 1, tzinfo=UTC
    )
    session.commit()
    assert kept_module.mark_of(session, (Offer,)) == mark
    read()
    assert len(calls) == 1

    now = kept_module.time.monotonic()
    monkeypatch.setattr(kept_module.time, "monotonic", lambda: now + MAX_AGE + 1)
    read()
    assert len(calls) == 2


def test_in_the_background_the_last_result_comes_back_marked_stale(session, counter):
    read, calls = counter
    assert read(background=True).value == 1  # the first: computed during the call
    make_offer(session, i=2, ref="O-TWO")
    session.commit()
    first = read(background=True)
    assert (first.value, first.stale) == (1, True)
    for _ in range(200):
        got = read(background=True)
        if not got.stale:
            break
        kept_module.time.sleep(0.05)
    assert (got.value, got.stale) == (2, False)
    assert len(calls) == 2
    assert session.scalar(select(func.count(Need.id))) == 0


def test_a_family_keeps_at_most_its_limit_the_oldest_going_first(session, counter):
    calls = []

    def compute(s):
        calls.append(1)
        return len(calls)

    for key in ("feed:a", "feed:b", "feed:c"):
        kept(session, key, (Offer,), compute, limit=2)
    assert len(calls) == 3
    kept(session, "feed:c", (Offer,), compute, limit=2)
    kept(session, "feed:b", (Offer,), compute, limit=2)
    assert len(calls) == 3  # both still kept
    kept(session, "feed:a", (Offer,), compute, limit=2)  # the oldest was dropped
    assert len(calls) == 4


def test_without_waiting_the_first_result_comes_from_a_thread(session):
    calls = []

    def compute(s):
        calls.append(1)
        return 41

    first = kept(session, "test:slow", (Offer,), compute, background=True, wait=False)
    assert (first.value, first.stale) == (None, True)
    for _ in range(200):
        got = kept(session, "test:slow", (Offer,), compute, background=True, wait=False)
        if got.value is not None:
            break
        kept_module.time.sleep(0.05)
    assert (got.value, got.stale) == (41, False)
    assert len(calls) == 1
