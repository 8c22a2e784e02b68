"""The eligibility picker's single States and the date fields without script: what the server
reads from the text box (codes, names in any UN language, several values) and what it says of a
word or a date it cannot read, with the input kept and nothing saved."""

from __future__ import annotations

import html as markup
import json
import re

import pytest
from sqlalchemy import select

from models import Offer
from tests.web.test_offers import form_data, offer_count, sign_in


@pytest.fixture
def as_provider(app, provider):
    return sign_in(app, provider)


def saved_eligible(session, response) -> list[str]:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    ref = response.headers["Location"].rsplit("/", 1)[1]
    session.expire_all()
    return session.scalars(select(Offer.eligible).where(Offer.ref == ref)).one()


def box(page: str) -> str:
    """The value of the States text box, as the page shows it."""
    found = re.search(r'<input[^>]*id="eligible_states"[^>]*>', page)
    assert found, "no States box"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return markup.unescape(value.group(1)) if value else ""


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("KEN, jam", ["KEN", "JAM"]),  # codes, any case
        ("Kenya; Jamaica", ["KEN", "JAM"]),  # English names, semicolons
        ("Turkiye, sao tome and principe", ["TUR", "STP"]),  # accents and case ignored
        ("  sénégal ,  Kenya, KEN ", ["SEN", "KEN"]),  # French name, spaces, once each
        ("Кения، 牙买加", ["KEN", "JAM"]),  # Russian and Chinese names, an Arabic comma
    ],
)
def test_states_typed_as_codes_or_names_are_saved_as_codes(as_provider, session, typed, codes):
    response = as_provider.post(
        "/offers/new", data=form_data(eligible_groups=None, eligible_states=typed)
    )
    assert saved_eligible(session, response) == codes


def test_an_unknown_state_is_named_the_text_kept_and_nothing_saved(as_provider, session):
    typed = "Kenya, Atlantis, Jamaica, XYZ"
    response = as_provider.post(
        "/offers/new", data=form_data(eligible_groups=None, eligible_states=typed)
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = (
        "“Atlantis”, “XYZ” are not States cbmatch knows. Write ISO3 codes or State names, "
        "separated by commas, e.g. KEN, Jamaica."
    )
    assert message in page
    assert 'href="#eligible_states"' in page  # the summary links to the box
    assert f"Single States: {message}" in page  # and names the field
    assert box(page) == typed  # exactly as typed
    assert offer_count(session) == 0


def test_the_old_multiple_values_are_still_read(as_provider, session):
    response = as_provider.post(
        "/offers/new", data=form_data(eligible_groups=None, eligible_states=["KEN", "GHA"])
    )
    assert saved_eligible(session, response) == ["KEN", "GHA"]


def test_counting_reads_the_typed_names_and_the_edit_page_shows_them(as_provider):
    counted = as_provider.post(
        "/offers/new", data=form_data(action="preview", eligible_states="Kenya, PER")
    ).get_data(as_text=True)
    assert "Open to SIDS, Kenya, Peru: 40 States" in counted

    response = as_provider.post("/offers/new", data=form_data(eligible_states="ken, per"))
    ref = response.headers["Location"].rsplit("/", 1)[1]
    page = as_provider.get(f"/offers/{ref}/edit").get_data(as_text=True)
    assert box(page) == "Kenya, Peru"  # names, in the reader's language
    # (in the reader's language: tests/e2e/test_state_picker_pages.py shows it in Arabic)


def test_the_page_gives_the_script_the_states_and_its_words(as_provider):
    page = as_provider.get("/offers/new", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="eligibility-states">(.*?)</script>',
                      page, re.S)  # fmt: skip
    assert found
    data = json.loads(found.group(1))
    assert len(data["states"]) == 195
    assert ["KEN", "Kenya"] in data["states"]
    assert data["words"]["chosen"] == {
        "one": "%(num)d State chosen",
        "other": "%(num)d States chosen",
    }
    assert data["words"]["none"] == "No State matches %(text)s."
    assert "data-state-picker" in page
    assert 'src="/static/js/state-picker.js"' in page


# --- dates ---------------------------------------------------------------------------------


def test_date_fields_are_date_inputs_within_the_range(as_provider):
    page = as_provider.get("/offers/new").get_data(as_text=True)
    for name in ("start", "end"):
        tag = re.search(rf'<input[^>]*id="{name}"[^>]*>', page).group(0)
        assert 'type="date"' in tag
        assert 'min="2000-01-01"' in tag
        assert 'max="2100-12-31"' in tag


def test_a_date_typed_wrong_comes_back_as_text_with_its_field_named(as_provider, session):
    response = as_provider.post("/offers/new", data=form_data(start="1/2/2027", end="2027-11-30"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    tag = re.search(r'<input[^>]*id="start"[^>]*>', page).group(0)
    assert 'type="text"' in tag
    assert 'value="1/2/2027"' in tag
    assert (
        "From must be a date written as YYYY-MM-DD, e.g. 2027-03-01; “1/2/2027” is not one." in page
    )
    end = re.search(r'<input[^>]*id="end"[^>]*>', page).group(0)
    assert 'type="date"' in end
    assert 'value="2027-11-30"' in end
    assert offer_count(session) == 0


def test_the_need_form_asks_for_dates_languages_and_modality_as_the_offer_form(
    client, as_rep, as_provider
):
    need = as_rep.get("/survey/needs/new").get_data(as_text=True)
    offer = as_provider.get("/offers/new").get_data(as_text=True)
    for page in (need, offer):
        assert re.search(r'<label for="start">From</label>', page)
        assert re.search(r'<label for="end">Until</label>', page)
        assert re.search(r'<input[^>]*id="start"[^>]*type="date"|type="date"[^>]*id="start"', page)
        assert "<legend>Languages</legend>" in page
        assert '<label for="other_languages">Other languages</label>' in page
        assert "<legend>Modality</legend>" in page
        assert 'type="radio"' in page
        assert 'name="modality"' in page
        assert "<legend>Dates</legend>" in page
    assert "Start date" not in need
    assert "Available from" not in offer


def test_a_need_date_typed_wrong_is_kept_and_named(as_rep):
    response = as_rep.post(
        "/survey/needs/new",
        data={"title": "Incident response", "description": "A national CSIRT.",
              "topics": ["incident-response"], "start": "2027-02-30", "action": "save"},
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    tag = re.search(r'<input[^>]*id="start"[^>]*>', page).group(0)
    assert 'type="text"' in tag
    assert 'value="2027-02-30"' in tag
    message = "From must be a date written as YYYY-MM-DD, e.g. 2027-03-01; “2027-02-30” is not one."
    assert f'id="start-error">{message}' in page
    assert f'<a href="#start">{message}</a>' in page  # the summary too, naming the field once


def test_many_unknown_words_are_named_five_at_most(as_provider, session):
    typed = ", ".join(f"Nowhere{i}" for i in range(1, 8)) + ", " + "X" * 300
    page = as_provider.post(
        "/offers/new", data=form_data(eligible_groups=None, eligible_states=typed)
    ).get_data(as_text=True)
    assert "“Nowhere1”, “Nowhere2”, “Nowhere3”, “Nowhere4”, “Nowhere5”, … are not States" in page
    assert "“Nowhere6”" not in page
    assert box(page) == typed
    assert offer_count(session) == 0
