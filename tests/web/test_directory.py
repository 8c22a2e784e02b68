"""The directories: public centres, and States' points of contact kept from everyone else."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models import Centre, PointOfContact, Role
from seed_data import reference
from tests.factories import make_need, make_offer, make_user, state
from webapp.services.directory.contacts import ContactInput, create_contact

PW = "correct horse battery"
CONTACTS = "/directory/contacts"
INDEX = CONTACTS + "/"
SECRET_EMAIL = "k.secret-diop@diplomatie.sen.example"
SECRET_NAME = "Khadija Secretdiop"


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


def flashes(client) -> list[str]:
    with client.session_transaction() as s:
        return [msg for _, msg in s.get("_flashes", [])]


def text(response) -> str:
    return response.get_data(as_text=True)


def contact_form(**overrides) -> dict[str, str]:
    data = {
        "kind": "technical",
        "name": "Awa Ndiaye",
        "position": "Head of incident response",
        "organisation": "National CSIRT",
        "email": "awa.ndiaye@csirt.sen.example",
        "phone": "+221 33 000 00 00",
    }
    data.update(overrides)
    return data


@pytest.fixture
def world(session):
    """Senegal's secret diplomatic contact, a Fiji contact, and one account per role."""
    sen = state(session, "SEN")
    secret = create_contact(
        session,
        sen,
        ContactInput("diplomatic", SECRET_NAME, "Counsellor", "Foreign ministry", SECRET_EMAIL),
        actor=None,
    )
    fiji = create_contact(
        session,
        state(session, "FJI"),
        ContactInput(
            "technical", "Tevita Ravu", "CERT lead", "CERT Fiji", "t.ravu@cert.fji.example"
        ),
        actor=None,
    )
    make_offer(session, i=1)  # creates the organisation "Open Cyber Academy"
    make_need(session, i=1, state="SEN", confidential=False)
    make_user(session, role=Role.STATE, state_code="SEN", email="sen@example.org")
    make_user(session, role=Role.STATE, state_code="FJI", email="fji@example.org")
    make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy",
              email="provider@example.org")  # fmt: skip
    make_user(session, role=Role.FOCAL_POINT, email="focal@example.org")
    make_user(session, role=Role.ADMIN, email="admin@example.org")
    session.commit()
    return secret, fiji


def as_user(app, email):
    client = app.test_client()
    if email:
        login(client, email)
    return client


# --- who may see and change points of contact --------------------------------------------------


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        (None, 302),
        ("provider@example.org", 403),
        ("sen@example.org", 200),
        ("fji@example.org", 200),
        ("focal@example.org", 200),
        ("admin@example.org", 200),
    ],
)
def test_contacts_directory_is_only_for_state_representatives_and_the_focal_point(
    app, world, email, expected
):
    response = as_user(app, email).get(INDEX)
    assert response.status_code == expected
    body = text(response)
    if expected == 200:
        assert SECRET_EMAIL in body
        assert "t.ravu@cert.fji.example" in body
    else:
        assert SECRET_EMAIL not in body
        assert SECRET_NAME not in body
    if expected == 302:
        assert "/auth/login" in response.headers["Location"]


def test_a_state_account_without_a_state_is_refused(app, world, session):
    user = make_user(session, role=Role.STATE, email="stateless@example.org")
    user.state_id = None
    session.commit()
    response = as_user(app, "stateless@example.org").get(INDEX)
    assert response.status_code == 403
    assert SECRET_EMAIL not in text(response)


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        (None, 302),
        ("provider@example.org", 403),
        ("focal@example.org", 403),
        ("admin@example.org", 403),
        ("fji@example.org", 403),
        ("sen@example.org", 200),
    ],
)
def test_only_the_states_own_representatives_may_change_its_contacts(
    app, world, session, email, expected
):
    secret, _ = world
    client = as_user(app, email)
    edit = f"{CONTACTS}/{secret.id}/edit"
    remove = f"{CONTACTS}/{secret.id}/remove"
    assert client.get(edit).status_code == expected
    assert client.get(remove).status_code == expected
    posted = client.post(edit, data=contact_form(kind="diplomatic", email="x@y.example"))
    assert posted.status_code == (302 if expected == 200 else expected)
    if expected != 200:
        assert client.post(remove).status_code == expected
        session.expire_all()
        kept = session.get(PointOfContact, secret.id)
        assert kept is not None
        assert kept.email == SECRET_EMAIL


