"""A State's profile page: who sees which needs, the maturity chart, and topic suggestions."""

from __future__ import annotations

import re

import pytest

from models import Organisation, Role
from models.organisation import ProviderType
from tests.factories import make_user, state
from webapp.services.needs import operations as need_service
from webapp.services.needs import queries as need_queries
from webapp.services.needs import sharing
from webapp.services.needs import survey as survey_service

PASSWORD = "correct horse battery"
STAGES = {"policy-strategy": 3, "culture-society": 1, "knowledge-capabilities": 4,
          "legal-regulatory": 2, "standards-technologies": 5}  # fmt: skip


def login(client, user):
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code
    return client


def add_need(session, user, title, topics, *, confidential=False, iso3="SEN"):
    raw = {"title": title, "description": f"About {title}.", "topics": topics,
           "confidential": confidential}  # fmt: skip
    senegal = state(session, iso3)
    return need_service.create_need(
        session, senegal, need_service.check_need(session, senegal, raw), actor=user
    ).ref


@pytest.fixture
def senegal(session):
    """Senegal with a submitted survey: two open needs (one confidential), and later ones."""
    rep = make_user(session, email="rep@senegal.example")
    sen = state(session, "SEN")
    survey_service.save_maturity(
        session, sen,
        {k: (v, "") for k, v in STAGES.items()} | {"culture-society": (1, "Rural gap.")},
        actor=rep,
    )  # fmt: skip
    refs = {
        "public": add_need(session, rep, "Public awareness campaign", ["awareness"]),
        "secret": add_need(session, rep, "Secret gender programme", ["gender"], confidential=True),
    }
    survey_service.submit_survey(session, sen, actor=rep)
    refs["later"] = add_need(session, rep, "Later open need", ["education"])
    refs["closed"] = add_need(session, rep, "Closed need", ["standards"])
    need_service.close_need(session, need_queries.need_by_ref(session, refs["closed"]), actor=rep)
    session.commit()
    return rep, refs


def visible_titles(page: str) -> set[str]:
    return set(re.findall(r'class="need-title"[^>]*>([^<]+)<', page))


def suggested(page: str) -> list[str]:
    return re.findall(r'data-topic="([\w-]+)"', page)


def test_unknown_state_is_404_and_lower_case_redirects(client):
    assert client.get("/states/XYZ").status_code == 404
    response = client.get("/states/sen")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/states/SEN")


def test_anonymous_visitors_see_public_open_needs_and_no_maturity(client, senegal):
    page = client.get("/states/SEN").get_data(as_text=True)
    assert visible_titles(page) == {"Public awareness campaign", "Later open need"}
    assert "Senegal shows its maturity self-assessment to the focal point only." in page
    assert "<svg" not in page
    assert "Rural gap." not in page
    assert suggested(page) == []


def test_signed_in_provider_sees_the_chart_but_no_hidden_needs(client, session, senegal):
    rep, _ = senegal
    session.add(Organisation(name="Open Cyber Academy", type=ProviderType.ACADEMIA))
    provider = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy")
    sharing.set_audience(session, state(session, "SEN"), "providers", actor=rep)
    session.commit()
    page = login(client, provider).get("/states/SEN").get_data(as_text=True)
    assert visible_titles(page) == {"Public awareness campaign", "Later open need"}
    assert "Confidential" not in page
    bars = dict(re.findall(r'data-dimension="([\w-]+)">.*?data-stage="(\d)"', page, re.S))
    assert bars == {k: str(v) for k, v in STAGES.items()}
    assert "Rural gap." in page
    # Weakest: culture-society (1), then legal-regulatory (2). The confidential gender need is
    # not counted for this viewer, so "gender" is still suggested (nothing is revealed).
    assert "gender" in suggested(page)
    assert "data-protection" in suggested(page)
    assert "awareness" not in suggested(page)
    assert "/survey/needs/new" not in page  # links are for the State's representatives


def test_the_state_and_the_focal_point_see_every_need(app, session, senegal):
    rep, _ = senegal
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    session.commit()
    for user in (rep, focal):
        page = login(app.test_client(), user).get("/states/SEN").get_data(as_text=True)
        assert visible_titles(page) == {"Public awareness campaign", "Secret gender programme",
                                        "Later open need", "Closed need"}  # fmt: skip
        assert 'class="badge badge-confidential"' in page
        assert 'class="badge badge-closed"' in page
        assert "gender" not in suggested(page)  # its own confidential need covers it
        assert ("/survey/needs/new?topic=data-protection" in page) is (user is rep)


def test_drafts_are_hidden_from_everyone_but_the_state_and_focal_point(app, session):
    rep = make_user(session, email="draft@senegal.example")
    add_need(session, rep, "A draft need", ["awareness"])
    fiji = make_user(session, email="rep@fiji.example", state_code="FJI")
    session.commit()
    assert visible_titles(app.test_client().get("/states/SEN").get_data(as_text=True)) == set()
    other = login(app.test_client(), fiji).get("/states/SEN").get_data(as_text=True)
    assert visible_titles(other) == set()
    assert "Senegal has no open needs published." in other
    own = login(app.test_client(), rep).get("/states/SEN").get_data(as_text=True)
    assert "A draft need" in visible_titles(own)
    assert 'class="badge badge-draft"' in own


def test_a_draft_maturity_is_shown_only_to_the_state(app, session):
    rep = make_user(session, email="m@senegal.example")
    fiji = make_user(session, email="m@fiji.example", state_code="FJI")
    survey_service.save_maturity(
        session, state(session, "SEN"), {k: (v, "") for k, v in STAGES.items()}, actor=rep
    )
    session.commit()
    other = login(app.test_client(), fiji).get("/states/SEN").get_data(as_text=True)
    assert "Senegal shows its maturity self-assessment to the focal point only." in other
    assert "<svg" not in other
    own = login(app.test_client(), rep).get("/states/SEN").get_data(as_text=True)
    assert "<svg" in own
    assert "A draft: until the survey is submitted" in own


def test_empty_profile_invites_the_state_to_assess(app, session):
    rep = make_user(session, email="e@senegal.example")
    session.commit()
    own = login(app.test_client(), rep).get("/states/SEN").get_data(as_text=True)
    assert "This State has not assessed its maturity yet." in own
    assert 'href="/survey/maturity"' in own
    assert "Senegal has no open needs published." in own
    other = app.test_client().get("/states/FJI").get_data(as_text=True)
    assert "Fiji" in other
    assert 'href="/survey/maturity"' not in other


def test_every_start_up_dimension_gets_suggestions_legal_and_regulatory_too(client, session):
    """Issue 21: a State rating Legal and Regulatory at start-up got no suggestion for it when
    two dimensions before it in CMM order were as low."""
    rep = make_user(session, email="rep@kiribati.example", state_code="KIR")
    kir = state(session, "KIR")
    every = dict.fromkeys(STAGES, (1, ""))
    survey_service.save_maturity(session, kir, every, actor=rep)
    session.commit()
    page = login(client, rep).get("/states/KIR").get_data(as_text=True)
    assert {"cybercrime-legislation", "data-protection"} <= set(suggested(page))
