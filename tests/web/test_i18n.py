"""The interface's language: the page says which it is in, and a reader may choose another."""

from __future__ import annotations

import os

import pytest


def test_pages_say_their_language_and_direction(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page


def test_the_six_languages_are_offered_each_named_in_itself(client):
    """The shipped catalogues are compiled when the app starts: no step after the install."""
    page = client.get("/").get_data(as_text=True)
    for code, name in [("ar", "العربية"), ("zh", "中文"), ("fr", "Français"), ("ru", "Русский"),
                       ("es", "Español")]:  # fmt: skip
        assert f'<option value="{code}" lang="{code}">{name}</option>' in page


def test_the_browser_language_is_spoken_from_the_first_page(client):
    page = client.get("/", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_a_catalogue_is_compiled_again_when_its_source_changes(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from webapp.i18n import compile_catalogues

    source, target = tmp_path / "po", tmp_path / "mo"
    po = source / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)

    def write(french: str, mtime: int) -> None:
        catalog = Catalog(locale="fr")
        catalog.add("Needs", french)
        with po.open("wb") as out:
            write_po(out, catalog)
        os.utime(po, (mtime, mtime))

    write("Besoins", 1_000_000)
    compile_catalogues(source, target)
    mo = target / "fr" / "LC_MESSAGES" / "messages.mo"
    assert b"Besoins" in mo.read_bytes()
    write("Les besoins", 2_000_000_000)
    compile_catalogues(source, target)
    assert b"Les besoins" in mo.read_bytes()


def test_without_compiled_catalogues_no_language_choice_is_offered(db_url, tmp_path):
    from models import db
    from webapp import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                      "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)})  # fmt: skip
    try:
        assert 'name="language"' not in app.test_client().get("/").get_data(as_text=True)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_choosing_an_offered_language_returns_to_the_page(client):
    answer = client.post("/language", data={"language": "en", "next": "/offers/?q=csirt"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/offers/?q=csirt"


@pytest.mark.parametrize("elsewhere", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_the_language_choice_never_sends_the_reader_elsewhere(client, elsewhere):
    answer = client.post("/language", data={"language": "en", "next": elsewhere})
    assert answer.headers["Location"] == "/"


def test_a_language_that_is_not_offered_is_refused(client):
    answer = client.post("/language", data={"language": "tlh", "next": "/"})
    assert answer.status_code == 400
    assert "This language is not offered." in answer.get_data(as_text=True)


@pytest.fixture
def french(tmp_path):
    """A compiled French catalogue with a few of the interface's messages, in its own folder."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="fr")
    for english, french in [("Needs", "Besoins"), ("Sign in", "Se connecter")]:
        catalog.add(english, french)
    folder = tmp_path / "translations" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as out:
        write_mo(out, catalog)
    return str(tmp_path / "translations")


@pytest.fixture
def french_app(db_url, french):
    """The app with the French test catalogue; its connections are closed after the test."""
    from models import db
    from webapp import create_app

    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url, "WTF_CSRF_ENABLED": False}
    app = create_app({**config, "BABEL_TRANSLATION_DIRECTORIES": french})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    # Flask-Babel keeps the translations it loaded on the one Babel object that every app of
    # the process shares: forget this test catalogue, or later apps would speak its French
    from webapp.i18n import babel

    babel.domain_instance.cache.clear()


@pytest.fixture
def french_client(french_app):
    return french_app.test_client()


def test_a_compiled_catalogue_is_offered_and_the_browser_language_chosen(french_client):
    page = french_client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).text
    assert '<html lang="fr" dir="ltr">' in page
    assert ">Besoins</a>" in page
    assert "Se connecter" in page
    assert '<option value="fr" lang="fr" selected>Français</option>' in page


def test_the_language_chosen_in_the_header_outweighs_the_browser(french_client):
    assert french_client.post("/language", data={"language": "fr", "next": "/"}).status_code == 302
    page = french_client.get("/", headers={"Accept-Language": "en"}).text
    assert ">Besoins</a>" in page


def test_a_signed_in_users_choice_is_kept_for_the_next_visits(french_app, session):
    from models import User
    from tests.factories import make_user

    user = make_user(session, email="ana@senegal.example")
    session.commit()
    app = french_app
    first = app.test_client()
    signed_in = first.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302
    assert first.post("/language", data={"language": "fr", "next": "/"}).status_code == 302
    session.expire_all()
    assert session.get(User, user.id).locale == "fr"

    later = app.test_client()  # another visit: a new session, an English browser
    later.post("/auth/login", data={"email": user.email, "password": "correct horse battery"})
    assert ">Besoins</a>" in later.get("/", headers={"Accept-Language": "en"}).text
    assert ">Needs</a>" in app.test_client().get("/", headers={"Accept-Language": "en"}).text


def test_a_language_chosen_before_signing_in_survives_the_sign_in(french_app, session):
    from tests.factories import make_user

    user = make_user(session, email="awa@senegal.example")
    session.commit()
    visit = french_app.test_client()
    assert visit.post("/language", data={"language": "fr", "next": "/"}).status_code == 302
    signed_in = visit.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302
    assert ">Besoins</a>" in visit.get("/", headers={"Accept-Language": "en"}).text
