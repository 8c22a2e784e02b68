"""Registering with a taken address writes to the address's owner instead (issue 16, item 4),
through a real SMTP server: in the owner's language, with where to sign in and reset the
password; a new address gets no such mail."""

from __future__ import annotations

from models import db
from tests.factories import make_user
from tests.mail.conftest import html_of, text_of, to

CHOSEN = "a long enough password"


def register(client, email, **headers):
    data = {"name": "Someone Else", "email": email, "password": CHOSEN, "confirm": CHOSEN,
            "role": "state", "state": "TON"}  # fmt: skip
    return client.post("/auth/register", data=data, headers=headers)


def test_the_owner_of_a_taken_address_is_told_in_their_language(mail_app, deliver):
    with mail_app.app_context():
        owner = make_user(db.session(), email="owner@example.org", name="Claire Dubois")
        owner.locale = "fr"
        db.session.commit()
    client = mail_app.test_client()
    assert register(client, "Owner@Example.org", **{"Accept-Language": "en"}).status_code == 302
    assert register(client, "new.person@example.org").status_code == 302
    [mail] = deliver()
    assert to(mail) == "owner@example.org"
    assert mail["Subject"] == "Quelqu’un a tenté de créer un compte cbmatch avec votre adresse"
    text, html = text_of(mail), html_of(mail)
    assert "Bonjour Claire Dubois" in text
    assert "http://localhost/auth/login" in text
    assert "http://localhost/auth/reset-password" in text
    assert 'href="http://localhost/auth/reset-password"' in html
    assert "Someone Else" not in text  # what the other person typed is not repeated
