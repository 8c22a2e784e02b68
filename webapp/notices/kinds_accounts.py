"""The words of the account notices: a registration waits (to the focal point), and its answer."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import Notice, User, UserStatus
from webapp.mailing import site_link
from webapp.notices.compose import composer
from webapp.notices.letters import Letter
from webapp.services.language import name as place_name
from webapp.services.vocab import ROLE_LABELS


def _account(session: Session, notice: Notice) -> User | None:
    return session.get(User, int(notice.refs.get("account", 0)))


@composer("account_waiting")
def account_waiting(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To a focal point: someone registered and waits; nothing if already decided."""
    person = _account(session, notice)
    if person is None or person.status is not UserStatus.PENDING:
        return None
    acts_for = person.organisation.name if person.organisation else ""
    if person.state is not None:
        acts_for = place_name(person.state)
    return Letter(
        subject=_("%(name)s asks to join cbmatch", name=person.name),
        template="mail/account_waiting",
        link=site_link("auth.accounts_queue"),
        values={"person": person, "role": ROLE_LABELS[person.role.value], "acts_for": acts_for},
    )


@composer("account_decided")
def account_decided(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To the person who registered: approved (with the sign-in link) or refused (with why)."""
    if reader.status is UserStatus.ACTIVE:
        return Letter(
            subject=_("Your cbmatch account is approved"),
            template="mail/account_approved",
            link=site_link("auth.login"),
        )
    if reader.status is UserStatus.REFUSED:
        return Letter(
            subject=_("Your cbmatch registration was not approved"),
            template="mail/account_refused",
            link="",
            values={"reason": reader.status_reason or ""},
        )
    return None
