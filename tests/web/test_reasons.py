"""The matcher's reasons are worded in the reader's language wherever a page shows them."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from flask_babel import refresh
from sqlalchemy import select

from models import Match, MatchStatus, Role
from seed_data.reference import taxonomy
from tests.factories import make_need, make_offer, make_user

PW = "correct horse battery"
QUEUE = "/console/queue"
TOPICS = {t["slug"]: t["label"] for t in taxonomy()["topics"]}
SUPPORT = {s["slug"]: s["label"] for s in taxonomy()["support_types"]}


@pytest.fixture
def focal(app, session):
    """A focal point, and one Senegalese need that an offer fits for every kind of reason."""
    make_need(session, i=1, state="SEN", topics=["incident-response"], support_types=["training"],
              languages=["fr", "en"], modality="remote", priority="high",
              start="2027-03-01", end="2027-09-30")  # fmt: skip
    make_offer(session, i=1, topics=["incident-response"], support_types=["training"],
               languages=["en", "fr"], modality="hybrid", eligible=["SEN"], capacity=3,
               start="2027-01-01", end="2027-05-31")  # fmt: skip
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org")
    session.commit()
    client = app.test_client()
    assert client.post("/auth/login", data={"email": "focal@example.org", "password": PW})
    assert client.post(QUEUE + "/refresh").status_code == 302
    return client


def queue(client, lang: str) -> str:
    """The queue as a reader who chose ``lang`` with the language menu sees it."""
    assert client.post("/language", data={"language": lang, "next": QUEUE}).status_code == 302
    refresh()  # the tests keep one app context for every request: forget its reader's language
    page = client.get(QUEUE).get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    return page


def test_an_english_reader_reads_every_kind_of_reason(focal):
    page = queue(focal, "en")
    # the declared topic first, then those the matcher infers from the texts
    assert f"Shared topics: {TOPICS['incident-response']['en']}, " in page
    assert "Support type: Training" in page
    assert "Delivered in French or English" in page
    assert "Open to Senegal" in page
    assert "Windows overlap: 1 March 2027 to 31 May 2027" in page
    assert "Delivery: hybrid, fits a remote need" in page
    assert "High-priority need" in page
    assert "Capacity left when suggested: 3 of 3" in page


def test_a_spanish_reader_reads_the_queue_reasons_in_spanish(focal):
    page = queue(focal, "es")
    assert f"Temas compartidos: {TOPICS['incident-response']['es']}, " in page
    assert f"Tipo de apoyo: {SUPPORT['training']['es']}" in page
    assert "Apoyo impartido en francés o inglés" in page
    assert "Abierta a: Senegal" in page
    start, end = (
        format_date(d, "long", locale="es") for d in (date(2027, 3, 1), date(2027, 5, 31))
    )
    assert f"Periodos coincidentes: del {start} al {end}" in page
    assert "Modalidad: híbrida, adecuada para una necesidad a distancia" in page
    assert "Necesidad de alta prioridad" in page
    assert "Capacidad restante al sugerirse: 3 de 3" in page
    assert "Shared topic" not in page
    assert "Capacity left" not in page


def test_a_french_reader_reads_them_in_french_with_state_names_in_french(focal):
    page = queue(focal, "fr")
    assert f"Thèmes communs\xa0: {TOPICS['incident-response']['fr']}, " in page
    assert "Appui dispensé en français ou anglais" in page
    assert "Ouverte à\xa0: Sénégal" in page
    assert "Besoin hautement prioritaire" in page


def test_reasons_saved_as_english_sentences_are_shown_as_they_are(focal, session):
    match = session.scalars(select(Match).where(Match.status == MatchStatus.SUGGESTED)).one()
    match.reasons = ["Shared topics: Incident response and CSIRTs", "Capacity left: 1 of 3"]
    session.commit()
    page = queue(focal, "es")
    assert "Shared topics: Incident response and CSIRTs" in page
    assert "Capacity left: 1 of 3" in page


def test_the_fits_on_a_need_page_and_a_match_page_are_worded_for_the_reader(focal, session):
    match = session.scalars(select(Match)).one()
    queue(focal, "es")  # chooses Spanish
    need_page = focal.get(f"/needs/{match.need.ref}").get_data(as_text=True)
    assert "Abierta a: Senegal" in need_page  # ranked live: the matcher's Reason values
    match_page = focal.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Abierta a: Senegal" in match_page  # saved: [code, [values]]


@pytest.mark.parametrize(
    ("lang", "capacity", "topics"),
    [
        ("ar", "الطاقة الاستيعابية المتبقية عند الاقتراح: 3 من 3", "المواضيع المشتركة: "),
        ("ru", "Свободно мест на момент предложения: 3 из 3", "Общие темы: "),
        ("zh", "建议时剩余名额：3 / 3", "共同专题："),
    ],
)
def test_every_reason_is_worded_in_arabic_russian_and_chinese(focal, lang, capacity, topics):
    page = queue(focal, lang)
    assert capacity in page
    assert topics in page
    for english in ("Shared topic", "Support type", "Delivered in", "Open to", "Windows overlap",
                    "Delivery:", "High-priority", "Capacity left"):  # fmt: skip
        assert english not in page
