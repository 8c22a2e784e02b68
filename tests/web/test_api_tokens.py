"""Personal access tokens on the account's pages: made, shown once, stored hashed, revoked."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import ApiToken, Role, db
from models.base import utcnow
from tests.factories import client_for_role, make_user
from tests.survey_support import error_of, is_checked, login
from webapp.services.accounts import tokens

SECRET = re.compile(r"cbm_[A-Za-z0-9]{40}")


def _make(client, **fields):
    body = {"name": "CI script", "scopes": ["read", "write_needs"], "expires_on": ""} | fields
    return client.post("/account/tokens/new", data=body)


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(ApiToken))


def test_no_token_yet_says_so_and_the_account_links_lead_here(as_rep):
    page = as_rep.get("/notifications/").get_data(as_text=True)
    assert 'href="/account/tokens/"' in page
    listing = as_rep.get("/account/tokens/").get_data(as_text=True)
    assert "You have no access token yet" in listing
    assert 'href="/account/tokens/new"' in listing


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(as_rep, session, rep):
    form = as_rep.get("/account/tokens/new").get_data(as_text=True)
    proposed = (utcnow().date() + timedelta(days=90)).isoformat()
    assert f'value="{proposed}"' in form  # the expiry proposed: in 90 days
    response = _make(as_rep)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    secret = SECRET.search(page).group(0)
    assert re.search(rf'<input id="token-value"[^>]*value="{secret}" readonly', page)
    assert "You will not see it again." in page
    token = session.scalar(select(ApiToken))
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    assert token.scopes == ["read", "write_needs"]
    assert tokens.authenticate(session, secret) is token
    # The list shows its prefix and never the secret; nor does any table of the database.
    listing = as_rep.get("/account/tokens/").get_data(as_text=True)
    assert secret not in listing
    assert f"{secret[:12]}…" in listing
    assert "Read and Write needs" in listing
    assert "Never" in listing
    for table in db.metadata.sorted_tables:
        rows = session.execute(select(table)).all()
        assert not any(secret in str(row) for row in rows), table.name


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.STATE, ["read", "write_needs", "answer_proposals"]),
        (Role.PROVIDER, ["read", "write_offers", "answer_proposals"]),
        (Role.FOCAL_POINT, ["read", "propose"]),
        (Role.ADMIN, ["read"]),
    ],
)
def test_the_form_offers_only_the_scopes_of_the_role(app, session, role, offered):
    client = client_for_role(app, session, role)
    page = client.get("/account/tokens/new").get_data(as_text=True)
    assert re.findall(r'name="scopes" id="scope-[a-z_]+" value="([a-z_]+)"', page) == offered


def test_a_scope_the_role_may_not_give_is_refused_and_nothing_is_written(as_rep, session):
    response = _make(as_rep, scopes=["read", "write_offers"])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "cannot give a token this scope: write_offers" in error_of(page, "scopes")
    assert _count(session) == 0


BAD = [
    ({"name": ""}, "name", "Name the token"),
    ({"name": " \u200b "}, "name", "Name the token"),
    ({"name": "x" * 101}, "name", "under 100 characters"),
    ({"scopes": []}, "scopes", "at least one thing"),
    ({"scopes": ["admin"]}, "scopes", "this scope: admin"),
    ({"expires_on": "next year"}, "expires_on", "YYYY-MM-DD"),
    ({"expires_on": "2027-02-30"}, "expires_on", "not a day of the calendar"),
    ({"expires_on": "TODAY"}, "expires_on", "a day after today"),
    ({"expires_on": "FAR"}, "expires_on", "at most 365 days"),
]


@pytest.mark.parametrize(("fields", "field", "words"), BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_every_bad_input_names_its_field_and_keeps_what_was_typed(
    as_rep, session, fields, field, words
):
    day = utcnow().date()
    dates = {"TODAY": day.isoformat(), "FAR": (day + timedelta(days=366)).isoformat()}
    if fields.get("expires_on") in dates:
        fields = {"expires_on": dates[fields["expires_on"]]}
    body = {"name": "Keep me", "scopes": ["read", "answer_proposals"]} | fields
    response = _make(as_rep, **body)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert words in (error_of(page, field) or ""), error_of(page, field)
    assert 'class="error-summary"' in page
    if field != "name":
        assert 'value="Keep me"' in page
    if field == "expires_on":
        assert f'value="{html.escape(body["expires_on"])}"' in page
    if field != "scopes":
        assert is_checked(page, "scopes", "answer_proposals")
        assert not is_checked(page, "scopes", "write_needs")
    assert _count(session) == 0


def test_names_are_unique_among_active_tokens_only(as_rep, session):
    assert _make(as_rep, name="CI script").status_code == 201
    again = _make(as_rep, name="ci SCRIPT")
    assert again.status_code == 422
    assert "already have an active token named" in error_of(again.get_data(as_text=True), "name")
    tokens.revoke(session, session.scalar(select(ApiToken)))
    session.commit()
    assert _make(as_rep, name="CI script").status_code == 201  # the first one is revoked


def test_revoking_asks_first_then_refuses_the_token_from_then_on(as_rep, session, rep):
    secret = SECRET.search(_make(as_rep).get_data(as_text=True)).group(0)
    token = session.scalar(select(ApiToken))
    ask = as_rep.get(f"/account/tokens/{token.id}/revoke").get_data(as_text=True)
    assert "Revoke this token?" in ask
    assert token.revoked_at is None
    done = as_rep.post(f"/account/tokens/{token.id}/revoke", follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "The token “CI script” is revoked" in page
    assert 'class="badge badge-token badge-token-revoked"' in page
    assert tokens.authenticate(session, secret) is tokens.Refusal.REVOKED
    again = as_rep.post(f"/account/tokens/{token.id}/revoke", follow_redirects=True)
    assert "was revoked already" in again.get_data(as_text=True)


def test_another_accounts_token_cannot_be_seen_nor_revoked(client, session, rep):
    made = tokens.create(session, rep, tokens.TokenInput(name="Mine", scopes=["read"]))
    session.commit()
    other = make_user(session, email="other@senegal.example")
    session.commit()
    login(client, other)
    assert "Mine" not in client.get("/account/tokens/").get_data(as_text=True)
    assert client.get(f"/account/tokens/{made.token.id}/revoke").status_code == 404
    assert client.post(f"/account/tokens/{made.token.id}/revoke").status_code == 404
    assert made.token.revoked_at is None


def test_the_list_shows_last_use_and_expiry(as_rep, session, rep):
    made = tokens.create(session, rep, tokens.TokenInput(name="Sync", scopes=["read"]))
    old = tokens.create(session, rep, tokens.TokenInput(name="Old", scopes=["read"]))
    tokens.touch(session, made.token, "192.0.2.7")
    old.token.expires_at = utcnow() - timedelta(days=1)
    session.commit()
    assert tokens.authenticate(session, old.secret) is tokens.Refusal.EXPIRED
    page = as_rep.get("/account/tokens/").get_data(as_text=True)
    assert "192.0.2.7" in page
    assert "badge-token-expired" in page
    assert page.count("/revoke") == 1  # only the active token can be revoked
