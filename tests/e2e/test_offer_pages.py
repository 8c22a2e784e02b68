"""Offers and public browsing in Chromium: lists, filters, detail pages and the offer form."""

from __future__ import annotations

import re

import pytest

from seed_data import reference
from tests.e2e.languages import sign_in_any_language, speaking
from tests.e2e.support import (
    choose_states,
    clear_states,
    click,
    fits_phone,
    public_open_needs,
    sign_in,
)

pytestmark = pytest.mark.e2e

PROVIDER = "mere.ratuvou@cbmatch.example"  # Pacific Digital Safety Collective
KENYA = "wanjiru.kamau@cbmatch.example"


def count_line(page) -> str:
    return page.locator("[data-result-count]").inner_text()


def test_a_visitor_browses_filters_and_opens_needs_and_offers(page, live_server, screenshot):
    public = public_open_needs()

    page.goto(live_server + "/needs/")
    assert page.title() == "Needs · cbmatch"
    assert count_line(page).startswith(f"{len(public)} open needs")
    assert (page.locator("a[aria-current=page]").text_content() or "").strip() == "Needs"
    screenshot(page, "needs-list")
    assert fits_phone(page)

    page.select_option("#region", "Oceania")
    click(page, "button:text-is('Show')")
    in_oceania = {c for c, s in reference.states().items() if s.region == "Oceania"}
    oceania = [n for n in public if n["state"] in in_oceania]
    assert "region=Oceania" in page.url
    assert count_line(page).startswith(f"{len(oceania)} open need")
    names = {s.names["en"] for c, s in reference.states().items() if c in in_oceania}
    kickers = page.locator(".cards .card-kicker").all_inner_texts()
    assert len(kickers) == len(oceania)
    assert all(any(name in k for name in names) for k in kickers)

    page.fill("#q", "zzqx-nothing-like-this")
    click(page, "button:text-is('Show')")
    assert page.locator(".empty").inner_text().startswith("No need matches these filters")
    screenshot(page, "needs-empty")
    click(page, ".empty >> text=Clear the filters")
    assert count_line(page).startswith(f"{len(public)} open needs")

    click(page, ".cards h2 a >> nth=0")
    assert page.url.startswith(live_server + "/needs/N-")
    assert page.locator("h2:text-is('What is needed')").is_visible()
    screenshot(page, "need-detail")
    assert fits_phone(page)

    response = page.goto(live_server + "/needs/N-2026-006")  # confidential (Burkina Faso)
    assert response.status == 404

    page.goto(live_server + "/offers/?topic=no-such-topic&page=abc")
    assert "This topic is not known to cbmatch" in page.content()
    assert count_line(page).startswith("70 open offers")
    screenshot(page, "offers-list")
    assert fits_phone(page)
    click(page, ".cards h2 a >> nth=0")
    assert page.locator("[data-eligibility-summary]").inner_text().startswith("Who may receive it")
    screenshot(page, "offer-detail")
    assert fits_phone(page)


def test_a_provider_posts_an_offer_with_a_live_state_count_then_closes_it(
    page, live_server, screenshot
):
    sign_in(page, live_server, PROVIDER)
    click(page, "nav >> text=My offers")
    screenshot(page, "my-offers")
    click(page, "text=Post an offer >> nth=0")
    assert page.title() == "Post an offer · cbmatch"
    counter = page.locator("[data-eligibility-count]").first
    bottom = page.locator("[data-eligibility-count]").last
    assert counter.inner_text() == "Open to all 195 States"
    assert page.locator("[data-eligibility-preview]").is_hidden()  # the count is live

    page.check("input[name=eligible_groups][value=SIDS]")
    assert counter.inner_text() == "Open to SIDS: 38 States"
    assert bottom.inner_text() == "Open to SIDS: 38 States"  # repeated below the State list
    page.check("input[name=eligible_intermediate][value='Western Africa']")
    assert re.fullmatch(r"Open to SIDS, Western Africa: \d+ States", counter.inner_text())
    page.uncheck("input[name=eligible_intermediate][value='Western Africa']")
    assert counter.inner_text() == "Open to SIDS: 38 States"
    choose_states(page, "KEN", "JAM")  # Jamaica is a SIDS already
    assert counter.inner_text() == "Open to SIDS, Kenya, Jamaica: 39 States"  # in the order chosen
    clear_states(page)
    assert counter.inner_text() == "Open to SIDS: 38 States"

    # Submitted with no title and an end before the start: errors, input kept, counter kept.
    page.fill("#description", "Two-week incident-handling course for national CSIRT staff.")
    page.fill("#start", "2027-06-01")
    page.fill("#end", "2027-03-01")
    click(page, "button:text-is('Publish the offer')")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#title-error").inner_text() == "Give the offer a title."
    assert (
        page.locator("#end-error").inner_text()
        == "2027-03-01 is before the start date, 2027-06-01."
    )
    assert page.input_value("#description").startswith("Two-week incident-handling")
    assert page.is_checked("input[name=eligible_groups][value=SIDS]")
    assert counter.inner_text() == "Open to SIDS: 38 States"
    screenshot(page, "offer-form-errors")

    page.fill("#title", "Incident-handling course for island CSIRTs")
    page.fill("#end", "2027-12-15")
    page.check("input[name=topics][value=incident-response]")
    page.check("input[name=support_types][value=training]")
    page.check("input[name=languages][value=fr]")
    page.fill("#capacity", "4")
    click(page, "button:text-is('Publish the offer')")
    assert re.search(r"/offers/O-\d{4}-\d{3,}$", page.url)
    ref = page.url.rsplit("/", 1)[1]
    assert "is published. Open to SIDS: 38 States." in page.locator(".flash").inner_text()
    assert "English, French" in page.content()
    screenshot(page, "offer-detail-owner")
    assert fits_phone(page)

    click(page, "text=Edit")
    assert page.input_value("#title") == "Incident-handling course for island CSIRTs"
    assert page.locator("[data-eligibility-count]").first.inner_text() == "Open to SIDS: 38 States"
    screenshot(page, "offer-form")

    page.goto(page.url.replace("/edit", "/close"))
    screenshot(page, "offer-close")
    click(page, "button:text-is('Yes, close the offer')")
    assert page.url.endswith("/offers/mine")
    assert "is closed" in page.locator(".flash").inner_text()
    row = page.locator("tbody tr", has_text=ref)
    assert row.locator("[data-status]").inner_text() == "Closed"
    assert row.get_by_role("link", name="Edit").count() == 0


