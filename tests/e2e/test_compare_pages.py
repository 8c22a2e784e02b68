"""The compare page in Chromium, without script: States ticked in the directory, one added from
the page's list, one opened from a State page; at 390 px the page keeps its width and the first
column (what each row is) stays in view while the States scroll sideways, in English and Arabic.
"""

from __future__ import annotations

import pytest

from tests.e2e.languages import html_language, speaking
from tests.e2e.support import PHONE, click, fits_phone

pytestmark = pytest.mark.e2e


def test_tick_states_in_the_directory_then_add_one_without_script(browser, live_server):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(live_server + "/states/?region=Oceania")
    page.check("#pick-FJI")
    page.check("#pick-TON")
    click(page, "form.compare-pick button[type=submit] >> nth=0")
    assert page.url == live_server + "/states/compare?state=FJI&state=TON"
    heads = page.locator("table.compare-table thead th[data-state]")
    assert heads.all_inner_texts()[0].startswith("Fiji")
    page.select_option("#add-state", "VUT")
    click(page, "form.compare-add button[type=submit]")
    assert page.url.endswith("/states/compare?state=FJI&state=TON&state=VUT")
    assert heads.count() == 3
    page.goto(live_server + "/states/SEN")
    click(page, "a:text-is('Compare with…')")
    assert page.url == live_server + "/states/compare?state=SEN"
    assert page.locator("#add-state option[value=SEN]").count() == 0
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_at_390_px_the_states_scroll_under_a_first_column_that_stays(
    browser, live_server, language
):
    page = speaking(browser, language, PHONE)
    page.goto(live_server + "/states/compare?state=SEN&state=FJI&state=TON&state=KEN")
    assert html_language(page)[1] == ("rtl" if language == "ar" else "ltr")
    assert fits_phone(page), "the compare page scrolls sideways at 390 px"
    page.set_viewport_size(PHONE)
    scroller = page.locator(".compare-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth"), "four States fit 390 px?"
    label = page.locator("tr.compare-dim th[scope=row]").first
    state = page.locator("table.compare-table thead th[data-state]").last
    before_label, before_state = label.bounding_box(), state.bounding_box()
    # Scroll to the last State: leftwards in Arabic, where the first column is at the right.
    scroller.evaluate("el => { el.scrollLeft = (getComputedStyle(el).direction === 'rtl' ? -1 : 1)"
                      " * el.scrollWidth; }")  # fmt: skip
    after_label, after_state = label.bounding_box(), state.bounding_box()
    assert abs(after_label["x"] - before_label["x"]) < 1, "the first column scrolled away"
    assert abs(after_state["x"] - before_state["x"]) > 50, "the States did not scroll"
    if language == "ar":
        assert before_label["x"] > PHONE["width"] / 2, "the first column should be at the right"
    page.context.close()
