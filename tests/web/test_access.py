"""Every view declares who may use it; a route without a declared rule fails here."""

from __future__ import annotations


def test_every_route_declares_its_access(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if not hasattr(view, "access"):
            missing.append(f"{rule.rule} ({rule.endpoint})")
    assert missing == []


def test_anonymous_visitors_are_sent_to_sign_in_for_protected_pages(app, client):
    protected = [
        rule for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and "GET" in rule.methods and not rule.arguments
        and app.view_functions[rule.endpoint].access != "public"
        and not str(app.view_functions[rule.endpoint].access).startswith("token:")  # API: 401
    ]  # fmt: skip
    assert protected, "expected some signed-in pages"
    for rule in protected:
        response = client.get(rule.rule)
        assert response.status_code == 302, rule.rule
        assert "/auth/login" in response.headers["Location"], rule.rule


def test_a_post_without_a_csrf_token_is_refused(db_url):
    from webapp import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url})
    response = app.test_client().post("/auth/login", data={"email": "a@b.org", "password": "x"})
    assert response.status_code == 400
    assert b"CSRF" in response.data or b"could not be understood" in response.data
