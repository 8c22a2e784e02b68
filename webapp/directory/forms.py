"""Forms of the directory area: the two lists' filters and a State's point of contact."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SearchField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from webapp.forms import RecordForm, choices, filter_field, grouped_choices, label_choices
from webapp.i18n import _l
from webapp.list_filters import CentreFilterForm as CentreFilterForm
from webapp.list_filters import ListFilters as _ListFilters
from webapp.services.directory.contacts import (
    KIND_LABELS,
    LIMITS,
    PHONE_RE,
    ContactFilters,
    ContactInput,
)


class ContactFilterForm(_ListFilters):
    """Filters of the points-of-contact directory."""

    q = SearchField(
        _l("Search"), description=_l("Words in a name, position, organisation or address.")
    )
    state = filter_field(_l("State"), "State")
    region = filter_field(_l("Region or group"), "region")
    kind = filter_field(
        _l("Kind"),
        "kind",
        choices=choices(("", _l("Diplomatic and technical")), *label_choices(KIND_LABELS)),
    )

    def use_choices(
        self, states: list[tuple[str, str]], areas: list[tuple[str, list[tuple[str, str]]]]
    ) -> None:
        """Fill the options from the reference data."""
        self.state.choices = choices(("", _l("Every State")), *states)
        self.region.choices = choices(("", _l("Anywhere"))) + grouped_choices(areas)

    def filters(self) -> ContactFilters:
        """The valid filters."""
        self.validate()
        return ContactFilters(
            q=self.query(),
            state=self.valid("state"),
            region=self.valid("region"),
            kind=self.valid("kind"),
        )


def _limit(field: str) -> Length:
    return Length(
        max=LIMITS[field],
        message=_l("Keep it under %(num)d characters.", num=LIMITS[field] + 1),
    )


class ContactForm(RecordForm):
    """One of a State's points of contact."""

    record_label = _l("The point of contact")
    first_error_only = False  # the service's reasons add to the form's own

    kind = RadioField(
        _l("Kind of contact"),
        choices=choices(
            (
                "diplomatic",
                _l("Diplomatic: foreign ministry or mission, for policy and cooperation"),
            ),
            ("technical", _l("Technical: national CERT/CSIRT or cyber agency, for incidents")),
        ),
        validators=[DataRequired(_l("Choose diplomatic or technical."))],
    )
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Give the person's full name.")), _limit("name")],
    )
    position = StringField(
        _l("Position"),
        validators=[DataRequired(_l("Give the person's position or title.")), _limit("position")],
    )
    organisation = StringField(
        _l("Organisation or ministry"),
        validators=[DataRequired(_l("Name the ministry or agency.")), _limit("organisation")],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Give an e-mail address.")),
            Email(
                _l("Enter an e-mail address like name@ministry.gov."), check_deliverability=False
            ),
            _limit("email"),
        ],
    )
    phone = StringField(
        _l("Phone (optional)"),
        description=_l("With the country code, e.g. +221 33 889 13 00."),
        validators=[
            Optional(),
            _limit("phone"),
            Regexp(
                PHONE_RE.pattern + "$",
                message=_l(
                    "Use digits, spaces, +, -, dots and brackets only, e.g. +221 33 889 13 00."
                ),
            ),
        ],
    )

    def load(self, record: Any) -> None:
        """Show a stored point of contact in the form."""
        self.process(obj=record)
        self.kind.data = record.kind.value

    def values(self) -> ContactInput:
        """What the person typed, for the service."""
        return ContactInput(
            kind=self.kind.data or "",
            name=self.name.data or "",
            position=self.position.data or "",
            organisation=self.organisation.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
        )


class RemoveContactForm(FlaskForm):
    """Confirmation, with its CSRF token, before a point of contact is removed."""