def test_a_state_sees_its_own_confidential_need_with_the_offers_that_fit_it(
    page, live_server, screenshot
):
    sign_in(page, live_server, KENYA)
    page.goto(live_server + "/needs/?q=intrusion")
    assert "N-2026-018" in page.locator(".cards").inner_text()
    click(page, "text=N-2026-018 >> xpath=.. >> h2 a")
    assert page.locator("h1").inner_text().startswith("Forensic review")
    assert page.locator("h2:text-is('Offers that fit this need best')").is_visible()
    screenshot(page, "need-detail-state")
    assert fits_phone(page)
    assert page.goto(live_server + "/needs/N-2026-006").status == 404  # Burkina Faso's


def test_a_provider_sees_how_its_own_offers_fit_a_need(page, live_server, screenshot):
    sign_in(page, live_server, PROVIDER)
    page.goto(live_server + "/needs/?region=Oceania")
    click(page, ".cards h2 a >> nth=0")
    assert page.locator("h2:text-is('How well your offers fit this need')").is_visible()
    assert page.locator("h2:text-is('Offer your support for this need')").is_visible()
    screenshot(page, "need-detail-provider")
    assert fits_phone(page)


def test_long_words_wrap_at_phone_width(page, live_server):
    sign_in(page, live_server, PROVIDER)
    page.goto(live_server + "/offers/new")
    page.fill("#title", "Supercalifragilistic" * 9)
    page.fill("#description", "See https://example.org/" + "a" * 300 + "\n\nSecond paragraph.")
    click(page, "button:text-is('Publish the offer')")
    detail = page.url
    assert re.search(r"/offers/O-\d{4}-\d{3,}$", detail)
    for path in (detail, "/offers/", "/offers/mine", detail + "/edit", detail + "/close"):
        page.goto(path if path.startswith("http") else live_server + path)
        assert fits_phone(page), path


@pytest.mark.parametrize(
    ("language", "everyone", "sids", "many"),
    [
        ("fr", r"Ouverte à l'ensemble des 195\s?États", r"Ouverte à PEID\s?:\s38\sÉtats",
         r"Ouverte à PEID, .+ et 1 autre\s?:\s\d+\sÉtats"),
        ("ru", r"Открыто для всех государств \(195\)", r"Открыто для МОСРГ: 38 государств",
         r"Открыто для МОСРГ, .+ и ещё 1: \d+ государств\w?"),
    ],
)  # fmt: skip
def test_the_live_count_speaks_the_providers_language(
    browser, live_server, language, everyone, sids, many
):
    page = speaking(browser, language)
    try:
        sign_in_any_language(page, live_server, PROVIDER)
        page.goto(live_server + "/offers/new")
        counter = page.locator("[data-eligibility-count]").first
        assert re.fullmatch(everyone, counter.inner_text()), counter.inner_text()
        page.check("input[name=eligible_groups][value=SIDS]")
        assert re.fullmatch(sids, counter.inner_text()), counter.inner_text()
        choose_states(page, "KEN", "GHA", "PER")  # four items: "1 more"
        assert re.fullmatch(many, counter.inner_text()), counter.inner_text()
    finally:
        page.context.close()
