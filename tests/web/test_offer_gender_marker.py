"""The OECD DAC gender equality policy marker on offers: the form, the page, the list's filter."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from models import Offer
from tests.factories import make_offer
from tests.web.test_cmm_factors import in_language
from tests.web.test_offers import form_data, offer_count, sign_in


@pytest.fixture
def as_provider(app, provider):
    return sign_in(app, provider)


def checked_marker(page: str) -> str | None:
    """The value of the gender marker radio that is checked, or None."""
    for tag in re.findall(r'<input[^>]*name="gender_marker"[^>]*>', page):
        if " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def test_the_form_explains_the_marker_and_starts_not_screened(as_provider):
    page = as_provider.get("/offers/new").get_data(as_text=True)

    assert "OECD DAC gender equality policy marker" in page
    assert "Gender equality is the main objective of the offer and shapes its design." in page
    assert checked_marker(page) == ""


def test_a_provider_marks_an_offer_principal_and_everyone_sees_it(as_provider, client, session):
    response = as_provider.post("/offers/new", data=form_data(gender_marker="2"))
    ref = response.headers["Location"].rsplit("/", 1)[1]

    offer = session.scalar(select(Offer).where(Offer.ref == ref))
    assert offer.gender_marker == 2
    assert "Gender equality:</strong> Principal (2)" in client.get(f"/offers/{ref}").get_data(
        as_text=True
    )
    edit = as_provider.get(f"/offers/{ref}/edit").get_data(as_text=True)
    assert checked_marker(edit) == "2"


def test_an_offer_left_unscreened_says_so_and_an_edit_can_clear_a_marker(
    as_provider, client, session
):
    ref = (
        as_provider.post("/offers/new", data=form_data(gender_marker="1"))
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    offer = session.scalar(select(Offer).where(Offer.ref == ref))

    as_provider.post(
        f"/offers/{ref}/edit", data=form_data(gender_marker="", version=str(offer.version))
    )

    session.expire_all()
    assert session.scalar(select(Offer.gender_marker).where(Offer.ref == ref)) is None
    assert "Gender equality:</strong> Not screened" in client.get(f"/offers/{ref}").get_data(
        as_text=True
    )


def test_a_marker_out_of_range_is_named_kept_and_nothing_is_written(as_provider, session):
    before = offer_count(session)

    response = as_provider.post(
        "/offers/new", data=form_data(gender_marker="3", title="Kept title 77")
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "is not 0 (not targeted), 1 (significant) or 2 (principal)" in page
    assert "Kept title 77" in page
    assert offer_count(session) == before


def test_the_list_filters_offers_whose_marker_is_one_or_two_or_only_two(client, session):
    for i, marker in enumerate([None, 0, 1, 2, 2]):
        make_offer(session, ref=f"O-G-{i}", title=f"Gender course number {i}", gender_marker=marker)
    session.commit()

    def listed(query: str) -> set[str]:
        page = client.get(f"/offers/?{query}").get_data(as_text=True)
        return {f"O-G-{i}" for i in range(5) if f"O-G-{i} ·" in page}

    assert listed("") == {f"O-G-{i}" for i in range(5)}
    assert listed("gender=1") == {"O-G-2", "O-G-3", "O-G-4"}
    assert listed("gender=2") == {"O-G-3", "O-G-4"}
    unknown = client.get("/offers/?gender=9").get_data(as_text=True)
    assert "gender marker" in unknown
    assert "O-G-0 ·" in unknown  # the unknown value is ignored, not applied


def test_the_choices_and_the_error_are_in_the_readers_language(as_provider, session):
    in_language(as_provider, "fr")
    form = as_provider.get("/offers/new").get_data(as_text=True)
    refused = as_provider.post("/offers/new", data=form_data(gender_marker="7"))

    assert "Significatif (1)" in form
    assert "Significant (1)" not in form
    assert "'7' n'est ni 0 (non ciblé), ni 1 (significatif), ni 2 (principal)." in html.unescape(
        refused.get_data(as_text=True)
    )
