"""No cache keeps what a signed-in person saw, nor any export: ``Cache-Control: no-store``.

A shared computer's browser cache or a caching proxy must not hand one person's pages, or a
download, to the next. Static files keep their caching.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import Role
from tests.factories import make_offer, make_user
from tests.survey_support import login


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


@pytest.fixture
def signed_in(client, session):
    user = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    session.commit()
    login(client, user)
    return client


@pytest.mark.parametrize(
    "path",
    ["/", "/home", "/needs/", "/auth/accounts", "/pipeline/", "/no-such-page", "/calendar"],
)
def test_every_page_for_a_signed_in_person_is_not_stored(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code in (200, 404)
    assert no_store(response), response.headers.get("Cache-Control")


def test_a_redirect_and_a_form_answer_for_a_signed_in_person_are_not_stored(signed_in):
    assert no_store(signed_in.get("/auth/login"))  # redirects to the personal home
    assert no_store(signed_in.post("/auth/password", data={"current": "x"}))


@pytest.mark.parametrize("path", ["/pipeline/export.csv", "/pipeline/export.xlsx"])
def test_exports_are_not_stored(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code == 200
    assert no_store(response)


def test_the_calendar_feed_is_not_stored_whoever_asks(client, signed_in, session):
    soon = date.today() + timedelta(days=10)
    make_offer(session, i=1, start=soon.isoformat(), end=soon.isoformat())
    session.commit()
    assert no_store(signed_in.get("/calendar.ics"))
    anonymous = client.application.test_client()
    response = anonymous.get("/calendar.ics?region=")
    assert response.status_code == 200
    assert no_store(response)


def test_static_files_keep_their_caching_even_for_a_signed_in_person(signed_in):
    response = signed_in.get("/static/css/cbmatch.css")
    assert response.status_code == 200
    assert not no_store(response)
    response.close()


def test_public_pages_for_an_anonymous_visitor_are_left_alone(client):
    assert not no_store(client.get("/needs/"))
