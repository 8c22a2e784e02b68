"""Account recovery in Chromium: ask for a link from the sign-in page, read it in the mail the
outbox holds, choose a new password, and sign in with it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import OutboxMessage, db
from tests.e2e.support import click, fits_phone, sign_in

pytestmark = pytest.mark.e2e

PROVIDER = "mere.ratuvou@cbmatch.example"
NEW = "a brand new passphrase"


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        try:
            return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        finally:
            db.session.remove()


def test_a_person_who_forgot_the_password_sets_a_new_one_and_signs_in(
    page, live_server, live_app, screenshot
):
    page.goto(live_server + "/auth/login")
    click(page, "a[data-forgot]")
    assert page.locator("h1").inner_text() == "Forgot your password?"
    screenshot(page, "reset-ask")
    assert fits_phone(page)
    page.fill("#email", PROVIDER)
    click(page, "button:text-is('Send me a link')")
    assert page.locator("[data-reset-sent]").is_visible()
    screenshot(page, "reset-sent")

    (message,) = [m for m in outbox(live_app) if m.kind == "password_reset"]
    assert message.to_address == PROVIDER
    link = re.search(r"http://\S+/auth/reset-password/\S+", message.text_body)
    assert link, message.text_body
    assert link.group(0).startswith(live_server)

    # The HTML mail as a mail reader shows it, at both widths.
    mail = page.context.new_page()
    mail.set_content(message.html_body or "")
    screenshot(mail, "reset-mail")
    assert fits_phone(mail)
    mail.close()

    page.goto(link.group(0))
    assert page.locator("h1").inner_text() == "Choose a new password"
    page.fill("#password", NEW)
    page.fill("#confirm", "not the same one at all")
    click(page, "button:text-is('Set the new password')")
    assert page.locator("#confirm-error").inner_text() == "The passwords differ."
    screenshot(page, "reset-choose-error")
    page.fill("#password", NEW)
    page.fill("#confirm", NEW)
    click(page, "button:text-is('Set the new password')")
    assert page.locator("[data-reset-done]").is_visible()
    screenshot(page, "reset-done")

    page.goto(link.group(0))  # a used link
    assert page.locator("[data-reset-invalid]").is_visible()
    screenshot(page, "reset-invalid")
    click(page, "text=Ask for a new link")
    assert page.url == live_server + "/auth/reset-password"

    sign_in(page, live_server, PROVIDER, NEW)


def test_the_admin_sends_a_reset_link_from_an_account_page(
    browser, live_server, live_app, screenshot
):
    from tests.e2e.support import person

    admin = person(browser, live_server, "admin@cbmatch.example")
    with live_app.app_context():
        from models import User

        user_id = db.session.scalar(select(User.id).where(User.email == PROVIDER))
        db.session.remove()
    admin.goto(f"{live_server}/admin/accounts/{user_id}")
    click(admin, "button:text-is('Send a reset link')")
    assert "on its way to " + PROVIDER in admin.locator(".flash").first.inner_text()
    screenshot(admin, "reset-admin-sent")
    assert fits_phone(admin)
    assert [m.to_address for m in outbox(live_app) if m.kind == "password_reset"] == [PROVIDER]
    admin.context.close()
