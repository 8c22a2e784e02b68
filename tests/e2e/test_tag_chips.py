"""Topics suggested from the text on the need and offer forms, in Chromium: the chips while one
types (static/js/tags.js), and the same chips without script (the "Suggest topics" button)."""

from __future__ import annotations

import pytest

from tests.e2e.support import DESKTOP, click, fits_phone, sign_in

pytestmark = pytest.mark.e2e

REP = "aissatou.ndiaye@cbmatch.example"  # demo representative of Senegal
PROVIDER = "mere.ratuvou@cbmatch.example"  # Pacific Digital Safety Collective
CHIPS = ".tag-chips button[data-slug]"


def chip(page, slug: str):
    return page.locator(f".tag-chips button[data-slug='{slug}']")


def test_typing_a_need_shows_chips_and_a_click_ticks_the_topic(page, live_server, screenshot):
    sign_in(page, live_server, REP)
    page.goto(live_server + "/survey/needs/new")
    page.fill("#title", "Équipe nationale")
    page.locator("#description").press_sequentially(
        "Créer une équipe de réponse aux incidents et assurer la formation des analystes.", delay=5
    )

    incident = chip(page, "incident-response")
    incident.wait_for()
    assert incident.inner_text().startswith("Incident response and CSIRTs")
    assert incident.get_attribute("aria-label") == "Tick the topic Incident response and CSIRTs"
    assert page.locator(".tag-chips").get_attribute("aria-live") == "polite"
    assert "Suggested from your description:" in page.locator(".tag-chips").inner_text()
    topic_box = page.locator("input[name=topics][value='incident-response']")
    assert not topic_box.is_checked()
    screenshot(page, "need-form-chips")
    assert fits_phone(page)

    incident.click()
    assert topic_box.is_checked()
    assert incident.count() == 0
    assert page.url == live_server + "/survey/needs/new"  # nothing was sent, nothing saved

    training = chip(page, "training")  # a support type, ticked from the keyboard
    training.focus()
    page.keyboard.press("Enter")
    assert page.locator("input[name=support_types][value='training']").is_checked()
    assert training.count() == 0

    # a label ticked by hand is not suggested again
    page.locator("#description").press_sequentially(" Un exercice de crise.", delay=5)
    exercise = chip(page, "exercises")
    exercise.wait_for()
    page.locator("input[name=support_types][value='exercises']").check()
    assert exercise.count() == 0


def test_the_offer_form_suggests_too_at_phone_width(page, live_server, screenshot):
    sign_in(page, live_server, PROVIDER)
    page.goto(live_server + "/offers/new")
    page.fill("#title", "Incident handling course for national CSIRTs")
    page.fill("#description", "A two-week tabletop exercise and training on malware forensics.")

    chip(page, "incident-response").wait_for()
    assert page.locator(CHIPS).count() >= 3
    screenshot(page, "offer-form-chips")
    assert fits_phone(page)
    page.set_viewport_size({"width": 390, "height": 844})
    chip(page, "exercises").click()
    assert page.locator("input[name=support_types][value='exercises']").is_checked()
    page.set_viewport_size(DESKTOP)
    page.click(".tag-chips button[data-tag-all]")  # tick all: stays on the page, ticks the rest
    assert page.url == live_server + "/offers/new"
    assert page.locator("input[name=topics][value='incident-response']").is_checked()
    assert page.locator(CHIPS).count() == 0


def test_without_script_the_button_shows_the_same_chips(browser, live_server, screenshot):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, REP)
        page.goto(live_server + "/survey/needs/new")
        page.fill("#title", "Un CSIRT national")
        page.fill("#description", "Créer une équipe de réponse aux incidents.")
        click(page, "button:text-is('Suggest topics from my description')")

        assert page.locator("#title").input_value() == "Un CSIRT national"
        incident = chip(page, "incident-response")
        assert incident.is_visible()
        screenshot(page, "need-form-chips-noscript")
        click(page, ".tag-chips button[data-slug='incident-response']")
        assert page.locator("input[name=topics][value='incident-response']").is_checked()
        assert chip(page, "incident-response").count() == 0
        assert page.locator("#description").input_value() == (
            "Créer une équipe de réponse aux incidents."
        )
    finally:
        context.close()


def test_enter_in_the_title_still_previews_the_need_not_the_suggestions(page, live_server):
    """The suggestion button comes first in the form; Enter must keep the form's own action."""
    sign_in(page, live_server, REP)
    page.goto(live_server + "/survey/needs/new")
    page.fill("#title", "Malware lab for the CERT")
    page.fill("#description", "Our analysts need a sandbox for ransomware samples.")
    page.locator("#title").press("Enter")
    page.wait_for_load_state()
    assert page.locator("text=Save this need").count() == 1  # the preview's own button
