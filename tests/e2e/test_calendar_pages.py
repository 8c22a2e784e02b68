"""The calendar in Chromium: month grid (a list of days on phones), filters, feed, list, adding."""

from __future__ import annotations

import re
from datetime import date, timedelta

import icalendar
import pytest

from tests.e2e.support import DESKTOP, PHONE, click, fits_phone, follow, sign_in

pytestmark = pytest.mark.e2e

PROVIDER = "priya.raman@cbmatch.example"  # Harbourline Security Ltd
EXERCISE = "Pacific regional cyber tabletop exercise 2027"  # demo event, 2027-02-16 to 18
BOOTCAMP = "Incident-handling bootcamp for national CSIRTs of West Africa"  # 2026-12-07 to 11


def square(page, day: str):
    return page.locator(f"td[data-day='{day}']")


def test_a_visitor_reads_the_month_filters_it_and_subscribes(page, live_server, screenshot):
    page.goto(live_server + "/")
    follow(page, "Calendar")
    page.wait_for_url(re.compile(r".*/calendar$"))
    assert (page.locator("a[aria-current=page]").first.text_content() or "").strip() == "Calendar"

    page.goto(live_server + "/calendar?month=2027-02")
    assert page.title() == "Calendar: February 2027 · cbmatch"
    for day in ("2027-02-16", "2027-02-17", "2027-02-18"):
        assert EXERCISE in square(page, day).inner_text()
    assert EXERCISE not in square(page, "2027-02-19").inner_text()
    assert page.locator("thead th").first.inner_text() == "Mon"
    running = page.locator("#cal-running + p + table").inner_text()
    assert "Advisers for drafting and costing national cybersecurity strategies" in running
    screenshot(page, "calendar-month")
    assert fits_phone(page)

    # On a phone the grid is a list of the days that have something on.
    page.set_viewport_size(PHONE)
    assert square(page, "2027-02-17").is_visible()
    assert "Wednesday 17 February 2027" in square(page, "2027-02-17").inner_text()
    assert not square(page, "2027-02-01").is_visible()
    assert page.locator(".cal-grid thead").bounding_box()["x"] < 0  # off screen, still read out
    page.set_viewport_size(DESKTOP)

    click(page, "a[rel=next]")
    page.wait_for_url(re.compile(r".*month=2027-03"))
    click(page, "a[rel=prev]")
    page.wait_for_url(re.compile(r".*month=2027-02"))

    page.select_option("#region", "Western Africa")
    click(page, "button:text-is('Show')")
    page.wait_for_url(re.compile(r".*region=Western"))
    assert "month=2027-02" in page.url
    assert EXERCISE not in page.locator(".cal-grid").inner_text()
    feed_url = page.locator("a[data-subscribe]").get_attribute("href")
    assert feed_url == f"{live_server}/calendar.ics?region=Western+Africa"

    response = page.request.get(feed_url)
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = {
        str(e["summary"]): e for e in icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    }
    if date.today() < date(2027, 12, 11):  # the feed keeps a year of history
        assert BOOTCAMP in events
        assert events[BOOTCAMP].decoded("dtstart") == date(2026, 12, 7)
        assert events[BOOTCAMP].decoded("dtend") == date(2026, 12, 12)
        assert str(events[BOOTCAMP]["url"]).endswith("/calendar/events/E-2026-001")
    assert EXERCISE not in events


def test_a_provider_adds_an_event_and_finds_it_in_the_list(page, live_server, screenshot):
    sign_in(page, live_server, PROVIDER)

    page.goto(live_server + "/calendar")
    click(page, "a:text-is('Add an event')")
    page.wait_for_url(re.compile(r".*/calendar/events/new$"))
    day = date.today() + timedelta(days=3)
    page.fill("#title", "Email authentication drop-in")
    page.fill("#description", "Bring your DMARC reports; we read them with you.")
    page.fill("#starts_on", day.isoformat())
    page.fill("#ends_on", (day - timedelta(days=1)).isoformat())
    page.check("#online")
    click(page, "button:text-is('Add the event')")
    assert "Ends on is before the start date" in page.locator(".error-summary").inner_text()
    assert page.input_value("#title") == "Email authentication drop-in"
    page.fill("#ends_on", "")
    click(page, "button:text-is('Add the event')")
    page.wait_for_url(re.compile(r".*/calendar/events/E-\d{4}-\d+$"))
    assert "is on the calendar" in page.locator(".flash-success").inner_text()
    assert "Organised by Harbourline Security Ltd" in page.content()

    page.goto(live_server + "/calendar/list")
    assert page.locator("a[aria-current=page]:text-is('List')").count() == 1
    titles = page.locator(".cards h3").all_inner_texts()
    assert "Email authentication drop-in" in titles
    assert int(page.locator("[data-result-count]").inner_text().split()[0]) >= 1
    screenshot(page, "calendar-list")
    assert fits_phone(page)

    page.goto(live_server + f"/calendar?month={day:%Y-%m}")
    assert "Email authentication drop-in" in square(page, day.isoformat()).inner_text()
