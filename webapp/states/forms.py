"""Forms of the states area: the directory's filters and a State's maturity sharing choice."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired

from webapp.forms import choices, filter_field, grouped_choices, label_choices
from webapp.i18n import _l
from webapp.services.directory.states import NO, YES, StateFilters
from webapp.services.needs.sharing import AUDIENCE_LABELS


class StateFilterForm(FlaskForm):
    """The directory's filters from the query string; an unknown value is named and ignored."""

    class Meta:
        csrf = False

    region = filter_field(_l("Region"), "region")
    group = SelectField(
        _l("Group"),
        default="",
        invalid_choice_message=_l("This group is not known to cbmatch, so it was ignored."),
    )
    survey = SelectField(
        _l("Survey"),
        default="",
        invalid_choice_message=_l(
            "Choose “Any”, “Submitted a survey” or “No survey submitted”; this value was ignored."
        ),
        choices=choices(
            ("", _l("Any")),
            (YES, _l("Submitted a survey")),
            (NO, _l("No survey submitted")),
        ),
    )
    needs = SelectField(
        _l("Open needs"),
        default="",
        invalid_choice_message=_l(
            "Choose “Any”, “Has open needs” or “No open needs”; this value was ignored."
        ),
        choices=choices(("", _l("Any")), (YES, _l("Has open needs")), (NO, _l("No open needs"))),
    )

    def use_choices(
        self, regions: list[tuple[str, list[tuple[str, str]]]], groups: list[tuple[str, str]]
    ) -> None:
        """Fill the options from the reference data."""
        self.region.choices = choices(("", _l("Any region"))) + grouped_choices(regions)
        self.group.choices = choices(("", _l("Any group")), *groups)

    def _valid(self, name: str) -> Any:
        field = self[name]
        return None if field.errors or not field.data else field.data

    def filters(self) -> StateFilters:
        """The valid filters (the unknown ones carry their error)."""
        self.validate()
        return StateFilters(
            region=self._valid("region"),
            group=self._valid("group"),
            survey=self._valid("survey") or "",
            needs=self._valid("needs") or "",
        )


class SharingForm(FlaskForm):
    """Who the State shows its maturity self-assessment to."""

    audience = RadioField(
        _l("Who sees our maturity self-assessment"),
        choices=choices(*label_choices(AUDIENCE_LABELS)),
        validators=[InputRequired(_l("Choose who sees the maturity."))],
        invalid_choice_message=_l("Choose one of the three audiences."),
    )
