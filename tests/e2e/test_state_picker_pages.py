"""The eligible States picker (static/js/state-picker.js) and the date fields in Chromium: the
type-ahead driven by the keyboard alone at 1280 and 390 px, in English and in Arabic (right to
left), and the same form without script: a text box of codes or names, refused words named."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SHOTS, TAKE_SHOTS
from tests.e2e.languages import sign_in_any_language, speaking
from tests.e2e.support import DESKTOP, PHONE, click, fits_phone, sign_in

pytestmark = pytest.mark.e2e

PROVIDER = "mere.ratuvou@cbmatch.example"  # Pacific Digital Safety Collective
BOX = "#eligible_states"
LIST = "#eligible_states-options"


def describe_offer(page) -> None:
    page.fill("#title", "Incident-handling course for national CSIRTs")
    page.fill("#description", "Two weeks of hands-on incident handling for national CSIRT staff.")
    page.check("input[name=topics][value=incident-response]")
    page.check("input[name=support_types][value=training]")


def chips(page) -> list[str]:
    return page.locator(".state-chip").evaluate_all("cs => cs.map(c => c.dataset.code)")


def said(page) -> str:
    return page.locator(".state-picker [role=status]").inner_text()


def shoot(page, name: str) -> None:
    """The page as it is now (the list open), at the viewport's width."""
    if not TAKE_SHOTS:
        return
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def inside_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_keyboard_alone_chooses_states_at_desktop_and_phone_width(page, live_server):
    sign_in(page, live_server, PROVIDER)
    page.goto(live_server + "/offers/new")
    describe_offer(page)
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("input[type=hidden][name=eligible_states]").count() == 1

    page.focus(BOX)
    page.keyboard.type("ma")  # names starting so first: Madagascar, Malawi, Malaysia...
    assert box.get_attribute("aria-expanded") == "true"
    assert page.locator(LIST).is_visible()
    first = page.locator(f"{LIST} [role=option]").first
    assert first.inner_text().startswith("Madagascar")
    assert box.get_attribute("aria-activedescendant") == "eligible_states-options-MDG"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "eligible_states-options-MYS"
    page.keyboard.press("ArrowUp")
    assert page.locator(f"{LIST} [aria-selected=true]").inner_text().startswith("Malawi")
    page.keyboard.press("Enter")  # adds the chip; does not send the form
    assert page.url == live_server + "/offers/new"
    assert chips(page) == ["MWI"]
    assert said(page) == "Malawi added. 1 State chosen"
    assert box.input_value() == ""
    assert box.get_attribute("aria-expanded") == "false"

    page.keyboard.type("JAM")  # by ISO3 code
    page.keyboard.press("Enter")
    page.keyboard.type("per")
    shoot(page, "state-picker-open-en-desktop")
    page.keyboard.press("Enter")
    assert chips(page) == ["MWI", "JAM", "PER"]
    assert page.locator("[data-eligibility-count]").first.inner_text() == (
        "Open to Malawi, Jamaica, Peru: 3 States"
    )
    page.keyboard.press("Backspace")  # in the empty box: the last chip goes
    assert chips(page) == ["MWI", "JAM"]
    assert said(page) == "Peru removed. 2 States chosen"

    page.keyboard.type("zzz")
    assert said(page) == "No State matches “zzz”."
    page.keyboard.press("Escape")  # closes the list, then clears the box
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "zzz"
    page.keyboard.press("Escape")
    assert box.input_value() == ""

    page.keyboard.press("Shift+Tab")  # onto the last chip, which Delete removes
    assert page.evaluate("document.activeElement.dataset.code") == "JAM"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove Jamaica"
    page.keyboard.press("Delete")
    assert chips(page) == ["MWI"]
    assert page.evaluate("document.activeElement.dataset.code") == "MWI"  # focus kept nearby

    # At phone width the list stays on screen and the page does not scroll sideways.
    page.set_viewport_size(PHONE)
    page.focus(BOX)
    page.keyboard.type("gha")
    assert inside_viewport(page, LIST)
    assert inside_viewport(page, ".state-chip")
    shoot(page, "state-picker-open-en-phone")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.fill("#start", "2027-06-01")  # the browser's date input
    assert page.locator("#start").get_attribute("type") == "date"
    page.set_viewport_size(DESKTOP)

    click(page, "button:text-is('Publish the offer')")
    assert re.search(r"/offers/O-\d{4}-\d{3,}$", page.url), page.url
    assert "Open to Malawi, Ghana: 2 States." in page.locator(".flash").inner_text()

    page.goto(page.url + "/edit")  # the chips again, in the saved order
    assert chips(page) == ["MWI", "GHA"]
    assert page.locator("#start").input_value() == "2027-06-01"
    assert fits_phone(page)


def test_in_arabic_the_picker_searches_and_speaks_arabic_right_to_left(browser, live_server):
    page = speaking(browser, "ar")
    try:
        sign_in_any_language(page, live_server, PROVIDER)
        page.goto(live_server + "/offers/new")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.focus(BOX)
        page.keyboard.type("كين")
        assert page.locator(f"{LIST} [role=option]").first.inner_text().startswith("كينيا")
        page.keyboard.press("Enter")
        assert chips(page) == ["KEN"]
        assert said(page).startswith("تمت إضافة كينيا.")
        page.keyboard.type("fji")  # codes work in any language
        page.keyboard.press("Enter")
        page.keyboard.type("جا")
        assert page.locator(LIST).is_visible()
        page.locator(BOX).scroll_into_view_if_needed()
        shoot(page, "state-picker-open-ar-desktop")
        page.set_viewport_size(PHONE)
        page.locator(BOX).scroll_into_view_if_needed()
        assert inside_viewport(page, LIST)
        shoot(page, "state-picker-open-ar-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()


def test_without_script_states_are_typed_and_a_wrong_one_is_named(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, PROVIDER)
        page.goto(live_server + "/offers/new")
        box = page.locator(BOX)
        assert box.get_attribute("role") is None  # a plain text box
        assert "ISO3 codes or State names" in page.locator("#eligible_states-hint").inner_text()
        describe_offer(page)
        box.fill("Kenya, Atlantis, fji")
        page.fill("#start", "2027-06-01")
        click(page, "button:text-is('Publish the offer')")
        error = page.locator(".error-summary").inner_text()
        assert "Single States: “Atlantis” is not a State cbmatch knows." in error
        assert box.input_value() == "Kenya, Atlantis, fji"  # kept as typed
        assert page.locator("#start").input_value() == "2027-06-01"

        box.fill("Kenya, Jamaica, fji")
        click(page, "button:text-is('Publish the offer')")
        assert "Open to Kenya, Jamaica, Fiji: 3 States." in page.locator(".flash").inner_text()
    finally:
        context.close()
