"""Reference data in the reader's language: State names, labels, areas, groups and stages.

The stored values (English M49 names, slugs, ISO3 codes) stay what filters and links use; only
what the reader sees changes, and lists of names follow the order of the reader's language.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest

from models import Role
from tests.factories import make_offer, make_user, state
from webapp.services.directory.contacts import (
    ContactFilters,
    ContactInput,
    create_contact,
    search_contacts,
)
from webapp.services.language import Speaker, name, speaking
from webapp.services.needs import operations as need_service
from webapp.services.needs import survey as survey_service

PASSWORD = "correct horse battery"


def page(client, url: str, lang: str) -> str:
    return unescape(client.get(url, headers={"Accept-Language": lang}).get_data(as_text=True))


def options(html: str, select_name: str) -> list[str]:
    """The visible labels of a <select>'s options, in page order."""
    found = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no select {select_name}"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", found[1])]


def optgroups(html: str, select_name: str) -> dict[str, list[str]]:
    found = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no select {select_name}"
    return {
        group: re.findall(r"<option[^>]*>([^<]*)</option>", body)
        for group, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', found[1], re.S)
    }


@pytest.fixture
def egypt(session):
    """Egypt with a submitted survey (stage 2 in every dimension) and one open need."""
    rep = make_user(session, email="rep@egypt.example", state_code="EGY")
    egy = state(session, "EGY")
    dims = ("policy-strategy", "culture-society", "knowledge-capabilities", "legal-regulatory",
            "standards-technologies")  # fmt: skip
    survey_service.save_maturity(session, egy, dict.fromkeys(dims, (2, "")), actor=rep)
    raw = {"title": "Awareness week", "description": "A week of awareness.",
           "topics": ["awareness"], "support_types": ["training"]}  # fmt: skip
    need_service.create_need(session, egy, need_service.check_need(session, egy, raw), actor=rep)
    survey_service.submit_survey(session, egy, actor=rep)
    session.commit()
    return rep


@pytest.mark.parametrize(
    ("lang", "name", "area", "topic"),
    [
        ("fr", "Égypte", "Afrique septentrionale", "Sensibilisation"),
        ("zh", "埃及", "北非", "提高认识"),
        ("ar", "مصر", "شمال أفريقيا", "التوعية"),
        ("en", "Egypt", "Northern Africa", "Awareness raising"),
    ],
)
def test_a_state_profile_names_the_state_its_region_and_topics_in_the_readers_language(
    client, egypt, lang, name, area, topic
):
    html = page(client, "/states/EGY", lang)
    assert f"<h1>{name}</h1>" in html
    assert area in html
    needs = page(client, "/needs/", lang)
    assert name in needs
    assert topic in needs


def test_stages_dimensions_and_groups_are_translated_on_the_profile(client, egypt):
    # The first request speaks French: the tests' shared app context keeps the locale it chose.
    headers = {"Accept-Language": "fr"}
    client.post("/auth/login", data={"email": "rep@egypt.example", "password": PASSWORD},
                headers=headers)  # fmt: skip
    html = page(client, "/states/EGY", "fr")
    assert "Culture de la cybersécurité et société" in html
    assert "2 · Formatif" in html
    assert "formative" not in html
    html = page(client, "/states/HTI", "fr")
    assert 'title="Pays les moins avancés">PMA</span>' in html  # Haiti is an LDC
    assert "Amériques \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Amérique latine" in html


def test_a_state_picker_sorts_names_as_the_readers_language_does(client):
    french = options(page(client, "/auth/register", "fr"), "state")
    assert french.index("Danemark") < french.index("Égypte") < french.index("Espagne")
    assert french.index("Égypte") < french.index("Zambie")  # not after Z, as byte order would
    chinese = options(page(client, "/auth/register", "zh"), "state")
    # Pinyin order (ICU zh): Afuhan, Aiji ... Zhongguo, though 中 comes before 阿 in Unicode.
    assert chinese.index("阿富汗") < chinese.index("埃及") < chinese.index("中国")
    english = options(page(client, "/auth/register", "en"), "state")
    assert english.index("Denmark") < english.index("Egypt") < english.index("Zambia")


def test_filters_keep_english_values_and_show_translated_labels(client):
    html = page(client, "/needs/", "fr")
    topics = optgroups(html, "topic")
    assert (
        "Sensibilisation"
        in topics["Développement des connaissances et des capacités en cybersécurité"]
    )
    regions = optgroups(html, "region")
    assert regions["Régions"] == ["Afrique", "Amériques", "Asie", "Europe", "Océanie"]
    assert '<option value="Northern Africa">Afrique septentrionale</option>' in html
    assert '<option value="SIDS">PEID</option>' in html
    # The English value still filters.
    assert (
        client.get("/needs/?region=Northern+Africa", headers={"Accept-Language": "fr"}).status_code
        == 200
    )


def test_the_calendar_page_is_translated_but_its_ical_feed_stays_english(client, session):
    soon = date.today() + timedelta(days=10)
    make_offer(session, i=1, title="Incident clinic", eligible=["Western Africa", "EGY"],
               start=soon.isoformat(), end=(soon + timedelta(days=2)).isoformat())  # fmt: skip
    session.commit()
    listing = page(client, "/calendar/list", "fr")
    assert "Afrique occidentale, Égypte" in listing
    feed = page(client, "/calendar.ics", "fr").replace("\r\n ", "").replace("\\,", ",")
    assert "Western Africa, Egypt" in feed
    assert "Afrique" not in feed


def test_the_contacts_directory_lists_states_in_the_readers_order(session):
    for iso3 in ("ZMB", "EGY", "ESP", "DNK"):
        create_contact(
            session,
            state(session, iso3),
            ContactInput("technical", f"Contact {iso3}", "Lead", "CERT", f"cert@{iso3}.example"),
            actor=None,
        )
    focal = make_user(session, role=Role.FOCAL_POINT, email="focal@example.org")
    session.commit()

    def listed(code: str) -> list[str]:
        with speaking(Speaker(code)):
            found = search_contacts(session, focal, ContactFilters(), per_page=10)
            return [name(c.state) for c in found.items]

    assert listed("fr") == ["Danemark", "Égypte", "Espagne", "Zambie"]
    assert listed("en") == ["Denmark", "Egypt", "Spain", "Zambia"]
