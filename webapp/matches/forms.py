"""Forms for requesting, proposing and answering matches."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.forms import choices
from webapp.services.proposals import MAX_NOTE


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


class RespondForm(FlaskForm):
    """Accept or decline a proposal; declining needs a reason."""

    decision = RadioField(
        "Your answer",
        choices=choices(("accept", "Accept"), ("decline", "Decline")),
        validators=[DataRequired(message="Choose accept or decline.")],
    )
    note = TextAreaField(
        "Note", validators=[Length(max=MAX_NOTE)],
        description="Required when you decline: say why.",
    )  # fmt: skip
    #: The version of the match the page was opened on (see services.proposals.respond).
    version = HiddenField()
