"""Forms for requesting, proposing, answering and following matches."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from models import MatchStatus, Outcome
from webapp.form_fields import IsoDateField
from webapp.forms import choices
from webapp.i18n import _l
from webapp.services.lessons import LessonInput
from webapp.services.proposals.operations import MAX_NOTE
from webapp.services.proposals.outcomes import MAX_COUNT, OutcomeInput, check
from webapp.services.proposals.pipeline import MOVES
from webapp.services.vocab import GENDER_MARKER_LABELS


class RespondForm(FlaskForm):
    """Accept or decline a proposal; declining needs a reason."""

    decision = RadioField(
        _l("Do you accept this match?"),
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


def _count(label: object, hint: object | None = None) -> IntegerField:
    # The range is the service's to say (outcomes.check), in the same words for every count.
    return IntegerField(label, validators=[Optional()], description=hint,
                        render_kw={"min": 0, "max": MAX_COUNT, "inputmode": "numeric"})  # fmt: skip


class OutcomeFields(FlaskForm):
    """What a match achieved: the result statement and the figures the reports count."""

    result_required = False

    outcome = TextAreaField(
        _l("Result"),
        validators=[Length(max=MAX_NOTE)],
        description=_l("What was delivered, and what the State gained. Kept on the match."),
    )
    women = _count(_l("Women"))
    men = _count(_l("Men"))
    not_recorded = _count(_l("Sex not recorded"))
    institutions = _count(
        _l("Institutions reached"), _l("Ministries, agencies, CSIRTs, courts, universities...")
    )
    delivered_from = IsoDateField(_l("Delivered from"))
    delivered_to = IsoDateField(_l("Delivered until"))
    gender_marker = RadioField(
        _l("Gender equality"),
        default="",
        choices=choices(
            ("", _l("Not screened")),
            *((str(k), _l(v)) for k, v in GENDER_MARKER_LABELS.english.items()),
        ),
        validate_choice=False,  # the service names a bad value
    )

    def values(self) -> OutcomeInput:
        """What was typed, for the service (which has the last word)."""
        marker = self.gender_marker.data or ""
        return OutcomeInput(
            result=self.outcome.data or "",
            women=self.women.data, men=self.men.data, not_recorded=self.not_recorded.data,
            institutions=self.institutions.data,
            delivered_from=self.delivered_from.data, delivered_to=self.delivered_to.data,
            gender_marker=int(marker) if marker in ("0", "1", "2") else (marker or None),
        )  # fmt: skip

    def checked(self) -> bool:
        """Validate the form and the service's rules together, so that every error shows at once.

        A field the form already refused (a count that is not a number) keeps that one error.
        """
        ok = self.validate_on_submit()
        for err in check(self.values(), result_required=self.result_required):
            field = self._fields.get(err.field)
            if field is not None and not field.errors:
                field.errors = [*field.errors, err.reason]
                ok = False
        return bool(ok)

    def load(self, result: str, row: Outcome | None, offer_marker: int | None) -> None:
        """Show what is stored; a first outcome starts from the offer's gender marker."""
        self.outcome.data = result
        marker = row.gender_marker if row is not None else offer_marker
        self.gender_marker.data = "" if marker is None else str(marker)
        if row is not None:
            self.women.data, self.men.data = row.women, row.men
            self.not_recorded.data, self.institutions.data = row.not_recorded, row.institutions
            self.delivered_from.data, self.delivered_to.data = row.delivered_from, row.delivered_to


class CompleteForm(OutcomeFields):
    """The focal point closes a match; the result statement is required."""

    result_required = True

    outcome = TextAreaField(
        _l("Result"),
        validators=[DataRequired(message=_l(MOVES[MatchStatus.COMPLETED].note_required)),
                    Length(max=MAX_NOTE)],
        description=_l("What was delivered, and what the State gained. Kept on the match."),
    )  # fmt: skip


class OutcomeForm(OutcomeFields):
    """The provider or the focal point enters or corrects the outcome."""


RATING_CHOICES = choices(
    ("", _l("I prefer not to rate it")),
    ("1", _l("1: not at all")), ("2", _l("2: a little")), ("3", _l("3: partly")),
    ("4", _l("4: mostly")), ("5", _l("5: fully")),
)  # fmt: skip


class ConfirmOutcomeForm(FlaskForm):
    """The State confirms the outcome, and may say how well the support met its need."""

    rating = RadioField(
        _l("How well did the support meet your need?"),
        default="",
        choices=RATING_CHOICES,
        validate_choice=False,
    )
    comment = TextAreaField(
        _l("Comment"), validators=[Length(max=MAX_NOTE)],
        description=_l("Optional: what worked, what you would change."),
    )  # fmt: skip

    def rating_value(self) -> int | str | None:
        """The rating chosen: a number, None for no rating, anything else as sent."""
        value = self.rating.data or ""
        return int(value) if value in ("1", "2", "3", "4", "5") else (value or None)


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


class LessonForm(FlaskForm):
    """A side of a completed match proposes its result statement as a lesson learnt."""

    title = StringField(_l("Short title"), description=_l("Optional."))
    text = TextAreaField(
        _l("The lesson"),
        description=_l(
            "Published on the topic's page once the focal point approves it: write nothing "
            "confidential."
        ),
    )

    def values(self) -> LessonInput:
        """The typed title and text, for the service to check."""
        return LessonInput(text=self.text.data or "", title=self.title.data or "")
