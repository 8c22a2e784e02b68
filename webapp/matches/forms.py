"""Forms for requesting, proposing, answering and following matches."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from models import MatchStatus
from webapp.forms import choices
from webapp.i18n import _l
from webapp.services.proposals.operations import MAX_NOTE
from webapp.services.proposals.pipeline import MOVES


class RespondForm(FlaskForm):
    """Accept or decline a proposal; declining needs a reason."""

    decision = RadioField(
        _l("Your answer"),
        choices=choices(("accept", _l("Accept")), ("decline", _l("Decline"))),
        validators=[DataRequired(message=_l("Choose accept or decline."))],
    )
    note = TextAreaField(
        _l("Note"), validators=[Length(max=MAX_NOTE)],
        description=_l("Required when you decline: say why."),
    )  # fmt: skip
    #: The version of the match the page was opened on (see services.proposals.respond).
    version = HiddenField()


class StartForm(FlaskForm):
    """Mark an accepted match as in progress, with an optional note."""

    note = TextAreaField(
        _l("Note"), validators=[Length(max=MAX_NOTE)],
        description=_l("Optional: when it starts, who leads it, the first steps."),
    )  # fmt: skip


class CompleteForm(FlaskForm):
    """The focal point closes a match; the outcome is required."""

    outcome = TextAreaField(
        _l("Outcome"),
        validators=[DataRequired(message=_l(MOVES[MatchStatus.COMPLETED].note_required)),
                    Length(max=MAX_NOTE)],
        description=_l("What was delivered, and what the State gained. Kept on the match."),
    )  # fmt: skip


class WithdrawForm(FlaskForm):
    """End a match that will not go ahead; a reason is required."""

    reason = TextAreaField(
        _l("Why withdraw it?"),
        validators=[DataRequired(message=_l(MOVES[MatchStatus.WITHDRAWN].note_required)),
                    Length(max=MAX_NOTE)],
        description=_l(
            "Kept in the match's history, seen by the State, the provider and the focal point."
        ),
    )  # fmt: skip


class NoteForm(FlaskForm):
    """A free-text note in the match's history (the status does not change)."""

    text = TextAreaField(
        _l("Your note"),
        validators=[DataRequired(message=_l("Write the note first.")), Length(max=MAX_NOTE)],
        description=_l("Seen by the State, the provider and the focal point."),
    )  # fmt: skip
