"""Proposals between a State and a provider: the rules of the service, and its history."""

from __future__ import annotations

import pytest

from models import MatchStatus, Response, Role
from tests.factories import make_need, make_offer, make_user
from webapp.services.errors import ValidationFailed
from webapp.services.proposals import operations as proposals


@pytest.fixture
def pair(session):
    need = make_need(
        session, state="FJI", languages=["en"], modality="remote", start=None, end=None,
        confidential=False,
    )  # fmt: skip
    offer = make_offer(session, eligible=["SIDS"], languages=["en"], modality="any", capacity=1)
    state_rep = make_user(session, role=Role.STATE, state_code="FJI", email="fiji@example.org")
    org = offer.organisation.name
    provider = make_user(
        session, role=Role.PROVIDER, state_code=None, organisation=org, email="prov@example.org"
    )
    return need, offer, state_rep, provider


def test_a_state_request_then_the_provider_accepts(session, pair):
    need, offer, state_rep, provider = pair
    match = proposals.request_offer(
        session, need, offer, actor=state_rep, message="We would like this."
    )
    assert match.status is MatchStatus.PROPOSED
    assert match.state_response is Response.ACCEPTED
    assert match.provider_response is Response.PENDING
    assert proposals.awaiting(session, provider) == [match]
    assert proposals.awaiting(session, state_rep) == []

    proposals.respond(session, match, actor=provider, accept=True, note="Glad to help.")
    assert match.status is MatchStatus.ACCEPTED
    history = [(e.from_status, e.to_status, e.actor_id) for e in match.events]
    assert history == [
        (None, MatchStatus.PROPOSED, state_rep.id),
        (MatchStatus.PROPOSED, MatchStatus.ACCEPTED, provider.id),
    ]
    assert "We would like this." in match.events[0].note
    assert "Glad to help." in match.events[1].note


def test_declining_needs_a_reason_and_ends_the_proposal(session, pair):
    need, offer, state_rep, provider = pair
    match = proposals.offer_for_need(session, need, offer, actor=provider, message="")
    with pytest.raises(ValidationFailed, match="Say why you decline"):
        proposals.respond(session, match, actor=state_rep, accept=False, note="  ")
    proposals.respond(
        session, match, actor=state_rep, accept=False, note="Already covered by a partner."
    )
    assert match.status is MatchStatus.DECLINED
    with pytest.raises(ValidationFailed, match="can no longer be answered"):
        proposals.respond(session, match, actor=provider, accept=True, note="")


def test_an_ineligible_state_cannot_request_the_offer(session, pair):
    _, offer, _, _ = pair
    senegal_need = make_need(
        session, i=1, ref="N-SEN-1", state="SEN", languages=["en"], modality="any"
    )
    senegal_rep = make_user(session, role=Role.STATE, state_code="SEN", email="sen@example.org")
    with pytest.raises(ValidationFailed, match="open to SIDS; Senegal is not among them"):
        proposals.request_offer(session, senegal_need, offer, actor=senegal_rep, message="")


def test_only_the_needs_own_state_can_request_and_only_the_owner_can_offer(session, pair):
    need, offer, _, provider = pair
    other_rep = make_user(session, role=Role.STATE, state_code="TON", email="ton@example.org")
    with pytest.raises(ValidationFailed, match="your own State"):
        proposals.request_offer(session, need, offer, actor=other_rep, message="")
    other_org_offer = make_offer(
        session, i=4, ref="O-OTHER", provider="Another Org", provider_type="ngo",
        provider_country=None, eligible=[],
    )  # fmt: skip
    with pytest.raises(ValidationFailed, match="your own organisation"):
        proposals.offer_for_need(session, need, other_org_offer, actor=provider, message="")


def test_a_full_offer_cannot_be_accepted_twice(session, pair):
    need, offer, state_rep, provider = pair
    first = proposals.request_offer(session, need, offer, actor=state_rep, message="")
    proposals.respond(session, first, actor=provider, accept=True, note="")
    second_need = make_need(
        session, i=2, ref="N-FJI-2", state="FJI", languages=["en"], modality="any"
    )
    with pytest.raises(ValidationFailed, match="no capacity left"):
        proposals.request_offer(session, second_need, offer, actor=state_rep, message="")


def test_the_same_pair_cannot_be_proposed_twice(session, pair):
    need, offer, state_rep, provider = pair
    proposals.request_offer(session, need, offer, actor=state_rep, message="")
    with pytest.raises(ValidationFailed, match="already matched"):
        proposals.offer_for_need(session, need, offer, actor=provider, message="")


def test_a_stranger_cannot_answer(session, pair):
    need, offer, state_rep, _ = pair
    match = proposals.request_offer(session, need, offer, actor=state_rep, message="")
    stranger = make_user(session, role=Role.STATE, state_code="TON", email="x@example.org")
    with pytest.raises(ValidationFailed, match="Only the State and the provider"):
        proposals.respond(session, match, actor=stranger, accept=True, note="")


def test_a_confidential_need_waits_for_its_states_consent(session, pair):
    need, offer, state_rep, provider = pair
    need.confidential = True
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    with pytest.raises(ValidationFailed, match="only its State or the focal point"):
        proposals.offer_for_need(session, need, offer, actor=provider, message="")
    match = proposals.propose(session, need, offer, actor=focal, message="")
    assert proposals.side_of(provider, match) is None, "the provider does not know of it yet"
    assert proposals.awaiting(session, provider) == []
    assert list(session.scalars(proposals.matches_stmt(provider))) == []
    with pytest.raises(ValidationFailed, match="Only the State and the provider"):
        proposals.respond(session, match, actor=provider, accept=True, note="")
    proposals.respond(session, match, actor=state_rep, accept=True, note="")
    assert match.status is MatchStatus.PROPOSED
    assert proposals.awaiting(session, provider) == [match], "asked once the State agreed"
