"""The audit log's filter form (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from webapp.form_fields import DateInput
from webapp.forms import choices
from webapp.i18n import _l
from webapp.services.accounts.audit import MAX_TEXT, AuditFilters, entity_choices
from webapp.services.bounds import FIRST_DAY, LAST_DAY


def _iso_date(form: FlaskForm, field: StringField) -> None:
    text = (field.data or "").strip()
    if not text:
        return
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _(
                "%(text)s is not a date in the form YYYY-MM-DD; the filter is not applied.",
                text=repr(text),
            )
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:  # the day after LAST_DAY ends the search
        raise ValidationError(
            _(
                "%(text)s is not between %(first)s and %(last)s; the filter is not applied.",
                text=repr(text),
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            )
        )


class AuditFilterForm(FlaskForm):
    """Narrow the log by kind of record, who acted, the record's reference, and dates."""

    class Meta:
        csrf = False

    entity = SelectField(
        _l("Kind of record"),
        validators=[Optional()],
        invalid_choice_message=_l("This kind of record is not in the log, so it was ignored."),
    )
    actor = StringField(_l("Who"), validators=[Optional(), Length(max=MAX_TEXT)],
                        description=_l("Part of a name or e-mail address, or cli."))  # fmt: skip
    record = StringField(
        _l("Record"), validators=[Optional(), Length(max=MAX_TEXT)],
        description=_l("Part of a reference or address, e.g. N-2026."),
    )  # fmt: skip
    since = StringField(_l("From"), validators=[_iso_date], widget=DateInput())
    until = StringField(_l("Until"), validators=[_iso_date], widget=DateInput())

    def load_choices(self) -> AuditFilterForm:
        """Fill the kinds of record from the audited models (at request time)."""
        self.entity.choices = choices(("", _("Any")), *entity_choices())
        return self

    def filters(self) -> AuditFilters:
        """The valid filters; a field with an error is left out."""

        def ok(name: str) -> str | None:
            field = self[name]
            return None if field.errors else (field.data or "").strip() or None

        since, until = ok("since"), ok("until")
        return AuditFilters(
            entity=ok("entity"),
            actor=ok("actor"),
            record=ok("record"),
            since=date.fromisoformat(since) if since else None,
            until=date.fromisoformat(until) if until else None,
        )
