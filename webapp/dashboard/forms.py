"""The focal point's exchange-rate form."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from webapp.form_fields import IsoDateField
from webapp.i18n import _l
from webapp.services.bounds import day_problem
from webapp.services.reports.rates import parse_rate, reporting_currency


class RateForm(FlaskForm):
    """One rate: what one unit of a currency is worth in the reporting currency, from a day."""

    currency = SelectField(_l("Currency"), validators=[DataRequired(_l("Choose a currency."))])
    rate = StringField(
        _l("Value of one unit"),
        validators=[DataRequired(_l("Enter the rate.")), Length(max=40)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    valid_from = IsoDateField(
        _l("Valid from"),
        validators=[DataRequired(_l("Enter the day from which the rate is valid."))],
    )

    def validate_currency(self, field: Any) -> None:
        """The reporting currency has no rate: it converts at 1."""
        if field.data == reporting_currency():
            raise ValidationError(_("%(code)s is the reporting currency: its rate is always 1.",
                                    code=field.data))  # fmt: skip

    def validate_rate(self, field: Any) -> None:
        """A number above zero, with a point or a comma before at most 10 decimals."""
        if parse_rate(field.data or "") is None:
            raise ValidationError(_(
                "Write the rate as a number above zero, such as 1.0843 (a point or a comma "
                "before at most 10 decimals, no thousands separator)."))  # fmt: skip

    def validate_valid_from(self, field: Any) -> None:
        """A day cbmatch can store (2000 to 2100)."""
        if field.data is not None and day_problem(field.data):
            raise ValidationError(_("Choose a day between 2000-01-01 and 2100-12-31."))
