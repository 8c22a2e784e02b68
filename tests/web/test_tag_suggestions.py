"""Topics suggested from the text on the need and offer forms: the JSON endpoint and the
no-script button (the browser's chips are tested in tests/e2e/test_tag_chips.py)."""

from __future__ import annotations

import html
import re

import pytest
from flask_babel import get_domain
from sqlalchemy import func, select

from models import Need, Offer, Role, db
from tests.conftest import make_app
from tests.factories import make_user
from tests.survey_support import is_checked, login, need_form

FRENCH = {"title": "Équipe nationale", "description": "Créer une équipe de réponse aux incidents."}


FRENCH_READER = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture
def reader(db_url):
    """A second app on the test's database, where each request chooses its language (as in
    tests/web/test_service_words.py: the ``session`` fixture's context keeps the first one)."""
    app = make_app(db_url)
    with app.app_context():
        get_domain().cache.clear()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def chips(page: str) -> dict[str, str]:
    """The suggestion buttons of a page: {value: visible label}."""
    found = re.findall(r'<button type="submit" class="chip" name="add_\w+" value="([^"]+)"'
                       r'[^>]*>([^<]*)<', page)  # fmt: skip
    return {value: html.unescape(text).strip() for value, text in found}


def test_a_representative_gets_topics_and_support_types_from_the_text(as_rep):
    answer = as_rep.post("/suggest-tags", data={
        "title": "National CSIRT", "description": "Training for our incident handlers.",
    })  # fmt: skip

    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    body = answer.get_json()
    assert body["topics"][0] == {
        "slug": "incident-response",
        "label": "Incident response and CSIRTs",
    }
    assert {"slug": "training", "label": "Training"} in body["support_types"]


def test_labels_come_in_the_readers_language(reader, rep):
    client = reader.test_client()
    login(client, rep)

    body = client.post("/suggest-tags", data=FRENCH, headers=FRENCH_READER).get_json()

    assert body["topics"][0]["slug"] == "incident-response"
    assert body["topics"][0]["label"] != "Incident response and CSIRTs"
    assert "incidents" in body["topics"][0]["label"]  # « Réponse aux incidents … »
    too_long = client.post("/suggest-tags", data={"title": "t" * 201}, headers=FRENCH_READER)
    assert too_long.get_json()["detail"] == "Le titre est trop long\xa0: 200\xa0caractères au plus."


def test_a_provider_may_ask_and_a_visitor_is_sent_to_sign_in(client, provider):
    assert client.post("/suggest-tags", data=FRENCH).status_code == 302
    login(client, provider)
    assert client.post("/suggest-tags", data=FRENCH).get_json()["topics"]


def test_a_text_too_long_is_a_400_problem_naming_the_field(as_rep):
    answer = as_rep.post("/suggest-tags", data={"title": "CSIRT", "description": "x" * 5001})

    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert problem["field"] == "description"
    assert problem["detail"] == "The description is too long: at most 5000 characters."
    assert as_rep.post("/suggest-tags", data={"title": "t" * 201}).get_json()["field"] == "title"


def test_the_endpoint_refuses_a_post_without_the_csrf_token(db_url, session):
    from webapp import create_app

    user = make_user(session, email="csrf@senegal.example")
    session.commit()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                      "LOGIN_RATE_LIMIT": "1000 per minute"})  # fmt: skip
    try:
        client = app.test_client()
        form = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        signed = client.post("/auth/login", data={"email": user.email, "password":
                             "correct horse battery", "csrf_token": token})  # fmt: skip
        assert signed.status_code == 302

        assert client.post("/suggest-tags", data=FRENCH).status_code == 400
        answer = client.post("/suggest-tags", data=FRENCH, headers={"X-CSRFToken": token})
        assert answer.status_code == 200
        assert answer.get_json()["topics"][0]["slug"] == "incident-response"
    finally:  # this app's own engine: its pooled connection is closed now, not at exit
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_asking_too_often_is_refused_for_a_while(app, as_rep):
    app.config["SUGGEST_RATE_LIMIT"] = "3 per minute"
    codes = [as_rep.post("/suggest-tags", data=FRENCH).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_without_script_the_need_form_suggests_keeps_the_input_and_saves_nothing(as_rep, session):
    data = need_form(title="Un CSIRT national", topics=[], support_types=[],
                     description="Créer une équipe de réponse aux incidents; former les analystes.",
                     action="suggest")  # fmt: skip

    page = as_rep.post("/survey/needs/new", data=data)

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Suggested from your description:" in text
    assert chips(text)["incident-response"] == "Incident response and CSIRTs"
    assert "Un CSIRT national" in text
    assert "former les analystes" in text
    assert session.scalar(select(func.count(Need.id))) == 0


def test_without_script_a_suggestion_ticks_its_box_and_leaves_the_list(as_rep, session):
    data = need_form(title="Un CSIRT national", topics=["awareness"], support_types=[],
                     description="Créer une équipe de réponse aux incidents.",
                     add_topic="incident-response", action=None)  # fmt: skip

    text = as_rep.post("/survey/needs/new", data=data).get_data(as_text=True)

    assert is_checked(text, "topics", "incident-response")
    assert is_checked(text, "topics", "awareness")
    assert "incident-response" not in chips(text)
    assert session.scalar(select(func.count(Need.id))) == 0


def test_without_script_tick_all_ticks_every_suggestion(as_rep):
    data = need_form(topics=[], support_types=[], action="suggest-all",
                     description="A CSIRT needs training and a tabletop exercise.")  # fmt: skip

    text = as_rep.post("/survey/needs/new", data=data).get_data(as_text=True)

    assert is_checked(text, "topics", "incident-response")
    assert is_checked(text, "support_types", "training")
    assert is_checked(text, "support_types", "exercises")
    assert chips(text) == {}


def test_the_offer_form_suggests_without_saving_and_in_french(reader, provider, session):
    client = reader.test_client()
    login(client, provider)
    data = {"title": "Cours pour CSIRT", "description": "Formation des analystes.",
            "languages": "fr", "modality": "any", "capacity": "2", "action": "suggest"}  # fmt: skip

    page = client.post("/offers/new", data=data, headers=FRENCH_READER)

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Suggestions tirées de votre description\xa0:" in text
    assert chips(text)["training"] == "Formation"
    assert "incident-response" in chips(text)
    assert "Formation des analystes." in text
    assert session.scalar(select(func.count(Offer.id))) == 0
    assert provider.role is Role.PROVIDER
