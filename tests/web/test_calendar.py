"""The calendar: the month grid, filters, the list, and the iCalendar feed read back."""

from __future__ import annotations

import re
from datetime import date, timedelta

import icalendar
import pytest
from sqlalchemy import select

from models import Event, OfferStatus, Topic
from tests.factories import make_need, make_offer
from webapp.services.calendar.month_grid import month_grid
from webapp.services.calendar.queries import CalendarFilters

TODAY = date.today()


def make_event(session, ref, start, end=None, **kw):
    """An event stored as the form stores it (topics by slug, eligibility items)."""
    topics = kw.pop("topics", [])
    event = Event(
        ref=ref,
        title=kw.pop("title", f"Workshop {ref}"),
        description=kw.pop("description", "A workshop."),
        starts_on=start,
        ends_on=end or start,
        location=kw.pop("location", "Suva, Fiji"),
        online=kw.pop("online", False),
        url=kw.pop("url", ""),
        eligible=kw.pop("eligible", []),
        **kw,
    )
    event.topics = list(session.scalars(select(Topic).where(Topic.slug.in_(topics))))
    session.add(event)
    session.flush()
    return event


def day_cell(page: str, day: date) -> str:
    """The HTML of one square of the month grid."""
    match = re.search(rf'data-day="{day.isoformat()}">(.*?)</td>', page, re.S)
    assert match, f"no square for {day}"
    return match.group(1)


@pytest.fixture
def march(session):
    """March 2027: a short offer window, a three-day event crossing into April, a long offer."""
    short = make_offer(session, i=1, title="Short clinic", start="2027-03-03", end="2027-03-05",
                       topics=["incident-response"], eligible=["Oceania"])  # fmt: skip
    long = make_offer(session, i=2, title="Year-long advisory", start="2027-01-01",
                      end="2027-12-31", topics=["awareness"], eligible=[])  # fmt: skip
    event = make_event(session, "E-T-1", date(2027, 3, 31), date(2027, 4, 2),
                       title="Dakar exercise", topics=["awareness"], eligible=["SEN"])  # fmt: skip
    session.commit()
    return short, long, event


def test_month_grid_starts_weeks_on_monday_and_places_activities_on_their_days(session, march):
    _short, long, _event = march
    grid = month_grid(session, CalendarFilters(), date(2027, 4, 1), today=date(2027, 4, 2))
    assert [w[0].day.weekday() for w in grid.weeks] == [0] * len(grid.weeks)
    assert grid.weeks[0][0].day == date(2027, 3, 29)  # 1 April 2027 is a Thursday
    days = {d.day: d for w in grid.weeks for d in w}
    titles = {d: [a.title for a in days[d].activities] for d in days}
    assert titles[date(2027, 3, 31)] == ["Dakar exercise"]
    assert titles[date(2027, 4, 2)] == ["Dakar exercise"]
    assert titles[date(2027, 4, 3)] == []
    assert not days[date(2027, 3, 31)].in_month
    assert days[date(2027, 4, 2)].is_today
    assert all(long.title not in t for t in titles.values())  # long: listed, not drawn daily
    assert [a.title for a in grid.running] == ["Year-long advisory"]
    assert [a.title for a in grid.dated] == ["Dakar exercise"]


def test_month_page_shows_each_activity_on_the_days_it_covers(client, march):
    page = client.get("/calendar?month=2027-03").get_data(as_text=True)
    assert '<h2 id="cal-month">March 2027</h2>' in page
    for day in (3, 4, 5):
        assert "Short clinic" in day_cell(page, date(2027, 3, day))
    assert "Short clinic" not in day_cell(page, date(2027, 3, 2))
    assert "Short clinic" not in day_cell(page, date(2027, 3, 6))
    assert "Dakar exercise" in day_cell(page, date(2027, 3, 31))
    assert "Dakar exercise" in day_cell(page, date(2027, 4, 1))  # the grid's last week
    assert 'href="/offers/O-T-001"' in day_cell(page, date(2027, 3, 4))
    assert 'href="/calendar/events/E-T-1"' in day_cell(page, date(2027, 3, 31))
    running = page.split('id="cal-running"')[1]
    assert "Year-long advisory" in running
    assert "2027-01-01" in running
    assert "Year-long advisory" not in day_cell(page, date(2027, 3, 15))


def test_month_navigation_keeps_the_filters_and_explains_a_bad_month(client, march):
    page = client.get("/calendar?month=2027-03&region=Oceania").get_data(as_text=True)
    assert 'href="/calendar?month=2027-02&amp;region=Oceania"' in page
    assert 'href="/calendar?month=2027-04&amp;region=Oceania"' in page
    assert re.search(r'href="/calendar\?region=Oceania"[^>]*>Today</a>', page)
    bad = client.get("/calendar?month=2027-13")
    assert bad.status_code == 200
    text = bad.get_data(as_text=True)
    assert "(2027-13 is not a month written YYYY-MM, e.g. 2027-03)" in text
    this_month = date.today().strftime("%B %Y")
    assert f'id="cal-month">{this_month}</h2>' in text


