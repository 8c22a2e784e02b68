"""The match pages: request an offer, answer a proposal, and who may see a match."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from models import Match, MatchEvent, MatchStatus, Role
from tests.factories import make_need, make_offer, make_user

PW = "correct horse battery"


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


@pytest.fixture
def setup(session):
    need = make_need(session, state="FJI", languages=["en"], modality="remote")
    offer = make_offer(session, eligible=["SIDS"], languages=["en"], capacity=2)
    make_user(session, role=Role.STATE, state_code="FJI", email="fiji@example.org")
    make_user(session, role=Role.PROVIDER, state_code=None, organisation=offer.organisation.name,
              email="prov@example.org")  # fmt: skip
    make_user(session, role=Role.STATE, state_code="TON", email="tonga@example.org")
    session.commit()
    return need, offer


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_state_requests_from_the_offer_page_then_provider_must_give_a_reason_to_decline(
    app, session, setup
):
    need, offer = setup
    state, provider = app.test_client(), app.test_client()
    login(state, "fiji@example.org")
    page = state.get(f"/offers/{offer.ref}").get_data(as_text=True)
    assert "Request this offer" in page
    assert f'value="{need.ref}"' in page
    sent = state.post(
        "/matches/request", data={"offer": offer.ref, "need": need.ref, "message": "Hi"}
    )
    assert sent.status_code == 302
    match = session.scalars(select(Match)).one()
    assert match.status is MatchStatus.PROPOSED

    login(provider, "prov@example.org")
    refused = provider.post(f"/matches/{match.id}", data={"decision": "decline", "note": ""})
    assert refused.status_code == 422
    assert "Say why you decline" in refused.get_data(as_text=True)
    assert count(session, MatchEvent) == 1
    missing = provider.post(f"/matches/{match.id}", data={"note": "x"})
    assert missing.status_code == 422
    assert "Choose accept or decline." in missing.get_data(as_text=True)

    ok = provider.post(
        f"/matches/{match.id}", data={"decision": "decline", "note": "Full until 2028."}
    )
    assert ok.status_code == 302
    session.refresh(match)
    assert match.status is MatchStatus.DECLINED
    assert "Full until 2028." in state.get(f"/matches/{match.id}").get_data(as_text=True)


def test_another_state_sees_neither_the_match_nor_the_request_box(app, session, setup):
    need, offer = setup
    state, other = app.test_client(), app.test_client()
    login(state, "fiji@example.org")
    state.post("/matches/request", data={"offer": offer.ref, "need": need.ref, "message": ""})
    match = session.scalars(select(Match)).one()
    login(other, "tonga@example.org")
    assert other.get(f"/matches/{match.id}").status_code == 404
    assert other.post(f"/matches/{match.id}", data={"decision": "accept"}).status_code == 404
    # Tonga cannot request Fiji's need, whatever it posts.
    before = count(session, Match)
    other.post("/matches/request", data={"offer": offer.ref, "need": need.ref, "message": ""})
    assert count(session, Match) == before
    assert match.need.title not in other.get("/matches/").get_data(as_text=True)


def test_a_provider_cannot_use_the_state_request_route(app, session, setup):
    need, offer = setup
    provider = app.test_client()
    login(provider, "prov@example.org")
    response = provider.post("/matches/request", data={"offer": offer.ref, "need": need.ref})
    assert response.status_code == 403
    assert count(session, Match) == 0


def test_an_answer_that_leaves_the_match_proposed_reads_in_the_pages_language(app, session, setup):
    from flask_babel import refresh

    from webapp.services.proposals.operations import propose

    need, offer = setup
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    match = propose(session, need, offer, actor=focal, message="")
    session.commit()
    state = app.test_client()
    login(state, "fiji@example.org")
    state.post("/language", data={"language": "fr"})
    refresh()  # the test's app context outlives requests: forget the locale it cached
    answered = state.post(f"/matches/{match.id}", data={"decision": "accept", "note": "Merci"})
    assert answered.status_code == 302
    page = html.unescape(state.get(f"/matches/{match.id}").get_data(as_text=True))
    assert "The State accepted." not in page
    assert "L'État a accepté." in page
    assert "Merci" in page
