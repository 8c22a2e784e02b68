"""The app's cached offer index: changes show in the next ranking, without fitting again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, update

from models import Match, MatchStatus, Offer, Role
from tests import factories
from webapp.services.matching import fit
from webapp.services.matching.index import current_index
from webapp.services.offers import operations as offers

CSIRT = {
    "title": "Incident handling course for CSIRTs",
    "description": "Hands-on incident handling and malware triage for national CSIRT analysts.",
    "topics": ["incident-response"],
    "languages": ["en"],
    "eligible": [],
    "capacity": 1,
}


@pytest.fixture
def need(app, session):
    # three offers: by default one change, or one new word, is enough drift to refit
    app.config["MATCH_INDEX_REFIT_CHANGES"] = 1.0
    app.config["MATCH_INDEX_REFIT_UNKNOWN"] = 1.0
    need = factories.make_need(
        session, i=1, title="National CSIRT malware analysis",
        description="Our national CSIRT needs incident handling and malware triage training.",
        languages=["en"], modality="any", start=None, end=None, confidential=False,
    )  # fmt: skip
    for i in (1, 2):
        factories.make_offer(session, i=i, **CSIRT)
    factories.make_offer(
        session, i=3, title="Beekeeping", description="Honey exports.", topics=["awareness"]
    )
    session.commit()
    return need


def best(session, need) -> list[str]:
    return [f.offer.ref for f in fit.best_offers_for_need(session, need, top=10)]


def test_match_index_new_offer_is_ranked_without_refit(session, need):
    assert best(session, need) == ["O-T-001", "O-T-002"]
    index = current_index()
    assert index.fits == 1

    factories.make_offer(session, i=4, **{**CSIRT, "title": "National CSIRT incident handling"})
    session.commit()
    assert "O-T-004" in best(session, need)
    assert (index.fits, index.updates) == (1, 1)


def test_match_index_closed_offer_leaves_the_ranking_without_refit(session, need):
    assert "O-T-001" in best(session, need)
    provider = factories.make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy")
    offer = session.query(Offer).filter_by(ref="O-T-001").one()
    offers.close_offer(session, offer, actor=provider)
    session.commit()
    assert best(session, need) == ["O-T-002"]
    assert (current_index().fits, current_index().updates) == (1, 1)


def test_match_index_offer_whose_capacity_is_taken_leaves_the_ranking(session, need):
    assert "O-T-002" in best(session, need)
    other = factories.make_need(session, i=2, confidential=False)
    offer = session.query(Offer).filter_by(ref="O-T-002").one()
    session.add(Match(need_id=other.id, offer_id=offer.id, status=MatchStatus.ACCEPTED))
    session.commit()
    assert best(session, need) == ["O-T-001"]
    assert current_index().fits == 1


def test_match_index_rolled_back_change_is_not_seen(session, need):
    best(session, need)
    factories.make_offer(session, i=5, **CSIRT)
    session.rollback()
    assert "O-T-005" not in best(session, need)
    assert current_index().updates == 0


def test_match_index_sees_changes_made_by_another_process(app, session, need, db_url):
    app.config["MATCH_INDEX_CHECK_SECONDS"] = 0  # look every time
    assert "O-T-001" in best(session, need)
    session.commit()  # end the read transaction, as a request does
    engine = create_engine(db_url)  # another process: no session listener sees this
    with engine.begin() as conn:
        conn.execute(
            update(Offer)
            .where(Offer.ref == "O-T-001")
            .values(status="closed", updated_at=datetime.now(UTC))
        )
    engine.dispose()
    assert best(session, need) == ["O-T-002"]
    assert (current_index().fits, current_index().updates) == (1, 1)


def test_match_index_refits_when_too_much_changed(app, session, need):
    app.config["MATCH_INDEX_REFIT_CHANGES"] = 0.5  # of 3 offers: a second change refits
    best(session, need)
    index = current_index()
    factories.make_offer(session, i=6, **CSIRT)
    session.commit()
    best(session, need)
    assert index.fits == 1
    factories.make_offer(session, i=7, **CSIRT)
    session.commit()
    assert {"O-T-006", "O-T-007"} <= set(best(session, need))
    assert index.fits == 2
