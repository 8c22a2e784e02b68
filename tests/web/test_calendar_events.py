"""Calendar events on the web: who may add, change and delete them, and the form's errors."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from models import Event, Organisation, Role
from models.organisation import ProviderType
from tests.factories import make_user
from webapp.services.calendar.events import load_events
from webapp.services.errors import ValidationFailed

PW = "correct horse battery"
NEW = "/calendar/events/new"


def sign_in(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PW}).status_code == 302
    return client


def flashes(client) -> list[str]:
    with client.session_transaction() as s:
        return [msg for _, msg in s.get("_flashes", [])]


def event_count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Event.id)))


def form(**overrides):
    data = {
        "title": "Regional phishing drill",
        "description": "Ministries test how their staff report phishing.",
        "starts_on": "2027-03-10",
        "ends_on": "2027-03-11",
        "location": "Port Louis, Mauritius",
        "url": "https://example.org/drill",
        "topics": ["awareness"],
        "eligible_groups": ["SIDS"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def people(session):
    """A focal point, a State representative, and providers of two organisations."""
    for name in ("Harbour Security", "Reef Academy"):
        session.add(Organisation(name=name, type=ProviderType.BUSINESS))
    session.flush()
    users = {
        "focal": make_user(session, role=Role.FOCAL_POINT, state_code=None),
        "state": make_user(session, role=Role.STATE),
        "harbour": make_user(session, role=Role.PROVIDER, organisation="Harbour Security"),
        "reef": make_user(session, role=Role.PROVIDER, organisation="Reef Academy"),
    }
    session.commit()
    return users


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("state", 403), ("harbour", 200), ("focal", 200)]
)
def test_who_may_open_the_event_form(app, people, who, expected):
    client = sign_in(app, people[who]) if who else app.test_client()
    response = client.get(NEW)
    assert response.status_code == expected
    if expected == 302:
        assert "/auth/login" in response.headers["Location"]
    calendar = client.get("/calendar").get_data(as_text=True)
    assert ('href="/calendar/events/new"' in calendar) == (expected == 200)


def test_a_provider_adds_an_event_for_its_own_organisation(app, session, people):
    client = sign_in(app, people["harbour"])
    page = client.get(NEW).get_data(as_text=True)
    assert "Added for <strong>Harbour Security</strong>" in page
    assert 'name="organisation"' not in page  # a provider cannot post for someone else
    response = client.post(NEW, data=form(organisation="Reef Academy"))
    assert response.status_code == 302
    event = session.scalars(select(Event)).one()
    assert response.headers["Location"] == f"/calendar/events/{event.ref}"
    assert event.organisation.name == "Harbour Security"
    assert (event.starts_on, event.ends_on) == (date(2027, 3, 10), date(2027, 3, 11))
    assert event.eligible == ["SIDS"]
    assert [t.slug for t in event.topics] == ["awareness"]
    assert f"Event {event.ref} is on the calendar." in flashes(client)
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Regional phishing drill" in shown
    assert "Organised by Harbour Security" in shown
    assert "10 March 2027 to 11 March 2027 (2 days)" in shown


def test_a_one_day_online_event_needs_no_end_date_or_location(app, session, people):
    client = sign_in(app, people["focal"])
    data = form(ends_on="", location="", online="y", url="", organisation="")
    assert client.post(NEW, data=data).status_code == 302
    event = session.scalars(select(Event)).one()
    assert event.ends_on == event.starts_on == date(2027, 3, 10)
    assert event.organisation is None
    assert event.online
    assert event.where == "Online"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": "2027-03-01"}, "Ends on is before the start date (2027-03-10)."),
        ({"url": "example.org/drill"}, "Web page must be a full web address such as"),
        ({"url": "javascript:alert(1)"}, "Web page must be a full web address such as"),
        ({"starts_on": ""}, "Give the first day."),
        ({"starts_on": "10/03/2027"},
         "Starts on must be a date written as YYYY-MM-DD, e.g. 2027-03-01; “10/03/2027” is not"),
        ({"starts_on": "2027-02-30"}, "Starts on must be a date written as YYYY-MM-DD, e.g. 2027"),
        ({"title": ""}, "Give the event a title."),
        ({"location": "", "online": None}, "Location is required unless the event is online."),
        ({"ends_on": "2028-06-01"}, "an event lasts at most a year"),
        ({"topics": ["no-such-topic"]}, "is not a valid choice for this field"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_keeps_the_text_and_writes_nothing(
    app, session, people, overrides, message
):
    client = sign_in(app, people["focal"])
    response = client.post(NEW, data=form(**overrides))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page.replace("&#39;", "'")
    assert "Please correct the highlighted" in page
    assert 'value="Port Louis, Mauritius"' in page or overrides.get("location") == ""
    for value in overrides.values():
        if isinstance(value, str) and value:
            assert f'value="{value}"' in page  # what was typed stays in the box
    assert event_count(session) == 0


def test_providers_change_only_their_own_organisations_events(app, session, people):
    harbour = sign_in(app, people["harbour"])
    harbour.post(NEW, data=form())
    ref = session.scalars(select(Event.ref)).one()
    reef = sign_in(app, people["reef"])
    state = sign_in(app, people["state"])
    for client, code in ((reef, 403), (state, 403)):
        assert client.get(f"/calendar/events/{ref}/edit").status_code == code
        assert client.post(f"/calendar/events/{ref}/edit", data=form(title="X")).status_code == code
        assert client.post(f"/calendar/events/{ref}/delete").status_code == code
        assert "/edit" not in client.get(f"/calendar/events/{ref}").get_data(as_text=True)
    assert session.scalars(select(Event.title)).one() == "Regional phishing drill"
    edit = harbour.get(f"/calendar/events/{ref}/edit").get_data(as_text=True)
    assert 'value="Regional phishing drill"' in edit
    assert 'value="2027-03-11"' in edit
    saved = harbour.post(f"/calendar/events/{ref}/edit", data=form(title="Phishing drill 2027"))
    assert saved.status_code == 302
    session.expire_all()
    assert session.scalars(select(Event.title)).one() == "Phishing drill 2027"
    assert f"Event {ref} is saved." in flashes(harbour)


def test_the_focal_point_edits_any_event_and_providers_not_the_focal_points(app, session, people):
    focal = sign_in(app, people["focal"])
    assert focal.post(NEW, data=form(organisation="")).status_code == 302
    ref = session.scalars(select(Event.ref)).one()
    harbour = sign_in(app, people["harbour"])
    assert harbour.get(f"/calendar/events/{ref}/edit").status_code == 403
    moved = focal.post(f"/calendar/events/{ref}/edit", data=form(organisation="Reef Academy"))
    assert moved.status_code == 302
    session.expire_all()
    assert session.scalars(select(Event)).one().organisation.name == "Reef Academy"
    assert sign_in(app, people["reef"]).get(f"/calendar/events/{ref}/edit").status_code == 200


def test_deleting_asks_first_then_removes_the_event_from_the_calendar(app, session, people):
    harbour = sign_in(app, people["harbour"])
    harbour.post(NEW, data=form())
    ref = session.scalars(select(Event.ref)).one()
    confirm = harbour.get(f"/calendar/events/{ref}/delete")
    assert confirm.status_code == 200
    assert "Delete this event?" in confirm.get_data(as_text=True)
    assert event_count(session) == 1
    response = harbour.post(f"/calendar/events/{ref}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/calendar?month=2027-03"
    assert event_count(session) == 0
    assert "The event 'Regional phishing drill' is no longer on the calendar." in flashes(harbour)
    assert harbour.get(f"/calendar/events/{ref}").status_code == 404
    page = harbour.get("/calendar?month=2027-03").get_data(as_text=True)
    assert "Regional phishing drill" not in page


def test_unknown_event_is_404(client):
    assert client.get("/calendar/events/E-NOPE").status_code == 404


def test_a_bad_events_file_is_refused_whole(session, people, tmp_path):
    path = tmp_path / "events.json"
    good = {"ref": "E-1", "title": "A", "description": "B", "starts_on": "2027-01-05",
            "online": True}  # fmt: skip
    bad = {**good, "ref": "E-2", "ends_on": "2027-01-01", "eligible": ["Atlantis"], "colour": 1}
    path.write_text(json.dumps([good, bad]), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_events(session, path)
    fields = sorted(e.field for e in caught.value.errors)
    assert fields == ["colour", "eligible", "ends_on"]
    assert event_count(session) == 0
    path.write_text(json.dumps([good]), encoding="utf-8")
    assert load_events(session, path).created == 1
    assert load_events(session, path).unchanged == 1


def test_a_loaded_superscript_ref_leaves_new_events_numbered(app, session, people, tmp_path):
    """A loaded "E-<year>-²" made every new event of the year a 500 (int("²") fails)."""
    year = date.today().year
    path = tmp_path / "events.json"
    loaded = {"ref": f"E-{year}-²", "title": "A", "description": "B", "starts_on": "2027-01-05",
              "online": True}  # fmt: skip
    path.write_text(json.dumps([loaded]), encoding="utf-8")
    load_events(session, path)
    session.commit()
    response = sign_in(app, people["harbour"]).post(NEW, data=form())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/calendar/events/E-{year}-001"