@pytest.mark.parametrize("month", ["2027-¹", "²⁰²⁷-03", "٢٠٢٧-03"])
def test_a_month_in_other_digits_is_explained_not_a_server_error(client, march, month):
    """Superscript digits pass str.isdigit() but not int(): they gave a 500. Other scripts'
    digits are refused with the same message, as the form asks for YYYY-MM."""
    bad = client.get("/calendar", query_string={"month": month})
    assert bad.status_code == 200
    assert f"({month} is not a month written YYYY-MM, e.g. 2027-03)" in bad.get_data(as_text=True)


def test_a_month_too_long_for_a_number_is_explained_not_a_server_error(client, march):
    """int() refuses strings of over 4,300 digits: such a month gave a 500."""
    month = "2027-" + "1" * 5000
    bad = client.get("/calendar", query_string={"month": month})
    assert bad.status_code == 200
    assert f"({month[:20]} is not a month written YYYY-MM" in bad.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("region=Western+Africa", ["Dakar exercise", "Year-long advisory"], ["Short clinic"]),
        ("region=Oceania", ["Short clinic", "Year-long advisory"], ["Dakar exercise"]),
        ("topic=awareness", ["Dakar exercise", "Year-long advisory"], ["Short clinic"]),
        ("region=Oceania&topic=awareness", ["Year-long advisory"], ["Short clinic", "Dakar"]),
    ],
)  # fmt: skip
def test_region_and_topic_filters_narrow_the_month(client, march, query, shown, hidden):
    page = client.get(f"/calendar?month=2027-03&{query}").get_data(as_text=True)
    for title in shown:
        assert title in page, (query, title)
    for title in hidden:
        assert title not in page, (query, title)


def test_an_unknown_filter_is_reported_and_ignored(client, march):
    page = client.get("/calendar?month=2027-03&region=Atlantis").get_data(as_text=True)
    assert "This region is not known to cbmatch, so it was ignored." in page
    assert "Short clinic" in page
    assert "Dakar exercise" in page


def test_closed_offers_offers_without_dates_and_needs_never_appear(client, session):
    soon = TODAY + timedelta(days=10)
    make_offer(session, i=1, title="Closed clinic", start=soon.isoformat(),
               end=(soon + timedelta(days=2)).isoformat()).status = OfferStatus.CLOSED  # fmt: skip
    make_offer(session, i=2, title="Undated help", start=None, end=None)
    make_offer(session, i=3, title="Only a start", start=soon.isoformat(), end=None)
    make_need(session, i=0, title="Secret need", confidential=True, start=soon.isoformat(),
              end=(soon + timedelta(days=2)).isoformat())  # fmt: skip
    make_need(session, i=1, title="Public need", start=soon.isoformat(),
              end=(soon + timedelta(days=2)).isoformat())  # fmt: skip
    session.commit()
    pages = [
        client.get(f"/calendar?month={soon:%Y-%m}").get_data(as_text=True),
        client.get("/calendar/list").get_data(as_text=True),
        client.get("/calendar.ics").get_data(as_text=True),
    ]
    absent = ("Closed clinic", "Undated help", "Only a start", "Secret need", "Public need")
    for page in pages:
        for title in absent:
            assert title not in page


def test_list_shows_what_is_not_over_soonest_first_in_pages_of_twenty(client, session):
    make_event(session, "E-T-PAST", TODAY - timedelta(days=3), title="Already over")
    make_event(session, "E-T-NOW", TODAY - timedelta(days=2), TODAY + timedelta(days=2),
               title="Under way now")  # fmt: skip
    for i in range(24):
        make_event(session, f"E-T-{i:02d}", TODAY + timedelta(days=5 + i), title=f"Session {i:02d}")
    session.commit()
    first = client.get("/calendar/list").get_data(as_text=True)
    assert "Already over" not in first
    assert "25 activities · page 1 of 2." in first
    titles = re.findall(r'<a href="/calendar/events/[^"]+">([^<]+)</a>', first)
    assert titles == ["Under way now"] + [f"Session {i:02d}" for i in range(19)]
    assert "Under way</h2>" in first
    assert 'href="/calendar/list?page=2"' in first
    second = client.get("/calendar/list?page=2").get_data(as_text=True)
    assert re.findall(r'<a href="/calendar/events/[^"]+">([^<]+)</a>', second) == [
        f"Session {i:02d}" for i in range(19, 24)
    ]
    past_end = client.get("/calendar/list?page=99").get_data(as_text=True)
    assert "page 2 of 2" in past_end


def test_list_filters_and_empty_states(client, session):
    assert "Nothing is on the calendar yet." in client.get("/calendar/list").get_data(as_text=True)
    make_event(session, "E-T-1", TODAY + timedelta(days=3), title="Fiji drill", eligible=["FJI"])
    session.commit()
    page = client.get("/calendar/list?region=Western+Africa").get_data(as_text=True)
    assert "Fiji drill" not in page
    assert "Nothing coming up matches these filters." in page
    assert "Fiji drill" in client.get("/calendar/list?region=Oceania").get_data(as_text=True)


