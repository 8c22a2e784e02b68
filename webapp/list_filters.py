"""The filter forms of the public lists (needs, offers, calendar, States, centres).

The list pages and the JSON API read their query parameters through these same forms, so that
a parameter is checked by one code path wherever it is given.

A field whose value is not among its choices carries an error: the pages report it and ignore
it, the API answers 400 naming the field (``webapp.api.params``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, SearchField, SelectField

from webapp.forms import (
    FilterForm,
    choices,
    filter_field,
    gender_filter,
    grouped_choices,
    label_choices,
)
from webapp.i18n import _l
from webapp.services.calendar.queries import CalendarFilters
from webapp.services.directory.centres import CentreFilters
from webapp.services.directory.states import NO, YES, StateFilters
from webapp.services.needs.queries import NEED_SORTS
from webapp.services.offers.queries import OFFER_SORTS
from webapp.services.querying import MAX_QUERY, Filters
from webapp.services.reference.choices import FilterChoices
from webapp.services.vocab import PROVIDER_TYPE_LABELS


class NeedFilterForm(FilterForm):
    """Filters of the public needs list, with the needs that require funding."""

    funding = filter_field(
        _l("Funding"), "funding", choices=choices(("", _l("Any")), ("y", _l("Requires funding")))
    )
    filter_fields = (*FilterForm.filter_fields, "funding")

    def use_choices(self, c: FilterChoices, sorts: Mapping[str, str] = NEED_SORTS) -> None:
        """Fill the options, with the needs' sort orders."""
        super().use_choices(c, sorts)


class OfferFilterForm(FilterForm):
    """Filters of the public offers list, with the provider type."""

    provider_type = filter_field(
        _l("Provider type"),
        "provider type",
        choices=choices(("", _l("Any provider")), *label_choices(PROVIDER_TYPE_LABELS)),
    )
    gender = gender_filter()
    funding = filter_field(
        _l("Funding"), "funding", choices=choices(("", _l("Any")), ("y", _l("Brings funding")))
    )
    receivable = BooleanField(_l("Only offers my State can receive"))
    filter_fields = (*FilterForm.filter_fields, "provider_type", "gender", "funding")

    def use_choices(self, c: FilterChoices, sorts: Mapping[str, str] = OFFER_SORTS) -> None:
        """Fill the options, with the offers' sort orders."""
        super().use_choices(c, sorts)

    def offer_receivable(self) -> None:
        """Show "Only offers my State can receive" (to a signed-in State representative)."""
        self.main_fields = (*self.main_fields, "receivable")

    def filters(self) -> Filters:
        """The valid filters, with "my State can receive" when it is shown and ticked."""
        shown = "receivable" in self.main_fields
        return replace(super().filters(), receivable="y" if shown and self.receivable.data else "")


class CalendarFilterForm(FlaskForm):
    """Region and topic, read from the query string; unknown values are reported and ignored."""

    class Meta:
        csrf = False

    region = filter_field(_l("Region or group"), "region")
    topic = filter_field(_l("Topic"), "topic")

    def use_choices(
        self,
        areas: Iterable[tuple[str, Iterable[tuple[str, str]]]],
        topics: Iterable[tuple[str, Iterable[tuple[str, str]]]],
    ) -> None:
        """Fill the options from the reference data."""
        self.region.choices = choices(("", _l("Anywhere"))) + grouped_choices(areas)
        self.topic.choices = choices(("", _l("Any topic"))) + grouped_choices(topics)

    def filters(self) -> CalendarFilters:
        """The valid filters; a field with an error counts as not set."""
        self.validate()
        region = None if self.region.errors else self.region.data or None
        topic = None if self.topic.errors else self.topic.data or None
        return CalendarFilters(region=region, topic=topic)


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


class ListFilters(FlaskForm):
    """Filters read from the query string; unknown values are reported and ignored."""

    class Meta:
        csrf = False

    def valid(self, name: str) -> Any:
        """A field's value, or None when it is empty or was not understood."""
        field = self[name]
        return None if field.errors or not field.data else field.data

    def query(self) -> str:
        """The search words, trimmed."""
        return (self["q"].data or "").strip()[:MAX_QUERY]


class CentreFilterForm(ListFilters):
    """Filters of the centres directory."""

    q = SearchField(_l("Search"), description=_l("Words in the name, acronym or description."))
    region = filter_field(_l("Serving"), "region")
    kind = filter_field(_l("Kind"), "kind")

    def use_choices(
        self, areas: list[tuple[str, list[tuple[str, str]]]], kinds: list[tuple[str, str]]
    ) -> None:
        """Fill the options from the reference data."""
        self.region.choices = choices(("", _l("Any region"))) + grouped_choices(areas)
        self.kind.choices = choices(("", _l("Any kind")), *kinds)

    def filters(self) -> CentreFilters:
        """The valid filters."""
        self.validate()
        return CentreFilters(q=self.query(), region=self.valid("region"), kind=self.valid("kind"))
