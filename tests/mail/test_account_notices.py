"""The account notices through a real SMTP server: a registration tells the focal points, each
in their language; the decision tells the person, in the language they registered in; the
one-click unsubscribe link (RFC 8058) stops that kind of e-mail and only that kind."""

from __future__ import annotations

import re

from models import Role, User, db
from tests.factories import make_user
from tests.mail.conftest import html_of, text_of, to
from tests.web.test_auth import login, register


def _focal_points(app):
    with app.app_context():
        es = make_user(db.session(), role=Role.FOCAL_POINT, email="fp.es@un.test", name="Lucía")
        es.locale = "es"
        make_user(db.session(), role=Role.FOCAL_POINT, email="fp.en@un.test", name="Sam")
        make_user(db.session(), email="rep@sen.test", name="Awa")
        db.session.commit()


def test_a_registration_tells_every_focal_point_in_their_language_and_nobody_else(
    mail_app, deliver
):
    _focal_points(mail_app)
    client = mail_app.test_client()
    client.post("/language", data={"language": "fr"})
    assert register(client).status_code == 302
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["fp.en@un.test", "fp.es@un.test"]
    by = {to(m): m for m in mails}
    assert by["fp.en@un.test"]["Subject"] == "Mele Tupou asks to join cbmatch"
    spanish = by["fp.es@un.test"]
    assert "Mele Tupou" in spanish["Subject"]
    assert "cbmatch" in spanish["Subject"]
    assert spanish["Subject"] != "Mele Tupou asks to join cbmatch"
    assert "Tonga" in text_of(spanish)
    assert "mele.tupou@example.org" in html_of(spanish)
    link = re.search(r"http://\S+/auth/accounts\b", text_of(spanish))
    assert link, text_of(spanish)
    assert deliver() == [], "each notice is told once"


def test_the_decision_reaches_the_person_in_the_language_they_registered_in(mail_app, deliver):
    _focal_points(mail_app)
    visitor = mail_app.test_client()
    visitor.post("/language", data={"language": "fr"})
    register(visitor)
    register(visitor, email="second@example.org", name="Second Person")
    deliver()
    focal = mail_app.test_client()
    assert login(focal, "fp.en@un.test").status_code == 302
    with mail_app.app_context():
        mele = db.session.query(User).filter_by(email="mele.tupou@example.org").one()
        second = db.session.query(User).filter_by(email="second@example.org").one()
        ids = mele.id, second.id
    focal.post(f"/auth/accounts/{ids[0]}", data={"decision": "approve"})
    focal.post(
        f"/auth/accounts/{ids[1]}", data={"decision": "refuse", "reason": "Not a State official."}
    )
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["mele.tupou@example.org", "second@example.org"]
    by = {to(m): m for m in mails}
    approved, refused = by["mele.tupou@example.org"], by["second@example.org"]
    assert approved["Subject"] == "Votre compte cbmatch est approuvé"
    assert "/auth/login" in text_of(approved)
    assert "Not a State official." in text_of(refused)
    assert "Not a State official." in html_of(refused)
    assert "List-Unsubscribe" not in approved, "an account's decision cannot be turned off"


def test_one_click_unsubscribe_stops_that_kind_only(mail_app, deliver):
    _focal_points(mail_app)
    client = mail_app.test_client()
    register(client)
    mails = {to(m): m for m in deliver()}
    mail = mails["fp.en@un.test"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(http://[^>]+)>", str(mail["List-Unsubscribe"]))
    assert url, mail["List-Unsubscribe"]
    path = url.group(1).split("://", 1)[1].split("/", 1)[1]
    assert f"/{path}" in text_of(mail) or url.group(1) in text_of(mail)
    # The mail client's POST: no session, no CSRF token, just the RFC 8058 body.
    done = mail_app.test_client().post(f"/{path}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    register(client, email="other@example.org", name="Other Person")
    assert [to(m) for m in deliver()] == ["fp.es@un.test"]


def test_an_unsubscribe_link_asks_first_and_a_forged_one_is_refused(mail_app, deliver):
    _focal_points(mail_app)
    register(mail_app.test_client())
    mail = {to(m): m for m in deliver()}["fp.en@un.test"]
    path = "/" + str(mail["List-Unsubscribe"]).strip("<>").split("://", 1)[1].split("/", 1)[1]
    browser = mail_app.test_client()
    page = browser.get(path)
    assert page.status_code == 200
    assert b"fp.en@un.test" in page.data
    assert browser.get(path[:-3] + "xyz").status_code == 404
    assert browser.post(path[:-3] + "xyz").status_code == 404
    confirmed = browser.post(path)
    assert confirmed.status_code == 200
    assert b"fp.en@un.test" in confirmed.data
