"""Registering for an organisation already on cbmatch: the approval queue says the account joins
it (with its current members), and a registration giving it another type is refused."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from models import Organisation, Role, User, UserStatus
from models.organisation import ProviderType
from tests.factories import make_offer, make_user
from tests.survey_support import PASSWORD, error_of

HARBOURLINE = "Harbourline Security Ltd"


def register(client, **overrides):
    data = {
        "name": "Tomasi Vula",
        "email": "tomasi@harbourline.example",
        "password": "a long enough password",
        "confirm": "a long enough password",
        "role": "provider",
        "state": "",
        "organisation": HARBOURLINE,
        "organisation_type": "business",
        "organisation_country": "",
    }
    data.update(overrides)
    return client.post("/auth/register", data=data)


@pytest.fixture
def harbourline(session):
    """A business with two active accounts (and one refused, which is no member)."""
    org = Organisation(name=HARBOURLINE, type=ProviderType.BUSINESS)
    session.add(org)
    session.flush()
    for name, email in (("Ana Kepa", "ana@harbourline.example"),
                        ("Ben Oduya", "ben@harbourline.example"),
                        ("Cy Refused", "cy@harbourline.example")):  # fmt: skip
        make_user(session, role=Role.PROVIDER, state_code=None, organisation=HARBOURLINE,
                  name=name, email=email)  # fmt: skip
    cy = session.scalars(select(User).where(User.email == "cy@harbourline.example")).one()
    cy.status = UserStatus.REFUSED
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    return org


def focal_client(app):
    client = app.test_client()
    assert (
        client.post(
            "/auth/login", data={"email": "fp@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


def row_of(page: str, email: str) -> str:
    """The text of the queue's row for ``email``, tags removed and spaces collapsed."""
    for row in re.findall(r"<tr data-pending=.*?</tr>", page, re.S):
        if email in row:
            return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
    raise AssertionError(f"no pending row for {email}")


def test_the_queue_says_who_joins_an_organisation_and_who_creates_one(app, harbourline):
    anonymous = app.test_client()
    assert register(anonymous).status_code == 302
    tidewater = {"organisation": "Tidewater Cyber", "organisation_type": "ngo"}
    ira = register(anonymous, name="Ira New", email="ira@tidewater.example", **tidewater)
    assert ira.status_code == 302
    page = focal_client(app).get("/auth/accounts").get_data(as_text=True)
    joining = row_of(page, "tomasi@harbourline.example")
    assert f"joins {HARBOURLINE} (2 members)" in joining
    assert "Ana Kepa" in joining
    assert "Ben Oduya" in joining
    assert "Cy Refused" not in joining
    assert "creates a new organisation" not in joining
    creating = row_of(page, "ira@tidewater.example")
    assert "creates a new organisation" in creating
    assert "Tidewater Cyber" in creating
    assert "joins" not in creating


def test_an_organisation_known_from_its_offers_is_joined_even_with_no_member(app, session):
    offer = make_offer(session, i=3)
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    org = offer.organisation
    assert register(app.test_client(), organisation=org.name,
                    organisation_type=org.type.value).status_code == 302  # fmt: skip
    joining = row_of(focal_client(app).get("/auth/accounts").get_data(as_text=True), "tomasi@")
    assert f"joins {org.name} (0 members)" in joining


@pytest.mark.parametrize("email", ["tomasi@harbourline.example", "ana@harbourline.example"])
def test_another_type_for_an_existing_organisation_is_refused_naming_the_field(
    client, session, harbourline, email
):
    """Refused the same way whether or not the address has an account (no enumeration)."""
    before = session.scalar(select(func.count(User.id)))
    response = register(client, email=email, organisation_type="ngo")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    said = error_of(page, "organisation_type")
    assert said is not None
    assert "type of organisation" in said.lower()
    assert HARBOURLINE in said
    assert "Business" in said
    assert 'value="Tomasi Vula"' in page  # the input is kept
    assert f'value="{HARBOURLINE}"' in page
    assert session.scalar(select(func.count(User.id))) == before
    assert session.scalar(select(func.count(Organisation.id))) == 1


def test_the_same_type_joins_the_organisation(client, session, harbourline):
    assert register(client).status_code == 302
    tomasi = session.scalars(select(User).where(User.email == "tomasi@harbourline.example")).one()
    assert tomasi.organisation_id == harbourline.id
    assert tomasi.status is UserStatus.PENDING
