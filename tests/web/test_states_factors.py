"""A State's factors on its page, its PDF and its survey's review: each CMM factor's name and
stage (or "not assessed") in the reader's language, shown only to whom the State chose."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask_babel import refresh

from models import Organisation, Role
from models.organisation import ProviderType
from tests.factories import make_user, state
from tests.web.test_states import add_need
from tests.web.test_states_pdf import pdf_text
from webapp.services.needs import factors as cmm
from webapp.services.needs import sharing
from webapp.services.needs import survey as survey_service

PASSWORD = "correct horse battery"
#: Senegal's ratings: D4.1 at start-up; D4.3 formative; the rest of dimension 4 not assessed.
RATED = {"D1.1": 3, "D1.2": 4, "D2.1": 2, "D3.2": 5, "D4.1": 1, "D4.3": 2, "D5.6": 3}
D41 = "Legal and Regulatory Provisions"
D41_STAGE = "There is no specific law on cybersecurity or cybercrime."  # its start-up text
D42 = "Related Legislative Frameworks"  # not assessed


def login(client, user):
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def in_language(client, lang):
    assert client.post("/language", data={"language": lang, "next": "/"}).status_code == 302
    refresh()  # the tests keep one app context for every request: forget its reader's language
    return client


@pytest.fixture
def people(session):
    """Senegal, its factors rated and its survey submitted; another State, a provider and the
    focal point."""
    sen = make_user(session, email="rep@senegal.example")
    fji = make_user(session, email="rep@fiji.example", state_code="FJI")
    session.add(Organisation(name="Open Cyber Academy", type=ProviderType.ACADEMIA))
    provider = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy",
                         email="p@academy.example")  # fmt: skip
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    cmm.save_factors(session, state(session, "SEN"), RATED, {}, actor=sen)
    add_need(session, sen, "Public awareness campaign", ["awareness"])
    survey_service.submit_survey(session, state(session, "SEN"), actor=sen)
    session.commit()
    return {"owner": sen, "other_state": fji, "provider": provider, "focal": focal}


def factor_rows(page: str) -> dict[str, str]:
    """Each listed factor's code and its stage (``""``: not assessed)."""
    return dict(re.findall(r'<li data-factor="(D\d\.\d)" data-stage="(\d?)"', page))


def viewer(app, people, who):
    return app.test_client() if who == "visitor" else login(app.test_client(), people[who])


VIEWERS = ("visitor", "other_state", "provider", "focal", "owner")
SEES = {
    None: {"focal", "owner"},  # never chose: the focal point only
    "focal_point": {"focal", "owner"},
    "providers": {"provider", "focal", "owner"},
    "public": set(VIEWERS),
}


@pytest.mark.parametrize("choice", list(SEES))
def test_the_factors_are_shown_to_whom_the_state_chose(app, session, people, choice):
    if choice:
        sharing.set_audience(session, state(session, "SEN"), choice, actor=people["owner"])
        session.commit()
    for who in VIEWERS:
        page = unescape(viewer(app, people, who).get("/states/SEN").text)
        if who in SEES[choice]:
            rows = factor_rows(page)
            assert len(rows) == 23, who
            assert (rows["D4.1"], rows["D4.2"]) == ("1", ""), who
            assert {code: int(s) for code, s in rows.items() if s} == RATED, who
            assert all(s in page for s in (D41, D41_STAGE, "1 · Start-up", "Not assessed")), who
        else:
            assert "data-factor=" not in page, (choice, who)
            assert not any(s in page for s in (D41, D41_STAGE)), (choice, who)
            assert "By factor" not in page, (choice, who)


def test_each_dimension_folds_its_factors_with_a_tally(app, session, people):
    sharing.set_audience(session, state(session, "SEN"), "public", actor=people["owner"])
    session.commit()
    page = unescape(app.test_client().get("/states/SEN").text)
    folds = re.findall(r'<details class="factor-group" data-dimension="([\w-]+)">', page)
    assert folds == ["policy-strategy", "culture-society", "knowledge-capabilities",
                     "legal-regulatory", "standards-technologies"]  # fmt: skip
    legal = page.split('data-dimension="legal-regulatory">')[1].split("</details>")[0]
    assert "2 of 4 factors assessed" in " ".join(legal.split())
    assert "2 · Formative" in legal  # (1 + 2) / 2 = 1.5, halves up


def test_the_factors_read_in_the_readers_language(app, session, people):
    sharing.set_audience(session, state(session, "SEN"), "public", actor=people["owner"])
    session.commit()
    page = unescape(in_language(app.test_client(), "fr").get("/states/SEN").text)
    assert "Par facteur" in page
    assert "Dispositions juridiques et réglementaires" in page
    assert "1 · Démarrage" in page
    assert "Il n'existe pas de loi spécifique sur la cybersécurité ou la cybercriminalité." in page
    assert "Non évalué" in page
    assert "Facteurs évalués : 2 sur 4" in " ".join(page.split())
    assert not any(s in page for s in (D41, D41_STAGE))


def test_the_pdf_lists_every_factor_for_allowed_readers_only(app, session, people):
    sharing.set_audience(session, state(session, "SEN"), "providers", actor=people["owner"])
    session.commit()
    text = pdf_text(login(app.test_client(), people["provider"]).get("/states/SEN.pdf"))
    assert "By factor" in text
    assert all(s in text for s in (f"D4.1 {D41}", D41_STAGE, f"D4.2 {D42}", "Not assessed"))
    assert all(f"{code} " in text for code in ("D1.1", "D2.5", "D3.4", "D5.6"))  # all 23
    for who in ("visitor", "other_state"):
        hidden = pdf_text(viewer(app, people, who).get("/states/SEN.pdf"))
        assert not any(s in hidden for s in (D41, D41_STAGE, "D4.1")), who
        assert "Not assessed" not in hidden, who


def test_the_pdf_lists_the_factors_in_french(app, session, people):
    sharing.set_audience(session, state(session, "SEN"), "public", actor=people["owner"])
    session.commit()
    text = pdf_text(in_language(app.test_client(), "fr").get("/states/SEN.pdf"))
    assert "Par facteur" in text
    assert "D4.1 Dispositions juridiques et réglementaires" in text
    assert "Il n'existe pas de loi spécifique" in text
    assert "Non évalué" in text
    assert D41 not in text


def test_the_review_shows_the_factors_the_state_submits(app, people):
    owner = login(app.test_client(), people["owner"])
    page = unescape(owner.get("/survey/review").text)
    rows = factor_rows(page)
    assert {code: int(s) for code, s in rows.items() if s} == RATED
    assert len(rows) == 23
    assert all(s in page for s in (D41, "1 · Start-up", D41_STAGE))
    assert "Not assessed" in page
