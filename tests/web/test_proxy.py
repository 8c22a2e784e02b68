"""Behind a TLS proxy: X-Forwarded-* trusted from one hop when told so, HSTS over HTTPS, and the
absolute links of the calendar feed and of e-mail in https.

Without the setting nothing a client sends in X-Forwarded-* is believed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import request
from sqlalchemy import select

from models import OutboxMessage, db
from tests.conftest import make_app
from tests.factories import make_offer, make_user

FORWARDED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "cbmatch.example.org",
}


def _probe() -> str:
    return f"{request.remote_addr} {request.scheme} {request.host}"


def build(db_url, monkeypatch, hops: str | None):
    if hops is None:
        monkeypatch.delenv("CBMATCH_PROXY_HOPS", raising=False)
    else:
        monkeypatch.setenv("CBMATCH_PROXY_HOPS", hops)
    app = make_app(db_url)
    app.add_url_rule("/_probe", "probe", _probe)  # only in this test's app
    return app


@pytest.fixture
def proxied(db_url, monkeypatch):
    app = build(db_url, monkeypatch, "1")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def direct(db_url, monkeypatch):
    app = build(db_url, monkeypatch, None)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def feed_text(response) -> str:
    return response.get_data(as_text=True).replace("\r\n ", "")


def an_offer(app) -> None:
    soon = date.today() + timedelta(days=10)
    with app.app_context():
        make_offer(db.session, i=1, start=soon.isoformat(), end=soon.isoformat())
        db.session.commit()


def test_with_one_trusted_hop_the_forwarded_address_scheme_and_host_are_used(proxied):
    answer = proxied.test_client().get("/_probe", headers=FORWARDED).get_data(as_text=True)
    assert answer == "203.0.113.9 https cbmatch.example.org"


def test_without_the_setting_forwarded_headers_are_not_believed(direct):
    answer = direct.test_client().get("/_probe", headers=FORWARDED).get_data(as_text=True)
    assert answer == "127.0.0.1 http localhost"
    response = direct.test_client().get("/", headers=FORWARDED)
    assert "Strict-Transport-Security" not in response.headers


def test_only_the_last_hop_is_trusted(proxied):
    chain = {**FORWARDED, "X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
    answer = proxied.test_client().get("/_probe", headers=chain).get_data(as_text=True)
    assert answer.split()[0] == "203.0.113.9"  # what the client itself claimed is not believed


def test_hsts_is_sent_over_https_only(proxied, direct):
    over_tls = proxied.test_client().get("/", headers=FORWARDED)
    hsts = over_tls.headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=")
    assert int(hsts.split("=")[1].split(";")[0]) >= 31536000  # a year at least
    assert "Strict-Transport-Security" not in proxied.test_client().get("/").headers
    direct_tls = direct.test_client().get("/", base_url="https://cbmatch.example.org")
    assert "Strict-Transport-Security" in direct_tls.headers


def test_the_feed_links_in_https_behind_the_proxy(proxied):
    an_offer(proxied)
    body = feed_text(proxied.test_client().get("/calendar.ics", headers=FORWARDED))
    assert "https://cbmatch.example.org/offers/O-T-001" in body
    assert "http://" not in body


def test_the_reset_mail_links_in_https_behind_the_proxy(proxied):
    with proxied.app_context():
        make_user(db.session, email="ana@example.org")
        db.session.commit()
    client = proxied.test_client()
    response = client.post(
        "/auth/reset-password", data={"email": "ana@example.org"}, headers=FORWARDED
    )
    assert response.status_code == 303
    with proxied.app_context():
        mail = db.session.scalars(select(OutboxMessage)).one()
    assert "https://cbmatch.example.org/auth/reset-password/" in mail.text_body
    assert "http://" not in mail.text_body


def test_with_site_url_set_the_reset_link_ignores_the_host_the_request_names(db_url, monkeypatch):
    """A forged Host header cannot send a victim a reset link to another site."""
    monkeypatch.setenv("CBMATCH_SITE_URL", "https://cbmatch.example.org")
    app = build(db_url, monkeypatch, None)
    with app.app_context():
        make_user(db.session, email="ana@example.org")
        db.session.commit()
    client = app.test_client()
    response = client.post(
        "/auth/reset-password",
        data={"email": "ana@example.org"},
        headers={"Host": "attacker.example"},
    )
    assert response.status_code == 303
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage)).one()
        db.session.remove()
        db.engine.dispose()
    assert "https://cbmatch.example.org/auth/reset-password/" in mail.text_body
    assert "attacker.example" not in mail.text_body
    assert "attacker.example" not in (mail.html_body or "")
