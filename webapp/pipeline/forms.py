"""The pipeline's filter form, read from the query string."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import SearchField

from webapp.forms import choices, filter_field, gender_filter, grouped_choices
from webapp.i18n import _l
from webapp.services.proposals.board import MAX_QUERY, ORDERS, SORTS, PipelineFilters
from webapp.services.reference.areas import area_groups
from webapp.services.reference.choices import state_choices, topic_groups
from webapp.services.vocab import MATCH_STATUS_LABELS, PIPELINE_STATUSES, PROVIDER_TYPE_LABELS


class PipelineFilterForm(FlaskForm):
    """Status, region or group, State, topic, provider type and words; and the order.

    Unknown values (an old link, a hand-edited URL) are reported beside the field and ignored.
    """

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"), description=_l("Words in a title, a ref, the State, the provider.")
    )
    status = filter_field(_l("Status"), "status")
    region = filter_field(_l("Region or group"), "region")
    state = filter_field(_l("State"), "State")
    topic = filter_field(_l("Topic"), "topic")
    provider_type = filter_field(_l("Provider type"), "provider type")
    gender = gender_filter()
    outcome = filter_field(
        _l("Outcome"),
        "outcome",
        choices=choices(
            ("", _l("Any")),
            ("entered", _l("Figures entered")),
            ("missing", _l("No figures yet")),
            ("confirmed", _l("Confirmed by the State")),
            ("rated", _l("Rated by the State")),
        ),
    )
    sort = filter_field(_l("Sort by"), "order", default="updated")
    order = filter_field(_l("Order"), "order", default="desc")

    filter_fields = ("status", "region", "state", "topic", "provider_type", "gender", "outcome")

    def load_choices(self, session: Session) -> PipelineFilterForm:
        """Fill the options from the reference data (at request time, never at import)."""
        statuses = ((s.value, MATCH_STATUS_LABELS[s].capitalize()) for s in PIPELINE_STATUSES)
        self.status.choices = choices(("", _("Any status")), *statuses)
        self.region.choices = choices(("", _("Anywhere"))) + grouped_choices(area_groups(session))
        self.state.choices = choices(*state_choices(session, blank=_("Any State")))
        self.topic.choices = choices(("", _("Any topic"))) + grouped_choices(topic_groups(session))
        self.provider_type.choices = choices(
            ("", _("Any provider type")), *PROVIDER_TYPE_LABELS.items()
        )
        self.sort.choices = choices(*SORTS.items())
        self.order.choices = choices(*ORDERS.items())
        return self

    def ok(self, name: str, fallback: str | None = None) -> str | None:
        """The field's value, or ``fallback`` when it is empty or was not understood."""
        field = self[name]
        return fallback if field.errors or not field.data else str(field.data)

    def filters(self) -> PipelineFilters:
        """The valid filters; a field with an error counts as not set."""
        self.validate()
        return PipelineFilters(
            q=(self.q.data or "").strip()[:MAX_QUERY],
            **{name: self.ok(name) for name in self.filter_fields},
            sort=self.ok("sort", "updated") or "updated",
            order=self.ok("order", "desc") or "desc",
        )
