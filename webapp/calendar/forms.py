"""Forms of the calendar area: the filters, and an event (add, edit, delete)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from models import Event
from webapp.form_fields import IsoDateField
from webapp.forms import (
    EligibilityFieldsMixin,
    RecordForm,
    choices,
    grouped_choices,
)
from webapp.i18n import _l
from webapp.list_filters import CalendarFilterForm as CalendarFilterForm
from webapp.services.calendar.events import EventInput
from webapp.services.offers.operations import EligibilityChoices


class EventForm(EligibilityFieldsMixin, RecordForm):
    """Everything said about a calendar event."""

    record_label = _l("The event")

    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the event a title.")), Length(max=200)],
        description=_l("The name of the course, workshop, conference or exercise."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Describe the event.")), Length(max=5000)],
        description=_l("What happens, for whom, and how to take part."),
    )
    starts_on = IsoDateField(_l("Starts on"), validators=[InputRequired(_l("Give the first day."))])
    ends_on = IsoDateField(_l("Ends on"), description=_l("Leave empty for a one-day event."))
    location = StringField(
        _l("Location"),
        validators=[Length(max=200)],
        description=_l(
            "City and country, or the venue, e.g. Dakar, Senegal. "
            "Leave empty for an event that is only online."
        ),
    )
    online = BooleanField(_l("People can take part online"))
    url = StringField(
        _l("Web page"),
        validators=[Length(max=500)],
        description=_l("The organiser's page for details or registration, starting with https://."),
        render_kw={"inputmode": "url", "autocomplete": "url", "placeholder": "https://"},
    )
    topics = SelectMultipleField(_l("Topics"), default=list)
    organisation = SelectField(_l("Organised by"), default="")

    def use_choices(
        self,
        topics: Iterable[tuple[str, Iterable[tuple[str, str]]]],
        eligibility: EligibilityChoices,
        organisations: Iterable[str] | None,
    ) -> None:
        """Fill the options; ``organisations`` None removes the choice (a provider's own)."""
        self.topics.choices = grouped_choices(topics)
        self.use_eligibility_choices(eligibility)
        if organisations is None:
            del self.organisation
        else:
            self.organisation.choices = choices(
                ("", _l("The capacity-building focal point")), *((n, n) for n in organisations)
            )

    def values(self, organisation: str | None = None) -> EventInput:
        """What was typed, for the service; ``organisation`` when the form has no such field."""
        if "organisation" in self:
            organisation = self.organisation.data or None
        return EventInput(
            title=self.title.data or "",
            description=self.description.data or "",
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            location=self.location.data or "",
            online=bool(self.online.data),
            url=self.url.data or "",
            topics=tuple(self.topics.data or ()),
            eligible=self.eligible(),
            organisation=organisation,
        )

    def load(self, event: Event) -> None:
        """Show a stored event's values (for editing)."""
        self.title.data, self.description.data = event.title, event.description
        self.starts_on.data = event.starts_on
        self.ends_on.data = None if event.ends_on == event.starts_on else event.ends_on
        self.location.data, self.online.data, self.url.data = (
            event.location, event.online, event.url
        )  # fmt: skip
        self.topics.data = [t.slug for t in event.topics]
        if "organisation" in self:
            self.organisation.data = event.organisation.name if event.organisation else ""
        self.load_eligible(event.eligible)


class DeleteEventForm(FlaskForm):
    """Confirm deleting an event (the button is the confirmation)."""
