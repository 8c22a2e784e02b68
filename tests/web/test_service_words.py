"""The services' words in the reader's language: reasons, statuses, labels, exports.

The ``session`` fixture keeps one app context open for the whole test, in which Flask-Babel
keeps the first language it chose; these tests therefore read the pages through a second app on
the same database (``reader``), where each request chooses its language as a server does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import get_domain

from models import db
from tests.conftest import make_app
from tests.factories import make_need, make_offer
from tests.survey_support import error_of, need_form
from tests.web.test_offers import form_data

PASSWORD = "correct horse battery"


@pytest.fixture
def reader(db_url: str) -> Iterator[Flask]:
    app = make_app(db_url)
    with app.app_context():
        # Flask-Babel keeps loaded catalogues by language only, for every app at once: forget
        # any other app's (tests/web/test_i18n.py loads a small French test catalogue).
        get_domain().cache.clear()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert (
        client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
    )
    return client


def in_(language: str) -> dict[str, str]:
    return {"Accept-Language": language}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Title is 201 characters long; the limit is 200."),
        ("es", "El campo «Título» tiene 201 caracteres; el límite es 200."),
        ("fr", "Le champ «\xa0Titre\xa0» compte 201 caractères\xa0; la limite est de 200."),
    ],
)
def test_a_need_form_reason_names_the_field_in_the_readers_language(
    reader, rep, language, expected
):
    client = signed_in(reader, rep.email)
    page = client.post(
        "/survey/needs/new", data=need_form(action="save", title="x" * 201), headers=in_(language)
    ).get_data(as_text=True)
    assert error_of(page, "title") == expected


@pytest.mark.parametrize(
    ("language", "field", "change", "expected"),
    [
        ("en", "capacity", {"capacity": "0"}, "0 is not a whole number of at least 1."),
        ("fr", "capacity", {"capacity": "0"},
         "0 n'est pas un nombre entier d'au moins 1."),
        ("es", "end", {"end": "2027-01-01"},
         "2027-01-01 es anterior a la fecha de inicio, 2027-02-01."),
    ],
)  # fmt: skip
def test_an_offer_form_reason_is_in_the_readers_language(
    reader, provider, language, field, change, expected
):
    client = signed_in(reader, provider.email)
    response = client.post("/offers/new", data=form_data(**change), headers=in_(language))
    assert response.status_code == 422
    assert error_of(response.get_data(as_text=True), field) == expected


def test_status_badges_modality_and_priority_are_in_the_readers_language(reader, session):
    need = make_need(session, i=1, priority="high", modality="hybrid")
    offer = make_offer(session, modality="remote")
    session.commit()
    client = reader.test_client()

    spanish = client.get(f"/needs/{need.ref}", headers=in_("es")).get_data(as_text=True)
    assert ">Abierta</span>" in spanish  # a badge starts with a capital, as its label elsewhere
    assert "Prioridad alta" in spanish
    assert "Híbrida" in spanish
    assert "priority high" not in spanish

    french = client.get(f"/offers/{offer.ref}", headers=in_("fr")).get_data(as_text=True)
    assert ">Ouverte</span>" in french  # an offer is feminine in French, a need is not
    assert "À distance" in french

    english = client.get(f"/needs/{need.ref}", headers=in_("en")).get_data(as_text=True)
    assert ">Open</span>" in english
    assert "High priority" in english


def test_the_pipeline_export_speaks_the_readers_language(reader, world):
    client = signed_in(reader, world.focal.email)
    body = client.get("/pipeline/export.csv", headers=in_("es")).get_data().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body, newline="")))
    assert header == [
        "Id. del emparejamiento", "Ref. de la necesidad", "Título de la necesidad", "Estado",
        "Ref. de la oferta", "Título de la oferta", "Proveedor", "Situación", "Puntuación",
        "Propuesto el (UTC)", "Aceptado el (UTC)", "Completado el (UTC)", "Resultado", "Región",
        "Grupos", "Temas", "Tipo de proveedor", "En curso desde el (UTC)", "Rechazado el (UTC)",
        "Retirado el (UTC)",
    ]  # fmt: skip
    assert {row[7] for row in rows} >= {"propuesto", "aceptado", "en curso"}


def test_a_refused_move_is_explained_in_the_readers_language(reader, world):
    from models import MatchStatus

    client = signed_in(reader, world.focal.email)
    match = world.matches[MatchStatus.PROPOSED]
    page = client.post(
        f"/matches/{match.id}/complete",
        data={"outcome": "Done."},
        headers=in_("fr"),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Cette mise en relation est «\xa0proposée\xa0»" in page


def test_the_cli_keeps_its_english_whatever_the_locale(cbmatch, monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.setenv("LANGUAGE", "fr")
    base = ["users", "create", "--role", "admin", "--name", "Ops", "--email", "ops@example.org"]
    result = cbmatch(*base, "--password", "short")
    assert result.code == 1
    assert "password: must be at least" in result.stderr
