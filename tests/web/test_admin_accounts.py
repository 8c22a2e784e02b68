"""The administrator's accounts: list, search and filters, deactivation (which ends sessions),
reactivation, role changes with their checks, self-protection, the audit log, refusal reasons."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import AuditEntry, Organisation, Role, User, UserStatus
from models.organisation import ProviderType
from tests.factories import make_user, state

PW = "correct horse battery"


def login(client, email, password=PW):
    return client.post("/auth/login", data={"email": email, "password": password})


@pytest.fixture
def admin(session):
    user = make_user(session, role=Role.ADMIN, state_code=None, email="admin@example.org",
                     name="Ada Admin")  # fmt: skip
    session.commit()
    return user


@pytest.fixture
def as_admin(app, admin):
    client = app.test_client()
    assert login(client, admin.email).status_code == 302
    return client


@pytest.fixture
def org(session):
    o = Organisation(name="Pacific Cyber Collective", type=ProviderType.NGO,
                     country=state(session, "FJI"))  # fmt: skip
    session.add(o)
    session.commit()
    return o


def text(response) -> str:
    return response.get_data(as_text=True)


def listed(response) -> list[str]:
    return re.findall(r'class="account-email">([^<]+)<', text(response))


def test_only_the_admin_has_the_accounts_link_and_pages(app, session, as_admin):
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    assert 'href="/admin/accounts"' in text(as_admin.get("/"))
    other = app.test_client()
    login(other, focal.email)
    assert 'href="/admin/accounts"' not in text(other.get("/"))
    assert other.get("/admin/accounts").status_code == 403
    assert other.get(f"/admin/accounts/{focal.id}").status_code == 403


def test_the_list_is_searched_and_filtered_by_role_and_status(session, as_admin, org):
    make_user(session, email="awa@senegal.example", name="Awa Diop")
    make_user(session, email="mele@tonga.example", name="Mele Tupou", state_code="TON",
              status=UserStatus.PENDING)  # fmt: skip
    make_user(session, role=Role.PROVIDER, state_code=None, organisation=org.name,
              email="pat@pcc.example", name="Pat Provider")  # fmt: skip
    session.commit()
    everyone = listed(as_admin.get("/admin/accounts"))
    assert set(everyone) == {"admin@example.org", "awa@senegal.example", "mele@tonga.example",
                             "pat@pcc.example"}  # fmt: skip
    assert listed(as_admin.get("/admin/accounts?q=DIOP")) == ["awa@senegal.example"]
    assert listed(as_admin.get("/admin/accounts?q=tonga.example")) == ["mele@tonga.example"]
    assert listed(as_admin.get("/admin/accounts?role=provider")) == ["pat@pcc.example"]
    assert listed(as_admin.get("/admin/accounts?status=pending")) == ["mele@tonga.example"]
    assert listed(as_admin.get("/admin/accounts?role=state&status=active")) == [
        "awa@senegal.example"
    ]
    none = as_admin.get("/admin/accounts?q=nobody")
    assert listed(none) == []
    assert "No account matches these filters." in text(none)
    # An unknown role or status is ignored rather than refused.
    assert len(listed(as_admin.get("/admin/accounts?role=king&status=x"))) == 4


def test_the_list_is_paged_by_the_configured_size(app, session, as_admin):
    app.config["ACCOUNTS_PAGE_SIZE"] = 2
    for i in range(3):
        make_user(session, email=f"p{i}@example.org", name=f"Person {i}")
    session.commit()
    first, second = as_admin.get("/admin/accounts"), as_admin.get("/admin/accounts?page=2")
    assert len(listed(first)) == len(listed(second)) == 2
    assert "page 1 of 2" in text(first)
    assert not set(listed(first)) & set(listed(second))


def test_an_account_page_shows_its_details(session, as_admin):
    user = make_user(session, email="awa@senegal.example", name="Awa Diop")
    session.commit()
    page = text(as_admin.get(f"/admin/accounts/{user.id}"))
    assert "Awa Diop" in page
    assert "awa@senegal.example" in page
    assert "State representative" in page
    assert "Senegal" in page
    assert "Deactivate" in page
    assert as_admin.get("/admin/accounts/999999").status_code == 404


def deactivate(client, user, reason="Left the ministry.", follow=False, **extra):
    data = {"reason": reason, "version": str(user.version), **extra}
    return client.post(f"/admin/accounts/{user.id}/deactivate", data=data,
                       follow_redirects=follow)  # fmt: skip


def test_deactivating_ends_the_sessions_and_refuses_sign_in(app, session, as_admin):
    user = make_user(session, email="awa@senegal.example")
    session.commit()
    theirs = app.test_client()
    login(theirs, user.email)
    assert theirs.get("/auth/password").status_code == 200
    confirm = as_admin.get(f"/admin/accounts/{user.id}/deactivate")
    assert confirm.status_code == 200
    assert "Deactivate this account?" in text(confirm)
    session.refresh(user)
    assert user.status is UserStatus.ACTIVE  # the confirmation page changes nothing
    response = deactivate(as_admin, user)
    assert response.status_code == 302
    session.refresh(user)
    assert user.status is UserStatus.DISABLED
    assert user.status_reason == "Left the ministry."
    assert theirs.get("/auth/password").status_code == 302  # signed out
    refused = login(app.test_client(), user.email)
    assert refused.status_code == 422
    assert "This account is deactivated, so it cannot sign in." in text(refused)
    assert "Left the ministry." in text(as_admin.get(f"/admin/accounts/{user.id}"))


def test_reactivating_lets_the_account_sign_in_again(app, session, as_admin):
    user = make_user(session, email="awa@senegal.example", status=UserStatus.DISABLED)
    session.commit()
    response = as_admin.post(f"/admin/accounts/{user.id}/reactivate",
                             data={"version": str(user.version)})  # fmt: skip
    assert response.status_code == 302
    session.refresh(user)
    assert user.status is UserStatus.ACTIVE
    assert user.status_reason is None
    assert login(app.test_client(), user.email).status_code == 302
    again = as_admin.post(f"/admin/accounts/{user.id}/reactivate",
                          data={"version": str(user.version)}, follow_redirects=True)  # fmt: skip
    assert "Only a deactivated or refused account can be reactivated." in text(again)


def test_an_admin_cannot_deactivate_or_demote_itself(session, admin, as_admin):
    response = deactivate(as_admin, admin, follow=True)
    assert "You cannot deactivate your own account" in text(response)
    demoted = role(as_admin, admin, role="focal_point")
    assert demoted.status_code == 422
    assert "You cannot take the administrator role from your own account" in text(demoted)
    session.refresh(admin)
    assert (admin.status, admin.role) == (UserStatus.ACTIVE, Role.ADMIN)


def role(client, user, **data):
    return client.post(f"/admin/accounts/{user.id}/role",
                       data={"version": str(user.version), **data})  # fmt: skip


def test_a_role_change_is_checked_and_writes_all_or_nothing(session, as_admin, org):
    user = make_user(session, email="awa@senegal.example")
    session.commit()
    missing_org = role(as_admin, user, role="provider", state="SEN")
    assert missing_org.status_code == 422
    assert "Choose the organisation a provider acts for." in text(missing_org)
    missing_state = role(as_admin, user, role="state", state="")
    assert "Choose the State a State representative acts for." in text(missing_state)
    unknown = role(as_admin, user, role="state", state="XYZ")
    assert unknown.status_code == 422
    session.refresh(user)
    assert (user.role, user.state.iso3, user.organisation) == (Role.STATE, "SEN", None)

    assert role(as_admin, user, role="provider", organisation=str(org.id)).status_code == 302
    session.refresh(user)
    assert (user.role, user.state, user.organisation_id) == (Role.PROVIDER, None, org.id)
    assert role(as_admin, user, role="focal_point", organisation=str(org.id)).status_code == 302
    session.refresh(user)
    assert (user.role, user.state, user.organisation) == (Role.FOCAL_POINT, None, None)


def test_a_change_made_on_an_old_version_is_refused(session, as_admin):
    user = make_user(session, email="awa@senegal.example")
    session.commit()
    opened = user.version
    assert role(as_admin, user, role="state", state="FJI").status_code == 302
    session.refresh(user)
    data = {"role": "state", "state": "TON", "version": str(opened)}
    stale = as_admin.post(f"/admin/accounts/{user.id}/role", data=data)
    assert stale.status_code == 409
    assert "your changes were not saved" in text(stale)
    assert "you, in another window or tab" in text(stale)
    stale_off = deactivate(as_admin, user, version=str(opened))
    assert stale_off.status_code == 409
    session.refresh(user)
    assert (user.state.iso3, user.status) == ("FJI", UserStatus.ACTIVE)


def test_every_change_is_in_the_audit_log(session, admin, as_admin, org):
    user = make_user(session, email="awa@senegal.example")
    session.commit()
    role(as_admin, user, role="provider", organisation=str(org.id))
    session.refresh(user)
    deactivate(as_admin, user, reason="Duplicate account.")
    session.refresh(user)
    as_admin.post(f"/admin/accounts/{user.id}/reactivate", data={"version": str(user.version)})
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "user", AuditEntry.record_id == user.id,
                                 AuditEntry.action == "update").order_by(AuditEntry.id)
    ).all()  # fmt: skip
    assert [e.actor_id for e in entries] == [admin.id] * 3
    changed_role, off, on = (e.after for e in entries)
    assert changed_role["role"] == "provider"
    assert changed_role["organisation_id"] == org.id
    assert changed_role["state_id"] is None
    assert off == {"status": "disabled", "status_reason": "Duplicate account."}
    assert on == {"status": "active", "status_reason": None}
    history = text(as_admin.get(f"/admin/accounts/{user.id}"))
    assert history.count("data-audit=") >= 4  # the creation and the three changes


def test_refusing_a_registration_needs_a_reason_which_is_kept_and_shown(app, session, as_admin):
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    pending = make_user(session, email="mele@tonga.example", status=UserStatus.PENDING)
    session.commit()
    client = app.test_client()
    login(client, focal.email)
    no_reason = client.post(f"/auth/accounts/{pending.id}", data={"decision": "refuse",
                                                                  "reason": "  "})  # fmt: skip
    assert no_reason.status_code == 422
    assert "Say why the registration is refused" in text(no_reason)
    session.refresh(pending)
    assert pending.status is UserStatus.PENDING
    why = "Not a government address; please register with your ministry's."
    done = client.post(f"/auth/accounts/{pending.id}", data={"decision": "refuse", "reason": why})
    assert done.status_code == 302
    session.refresh(pending)
    assert (pending.status, pending.status_reason) == (UserStatus.REFUSED, why)
    assert "Not a government address" in text(client.get("/auth/accounts"))
    assert "Not a government address" in text(as_admin.get(f"/admin/accounts/{pending.id}"))
    refused = login(app.test_client(), pending.email)
    assert "The registration of this account was refused" in text(refused)
    assert listed(as_admin.get("/admin/accounts?status=refused")) == ["mele@tonga.example"]


def test_user_is_a_versioned_record(session):
    user = make_user(session)
    session.commit()
    first = user.version
    user.name = "Renamed"
    session.commit()
    assert user.version == first + 1
    assert session.scalar(select(User.version).where(User.id == user.id)) == first + 1
