"""Forms of the suggestion queue: its filters, refresh, propose and dismiss."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.forms import choices, filter_field, grouped_choices
from webapp.i18n import _l
from webapp.services.proposals.operations import MAX_NOTE
from webapp.services.reference.choices import region_choices, topic_groups
from webapp.services.vocab import PRIORITY_LABELS, PROVIDER_TYPE_LABELS


class QueueFilterForm(FlaskForm):
    """Narrow the queue by the need's region, topic and priority and the provider's type."""

    class Meta:
        csrf = False

    # an unknown value is said beside its field in the words every list uses
    region = filter_field(_l("Region"), "region", validators=[Optional()])
    topic = filter_field(_l("Topic"), "topic", validators=[Optional()])
    priority = filter_field(_l("Priority"), "priority", validators=[Optional()])
    provider_type = filter_field(_l("Provider type"), "provider type", validators=[Optional()])

    def load_choices(self, session: Session) -> QueueFilterForm:
        """Fill the choices from the reference data (at request time, never at import)."""
        anyone = ("", _("Any"))
        self.region.choices = choices(anyone, *region_choices(session))
        self.topic.choices = choices(anyone) + grouped_choices(topic_groups(session))
        self.priority.choices = choices(anyone, *PRIORITY_LABELS.items())
        self.provider_type.choices = choices(anyone, *PROVIDER_TYPE_LABELS.items())
        return self


class RefreshForm(FlaskForm):
    """The "Refresh suggestions" button (a CSRF token only)."""


class ProposeForm(FlaskForm):
    """Propose a suggested pair to both sides, with an optional message."""

    message = TextAreaField(
        _l("Message to both sides"), validators=[Length(max=MAX_NOTE)],
        description=_l("Optional: why this pair, who to contact."),
    )  # fmt: skip
    version = HiddenField()  # of the suggestion as the focal point saw it


class DismissForm(FlaskForm):
    """Set a suggestion aside for good; a reason is required."""

    reason = TextAreaField(
        _l("Why dismiss it?"),
        validators=[DataRequired(message=_l("Say why you dismiss this suggestion.")),
                    Length(max=MAX_NOTE)],
        description=_l("Kept in the pair's history; it will not be suggested again."),
    )  # fmt: skip
    version = HiddenField()  # of the suggestion as the focal point saw it
