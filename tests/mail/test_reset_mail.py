"""The password reset mail through a real SMTP server: only the active account's address gets
it, in its language, in plain text and HTML, and the link in it sets the password."""

from __future__ import annotations

import re

from models import db
from tests.factories import make_user
from webapp.services.mail.sender import send_pending


def test_the_reset_mail_arrives_in_the_accounts_language_with_a_working_link(
    mail_app, smtp, sender_config
):
    with mail_app.app_context():
        make_user(db.session(), email="ana@example.org", name="Ana Ruiz")
        user = make_user(db.session(), email="ali@example.org", name="Ali Hassan")
        user.locale = "ar"
        db.session.commit()
    client = mail_app.test_client()
    for address in ("ali@example.org", "nobody@example.org"):
        assert client.post("/auth/reset-password", data={"email": address}).status_code == 303
    with mail_app.app_context():
        report = send_pending(db.session(), sender_config())
    assert report.sent == 1
    [mail] = smtp.inbox.received
    assert mail["X-Envelope-To"] == "ali@example.org"
    assert mail["Subject"] == "عيّن كلمة مرور جديدة لـ cbmatch"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "مرحبًا Ali Hassan" in text
    assert 'dir="rtl"' in html
    link = re.search(r"http://localhost(/auth/reset-password/\S+)", text)
    assert link, text
    assert link.group(0) in html
    new = "a brand new passphrase"
    done = client.post(link.group(1), data={"password": new, "confirm": new})
    assert done.headers["Location"] == "/auth/reset-password-done"
    signed_in = client.post("/auth/login", data={"email": "ali@example.org", "password": new})
    assert signed_in.status_code == 302
