"""The API's token authentication (webapp/api_auth.py), through a small blueprint of the tests.

The API's own routes use the same ``protect`` and ``requires_scope``; here a probe blueprint,
registered only in this module's app, stands for them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Blueprint, Flask, g, jsonify
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from models import ApiToken, AuditEntry, Role, Scope, User, UserStatus, db
from models.base import utcnow
from tests.conftest import make_app
from tests.factories import make_user
from tests.survey_support import login
from webapp import api_auth
from webapp.access import public
from webapp.security import limiter
from webapp.services.accounts import tokens

probe = Blueprint("probe", __name__, url_prefix="/probe")


@probe.get("/public")
@public
def public_read():  # type: ignore[no-untyped-def]
    who = current_user.email if current_user.is_authenticated else "anonymous"
    return jsonify(who=who, token=g.api_token.name if g.api_token else None)


@probe.get("/read")
@api_auth.requires_scope(Scope.READ)
def party_read():  # type: ignore[no-untyped-def]
    return jsonify(who=current_user.email, api_user=g.api_user.email)


@probe.post("/needs")
@api_auth.requires_scope(Scope.WRITE_NEEDS)
def write_need():  # type: ignore[no-untyped-def]
    current_user.locale = "fr"  # an audited change, made as the token's owner
    db.session.commit()
    return jsonify(done=True), 201


@probe.errorhandler(HTTPException)
def _as_is(exc: HTTPException):  # type: ignore[no-untyped-def]
    # As the API will: keep the exception's headers (WWW-Authenticate) and its description.
    response = exc.get_response()
    response.headers["X-Description"] = exc.description or ""
    return response


api_auth.protect(probe)


@pytest.fixture
def app(db_url: str):
    app = make_app(db_url)
    app.register_blueprint(probe)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _token(session, user: User, name: str = "CI script", scopes=("read", "write_needs")) -> str:
    made = tokens.create(session, user, tokens.TokenInput(name=name, scopes=list(scopes)))
    session.commit()
    return made.secret


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_without_a_token_public_reads_are_anonymous_even_with_a_session_cookie(client, rep):
    assert client.get("/probe/public").json == {"who": "anonymous", "token": None}
    login(client, rep)
    assert client.get("/probe/public").json == {"who": "anonymous", "token": None}
    refused = client.get("/probe/read")  # the cookie is not a credential here
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == "Bearer realm=cbmatch"
    assert "Authorization: Bearer" in refused.headers["X-Description"]


def test_a_good_token_makes_its_owner_the_current_user(client, session, rep):
    secret = _token(session, rep)
    response = client.get("/probe/read", headers=_bearer(secret))
    assert response.status_code == 200
    assert response.json == {"who": rep.email, "api_user": rep.email}
    public = client.get("/probe/public", headers=_bearer(secret))
    assert public.json == {"who": rep.email, "token": "CI script"}


@pytest.mark.parametrize(
    "header",
    ["Bearer cbm_nothing", "Bearer " + "cbm_" + "a" * 40, "Basic dXNlcjpwYXNz", "Bearer", "cbm_x"],
)
def test_a_bad_authorization_header_is_refused_even_on_public_reads(client, header):
    response = client.get("/probe/public", headers={"Authorization": header})
    assert response.status_code == 401
    assert "error=invalid_token" in response.headers["WWW-Authenticate"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_token_without_the_scope_is_forbidden_and_told_which(client, session, rep):
    secret = _token(session, rep, scopes=["read"])
    response = client.post("/probe/needs", headers=_bearer(secret))
    assert response.status_code == 403
    assert "'write_needs'" in response.headers["X-Description"]
    assert response.headers["WWW-Authenticate"] == (
        "Bearer realm=cbmatch, error=insufficient_scope, scope=write_needs"
    )
    assert session.get(User, rep.id).locale is None


def _refusal(client, secret: str) -> str:
    response = client.get("/probe/read", headers=_bearer(secret))
    assert response.status_code == 401, response.status_code
    return response.headers["X-Description"]


def test_revoked_expired_inactive_and_outgrown_tokens_are_refused_with_the_reason(
    client, session, rep
):
    revoked, expired, outgrown = (_token(session, rep, name=n) for n in ("a", "b", "c"))
    by_name = {t.name: t for t in tokens.tokens_of(session, rep)}
    tokens.revoke(session, by_name["a"])
    by_name["b"].expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert "revoked" in _refusal(client, revoked)
    assert "expired" in _refusal(client, expired)
    assert client.get("/probe/read", headers=_bearer(outgrown)).status_code == 200
    # An administrator makes the account a provider's: "write_needs" no longer fits it.
    rep.role = Role.PROVIDER
    session.commit()
    assert "role no longer allows" in _refusal(client, outgrown)
    rep.role, rep.status = Role.STATE, UserStatus.DISABLED
    session.commit()
    assert "not active" in _refusal(client, outgrown)


def test_last_use_is_noted_at_most_once_a_minute(client, session, rep):
    secret = _token(session, rep)
    token = session.scalar(select(ApiToken))
    assert token.last_used_at is None
    client.get("/probe/read", headers=_bearer(secret))
    session.expire_all()
    first = token.last_used_at
    assert first is not None
    assert token.last_used_ip == "127.0.0.1"
    client.get("/probe/read", headers=_bearer(secret))
    session.expire_all()
    assert token.last_used_at == first  # within the minute: not written again
    token.last_used_at = utcnow() - timedelta(minutes=2)
    session.commit()
    client.get("/probe/public", headers=_bearer(secret))
    session.expire_all()
    assert tokens._aware(token.last_used_at) > utcnow() - timedelta(minutes=1)
    # The audit log records neither the uses nor the hash.
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "api_token")).all()
    assert [e.action for e in entries] == ["create"]
    assert entries[0].after["secret_hash"] == "[set]"
    assert secret not in str(entries[0].after)


def test_the_audit_log_names_the_token(client, session, rep):
    secret = _token(session, rep, name="Nightly sync")
    assert client.post("/probe/needs", headers=_bearer(secret)).status_code == 201
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "user").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.after == {"locale": "fr"}
    assert entry.actor == f"{rep.name} <{rep.email}> (token: Nightly sync)"
    assert entry.actor_id == rep.id


def test_each_token_has_its_own_rate_limit_budget(app, client, session, rep):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    other = make_user(session, email="other@senegal.example")
    first, second = _token(session, rep), _token(session, other)
    for _ in range(3):
        assert client.get("/probe/read", headers=_bearer(first)).status_code == 200
    assert client.get("/probe/read", headers=_bearer(first)).status_code == 429
    assert client.get("/probe/read", headers=_bearer(second)).status_code == 200
    # Without a token, the client's address has its own budget.
    assert client.get("/probe/public").status_code == 200
    limiter.reset()


def test_a_page_of_the_site_is_not_attributed_to_a_token(client, session, rep):
    """After an API request, the same client's pages are its session's again."""
    secret = _token(session, rep)
    client.get("/probe/read", headers=_bearer(secret))
    login(client, rep)
    assert client.get("/probe/public").json["who"] == "anonymous"
    assert client.get("/notifications/").status_code == 200


def test_a_view_needing_a_scope_declares_it(app: Flask):
    assert app.view_functions["probe.party_read"].access == "token:read"
    assert app.view_functions["probe.write_need"].access == "token:write_needs"
