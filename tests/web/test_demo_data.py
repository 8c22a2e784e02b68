"""The demo data a newcomer loads (`cbmatch seed --demo`): matches at every stage, with their
history, outcomes and funding, so that the dashboard and the pipeline show figures, not zeros."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from unittest.mock import patch

import pytest
from sqlalchemy import func, select

from models import (
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    NeedStatus,
    Notice,
    NoticeStatus,
    Offer,
    Outcome,
    Response,
    User,
)
from seed_data.loaders import DEMO_DIR
from tests.conftest import quick_hash
from webapp.services.setup import DEMO_PASSWORD, load_demo

FILE = json.loads((DEMO_DIR / "matches.json").read_text(encoding="utf-8"))
EXPECTED = {
    MatchStatus.PROPOSED: 6,
    MatchStatus.ACCEPTED: 5,
    MatchStatus.IN_PROGRESS: 3,
    MatchStatus.COMPLETED: 8,
    MatchStatus.DECLINED: 4,
    MatchStatus.WITHDRAWN: 3,
}


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> str | None:
    """Tests that ask for ``demo`` start from a copy of the demo, loaded once for the session."""
    if "demo" in request.fixturenames:
        return str(request.getfixturevalue("prepared_demo"))
    return None


@pytest.fixture
def demo(db_template: str | None) -> None:
    """This test's database holds the demo data (see ``db_template``)."""


@pytest.fixture
def loaded(session):
    """The demo loaded now, on the reference data alone: what ``cbmatch seed --demo`` reports."""
    with patch("webapp.services.accounts.operations.generate_password_hash", quick_hash):
        report = load_demo(session)
    session.commit()
    return report


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_the_demo_has_matches_at_every_stage_each_with_its_history(session, loaded):
    counts = dict(
        session.execute(select(Match.status, func.count(Match.id)).group_by(Match.status)).all()
    )
    assert counts == EXPECTED
    assert "29 matches created" in loaded
    assert "29 matches (0 suggested, 6 proposed, 5 accepted, 3 in_progress, 8 completed" in loaded
    now = datetime.now(UTC)
    for match in session.scalars(select(Match)):
        events = match.events
        assert events[0].from_status is None
        assert events[-1].to_status is match.status
        times = [aware(e.at) for e in events]
        assert times == sorted(times)
        assert datetime(2025, 1, 1, tzinfo=UTC) <= times[0] < now
        assert all(e.actor_id is not None for e in events)  # a person moved each step
        assert aware(match.need.created_at) < times[0]  # the need came first
        last = events[-1]
        if match.status in (MatchStatus.DECLINED, MatchStatus.WITHDRAWN):
            assert len(last.note) > len("The State declined. ") + 10  # with its reason
        if match.status is MatchStatus.PROPOSED:  # waiting for at least one side
            assert Response.PENDING in (match.state_response, match.provider_response)
        if match.need.confidential and match.status is not MatchStatus.PROPOSED:
            assert match.state_response is Response.ACCEPTED  # the State's consent came first
    # nobody is e-mailed about the demo's past
    pending = select(func.count(Notice.id)).where(Notice.status == NoticeStatus.PENDING)
    assert session.scalar(pending) == 0


def test_completed_demo_matches_have_outcomes_most_confirmed_with_a_rating(session, demo):
    completed = session.scalars(select(Match).where(Match.status == MatchStatus.COMPLETED)).all()
    assert all(len(m.outcome) > 40 for m in completed)  # a result statement
    outcomes = session.scalars(select(Outcome)).all()
    assert sorted(o.match_id for o in outcomes) == sorted(m.id for m in completed)
    assert all(o.participants > 0 and o.institutions > 0 for o in outcomes)
    assert all(o.delivered_from and o.delivered_to and o.delivered_to < date.today()
               for o in outcomes)  # fmt: skip
    confirmed = [o for o in outcomes if o.confirmed_at is not None]
    assert len(confirmed) == 6
    assert all(o.rating in range(1, 6) for o in confirmed)
    assert all(o.confirmed_by.state_id == o.match.need.state_id for o in confirmed)
    assert Counter(o.gender_marker for o in outcomes) == {1: 5, 0: 2, None: 1}
    assert sum(o.women for o in outcomes) == 78
    assert sum(o.men for o in outcomes) == 65
    # the served needs whose State confirmed were closed by it
    closed = session.scalars(select(Need.ref).where(Need.status == NeedStatus.CLOSED)).all()
    assert len(closed) == 6
    assert all(ref.startswith("N-2025-") for ref in closed)


