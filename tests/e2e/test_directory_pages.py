"""The directories in Chromium: centres for everyone, contacts for States and the focal point."""

from __future__ import annotations

import pytest

from tests.e2e.support import click, fits_phone, follow, sign_in

pytestmark = pytest.mark.e2e

SENEGAL = "aissatou.ndiaye@cbmatch.example"
FOCAL = "focal.point@cbmatch.example"
PROVIDER = "priya.raman@cbmatch.example"


def test_anyone_browses_and_filters_the_centres(page, live_server, screenshot):
    page.goto(live_server + "/")
    assert page.locator("nav.main-nav a:text-is('Contacts')").count() == 0
    follow(page, "Centres")
    assert page.title() == "Capacity-building centres · cbmatch"
    total = int(page.locator("[data-result-count]").inner_text().split()[0])
    assert total >= 20
    screenshot(page, "directory-centres")
    assert fits_phone(page)

    page.select_option("#region", "Oceania")
    page.select_option("#kind", "network")
    click(page, "button:text-is('Show')")
    names = page.locator(".card h3").all_inner_texts()
    assert any("PaCSON" in n for n in names), names
    assert not any("CARICOM" in n for n in names), names
    link = page.locator("#pacson a[href='https://pacson.org/']")
    assert link.get_attribute("rel") == "noopener"
    assert link.get_attribute("target") == "_blank"
    screenshot(page, "directory-centres-oceania")
    assert fits_phone(page)

    page.goto(live_server + "/directory/contacts/")
    assert "/auth/login" in page.url


def test_a_state_adds_a_point_of_contact_after_fixing_an_error(page, live_server, screenshot):
    sign_in(page, live_server, SENEGAL)
    follow(page, "Contacts")
    assert (page.locator("a[aria-current=page]").text_content() or "").strip() == "Contacts"
    assert page.locator("#own-title").inner_text() == "Senegal's points of contact"
    before = page.locator("#own-title + .cards > .card").count()
    assert before >= 1  # the demo contacts
    screenshot(page, "directory-contacts-state")
    assert fits_phone(page)

    click(page, "a:text-is('Add a point of contact')")
    assert (page.locator("a[aria-current=page]").text_content() or "").strip() == "Contacts"
    page.check("input[name=kind][value=technical]")
    page.fill("#name", "Fatou Bintou Sy")
    page.fill("#position", "Analyste, réponse aux incidents")
    page.fill("#organisation", "CSIRT national (démo)")
    page.fill("#email", "fatou.sy-at-csirt")
    click(page, "button:text-is('Add the point of contact')")
    assert (
        "Enter an e-mail address like name@ministry.gov."
        in page.locator(".error-summary").inner_text()
    )
    assert page.input_value("#name") == "Fatou Bintou Sy"
    screenshot(page, "directory-contact-form-error")
    assert fits_phone(page)

    page.fill("#email", "fatou.sy@csirt.sen.example")
    click(page, "button:text-is('Add the point of contact')")
    assert (
        "Fatou Bintou Sy is now a point of contact of Senegal."
        in page.locator(".flash-success").inner_text()
    )
    assert page.locator("#own-title + .cards > .card").count() == before + 1


def test_the_focal_point_reads_every_states_contacts_and_a_provider_is_refused(
    page, live_server, screenshot
):
    sign_in(page, live_server, FOCAL)
    follow(page, "Contacts")
    assert page.locator("#own-title").count() == 0
    assert page.locator("a:text-is('Edit')").count() == 0
    page.select_option("#state", "SEN")
    click(page, "button:text-is('Show')")
    rows = page.locator("table.contacts-table tbody tr")
    assert rows.count() == 2
    assert all("Senegal" in t for t in rows.all_inner_texts())
    screenshot(page, "directory-contacts-focal")
    assert fits_phone(page)

    page.context.clear_cookies()
    sign_in(page, live_server, PROVIDER)
    assert page.locator("nav.main-nav a:text-is('Contacts')").count() == 0
    response = page.goto(live_server + "/directory/contacts/")
    assert response.status == 403
    assert "@" not in page.locator("main").inner_text()
