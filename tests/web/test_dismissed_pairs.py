"""A pair the focal point dismissed: its working material, never shown to either side.

The State and the provider learn only that the pair cannot be proposed now, on the need and
offer pages and when they try anyway; the focal point still sees why.
"""

from __future__ import annotations

import html

import pytest
from flask import g
from sqlalchemy import select

from models import Match, MatchStatus, Role
from tests.factories import make_need, make_offer, make_user
from webapp.services.errors import ValidationFailed
from webapp.services.matching import queue
from webapp.services.proposals import operations as proposals

PW = "correct horse battery"
CANNOT = "cannot be proposed now"


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


@pytest.fixture
def dismissed(session):
    """A need of Fiji and an offer that fit, suggested then dismissed by the focal point."""
    need = make_need(session, i=1, state="FJI", languages=["en"], modality="remote")
    offer = make_offer(session, eligible=["SIDS"], languages=["en"], capacity=2)
    state = make_user(session, role=Role.STATE, state_code="FJI", email="fiji@example.org")
    org = offer.organisation.name
    provider = make_user(
        session, role=Role.PROVIDER, state_code=None, organisation=org, email="prov@example.org"
    )
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    match = Match(need=need, offer=offer, score=0.5, reasons=[], status=MatchStatus.SUGGESTED)
    session.add(match)
    session.flush()
    queue.dismiss(session, match, actor=focal, reason="Donor overlap in Suva")
    session.commit()
    return need, offer, state, provider, focal


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_provider_is_told_only_that_the_pair_cannot_be_proposed_now(app, dismissed):
    need, offer, *_ = dismissed
    client = app.test_client()
    login(client, "prov@example.org")
    page = text(client.get(f"/needs/{need.ref}"))
    assert offer.title in page  # among the offers that cannot serve it, with the neutral reason
    assert CANNOT in page
    assert "dismiss" not in page.lower()
    sent = client.post(
        "/matches/offer", data={"need": need.ref, "offer": offer.ref, "message": "Hi"}
    )
    assert sent.status_code == 302
    said = text(client.get(sent.headers["Location"]))
    assert CANNOT in said
    assert "dismiss" not in said.lower()
    assert "already matched" not in said


def test_the_state_is_told_only_that_the_pair_cannot_be_proposed_now(app, dismissed):
    need, offer, *_ = dismissed
    client = app.test_client()
    login(client, "fiji@example.org")
    page = text(client.get(f"/offers/{offer.ref}"))
    assert CANNOT in page
    assert "dismiss" not in page.lower()
    sent = client.post("/matches/request", data={"offer": offer.ref, "need": need.ref})
    said = text(client.get(sent.headers["Location"]))
    assert CANNOT in said
    assert "dismiss" not in said.lower()


def test_in_another_language_too_the_status_is_not_named(app, dismissed):
    need, offer, *_ = dismissed

    # The test keeps one app context open: forget the language between requests, as a server does.
    @app.before_request
    def _fresh_language() -> None:
        g.pop("_flask_babel", None)

    client = app.test_client()
    login(client, "prov@example.org")
    client.post("/language", data={"language": "fr"})
    sent = client.post("/matches/offer", data={"need": need.ref, "offer": offer.ref, "message": ""})
    assert sent.status_code == 302
    said = text(client.get(sent.headers["Location"]))
    assert 'lang="fr"' in said
    assert "Ce besoin et cette offre" in said  # the refusal is shown, in French
    assert "écart" not in said.lower()  # "écartée": dismissed, in French


def test_the_focal_point_still_sees_that_it_dismissed_the_pair(session, dismissed):
    need, offer, _, provider, focal = dismissed
    with pytest.raises(ValidationFailed, match=r"already matched \(dismissed\)"):
        proposals.propose(session, need, offer, actor=focal, message="")
    with pytest.raises(ValidationFailed) as refused:
        proposals.offer_for_need(session, need, offer, actor=provider, message="")
    assert "dismissed" not in str(refused.value)
    assert session.scalars(select(Match)).one().status is MatchStatus.DISMISSED