def test_the_demo_asks_for_funding_and_brings_some(session, demo):
    needs = session.scalars(select(Need).where(Need.funding_required.is_(True))).all()
    assert len(needs) >= 8
    assert {n.funding_currency for n in needs} == {"USD", "EUR", None}
    assert sum(n.funding_amount is None for n in needs) >= 2  # asked without an estimate
    assert any(n.confidential for n in needs)
    offers = session.scalars(select(Offer).where(Offer.funding_amount.is_not(None))).all()
    assert len(offers) >= 5
    assert {"USD", "AUD", "CAD"} <= {o.funding_currency for o in offers}


def test_loading_the_demo_again_adds_no_match(session, demo):
    before = session.scalar(select(func.count(MatchEvent.id)))
    again = load_demo(session)
    session.commit()
    assert "0 matches created" in again
    assert "0 accounts created" in again
    assert session.scalar(select(func.count(MatchEvent.id))) == before


def acceptance_days() -> list[float]:
    """Days from each need's submission to its first accepted match, read from the file."""
    first: dict[str, tuple[date, datetime]] = {}
    for entry in FILE:
        answers_needed = 2 if entry["steps"][0]["do"] == "propose" else 1
        accepts = 0
        for index, step in enumerate(entry["steps"]):
            accepts += step["do"] == "accept"
            if accepts == answers_needed and step["do"] == "accept":
                at = datetime.combine(date.fromisoformat(step["at"]), time(9), UTC)
                at += timedelta(minutes=7 * index)
                since = date.fromisoformat(entry["need_since"])
                old = first.get(entry["need"])
                if old is None or at < old[1]:
                    first[entry["need"]] = (since, at)
                break
    start = time(8)
    return [(at - datetime.combine(since, start, UTC)).total_seconds() / 86400
            for since, at in first.values()]  # fmt: skip


def test_the_dashboard_of_the_demo_shows_figures_not_zeros(client, session, demo):
    focal = session.scalars(select(User).where(User.email == "focal.point@cbmatch.example")).one()
    client.post("/auth/login", data={"email": focal.email, "password": DEMO_PASSWORD})
    page = client.get("/dashboard/").get_data(as_text=True)
    bars = dict(re.findall(r'data-status="(\w+)".*?data-count>(\d+)<', page, re.S))
    assert {MatchStatus(s): int(n) for s, n in bars.items() if int(n)} == EXPECTED
    days = acceptance_days()
    assert len(days) == 16
    median = re.search(r'data-figure="median-days">.*?<dd><a [^>]*>([\d.]+)</a>', page, re.S)
    assert median is not None
    assert float(median.group(1)) == round(statistics.median(days), 1)
    assert "over 16 needs" in page
    matched = re.search(r'data-figure="share-matched">.*?<dd><a [^>]*>(\d+)%</a>', page, re.S)
    assert matched is not None
    assert int(matched.group(1)) > 0


def test_the_demo_converts_every_amount_with_its_rates(session, demo):
    from datetime import date

    from webapp.services.reports.funding import funding

    found = funding(session, date(2026, 12, 6), None, None)

    assert found.total.not_converted == 0  # EUR, AUD and CAD have demo rates
    # EUR 690,000 at 1.08 + USD 760,000 requested; USD 530,000 + AUD 500,000 at 0.65 + CAD
    # 300,000 at 0.72 offered (the amounts the demo files give)
    assert found.total.requested == Decimal("745200.00") + Decimal("760000.00")
    assert found.total.offered == Decimal("530000.00") + Decimal("325000.00") + Decimal("216000.00")