def test_calendar_pages_offer_a_subscribe_link_with_the_current_filters(client, march):
    for url in ("/calendar?month=2027-03&region=Oceania&topic=awareness",
                "/calendar/list?region=Oceania&topic=awareness"):  # fmt: skip
        page = client.get(url).get_data(as_text=True)
        assert 'href="http://localhost/calendar.ics?region=Oceania&amp;topic=awareness"' in page
        assert ">Subscribe</a>" in page
    assert 'href="http://localhost/calendar.ics"' in client.get("/calendar").get_data(as_text=True)


def test_header_links_to_the_calendar_for_everyone(client):
    assert 'href="/calendar">Calendar</a>' in client.get("/").get_data(as_text=True)


# --- the iCalendar feed ----------------------------------------------------------------------


def read_feed(client, query: str = "") -> tuple[icalendar.Calendar, dict[str, icalendar.Event]]:
    response = client.get("/calendar.ics" + query)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.data)
    return cal, {str(e["summary"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def upcoming(session):
    soon = TODAY + timedelta(days=20)
    offer = make_offer(session, i=1, title="Pacific clinic, part 1; online",
                       start=soon.isoformat(), end=(soon + timedelta(days=2)).isoformat(),
                       topics=["incident-response"], eligible=["Oceania"])  # fmt: skip
    event = make_event(session, "E-T-9", soon + timedelta(days=7), title="Dakar exercise",
                       topics=["awareness"], eligible=["SEN"], url="https://example.org/x",
                       online=True)  # fmt: skip
    session.commit()
    return soon, offer, event


def test_feed_parses_back_with_all_day_dates_titles_and_links(client, upcoming):
    soon, _offer, _event = upcoming
    cal, events = read_feed(client)
    assert str(cal["version"]) == "2.0"
    assert "cbmatch" in str(cal["prodid"])
    assert set(events) == {"Pacific clinic, part 1; online", "Dakar exercise"}
    clinic = events["Pacific clinic, part 1; online"]
    assert clinic.decoded("dtstart") == soon
    assert clinic.decoded("dtend") == soon + timedelta(days=3)  # exclusive: the day after
    assert str(clinic["url"]) == "http://localhost/offers/O-T-001"
    assert str(clinic["uid"]) == "offer-O-T-001@localhost"
    assert "Incident response" in str(clinic["description"])
    assert "http://localhost/offers/O-T-001" in str(clinic["description"])
    assert clinic.get("dtstamp") is not None
    exercise = events["Dakar exercise"]
    assert exercise.decoded("dtstart") == soon + timedelta(days=7)
    assert exercise.decoded("dtend") == soon + timedelta(days=8)
    assert str(exercise["url"]) == "http://localhost/calendar/events/E-T-9"
    assert "https://example.org/x" in str(exercise["description"])
    assert "Suva, Fiji" in str(exercise["location"])


def test_the_kept_feed_follows_new_and_edited_offers_and_the_site_address(
    client, session, upcoming
):
    soon, offer, _event = upcoming
    assert set(read_feed(client)[1]) == {"Pacific clinic, part 1; online", "Dakar exercise"}
    make_offer(session, i=2, title="Caribbean drill", start=soon.isoformat(),
               end=soon.isoformat(), eligible=["Caribbean"])  # fmt: skip
    offer.title = "Pacific clinic, renamed"
    session.commit()
    assert set(read_feed(client)[1]) == {
        "Pacific clinic, renamed",
        "Caribbean drill",
        "Dakar exercise",
    }
    other = client.get("/calendar.ics", base_url="https://cbmatch.example.org")
    assert b"https://cbmatch.example.org/offers/O-T-002" in other.data.replace(b"\r\n ", b"")
    assert b"http://localhost/" not in other.data.replace(b"\r\n ", b"")


def test_feed_uids_are_stable_between_fetches(client, upcoming):
    first = sorted(str(e["uid"]) for e in read_feed(client)[1].values())
    second = sorted(str(e["uid"]) for e in read_feed(client)[1].values())
    assert first == second
    assert len(set(first)) == 2


def test_feed_respects_the_filters(client, upcoming):
    assert set(read_feed(client, "?region=Oceania")[1]) == {"Pacific clinic, part 1; online"}
    assert set(read_feed(client, "?region=Western+Africa&topic=awareness")[1]) == {"Dakar exercise"}
    assert read_feed(client, "?topic=gender")[1] == {}
    cal, _ = read_feed(client, "?region=Oceania")
    assert "Oceania" in str(cal["x-wr-calname"])


def test_feed_refuses_unknown_filters_rather_than_showing_everything(client, upcoming):
    assert client.get("/calendar.ics?region=Atlantis").status_code == 400
    assert client.get("/calendar.ics?topic=nope").status_code == 400
