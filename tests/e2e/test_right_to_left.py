"""Arabic pages read right to left in Chromium: the whole layout mirrors, not just the letters.

The header starts on the right (the site's name right of the navigation), headings and labels
start at the right edge, a table's first column is its rightmost, a radio button stands right of
its label, and no page scrolls sideways on a 390 px phone.
"""

from __future__ import annotations

import pytest

from tests.e2e.languages import html_language, sign_in_any_language, speaking
from tests.e2e.support import fits_phone

pytestmark = pytest.mark.e2e

STATE_REP = "aissatou.ndiaye@cbmatch.example"
ANONYMOUS_PAGES = ("/", "/needs/", "/offers/", "/calendar", "/calendar/list", "/directory/centres",
                   "/states/SEN", "/auth/register", "/auth/login")  # fmt: skip
FOCAL = "focal.point@cbmatch.example"
SIGNED_IN_PAGES = {
    STATE_REP: ("/survey/", "/survey/maturity", "/survey/needs/new", "/matches/"),
    FOCAL: ("/matches/", "/console/queue", "/dashboard/", "/pipeline/", "/auth/accounts"),
}
SLACK = 2  # px: rounding of boxes


def box(page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def right(b: dict[str, float]) -> float:
    return b["x"] + b["width"]


def text_box(page, selector: str) -> dict[str, float]:
    """The box of the text itself (not of its block) of the first element matching ``selector``."""
    return page.locator(selector).first.evaluate(
        """el => { const r = document.createRange(); r.selectNodeContents(el);
                   const b = r.getBoundingClientRect();
                   return {x: b.x, y: b.y, width: b.width, height: b.height}; }"""
    )


def starts_at_the_right(page, selector: str, container: str = "main") -> None:
    """The text of ``selector`` ends at the right edge of ``container`` and leaves room at left."""
    text, room = text_box(page, selector), box(page, container)
    style = page.locator(container).first.evaluate(
        "el => parseFloat(getComputedStyle(el).paddingRight)"
    )
    assert abs(right(text) - (right(room) - style)) <= SLACK, (selector, text, room)
    assert text["x"] > room["x"] + style + SLACK, (selector, text, room)


def test_arabic_pages_are_marked_right_to_left_and_the_header_mirrors(browser, live_server):
    page = speaking(browser, "ar")
    for path in ANONYMOUS_PAGES:
        page.goto(live_server + path)
        assert html_language(page) == ("ar", "rtl"), path
        assert fits_phone(page), f"{path} scrolls sideways at 390 px in Arabic"

    page.goto(live_server + "/needs/")
    brand, nav, account = box(page, ".brand"), box(page, "nav.main-nav"), box(page, ".account")
    assert brand["x"] > right(nav) - SLACK, "the site's name should be right of the navigation"
    assert nav["x"] > right(account) - SLACK, "the sign-in links should be at the left end"
    links = page.locator("nav.main-nav a")
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first["x"] > last["x"], "the first link of the navigation should be the rightmost"
    starts_at_the_right(page, "main h1")
    page.context.close()


def test_arabic_forms_and_tables_mirror(browser, live_server):
    page = speaking(browser, "ar")

    # A form: labels and fields start at the right, a radio button stands right of its label.
    page.goto(live_server + "/auth/register")
    form = box(page, "main form")
    label, field = box(page, "label[for=name]"), box(page, "#name")
    assert abs(right(label) - right(form)) <= SLACK, (label, form)
    assert abs(right(field) - right(form)) <= SLACK, (field, form)
    radio = box(page, "input[name=role][value=state]")
    radio_label = box(page, "label[for=" + page.locator("input[name=role]").first.get_attribute(
        "id") + "]")  # fmt: skip
    assert radio["x"] > radio_label["x"], "a radio button should stand right of its label"

    # The month's table: its first day is its rightmost column.
    page.goto(live_server + "/calendar")
    days = page.locator("table thead th")
    assert days.count() == 7
    assert days.first.bounding_box()["x"] > days.last.bounding_box()["x"]
    page.context.close()

    # The pages of a representative and of the focal point: none scrolls sideways; the focal
    # point's heatmap table and status chart mirror.
    for email, paths in SIGNED_IN_PAGES.items():
        rep = speaking(browser, "ar")
        sign_in_any_language(rep, live_server, email)
        for path in paths:
            rep.goto(live_server + path)
            assert html_language(rep) == ("ar", "rtl"), path
            assert fits_phone(rep), f"{path} scrolls sideways at 390 px in Arabic ({email})"
        if email != FOCAL:
            rep.context.close()
    rep.goto(live_server + "/dashboard/")
    headers = rep.locator("table.heat thead th")
    assert headers.count() >= 3
    assert headers.first.bounding_box()["x"] > headers.last.bounding_box()["x"]
    starts_at_the_right(rep, "table.heat thead th:first-child", "table.heat thead th:first-child")
    # The chart of matches by status: its labels inside it, right of the bars.
    chart, track = box(rep, "svg.bars"), box(rep, "svg.bars .bar-track")
    for label in rep.locator("svg.bars .bar-label").all():
        shown = label.bounding_box()
        assert shown["x"] >= chart["x"] - SLACK, "a status label is cut off at the left"
        assert right(shown) <= right(chart) + SLACK
        assert shown["x"] >= right(track) - SLACK, "a status label overlaps its bar"
    rep.context.close()