def test_adding_a_contact_is_for_state_representatives_only(app, world):
    for email, expected in [(None, 302), ("provider@example.org", 403),
                            ("focal@example.org", 403), ("sen@example.org", 200)]:  # fmt: skip
        assert as_user(app, email).get(f"{CONTACTS}/new").status_code == expected, email


def test_a_missing_contact_is_404(app, world):
    assert as_user(app, "sen@example.org").get(f"{CONTACTS}/9999/edit").status_code == 404


# --- points of contact never leak ----------------------------------------------------------------


@pytest.mark.parametrize("email", [None, "provider@example.org", "sen@example.org",
                                   "focal@example.org"])  # fmt: skip
def test_contacts_never_appear_on_any_other_page(app, world, email):
    client = as_user(app, email)
    pages = ["/", "/needs/", "/offers/", "/states/SEN", "/directory/centres",
             f"/needs/?q={SECRET_NAME.split()[1]}", f"/offers/?q={SECRET_NAME.split()[1]}",
             f"/directory/centres?q={SECRET_NAME.split()[1]}", "/needs/N-T-001",
             "/offers/O-T-001"]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = text(response)
        assert SECRET_EMAIL not in body, url
        assert SECRET_NAME not in body, url


def test_the_contacts_link_shows_only_to_those_who_may_open_it(app, world):
    for email, shown in [(None, False), ("provider@example.org", False),
                         ("sen@example.org", True), ("focal@example.org", True)]:  # fmt: skip
        nav = text(as_user(app, email).get("/directory/centres"))
        assert ('href="/directory/contacts/"' in nav) is shown, email
        assert 'href="/directory/centres"' in nav


# --- a State's representative keeps its contacts -------------------------------------------------


def test_a_representative_adds_edits_and_removes_a_contact(app, world, session):
    client = as_user(app, "sen@example.org")
    response = client.post(f"{CONTACTS}/new", data=contact_form())
    assert response.status_code == 302
    assert "Awa Ndiaye is now a point of contact of Senegal." in flashes(client)
    added = session.scalars(
        select(PointOfContact).where(PointOfContact.email == "awa.ndiaye@csirt.sen.example")
    ).one()
    assert added.state.iso3 == "SEN"
    assert added.updated_by_id is not None
    page = text(client.get(INDEX))
    assert "Senegal's points of contact" in page
    assert "awa.ndiaye@csirt.sen.example" in page

    response = client.post(f"{CONTACTS}/{added.id}/edit",
                           data=contact_form(position="Director, national CSIRT"))  # fmt: skip
    assert response.status_code == 302
    session.expire_all()
    assert session.get(PointOfContact, added.id).position == "Director, national CSIRT"

    assert client.post(f"{CONTACTS}/{added.id}/remove").status_code == 302
    assert "Awa Ndiaye is no longer a point of contact of Senegal." in flashes(client)
    session.expire_all()
    assert session.get(PointOfContact, added.id) is None


def test_the_focal_point_sees_no_edit_buttons(app, world):
    secret, _ = world
    body = text(as_user(app, "focal@example.org").get(INDEX))
    assert f"/directory/contacts/{secret.id}/edit" not in body
    assert "Add a point of contact" not in body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter an e-mail address like name@ministry.gov."),
        ({"name": "  "}, "name", "Give the person&#39;s full name."),
        ({"kind": ""}, "kind", "Choose diplomatic or technical."),
        ({"kind": "military"}, "kind", "Not a valid choice"),
        ({"organisation": ""}, "organisation", "Name the ministry or agency."),
        ({"phone": "call me maybe"}, "phone", "Use digits, spaces, +, -, dots and brackets only"),
        ({"name": "x" * 201}, "name", "Keep it under 201 characters."),
    ],
)
def test_a_bad_contact_is_refused_with_the_reason_and_nothing_is_written(
    app, world, session, overrides, field, message
):
    client = as_user(app, "sen@example.org")
    before = session.scalar(select(func.count(PointOfContact.id)))
    response = client.post(f"{CONTACTS}/new", data=contact_form(**overrides))
    assert response.status_code == 422
    body = text(response)
    assert message in body
    assert re.search(rf'class="field field-invalid"[^>]*>\s*(<legend>|<label for="{field}")', body)
    assert 'value="Head of incident response"' in body  # what was typed is kept
    assert session.scalar(select(func.count(PointOfContact.id))) == before


