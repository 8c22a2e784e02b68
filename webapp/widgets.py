"""The request/propose boxes shown on offer and need pages (built here, included there).

The two forms are answered by the matches area, which owns the proposals' pages.

Detail views call ``offer_actions(user, offer)`` or ``need_actions(user, need)`` and pass the
result to their template, which includes ``matches/_offer_actions.html`` or
``matches/_need_actions.html``.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from models import Need, Offer, Role, db
from webapp.forms import choices
from webapp.i18n import _l
from webapp.services.proposals.operations import MAX_NOTE
from webapp.services.proposals.queries import proposable_offers, requestable_needs


class RequestOfferForm(FlaskForm):
    """A State asks for an offer for one of its needs."""

    offer = HiddenField(validators=[DataRequired()])
    need = SelectField(_l("For which of your needs?"), validators=[DataRequired()])
    message = TextAreaField(
        _l("Message to the provider"), validators=[Length(max=MAX_NOTE)],
        description=_l("Optional: what you hope for, who to contact, constraints."),
    )  # fmt: skip


class OfferForNeedForm(FlaskForm):
    """A provider proposes one of its offers for a need."""

    need = HiddenField(validators=[DataRequired()])
    offer = SelectField(_l("Which of your offers?"), validators=[DataRequired()])
    message = TextAreaField(_l("Message to the State"), validators=[Length(max=MAX_NOTE)])


def offer_actions(user: Any, offer: Offer) -> dict[str, Any]:
    """For a State representative: the form to request this offer for one of its open needs."""
    if not getattr(user, "is_authenticated", False) or user.role is not Role.STATE:
        return {}
    fitting, blocked = requestable_needs(db.session(), user.state_id, offer)
    form = RequestOfferForm(offer=offer.ref)
    form.need.choices = choices(*((n.ref, n.title) for n, _ in fitting))
    return {"request_form": form, "request_blocked": blocked, "request_possible": bool(fitting)}


def need_actions(user: Any, need: Need) -> dict[str, Any]:
    """For a provider: the form to propose one of its open offers for this need."""
    if not getattr(user, "is_authenticated", False) or user.role is not Role.PROVIDER:
        return {}
    if need.confidential:  # shared with it through a match: only its State proposes it further
        return {}
    fitting, blocked = proposable_offers(db.session(), user.organisation_id, need)
    form = OfferForNeedForm(need=need.ref)
    form.offer.choices = choices(*((o.ref, o.title) for o, _ in fitting))
    return {"propose_form": form, "propose_blocked": blocked, "propose_possible": bool(fitting)}
