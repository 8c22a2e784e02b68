"""The notification settings page: each role sees only the e-mails it may receive, saving changes
what the notices will do, a bad value is refused by name with nothing written, and the change is
in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditEntry, Delivery, NoticePreference, Role
from tests.factories import client_for_role, make_user
from tests.survey_support import count, error_of, is_checked, login
from webapp.services.notices.kinds import KINDS, kinds_for
from webapp.services.notices.preferences import deliveries

ROLES = [Role.STATE, Role.PROVIDER, Role.FOCAL_POINT, Role.ADMIN]


def _names(page: str) -> set[str]:
    return {code for code in KINDS if f'name="{code}"' in page}


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_each_role_sees_only_the_emails_it_may_receive(app, session, role):
    client = client_for_role(app, session, role)
    page = client.get("/notifications/").get_data(as_text=True)
    assert _names(page) == {k.code for k in kinds_for(role)}
    assert "account_decided" not in _names(page), "a notice that cannot be turned off"
    assert 'action="/auth/logout"' in page  # the ordinary signed-in page


def test_the_page_says_where_the_mail_goes_and_shows_the_current_choices(client, session, rep):
    login(client, rep)
    page = client.get("/notifications/").get_data(as_text=True)
    assert rep.email in page
    assert "In the daily summary" in page
    assert is_checked(page, "proposal_received", "immediate")
    assert is_checked(page, "new_offers", "daily"), "the alerts' default"
    assert not is_checked(page, "match_note", "off")


def test_the_header_links_to_the_page(client, session, rep):
    login(client, rep)
    home = client.get("/home").get_data(as_text=True)
    assert 'href="/notifications/"' in home


def _all(role: Role, **changes: str) -> dict[str, str]:
    body = {k.code: k.default.value for k in kinds_for(role)}
    return body | changes


def test_saving_changes_what_the_notices_will_do(client, session, rep):
    login(client, rep)
    saved = client.post(
        "/notifications/", data=_all(Role.STATE, match_note="daily", new_offers="off")
    )
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("/notifications/")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Your notification settings are saved." in page
    assert is_checked(page, "match_note", "daily")
    assert is_checked(page, "new_offers", "off")
    assert deliveries(session, [rep.id], "match_note") == {rep.id: Delivery.DAILY}
    assert deliveries(session, [rep.id], "new_offers") == {rep.id: Delivery.OFF}
    assert deliveries(session, [rep.id], "proposal_received") == {rep.id: Delivery.IMMEDIATE}
    logged = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "notice_preference")
    ).all()
    assert sorted(e.record for e in logged) == [
        f"{rep.email}: match_note",
        f"{rep.email}: new_offers",
    ]
    assert all(e.actor_id == rep.id for e in logged)
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@un.test")
    session.commit()
    reader = client.application.test_client()
    login(reader, focal)
    log = reader.get("/audit/?entity=notice_preference").get_data(as_text=True)
    assert "changed the notification settings of" in log
    assert "A message written on a match" in log
    assert "in the daily summary" in log
    same = _all(Role.STATE, match_note="daily", new_offers="off")
    again = client.post("/notifications/", data=same, follow_redirects=True)
    assert "Nothing changed" in again.get_data(as_text=True)


def test_a_bad_value_is_refused_by_name_and_nothing_is_written(client, session, rep):
    login(client, rep)
    before = count(session, NoticePreference)
    body = _all(Role.STATE, match_note="daily", proposal_received="hourly")
    refused = client.post("/notifications/", data=body)
    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert "A proposal for you to answer" in page
    error = error_of(page, "proposal_received")
    assert error is not None
    assert "Each at once" in error
    assert is_checked(page, "match_note", "daily"), "what was chosen is kept"
    assert count(session, NoticePreference) == before
    assert deliveries(session, [rep.id], "match_note") == {rep.id: Delivery.IMMEDIATE}


def test_the_weekly_summary_cannot_be_daily_nor_can_a_kind_of_another_role_be_chosen(app, session):
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@un.test")
    session.commit()
    client = app.test_client()
    login(client, focal)
    page = client.get("/notifications/").get_data(as_text=True)
    assert not any(
        'name="weekly_digest"' in tag and 'value="daily"' in tag for tag in page.split("<input")
    )
    refused = client.post("/notifications/", data=_all(Role.FOCAL_POINT, weekly_digest="daily"))
    assert error_of(refused.get_data(as_text=True), "weekly_digest") is not None
    missing = _all(Role.FOCAL_POINT)
    del missing["match_note"]
    refused = client.post("/notifications/", data=missing)
    assert error_of(refused.get_data(as_text=True), "match_note") is not None
    # A State's alert sent by a focal point is not on their form: ignored, not saved.
    client.post("/notifications/", data=_all(Role.FOCAL_POINT, new_offers="off"))
    assert (
        session.scalars(select(NoticePreference).where(NoticePreference.kind == "new_offers")).all()
        == []
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get("/notifications/"), client.post("/notifications/", data={})):
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]
