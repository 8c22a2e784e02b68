"""Small holes found by probing the site with odd input (issue 16, item 11): redirect targets
that leave the site, titles nobody can see, and IDs written in other digits."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from models import Match, Role
from tests.factories import client_for_role, make_need, make_offer, make_user
from tests.record_forms import event_form, need_form
from webapp.services.bounds import shows_nothing

PW = "correct horse battery"

#: Paths that browsers read as another site: they drop tabs and line breaks from a URL and
#: take a backslash for a slash, so "/\t/evil.example" is "//evil.example".
OFF_SITE = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "//evil.example/",
    "https://evil.example/",
    " /\t/evil.example/",
]


@pytest.fixture
def fiji(app, session):
    """A State representative of Fiji signed in, with a need, and an offer open to it."""
    need = make_need(session, state="FJI", languages=["en"], modality="remote")
    offer = make_offer(session, eligible=["SIDS"], languages=["en"], capacity=2)
    make_user(session, role=Role.STATE, state_code="FJI", email="fiji@example.org")
    session.commit()
    client = app.test_client()
    signed_in = client.post("/auth/login", data={"email": "fiji@example.org", "password": PW})
    assert signed_in.status_code == 302
    return client, need, offer


def stays_on_site(location: str) -> bool:
    cleaned = "".join(ch for ch in location if ch not in "\t\r\n ").replace("\\", "/")
    return cleaned.startswith("/") and not cleaned.startswith("//")


@pytest.mark.parametrize("back", OFF_SITE)
def test_the_matches_back_parameter_never_leaves_the_site(fiji, back):
    client, _need, offer = fiji
    response = client.post("/matches/request", data={"offer": offer.ref, "need": "N-NONE",
                                                     "back": back})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == f"/offers/{offer.ref}"


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_language_switch_never_leaves_the_site(client, target):
    response = client.post("/language", data={"language": "fr", "next": target})
    assert response.status_code == 302
    assert stays_on_site(response.headers["Location"]), response.headers["Location"]


def test_a_path_on_the_site_is_still_followed(fiji):
    client, _need, offer = fiji
    response = client.post("/matches/request", data={"offer": offer.ref, "need": "N-NONE",
                                                     "back": "/offers/?page=2"})  # fmt: skip
    assert response.headers["Location"] == "/offers/?page=2"
    switched = client.post("/language", data={"language": "fr", "next": "/calendar?month=2027-03"})
    assert switched.headers["Location"] == "/calendar?month=2027-03"


# --- titles nobody can see ------------------------------------------------------------------

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def test_the_need_form_refuses_a_title_of_invisible_characters(as_rep):
    response = as_rep.post("/survey/needs/new", data=need_form(title=INVISIBLE))
    assert response.status_code == 422
    assert "only invisible characters" in response.get_data(as_text=True)


def test_the_event_form_refuses_a_title_of_invisible_characters(app, session):
    client = client_for_role(app, session, Role.FOCAL_POINT)
    response = client.post("/calendar/events/new", data=event_form(title="\u200b \u3164"))
    assert response.status_code == 422
    assert "only invisible characters" in response.get_data(as_text=True)


# --- IDs in other digits --------------------------------------------------------------------


def other_digits(number: int) -> list[str]:
    """The number in Arabic-Indic, fullwidth and Devanagari digits (int() reads all three)."""
    text = str(number)
    return [
        text.translate({ord("0") + i: base + i for i in range(10)})
        for base in (0x0660, 0xFF10, 0x0966)
    ]


def test_a_match_id_in_other_digits_is_not_found(fiji, session):
    client, need, offer = fiji
    sent = client.post("/matches/request", data={"offer": offer.ref, "need": need.ref})
    assert sent.status_code == 302
    match_id = session.scalars(select(Match.id)).one()
    assert client.get(f"/matches/{match_id}").status_code == 200
    for digits in other_digits(match_id):
        assert client.get(f"/matches/{digits}").status_code == 404, digits
        note = client.post(f"/matches/{digits}/note", data={"note": "x"})
        assert note.status_code == 404, digits
    assert client.get("/matches/99999999999999999999").status_code == 404


def test_an_account_id_in_other_digits_is_not_found(app, session):
    admin = client_for_role(app, session, Role.ADMIN)
    user = make_user(session, email="someone@example.org")
    session.commit()
    assert admin.get(f"/admin/accounts/{user.id}").status_code == 200
    for digits in other_digits(user.id):
        assert admin.get(f"/admin/accounts/{digits}").status_code == 404, digits


def test_every_space_and_character_that_draws_nothing_counts_as_invisible():
    spaces = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in {"Zs", "Zl", "Zp"}]
    assert len(spaces) >= 19  # 17 spaces, the line and the paragraph separator
    assert all(shows_nothing(ch) for ch in spaces)
    assert shows_nothing("\u200b\u2060\ufeff\u180e\U000e0041\ufe0f\u3164")
    assert not shows_nothing("\u0600")  # the Arabic number sign is a format character that shows
    assert not shows_nothing("\u200bA")
    assert not shows_nothing("\u0301")  # a combining accent alone is drawn (on a dotted circle)
