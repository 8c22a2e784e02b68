"""Security headers on every page, and throttled sign-in attempts."""

from __future__ import annotations

import pytest

from models import db
from tests.factories import make_user
from webapp import create_app
from webapp.security import limiter


@pytest.mark.parametrize("path", ["/", "/needs/", "/auth/login", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client):
    html = client.get("/auth/register").get_data(as_text=True)
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag


def test_sign_in_is_throttled_after_ten_failures_a_minute(db_url):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url, "WTF_CSRF_ENABLED": False}
    )
    with app.app_context():
        make_user(db.session, email="target@example.org")
        db.session.commit()
    limiter.reset()
    client = app.test_client()
    attempt = {"email": "target@example.org", "password": "guess"}
    codes = [client.post("/auth/login", data=attempt).status_code for _ in range(11)]
    assert codes[:10] == [422] * 10
    assert codes[10] == 429
    assert b"Too many failed attempts to sign in" in client.post("/auth/login", data=attempt).data
    assert client.get("/auth/login").status_code == 200  # the page itself stays reachable
    limiter.reset()
    with app.app_context():
        db.engine.dispose()
