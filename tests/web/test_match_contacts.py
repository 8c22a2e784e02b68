"""Reaching each other: once both sides accept, the match page shows each side's contact person
and work e-mail to the other side (and to the focal point), and hides them again when withdrawn."""

from __future__ import annotations

import pytest
from flask_babel import refresh
from sqlalchemy import select

from models import Match, MatchStatus, Role, UserStatus
from tests.factories import make_user

PW = "correct horse battery"
P = MatchStatus
PENDING_LINE = "are shown here once both the State and the provider accept"
FOCAL_LINE = "The focal point's team follows this match"


def login(client, user):
    assert client.post("/auth/login", data={"email": user.email, "password": PW}).status_code == 302


def page_of(app, user, match) -> str:
    client = app.test_client()
    login(client, user)
    response = client.get(f"/matches/{match.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def sides(world, match):
    """The State representative and the provider of a match."""
    return world.reps[match.need.state.iso3], world.providers[match.offer.organisation.name]


def mailto(user) -> str:
    return f'href="mailto:{user.email}"'


def answer(app, user, match, decision="accept"):
    client = app.test_client()
    login(client, user)
    sent = client.post(
        f"/matches/{match.id}",
        data={"decision": decision, "note": "", "version": str(match.version)},
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)


def test_contacts_appear_only_once_both_sides_have_accepted(app, session, world):
    match = world.matches[P.PROPOSED]
    rep, provider = sides(world, match)

    for viewer, other in ((rep, provider), (provider, rep)):
        page = page_of(app, viewer, match)
        assert PENDING_LINE in page
        assert other.email not in page
        assert FOCAL_LINE in page

    answer(app, rep, match)  # one side has accepted: still nothing shared
    session.refresh(match)
    assert match.status is P.PROPOSED
    assert rep.email not in page_of(app, provider, match)
    assert provider.email not in page_of(app, rep, match)

    answer(app, provider, match)
    session.refresh(match)
    assert match.status is P.ACCEPTED
    seen_by_rep = page_of(app, rep, match)
    assert f"Your contact at {match.offer.organisation.name}" in seen_by_rep
    assert mailto(provider) in seen_by_rep
    assert provider.name in seen_by_rep
    # the rep's own details, as the provider sees them
    assert f"What {match.offer.organisation.name} sees as your contact" in seen_by_rep
    assert mailto(rep) in seen_by_rep
    assert PENDING_LINE not in seen_by_rep

    seen_by_provider = page_of(app, provider, match)
    assert f"Your contact at {match.need.state.name()}" in seen_by_provider
    assert mailto(rep) in seen_by_provider
    assert rep.name in seen_by_provider
    assert seen_by_provider.index(mailto(rep)) < seen_by_provider.index(mailto(provider))


def test_the_focal_point_sees_both_contacts_and_no_pointer_to_itself(app, world):
    match = world.matches[P.IN_PROGRESS]
    rep, provider = sides(world, match)
    page = page_of(app, world.focal, match)
    assert f"Contact for {match.need.state.name()}" in page
    assert f"Contact for {match.offer.organisation.name}" in page
    assert mailto(rep) in page
    assert mailto(provider) in page
    assert FOCAL_LINE not in page


def test_a_completed_match_keeps_its_contacts(app, world):
    match = world.matches[P.COMPLETED]
    rep, provider = sides(world, match)
    assert mailto(provider) in page_of(app, rep, match)
    assert mailto(rep) in page_of(app, provider, match)


@pytest.mark.parametrize("status", [P.WITHDRAWN, P.DECLINED])
def test_a_withdrawn_or_declined_match_shows_no_contacts(app, world, status):
    match = world.matches[status]
    rep, provider = sides(world, match)
    page = page_of(app, rep, match)
    assert provider.email not in page
    assert PENDING_LINE not in page
    assert FOCAL_LINE in page  # the focal point's team stays reachable
    assert rep.email not in page_of(app, provider, match)


def test_withdrawing_an_accepted_match_hides_the_contacts_it_showed(app, session, world):
    match = world.matches[P.ACCEPTED]
    rep, provider = sides(world, match)
    assert mailto(rep) in page_of(app, provider, match)

    client = app.test_client()
    login(client, provider)
    gone = client.post(f"/matches/{match.id}/withdraw", data={"withdraw-reason": "No budget."})
    assert gone.status_code == 302
    session.refresh(match)
    assert match.status is P.WITHDRAWN
    assert rep.email not in page_of(app, provider, match)
    assert provider.email not in page_of(app, rep, match)


def test_people_outside_the_match_get_what_they_got_before(app, world):
    match = world.matches[P.ACCEPTED]
    rep, provider = sides(world, match)
    outsiders = [world.reps["FJI"]] + [p for p in world.providers.values() if p is not provider]
    for outsider in outsiders:
        client = app.test_client()
        login(client, outsider)
        response = client.get(f"/matches/{match.id}")
        assert response.status_code == 404
        assert rep.email not in response.get_data(as_text=True)
    anonymous = app.test_client().get(f"/matches/{match.id}")
    assert anonymous.status_code == 302
    assert "/auth/login" in anonymous.headers["Location"]


def test_the_person_who_accepted_is_the_contact_not_the_first_account_by_name(app, session, world):
    match = world.matches[P.ACCEPTED]
    rep, provider = sides(world, match)
    colleague = make_user(session, role=Role.STATE, state_code="SEN", name="Aaron First",
                          email="aaron@senegal.example")  # fmt: skip
    session.commit()
    page = page_of(app, provider, match)
    assert mailto(rep) in page
    assert colleague.email not in page
    assert f"Accepted the proposal for {match.need.state.name()}." in page


def test_when_the_person_who_accepted_has_left_the_sides_active_accounts_stand_in(
    app, session, world
):
    match = world.matches[P.ACCEPTED]
    rep, provider = sides(world, match)
    colleague = make_user(session, role=Role.STATE, state_code="SEN", name="Aaron First",
                          email="aaron@senegal.example")  # fmt: skip
    make_user(session, role=Role.STATE, state_code="SEN", name="Pending Person",
              email="pending@senegal.example", status=UserStatus.PENDING)  # fmt: skip
    rep.status = UserStatus.DISABLED
    session.commit()
    page = page_of(app, provider, match)
    assert mailto(colleague) in page
    assert rep.email not in page
    assert "pending@senegal.example" not in page
    assert "The person who accepted is no longer available" in page


def test_a_request_counts_as_the_requesting_sides_acceptance(app, session, world):
    """The State that requests an offer has accepted by asking: its requester is the contact."""
    need = world.matches[P.DECLINED].need  # Tonga's need, declined with offer 1; offer 0 is new
    rep = world.reps["TON"]
    offer = world.offers[0]
    provider = world.providers[offer.organisation.name]
    make_user(session, role=Role.STATE, state_code="TON", name="Aaron First",
              email="aaron@tonga.example")  # fmt: skip
    session.commit()
    client = app.test_client()
    login(client, rep)
    request = {"offer": offer.ref, "need": need.ref, "message": "Please."}
    sent = client.post("/matches/request", data=request)
    assert sent.status_code == 302
    match = session.scalars(select(Match).where(Match.need_id == need.id,
                                                Match.offer_id == offer.id)).one()  # fmt: skip
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert PENDING_LINE in page
    assert provider.email not in page

    answer(app, provider, match)
    seen_by_provider = page_of(app, provider, match)
    assert mailto(rep) in seen_by_provider
    assert "aaron@tonga.example" not in seen_by_provider


def test_the_focal_point_contact_page_is_linked_when_the_app_has_one(app, world):
    match = world.matches[P.ACCEPTED]
    rep, _provider = sides(world, match)
    if "help.contact" not in app.view_functions:
        app.add_url_rule("/contact-stub", "help.contact", lambda: "contact")
    page = page_of(app, rep, match)
    assert "contact the focal point</a>" in page


def test_a_note_worded_like_an_answer_does_not_make_its_writer_the_other_sides_contact(
    app, session, world
):
    match = world.matches[P.PROPOSED]
    rep, provider = sides(world, match)
    client = app.test_client()
    login(client, provider)
    noted = client.post(f"/matches/{match.id}/note", data={"note-text": "The State accepted. :)"})
    assert noted.status_code == 302
    answer(app, rep, match)
    answer(app, provider, match)
    page = page_of(app, provider, match)
    state_side = page[page.index("Your contact at") : page.index("sees as your contact")]
    assert mailto(rep) in state_side
    assert mailto(provider) not in state_side


def test_an_arabic_reader_gets_the_section_in_arabic_with_addresses_left_to_right(app, world):
    match = world.matches[P.ACCEPTED]
    rep, provider = sides(world, match)
    client = app.test_client()
    login(client, rep)
    assert client.post("/language", data={"language": "ar"}).status_code == 302
    refresh()  # the tests keep one app context for every request: forget its reader's language
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert "كيف يتواصل الطرفان" in page
    assert f'{mailto(provider)} dir="ltr"' in page
