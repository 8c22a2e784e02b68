"""Registration with approval, sign in and out, password change, and the approval queue."""

from __future__ import annotations

from sqlalchemy import select

from models import Organisation, Role, User, UserStatus
from tests.factories import make_user


def register(client, **overrides):
    data = {
        "name": "Mele Tupou",
        "email": "mele.tupou@example.org",
        "password": "a long enough password",
        "confirm": "a long enough password",
        "role": "state",
        "state": "TON",
    }
    data.update(overrides)
    return client.post("/auth/register", data=data)


def login(client, email, password="correct horse battery"):
    return client.post("/auth/login", data={"email": email, "password": password})


def test_registration_creates_a_pending_account_that_cannot_sign_in(client, session):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/registered")
    user = session.scalars(select(User)).one()
    assert user.status is UserStatus.PENDING
    assert user.state.iso3 == "TON"
    refused = login(client, "mele.tupou@example.org", "a long enough password")
    assert refused.status_code == 422
    # the words of a wrong password, which also say that an account may await approval: what
    # a taken address answers too (tests/web/test_registration_probe.py)
    assert b"may not have approved the account yet" in refused.data


def test_registering_a_taken_address_looks_the_same_and_changes_nothing(client, session):
    make_user(session, email="taken@example.org")
    session.commit()
    response = register(client, email="taken@example.org")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/registered")
    assert session.scalars(select(User)).one().name != "Mele Tupou"


def test_a_provider_registration_creates_its_organisation(client, session):
    response = register(
        client, role="provider", state="", organisation="Pacific Cyber Collective",
        organisation_type="ngo", organisation_country="FJI",
    )  # fmt: skip
    assert response.status_code == 302
    org = session.scalars(select(Organisation)).one()
    assert (org.name, org.type.value, org.country.iso3) == (
        "Pacific Cyber Collective",
        "ngo",
        "FJI",
    )


def test_register_form_errors_name_the_field_and_keep_the_input(client, session):
    response = register(client, state="", password="short", confirm="short", email="not-an-email")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose the State you represent." in html
    assert "Field must be between 10 and 200 characters long." in html
    assert "Invalid email address." in html
    assert 'value="Mele Tupou"' in html
    assert session.scalars(select(User)).all() == []


def test_focal_point_approves_then_the_user_signs_in(client, session, app):
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    session.commit()
    register(client)
    pending = session.scalars(select(User).where(User.email == "mele.tupou@example.org")).one()

    assert login(client, "fp@example.org").status_code == 302
    queue = client.get("/auth/accounts")
    assert b"mele.tupou@example.org" in queue.data
    decided = client.post(f"/auth/accounts/{pending.id}", data={"decision": "approve"})
    assert decided.status_code == 302
    client.post("/auth/logout")

    assert login(client, "mele.tupou@example.org", "a long enough password").status_code == 302
    assert b"Mele Tupou" in client.get("/").data
    assert focal.id != pending.id


def test_wrong_password_and_unknown_address_get_the_same_answer(client, session):
    make_user(session, email="known@example.org")
    session.commit()
    a = login(client, "known@example.org", "wrong password!")
    b = login(client, "unknown@example.org", "wrong password!")
    assert a.status_code == b.status_code == 422
    assert b"The e-mail address or the password is not right." in a.data
    assert b"The e-mail address or the password is not right." in b.data


def test_changing_the_password_ends_other_sessions(app, session):
    make_user(session, email="two@example.org")
    session.commit()
    first, second = app.test_client(), app.test_client()
    login(first, "two@example.org")
    login(second, "two@example.org")
    changed = first.post(
        "/auth/password",
        data={
            "current": "correct horse battery",
            "password": "another good one",
            "confirm": "another good one",
        },
    )
    assert changed.status_code == 302
    assert first.get("/auth/password").status_code == 200
    assert second.get("/auth/password").status_code == 302  # sent to sign in


def test_only_the_focal_point_sees_the_approval_queue(client, session):
    make_user(session, email="state@example.org")
    session.commit()
    assert client.get("/auth/accounts").status_code == 302
    login(client, "state@example.org")
    assert client.get("/auth/accounts").status_code == 403


def test_next_is_followed_only_within_the_site(client, session):
    make_user(session, email="n@example.org")
    session.commit()
    ok = client.post(
        "/auth/login?next=/auth/password",
        data={"email": "n@example.org", "password": "correct horse battery"},
    )
    assert ok.headers["Location"] == "/auth/password"
    client.post("/auth/logout")
    evil = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": "n@example.org", "password": "correct horse battery"},
    )
    assert evil.headers["Location"] == "/home"  # the personal home instead


def test_password_form_errors_name_the_field_and_change_nothing(client, session):
    user = make_user(session, email="pw@example.org")
    session.commit()
    old_hash = user.password_hash
    login(client, "pw@example.org")
    good, new = "correct horse battery", "another good one"
    cases = [
        ({"current": "", "password": new, "confirm": new}, "This field is required."),
        ({"current": "wrong wrong wrong", "password": new, "confirm": new},
         "This is not your current password."),
        ({"current": good, "password": "short", "confirm": "short"},
         "Field must be between 10 and 200 characters long."),
        ({"current": good, "password": new, "confirm": "different one!"}, "The passwords differ."),
    ]  # fmt: skip
    for data, message in cases:
        response = client.post("/auth/password", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    session.refresh(user)
    assert user.password_hash == old_hash


def test_an_unknown_decision_on_an_account_is_refused(client, session):
    make_user(session, role=Role.FOCAL_POINT, email="fp2@example.org")
    pending = make_user(session, email="p@example.org", status=UserStatus.PENDING)
    session.commit()
    login(client, "fp2@example.org")
    assert (
        client.post(f"/auth/accounts/{pending.id}", data={"decision": "maybe"}).status_code == 400
    )
    assert client.post("/auth/accounts/999999", data={"decision": "approve"}).status_code == 404
    session.refresh(pending)
    assert pending.status is UserStatus.PENDING
