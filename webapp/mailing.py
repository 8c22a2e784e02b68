"""E-mails the web layer writes: rendered in the recipient's language, then put in the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from models import User, db
from webapp.i18n import DEFAULT, direction
from webapp.services.mail import outbox


@dataclass(frozen=True)
class Mail:
    """One e-mail's words, in one language."""

    locale: str
    subject: str
    text: str
    html: str


def recipient_language(user: User | None) -> str:
    """The account's saved language, else the language of the request."""
    saved = user.locale if user is not None else None
    return saved or str(get_locale() or DEFAULT)


def reset_mail(name: str, token: str, code: str) -> Mail:
    """The password reset e-mail for ``name`` with the link of ``token``, in language ``code``."""
    link = url_for("auth.reset_password", token=token, _external=True)
    ask_again = url_for("auth.forgot_password", _external=True)
    with force_locale(code):
        words = {"name": name, "link": link, "ask_again": ask_again, "lang": code,
                 "dir": direction(code)}  # fmt: skip
        subject = _("Set a new password for cbmatch")
        text = render_template("mail/reset_password.txt", subject=subject, **words)
        html = render_template("mail/reset_password.html", subject=subject, **words)
    return Mail(code, subject, text, html)


def registration_attempt_mail(user: User | None, code: str) -> Mail:
    """The e-mail telling ``user`` that someone tried to register with its address, in ``code``.

    ``user`` None: the same words for nobody (written on both paths of a registration, so that
    the time says nothing).
    """
    links = {"sign_in": url_for("auth.login", _external=True),
             "reset": url_for("auth.forgot_password", _external=True)}  # fmt: skip
    status = user.status.value if user is not None else "active"
    with force_locale(code):
        words = {"name": user.name if user else "-", "status": status, "lang": code,
                 "dir": direction(code), **links}  # fmt: skip
        subject = _("Someone tried to create a cbmatch account with your address")
        text = render_template("mail/registration_attempt.txt", subject=subject, **words)
        html = render_template("mail/registration_attempt.html", subject=subject, **words)
    return Mail(code, subject, text, html)


def send_registration_attempt(user: User, mail: Mail) -> None:
    """Put the e-mail about a registration with its address for ``user`` in the outbox."""
    outbox.enqueue(
        db.session(), to_address=user.email, to_name=user.name, subject=mail.subject,
        text_body=mail.text, html_body=mail.html, locale=mail.locale,
        kind="registration_attempt",
    )  # fmt: skip


def send_reset_link(user: User, mail: Mail) -> None:
    """Put the reset e-mail for ``user`` in the outbox, in the request's transaction."""
    outbox.enqueue(
        db.session(), to_address=user.email, to_name=user.name, subject=mail.subject,
        text_body=mail.text, html_body=mail.html, locale=mail.locale, kind="password_reset",
    )  # fmt: skip
