"""Dates outside any sane range (issue 16, item 1): refused wherever a person gives one, and
harmless where one is already stored.

An offer ending 9999-12-31 made /calendar.ics answer 500 for everyone (the day after its end
overflowed), and every form took such a date.
"""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest

from models import Role
from tests.factories import client_for_role, make_offer
from tests.record_forms import event_form, need_form, offer_form
from tests.web.test_calendar import make_event

TODAY = date.today()
END_OF_TIME = date(9999, 12, 31)


@pytest.fixture
def far_dates(session):
    """An offer and two events stored with dates from before the range was enforced."""
    soon = TODAY + timedelta(days=10)
    offer = make_offer(session, i=1, title="Forever clinic", start=soon.isoformat(),
                       end=(soon + timedelta(days=2)).isoformat(), topics=["awareness"],
                       eligible=["Oceania"])  # fmt: skip
    offer.end = END_OF_TIME  # as a row imported before the rule holds it
    make_event(session, "E-T-8", END_OF_TIME, title="Last day event", topics=["awareness"])
    make_event(session, "E-T-9", date(1, 1, 1), END_OF_TIME, title="Always on")
    session.commit()
    return soon


@pytest.mark.parametrize("query", ["", "?region=Oceania", "?topic=awareness"])
def test_a_stored_date_at_the_end_of_time_does_not_break_the_feed(client, far_dates, query):
    response = client.get("/calendar.ics" + query)

    assert response.status_code == 200
    events = {
        str(e["summary"]): e for e in icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    }
    clinic = events["Forever clinic"]
    assert clinic.decoded("dtstart") == far_dates
    assert clinic.decoded("dtend") == date(2101, 1, 1)  # the last day accepted, exclusive
    if not query:
        assert events["Last day event"].decoded("dtstart") == date(2100, 12, 31)
        assert events["Always on"].decoded("dtstart") == date(2000, 1, 1)
        assert events["Always on"].decoded("dtend") == date(2101, 1, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/calendar",
        "/calendar?month=2100-12",
        "/calendar/list",
        "/offers/O-T-001",
        "/offers/?sort=deadline",
        "/calendar/events/E-T-8",
        "/calendar/events/E-T-9",
    ],
)
def test_pages_showing_a_stored_date_at_the_end_of_time_work(client, far_dates, path):
    assert client.get(path).status_code == 200


RANGE = "is not between 2000-01-01 and 2100-12-31"


def test_the_offer_form_refuses_an_end_in_year_9999(app, session):
    client = client_for_role(app, session, Role.PROVIDER)
    response = client.post("/offers/new", data=offer_form(start="2027-01-01", end="9999-12-31"))
    assert response.status_code == 422
    assert f"&#39;9999-12-31&#39; {RANGE}" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["start", "end"])
def test_the_need_form_refuses_a_date_out_of_range(as_rep, field):
    bad = {"start": "1999-12-31"} if field == "start" else {"end": "2101-01-01"}
    response = as_rep.post("/survey/needs/new", data=need_form(**bad))
    assert response.status_code == 422
    assert RANGE in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "dates", [{"starts_on": "9999-12-31"}, {"starts_on": "1999-12-31", "ends_on": "2000-01-02"}]
)
def test_the_event_form_refuses_a_date_out_of_range(app, session, dates):
    client = client_for_role(app, session, Role.FOCAL_POINT)
    response = client.post("/calendar/events/new", data=event_form(**dates))
    assert response.status_code == 422
    assert RANGE in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["until=9999-12-31", "since=0001-01-01"])
def test_the_audit_filter_refuses_a_date_out_of_range(app, session, query):
    client = client_for_role(app, session, Role.FOCAL_POINT)
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 200
    assert RANGE in response.get_data(as_text=True)
