"""The printable State profile: /states/<ISO3>.pdf shows what the page shows, in the reader's
language."""

from __future__ import annotations

import io
import re

import pytest
from flask_babel import refresh
from pypdf import PdfReader

from models import Organisation, Role
from models.organisation import ProviderType
from tests.factories import make_user, state
from tests.web.test_states import STAGES, add_need, login
from webapp.services.needs import operations as need_service
from webapp.services.needs import sharing
from webapp.services.needs import survey as survey_service


@pytest.fixture
def senegal(session):
    """Senegal with a submitted maturity it shows to providers, a public need and a confidential
    one."""
    rep = make_user(session, email="rep@senegal.example")
    sen = state(session, "SEN")
    survey_service.save_maturity(
        session, sen,
        {k: (v, "") for k, v in STAGES.items()} | {"culture-society": (1, "Rural gap.")},
        actor=rep,
    )  # fmt: skip
    add_need(session, rep, "Public awareness campaign", ["awareness"])
    add_need(session, rep, "Secret gender programme", ["gender"], confidential=True)
    survey_service.submit_survey(session, sen, actor=rep)
    sharing.set_audience(session, sen, "providers", actor=rep)
    session.add(Organisation(name="Open Cyber Academy", type=ProviderType.ACADEMIA))
    provider = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy")
    session.commit()
    return rep, provider


def pdf_text(response) -> str:
    """The text of every page, with runs of white space made one space."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_pdf_is_a_download_named_after_the_state_and_never_stored(client, senegal):
    response = client.get("/states/SEN.pdf")
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="cbmatch-SEN-\d{4}-\d\d-\d\d\.pdf"', disposition)
    assert "no-store" in response.headers["Cache-Control"]
    assert "Senegal" in pdf_text(response)


def test_unknown_state_is_404_and_lower_case_redirects(client):
    assert client.get("/states/XYZ.pdf").status_code == 404
    response = client.get("/states/sen.pdf")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/states/SEN.pdf")


def test_the_page_links_to_its_pdf(client, senegal):
    page = client.get("/states/SEN").get_data(as_text=True)
    assert 'href="/states/SEN.pdf"' in page
    assert "Download as PDF" in page


def test_a_visitor_gets_no_maturity_and_no_hidden_need(client, senegal):
    text = pdf_text(client.get("/states/SEN.pdf"))
    assert "Public awareness campaign" in text
    assert "Secret gender programme" not in text
    assert "Senegal shows its maturity self-assessment to signed-in providers" in text
    assert "Established" not in text  # no chart: the State chose providers
    assert "Rural gap." not in text  # no comment


def test_a_provider_gets_the_chart_but_no_confidential_need(client, senegal):
    _, provider = senegal
    text = pdf_text(login(client, provider).get("/states/SEN.pdf"))
    assert "Secret gender programme" not in text
    assert "Confidential" not in text
    # Every dimension's bar says its stage: 3 established, 1 start-up, 4 strategic, 2
    # formative, 5 dynamic (STAGES), and the comment shows as on the page.
    stages = ("3 · Established", "1 · Start-up", "4 · Strategic", "2 · Formative", "5 · Dynamic")
    assert all(stage in text for stage in stages), text
    assert "Rural gap." in text
    assert "Download as PDF" not in text  # buttons are for the screen


def test_the_pdf_follows_the_states_choice_like_the_page(client, session, senegal):
    rep, provider = senegal
    sharing.set_audience(session, state(session, "SEN"), "focal_point", actor=rep)
    session.commit()
    text = pdf_text(login(client, provider).get("/states/SEN.pdf"))
    assert "3 · Established" not in text
    assert "Rural gap." not in text
    assert "to the focal point only" in text


def test_the_state_itself_gets_its_confidential_need(client, senegal):
    rep, _ = senegal
    text = pdf_text(login(client, rep).get("/states/SEN.pdf"))
    assert "Secret gender programme" in text
    assert "Confidential" in text


def test_the_pdf_speaks_the_readers_language(client, senegal):
    _, provider = senegal
    login(client, provider)
    assert client.post("/language", data={"language": "fr", "next": "/"}).status_code == 302
    refresh()  # the tests keep one app context for every request: forget its reader's language
    text = pdf_text(client.get("/states/SEN.pdf"))
    assert "Sénégal" in text
    assert "Maturité des capacités en matière de cybersécurité" in text
    assert "Besoins ouverts" in text
    assert "3 · Établi" in text  # the chart's stage names
    assert "Open needs" not in text


def test_a_long_description_is_printed_whole(client, session, senegal):
    rep, _ = senegal
    raw = {"title": "Long programme", "topics": ["education"],
           "description": "Training of trainers. " * 40 + "The last words quetzalend."}  # fmt: skip
    sen = state(session, "SEN")
    need_service.create_need(session, sen, need_service.check_need(session, sen, raw), actor=rep)
    session.commit()
    page = client.get("/states/SEN").get_data(as_text=True)
    assert "Read the full description" in page  # the page folds it away
    text = pdf_text(client.get("/states/SEN.pdf"))
    assert "quetzalend" in text
    assert "Read the full description" not in text
    assert text.count("Training of trainers.") == 40  # the excerpt is not printed too


def test_printing_too_often_is_refused_for_a_while_with_a_page(app, client, senegal):
    app.config["PDF_RATE_LIMIT"] = "2 per minute"
    codes = [client.get("/states/SEN.pdf").status_code for _ in range(3)]
    refused = client.get("/states/SEN.pdf")
    assert codes == [200, 200, 429]
    assert refused.mimetype == "text/html"
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert client.get("/states/SEN").status_code == 200  # the page itself is not limited