def test_the_same_address_twice_for_one_state_and_kind_is_refused(app, world, session):
    client = as_user(app, "sen@example.org")
    data = contact_form(kind="diplomatic", email=SECRET_EMAIL.upper())
    response = client.post(f"{CONTACTS}/new", data=data)
    assert response.status_code == 422
    assert "Senegal already has a diplomatic point of contact with this address." in text(response)
    assert session.scalar(select(func.count(PointOfContact.id))) == 2


def test_contacts_filter_by_state_region_kind_and_words(app, world):
    client = as_user(app, "focal@example.org")
    by_state = text(client.get(f"{INDEX}?state=FJI"))
    assert "t.ravu@cert.fji.example" in by_state
    assert SECRET_EMAIL not in by_state
    by_region = text(client.get(f"{INDEX}?region=Western+Africa"))
    assert SECRET_EMAIL in by_region
    assert "t.ravu@cert.fji.example" not in by_region
    by_group = text(client.get(f"{INDEX}?region=SIDS"))
    assert "t.ravu@cert.fji.example" in by_group
    assert SECRET_EMAIL not in by_group
    by_kind = text(client.get(f"{INDEX}?kind=technical"))
    assert "t.ravu@cert.fji.example" in by_kind
    assert SECRET_EMAIL not in by_kind
    words = text(client.get(f"{INDEX}?q=ravu+cert"))
    assert "1 point of contact matches these filters" in words
    unknown = client.get(f"{INDEX}?state=XXX")
    assert unknown.status_code == 200
    assert "This State is not known to cbmatch, so it was ignored." in text(unknown)


# --- the public centres directory ---------------------------------------------------------------


def test_every_seeded_centre_has_an_https_website_and_a_known_scope_and_host():
    rows = reference.centres()
    assert 20 <= len(rows) <= 40
    assert reference.centre_problems(rows) == []
    for row in rows:
        assert row.website.startswith("https://"), row.slug
        for item in row.scope:
            assert reference.scope_item_known(item), (row.slug, item)
        assert row.host is None or row.host in reference.states(), row.slug


def test_the_checks_catch_a_bad_centre():
    good = reference.centres()[0]
    from dataclasses import replace

    bad = replace(good, website="http://example.org", scope=("Atlantis",), host="XXX",
                  topics=("astrology",))  # fmt: skip
    problems = reference.centre_problems([good, bad])
    assert any("https" in p for p in problems)
    assert any("'Atlantis' is unknown" in p for p in problems)
    assert any("host 'XXX'" in p for p in problems)
    assert any("slug appears twice" in p for p in problems)
    assert any("topic 'astrology'" in p for p in problems)


def test_init_loads_every_centre(session):
    assert session.scalar(select(func.count(Centre.id))) == len(reference.centres())


def test_centres_are_public_with_external_links(client):
    response = client.get("/directory/centres")
    assert response.status_code == 200
    body = text(response)
    for row in reference.centres():
        assert f'href="{row.website}" rel="noopener"' in body, row.slug
    assert "ASEAN-Japan Cybersecurity Capacity Building Centre" in body
    assert "Hosted in Thailand" in body
    assert client.get("/directory/").status_code == 302


def test_centres_filter_by_region_kind_and_words(client):
    pacific = text(client.get("/directory/centres?region=Melanesia"))
    assert "Pacific Cyber Security Operational Network" in pacific
    assert "Global Forum on Cyber Expertise" in pacific  # serves every State
    assert "CARICOM Implementation Agency" not in pacific
    caribbean = text(client.get("/directory/centres?region=Caribbean&kind=subregional_centre"))
    assert "CARICOM Implementation Agency" in caribbean
    assert "Global Forum on Cyber Expertise" not in caribbean
    words = text(client.get("/directory/centres?q=budapest+convention"))
    assert "Council of Europe Cybercrime Programme Office" in words
    assert "1 centre matches these filters" in words
    none = text(client.get("/directory/centres?q=zzzzzz"))
    assert "No centre matches these filters" in none
    bad = client.get("/directory/centres?region=Atlantis")
    assert bad.status_code == 200
    assert "This region is not known to cbmatch, so it was ignored." in text(bad)
