"""The filter form of the needs list (its base, shared with the offers list, is in webapp.forms)."""

from __future__ import annotations

from collections.abc import Mapping

from webapp.forms import FilterForm, choices, filter_field
from webapp.i18n import _l
from webapp.services.needs.queries import NEED_SORTS
from webapp.services.reference.choices import FilterChoices


class NeedFilterForm(FilterForm):
    """Filters of the public needs list, with the needs that require funding."""

    funding = filter_field(
        _l("Funding"), "funding", choices=choices(("", _l("Any")), ("y", _l("Requires funding")))
    )
    filter_fields = (*FilterForm.filter_fields, "funding")

    def use_choices(self, c: FilterChoices, sorts: Mapping[str, str] = NEED_SORTS) -> None:
        """Fill the options, with the needs' sort orders."""
        super().use_choices(c, sorts)
