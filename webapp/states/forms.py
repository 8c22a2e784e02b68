"""Forms of the states area: the directory's filters and a State's maturity sharing choice."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from webapp.forms import choices, label_choices
from webapp.i18n import _l
from webapp.list_filters import StateFilterForm as StateFilterForm
from webapp.services.needs.sharing import AUDIENCE_LABELS


class SharingForm(FlaskForm):
    """Who the State shows its maturity self-assessment to."""

    audience = RadioField(
        _l("Who sees our maturity self-assessment"),
        choices=choices(*label_choices(AUDIENCE_LABELS)),
        validators=[InputRequired(_l("Choose who sees the maturity."))],
        invalid_choice_message=_l("Choose one of the three audiences."),
    )
