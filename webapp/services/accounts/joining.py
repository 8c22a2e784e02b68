"""What a registration does to its organisation: joins one already on cbmatch, or creates it.

The focal point approves an account knowing which: a newcomer who joins an organisation with
members and offers speaks for it from then on, so the queue names its current members.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Offer, Organisation, User, UserStatus
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _, sort_key
from webapp.services.vocab import PROVIDER_TYPE_LABELS


@dataclass(frozen=True)
class Joining:
    """A pending provider's organisation: whether the registration created it, and its members.

    ``members``: the organisation's active accounts, by name in the reader's language.
    """

    organisation: Organisation
    creates: bool
    members: list[User]


def joinings(session: Session, pending: list[User]) -> dict[int, Joining]:
    """For each pending account acting for an organisation (by account id): what it does to it.

    A registration creates its organisation when no account was registered for it before and it
    has no offer (an import or another account made the others); it joins it otherwise.
    """
    orgs = {u.organisation_id for u in pending if u.organisation_id is not None}
    if not orgs:
        return {}
    accounts = list(session.scalars(select(User).where(User.organisation_id.in_(orgs))))
    with_offers = set(
        session.scalars(
            select(Offer.organisation_id)
            .where(Offer.organisation_id.in_(orgs))
            .group_by(Offer.organisation_id)
            .having(func.count(Offer.id) > 0)
        )
    )
    out: dict[int, Joining] = {}
    for user in pending:
        if user.organisation is None:
            continue
        org_id = user.organisation.id
        same = [a for a in accounts if a.organisation_id == org_id and a.id != user.id]
        members = sorted(
            (a for a in same if a.status is UserStatus.ACTIVE), key=lambda a: sort_key(a.name)
        )
        creates = org_id not in with_offers and not any(a.id < user.id for a in same)
        out[user.id] = Joining(user.organisation, creates, members)
    return out


def check_organisation_type(session: Session, name: str, type_code: str | None) -> None:
    """Refuse a registration that gives an organisation on cbmatch another type than its own.

    Said the same whether or not the address has an account.

    Raises:
        ValidationFailed: on ``organisation_type``, naming the organisation and its type.
    """
    org = session.scalar(select(Organisation).where(Organisation.name == name.strip()))
    if org is None or not type_code or org.type.value == type_code:
        return
    reason = _(
        "The type of organisation must be the one %(organisation)s has on cbmatch: %(type)s. "
        "Choose it to join this organisation, or give the name of another one.",
        organisation=org.name,
        type=PROVIDER_TYPE_LABELS[org.type.value],
    )
    raise ValidationFailed([RecordError("account", "organisation_type", reason)], reason)
