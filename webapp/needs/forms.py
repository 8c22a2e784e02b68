"""The filter form of the needs list (and its base, shared with the offers list)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField

from webapp.forms import choices, grouped_choices
from webapp.services.needs.queries import MODALITY_LABELS, NEED_SORTS
from webapp.services.querying import MAX_QUERY, Filters
from webapp.services.reference.choices import FilterChoices


def ignored_message(what: str) -> str:
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


class NeedFilterForm(FilterForm):
    """Filters of the public needs list."""

    def use_choices(self, c: FilterChoices, sorts: dict[str, str] = NEED_SORTS) -> None:
        """Fill the options, with the needs' sort orders."""
        super().use_choices(c, sorts)
