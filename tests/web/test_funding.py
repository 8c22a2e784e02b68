"""Funding on needs and offers: typed as a reader writes amounts, stored whole, shown with its
currency code."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from models import Need, Offer
from tests.survey_support import need_form
from tests.web.test_offers import form_data, sign_in


def shown(response) -> str:
    text = re.sub(r"<[^>]+>", "", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(text).replace("\xa0", " "))


def test_a_state_says_its_need_requires_25000_euros_and_everyone_sees_the_estimate(
    as_rep, client, session
):
    saved = as_rep.post("/survey/needs/new", data=need_form(
        title="Forensic workstations", funding_required="y", funding_amount="25 000",
        funding_currency="EUR"))  # fmt: skip

    assert saved.status_code == 302
    need = session.scalar(select(Need).where(Need.title == "Forensic workstations"))
    assert (need.funding_required, need.funding_amount, need.funding_currency) == (
        True, 25_000, "EUR")  # fmt: skip
    edit = as_rep.get(f"/survey/needs/{need.ref}/edit").get_data(as_text=True)
    assert 'value="25000"' in edit
    assert re.search(r'<option[^>]*selected[^>]*value="EUR"|<option[^>]*value="EUR"[^>]*selected',
                     edit)  # fmt: skip


def test_a_need_may_require_funding_without_an_estimate(as_rep, session):
    as_rep.post("/survey/needs/new", data=need_form(title="Lab kit", funding_required="y"))

    need = session.scalar(select(Need).where(Need.title == "Lab kit"))
    assert (need.funding_required, need.funding_amount) == (True, None)


def test_an_open_needs_page_shows_the_estimate_in_the_readers_numbers(as_rep, client, session):
    from tests.survey_support import maturity_form

    as_rep.post("/survey/maturity", data=maturity_form())
    as_rep.post("/survey/needs/new", data=need_form(
        title="Servers for the CERT", funding_required="y", funding_amount="1,250,000",
        funding_currency="USD"))  # fmt: skip
    as_rep.post("/survey/review", data={})
    need = session.scalar(select(Need).where(Need.title == "Servers for the CERT"))

    assert "Funding: required, about 1,250,000 USD" in shown(client.get(f"/needs/{need.ref}"))


def test_an_offer_brings_funding_and_its_page_says_how_much(app, provider, client, session):
    as_provider = sign_in(app, provider)
    response = as_provider.post("/offers/new", data=form_data(
        funding_amount="40000", funding_currency="GBP"))  # fmt: skip
    ref = response.headers["Location"].rsplit("/", 1)[1]

    offer = session.scalar(select(Offer).where(Offer.ref == ref))
    assert (offer.funding_amount, offer.funding_currency) == (40_000, "GBP")
    assert "Funding it brings: 40,000 GBP" in shown(client.get(f"/offers/{ref}"))
    refused = as_provider.post("/offers/new", data=form_data(funding_currency="GBP",
                                                              title="Kept 55"))  # fmt: skip
    assert refused.status_code == 422
    assert "Funding it brings is required with a currency." in shown(refused)
    assert 'value="Kept 55"' in refused.get_data(as_text=True)
