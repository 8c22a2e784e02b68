"""The request/propose boxes shown on offer and need pages (built here, included there).

The two forms are answered by the matches area, which owns the proposals' pages.

Detail views call ``offer_actions(user, offer)`` or ``need_actions(user, need)`` and pass the
result to their template, which includes ``matches/_offer_actions.html`` or
``matches/_need_actions.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from models import Match, Need, NeedStatus, Offer, OfferStatus, Role, db
from webapp.forms import choices
from webapp.services.proposals.operations import MAX_NOTE, pair_problems

T = TypeVar("T")


class RequestOfferForm(FlaskForm):
    """A State asks for an offer for one of its needs."""

    offer = HiddenField(validators=[DataRequired()])
    need = SelectField("For which of your needs?", validators=[DataRequired()])
    message = TextAreaField(
        "Message to the provider", validators=[Length(max=MAX_NOTE)],
        description="Optional: what you hope for, who to contact, constraints.",
    )  # fmt: skip


class OfferForNeedForm(FlaskForm):
    """A provider proposes one of its offers for a need."""

    need = HiddenField(validators=[DataRequired()])
    offer = SelectField("Which of your offers?", validators=[DataRequired()])
    message = TextAreaField("Message to the State", validators=[Length(max=MAX_NOTE)])


def _matched(need_id: int | None = None, offer_id: int | None = None) -> set[int]:
    stmt = select(Match.offer_id if need_id else Match.need_id).where(Match.status != "suggested")
    stmt = (
        stmt.where(Match.need_id == need_id) if need_id else stmt.where(Match.offer_id == offer_id)
    )
    return set(db.session.scalars(stmt))


def _partition(
    candidates: Iterable[tuple[T, list[str]]],
) -> tuple[list[tuple[T, list[str]]], list[tuple[T, list[str]]]]:
    """Split (record, problems) pairs into those that can be paired and those that cannot."""
    fitting: list[tuple[T, list[str]]] = []
    blocked: list[tuple[T, list[str]]] = []
    for item in candidates:
        (blocked if item[1] else fitting).append(item)
    return fitting, blocked


def offer_actions(user: Any, offer: Offer) -> dict[str, Any]:
    """For a State representative: the form to request this offer for one of its open needs."""
    if not getattr(user, "is_authenticated", False) or user.role is not Role.STATE:
        return {}
    taken = _matched(offer_id=offer.id)
    needs = db.session.scalars(
        select(Need).where(Need.state_id == user.state_id, Need.status == NeedStatus.OPEN)
        .order_by(Need.title)
    )  # fmt: skip
    fitting, blocked = _partition(
        (n, pair_problems(db.session(), n, offer)) for n in needs if n.id not in taken
    )
    form = RequestOfferForm(offer=offer.ref)
    form.need.choices = choices(*((n.ref, n.title) for n, _ in fitting))
    return {"request_form": form, "request_blocked": blocked, "request_possible": bool(fitting)}


def need_actions(user: Any, need: Need) -> dict[str, Any]:
    """For a provider: the form to propose one of its open offers for this need."""
    if not getattr(user, "is_authenticated", False) or user.role is not Role.PROVIDER:
        return {}
    taken = _matched(need_id=need.id)
    offers = db.session.scalars(
        select(Offer).where(Offer.organisation_id == user.organisation_id,
                            Offer.status == OfferStatus.OPEN).order_by(Offer.title)
    )  # fmt: skip
    fitting, blocked = _partition(
        (o, pair_problems(db.session(), need, o)) for o in offers if o.id not in taken
    )
    form = OfferForNeedForm(need=need.ref)
    form.offer.choices = choices(*((o.ref, o.title) for o, _ in fitting))
    return {"propose_form": form, "propose_blocked": blocked, "propose_possible": bool(fitting)}
