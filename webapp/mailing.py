"""E-mails the web layer writes: rendered in the recipient's language, then put in the outbox.

Their links name the site by ``SITE_URL`` (``CBMATCH_SITE_URL``) when it is set, never by the Host
a request names (which a client may forge to send someone a reset link to another site); with no
``SITE_URL``, by the request (behind a proxy, as ``PROXY_HOPS`` lets the proxy tell it), and
outside any request by the local address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template, request
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from models import User, db
from webapp.i18n import DEFAULT, direction
from webapp.services.mail import outbox

LOCAL_SITE = "http://127.0.0.1:5000"


def site_url() -> str:
    """The site's address, without a trailing slash."""
    configured = current_app.config.get("SITE_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    return LOCAL_SITE


def site_link(endpoint: str, **values: Any) -> str:
    """The full address of ``endpoint`` with ``values`` (as ``url_for(..., _external=True)``)."""
    parts = urlsplit(site_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)


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
    link = site_link("auth.reset_password", token=token)
    ask_again = site_link("auth.forgot_password")
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
    links = {"sign_in": site_link("auth.login"),
             "reset": site_link("auth.forgot_password")}  # fmt: skip
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
