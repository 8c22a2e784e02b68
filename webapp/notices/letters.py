"""One e-mail in its reader's language: the kind's words inside the common layout, text and HTML.

Rendering happens outside any request (the sender composes), so templates are rendered by the
app's Jinja environment without context processors, and every link they show is passed in,
built by ``links.site_link``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext, ngettext, pgettext
from sqlalchemy.orm import Session

from models import OutboxMessage, User
from webapp.i18n import DEFAULT, LANGUAGES, direction
from webapp.mailing import site_link
from webapp.notices.tokens import unsubscribe_token
from webapp.services import language
from webapp.services.mail import outbox
from webapp.services.notices.kinds import KINDS


@dataclass(frozen=True)
class Letter:
    """What one e-mail says.

    Its subject, its template (``mail/<name>``, .txt and .html), the page it is about, and the
    values its template shows.
    """

    subject: str
    template: str
    link: str
    values: dict[str, Any] = field(default_factory=dict)


def language_of(user: User) -> str:
    """The language a person reads their e-mail in: the one they saved, else English."""
    return user.locale if user.locale in LANGUAGES else DEFAULT


@contextmanager
def speaking_as(code: str) -> Iterator[None]:
    """Templates, Flask-Babel and the services all speak ``code`` inside the block."""
    with force_locale(code):
        speaker = language.Speaker(code, gettext, ngettext, pgettext)
        with language.speaking(speaker):
            yield


def render(template: str, **values: Any) -> str:
    """Render ``template`` with ``values`` only (no request, no context processor)."""
    return current_app.jinja_env.get_template(template).render(**values)


def write(
    session: Session,
    user: User,
    kind: str,
    make: Callable[[], Letter | None],
    *,
    unsubscribe_kind: str | None = None,
) -> OutboxMessage | None:
    """Put ``make``'s letter to ``user`` in the outbox, in their language; None if none to send.

    ``make`` runs in the reader's language (so its ``_()`` and the services' names are theirs)
    and returns None when there is nothing left to say (the record is gone, or the reader may no
    longer see it). Every e-mail of a kind a person may turn off carries a one-click
    unsubscribe link (RFC 8058) and a link to their notification settings.

    ``kind`` is a notice kind (``services.notices.kinds``) or an e-mail of its own (the daily
    summary); ``unsubscribe_kind`` names the kind the unsubscribe link turns off when it is not
    ``kind`` itself. An e-mail with no kind that may be turned off has no such link (its own
    template says where the settings are).
    """
    code = language_of(user)
    spec = KINDS.get(unsubscribe_kind or kind)
    with speaking_as(code):
        letter = make()
        if letter is None:
            return None
        unsubscribe = None
        if spec is not None and len(spec.choices) > 1:
            token = unsubscribe_token(user.id, spec.code)
            unsubscribe = site_link("notices.unsubscribe", token=token)
        values = {
            "name": user.name, "lang": code, "dir": direction(code), "subject": letter.subject,
            "link": letter.link, "unsubscribe": unsubscribe,
            "kind_label": gettext(spec.label) if spec else "",
            "preferences": site_link("notices.preferences"), **letter.values,
        }  # fmt: skip
        text = render(f"{letter.template}.txt", **values)
        html = render(f"{letter.template}.html", **values)
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return outbox.enqueue(
        session, to_address=user.email, to_name=user.name, subject=letter.subject,
        text_body=text, html_body=html, locale=code, kind=kind, extra_headers=headers,
    )  # fmt: skip
