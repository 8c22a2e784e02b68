"""Needs and offers keep the language they are written in: stored, chosen, imported, shown."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from models import Need, Offer, Organisation, Role
from models.organisation import ProviderType
from tests.factories import make_need, make_offer, make_user, need_record
from tests.survey_support import login, need_form
from webapp.services.interchange.operations import import_records

FRENCH = {
    "title": "Renforcement des capacités du CERT national",
    "description": "Formation des analystes à la réponse aux incidents informatiques et à "
    "l'analyse des logiciels malveillants.",
}
ARABIC = {
    "title": "بناء القدرات في مجال الاستجابة للحوادث السيبرانية",
    "description": "تدريب المحللين في الفريق الوطني على تحليل البرمجيات الخبيثة.",
}


def opening_tag(page: str, text: str) -> str:
    """The opening tag of the element whose text starts with ``text`` (escaped as the page)."""
    found = [
        tag
        for tag in re.findall(r"<\w+[^<>]*>(?=" + re.escape(text[:20]) + ")", page)
        if not tag.startswith("<title")
    ]
    assert found, text
    return found[0]


def selected(page: str, name: str) -> str:
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    option = re.search(r'<option selected value="([^"]*)"', select_html) or re.search(
        r'<option value="([^"]*)" selected', select_html
    )
    return option.group(1) if option else ""


def test_a_need_written_in_french_is_marked_french_on_its_page_and_in_the_list(client, session):
    need = make_need(session, i=1, confidential=False, **FRENCH)
    session.commit()
    assert need.text_language == "fr"
    page = client.get(f"/needs/{need.ref}").get_data(as_text=True)
    assert 'lang="fr" dir="ltr"' in opening_tag(page, FRENCH["title"])
    assert 'lang="fr" dir="ltr"' in opening_tag(page, FRENCH["description"])
    listing = client.get("/needs/").get_data(as_text=True)
    assert re.search(rf'<h2 lang="fr" dir="ltr"><a href="/needs/{need.ref}">', listing)
    assert 'lang="fr"' in opening_tag(listing, FRENCH["description"])


def test_arabic_text_reads_right_to_left_and_unknown_text_is_left_to_the_browser(client, session):
    arabic = make_need(session, i=1, confidential=False, **ARABIC)
    short = make_need(session, i=2, confidential=False, title="SOC", description="PKI")
    session.commit()
    page = client.get(f"/needs/{arabic.ref}").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in opening_tag(page, ARABIC["title"])
    page = client.get(f"/needs/{short.ref}").get_data(as_text=True)
    assert '<h1 class="prose" dir="auto">SOC</h1>' in page


def test_the_written_in_choice_outweighs_detection_and_survives_an_edit(client, session, rep):
    login(client, rep)
    # English text, said to be Spanish (say, a Spanish text still being written).
    response = client.post("/survey/needs/new", data=need_form(text_language="es"))
    assert response.status_code == 302
    need = session.scalars(select(Need)).one()
    assert need.text_language == "es"
    form = client.get(f"/survey/needs/{need.ref}/edit").get_data(as_text=True)
    assert selected(form, "text_language") == "es"
    listing = client.get("/survey/needs").get_data(as_text=True)
    assert 'lang="es"' in opening_tag(listing, "Malware analysis")
    # Back to "Detect automatically": the English text is detected as English.
    edit = need_form(text_language="", version=str(need.version))
    assert client.post(f"/survey/needs/{need.ref}/edit", data=edit).status_code == 302
    session.expire_all()
    assert need.text_language == "en"
    form = client.get(f"/survey/needs/{need.ref}/edit").get_data(as_text=True)
    assert selected(form, "text_language") == ""
    assert "Detect automatically" in form


def test_an_offer_form_detects_or_takes_the_providers_word(app, session):
    session.add(Organisation(name="Open Cyber Academy", type=ProviderType.ACADEMIA))
    session.flush()
    user = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy")
    session.commit()
    client = app.test_client()
    login(client, user)
    data = {
        **FRENCH,
        "topics": ["incident-response"],
        "support_types": ["training"],
        "languages": "fr",
        "modality": "remote",
        "capacity": "2",
        "action": "save",
    }
    assert client.post("/offers/new", data=data).status_code == 302
    offer = session.scalars(select(Offer)).one()
    assert offer.text_language == "fr"
    page = client.get(f"/offers/{offer.ref}").get_data(as_text=True)
    assert 'lang="fr" dir="ltr"' in opening_tag(page, FRENCH["description"])
    edit = {**data, "text_language": "ar", "version": str(offer.version)}
    assert client.post(f"/offers/{offer.ref}/edit", data=edit).status_code == 302
    session.expire_all()
    assert offer.text_language == "ar"


def test_an_import_detects_new_text_and_keeps_an_unchanged_texts_language(session):
    records = [need_record(1, **FRENCH), need_record(2, **ARABIC), need_record(3)]
    import_records(session, "needs", [(str(i), r) for i, r in enumerate(records)])
    stored = dict(session.execute(select(Need.ref, Need.text_language)).all())
    assert [stored[r["ref"]] for r in records] == ["fr", "ar", "en"]
    # An author's choice on an unchanged text survives a re-import; new text is detected.
    session.execute(update(Need).where(Need.ref == records[0]["ref"]).values(text_language="es"))
    records[0]["priority"] = "low"
    records[1] = {**records[1], **FRENCH}
    result = import_records(session, "needs", [(str(i), r) for i, r in enumerate(records)])
    assert (result.updated, result.unchanged) == (2, 1)
    stored = dict(session.execute(select(Need.ref, Need.text_language)).all())
    assert [stored[r["ref"]] for r in records] == ["es", "fr", "en"]


def test_init_fills_the_languages_of_records_stored_before_detection(cbmatch, session):
    need = make_need(session, **FRENCH)
    offer = make_offer(session, **ARABIC)
    session.execute(update(Need).values(text_language=None))
    session.execute(update(Offer).values(text_language=None))
    session.commit()
    result = cbmatch("init")
    assert result.code == 0, result.stderr
    session.expire_all()
    assert (need.text_language, offer.text_language) == ("fr", "ar")
