"""What the forms of several blueprints share: choices, error sentences, list filters, fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField

from webapp.services.querying import MAX_QUERY, Filters
from webapp.services.reference.choices import FilterChoices
from webapp.services.vocab import MODALITY_LABELS

#: The eligibility picker's fields, in the order their items are saved and summarised.
ELIGIBILITY_FIELDS = (
    "eligible_groups", "eligible_regions", "eligible_subregions", "eligible_intermediate",
    "eligible_states",
)  # fmt: skip
DATE_ATTRS = {"placeholder": "YYYY-MM-DD", "inputmode": "numeric", "autocomplete": "off"}


def choices(*pairs: tuple[str, str], optgroup: str | None = None) -> list[SelectChoice]:
    """Select/radio choices from (value, label) pairs."""
    return [SelectChoice(value=v, label=label, optgroup=optgroup) for v, label in pairs]


def grouped_choices(groups: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> list[SelectChoice]:
    """Choices in <optgroup>s from [(group label, [(value, label), ...]), ...]."""
    return [
        SelectChoice(value=v, label=label, optgroup=group)
        for group, pairs in groups
        for v, label in pairs
    ]


def error_sentence(label: str, reason: str) -> str:
    """A service reason ("is required", "'xx' is not ...") as a sentence about the field."""
    text = f"{label} {reason}" if reason.startswith(("is ", "must ")) else reason
    text = text.replace(" is before start ", " is before the start date, ")
    return text[:1].upper() + text[1:].rstrip(".") + "."


def ignored_message(what: str) -> str:
    """The message for a filter value cbmatch does not know."""
    return f"This {what} is not known to cbmatch, so it was ignored."


class FilterForm(FlaskForm):
    """Filters read from the query string; unknown values are reported and ignored."""

    class Meta:
        csrf = False

    q = SearchField("Search", description="Words in the title or the description.")
    topic = SelectField("Topic", default="", invalid_choice_message=ignored_message("topic"))
    dimension = SelectField(
        "CMM dimension", default="", invalid_choice_message=ignored_message("dimension")
    )
    region = SelectField(
        "Region or group", default="", invalid_choice_message=ignored_message("region")
    )
    language = SelectField(
        "Language", default="", invalid_choice_message=ignored_message("language")
    )
    modality = SelectField(
        "Modality",
        default="",
        choices=choices(("", "Any modality"), *MODALITY_LABELS.items()),
        invalid_choice_message=ignored_message("modality"),
    )
    support_type = SelectField(
        "Support type", default="", invalid_choice_message=ignored_message("support type")
    )
    sort = SelectField("Sort by", default="newest", invalid_choice_message=ignored_message("order"))

    #: The fields shown in the filter row, in order (subclasses add theirs).
    filter_fields: tuple[str, ...] = (
        "topic", "dimension", "region", "language", "modality", "support_type",
    )  # fmt: skip

    def use_choices(self, c: FilterChoices, sorts: dict[str, str]) -> None:
        """Fill the options from the reference data."""
        self.topic.choices = choices(("", "Any topic")) + grouped_choices(c.topics)
        self.dimension.choices = choices(("", "Any dimension"), *c.dimensions)
        self.region.choices = choices(("", "Anywhere")) + grouped_choices(c.areas)
        self.language.choices = choices(("", "Any language"), *c.languages)
        self.support_type.choices = choices(("", "Any support type"), *c.support_types)
        self.sort.choices = choices(*sorts.items())

    def filters(self) -> Filters:
        """The valid filters; a field with an error counts as not set."""
        self.validate()

        def ok(name: str) -> Any:
            field = self[name]
            return None if field.errors or not field.data else field.data

        return Filters(
            q=(self.q.data or "").strip()[:MAX_QUERY],
            **{name: ok(name) for name in self.filter_fields},
            sort=ok("sort") or "newest",
        )
