"""The administrator's forms: the accounts' filters (GET), deactivation, reactivation, role."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from webapp.forms import choices, label_choices
from webapp.i18n import _l
from webapp.services.accounts.operations import MAX_REASON
from webapp.services.accounts.queries import MAX_SEARCH, AccountFilters, clean_filters
from webapp.services.vocab import ACCOUNT_STATUS_LABELS, ROLE_LABELS


class AccountFilterForm(FlaskForm):
    """Search accounts by name or address; narrow them by role and status."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or e-mail address"), validators=[Optional(), Length(max=MAX_SEARCH)])
    role = SelectField(_l("Role"), validators=[Optional()], default="")
    status = SelectField(_l("Status"), validators=[Optional()], default="")

    def load_choices(self) -> AccountFilterForm:
        """The roles and statuses, in the reader's language (at request time)."""
        self.role.choices = choices(("", _("Any")), *ROLE_LABELS.items())
        self.status.choices = choices(("", _("Any")), *ACCOUNT_STATUS_LABELS.items())
        return self

    def filters(self) -> AccountFilters:
        """The filters asked for; an unknown role or status is left out."""
        return clean_filters(self.q.data, self.role.data, self.status.data)


class VersionedForm(FlaskForm):
    """A change to an account, made on the version of it the page showed."""

    #: The account's version when the page was opened: a save over a newer one is refused.
    version = HiddenField()


class DeactivateForm(VersionedForm):
    """Confirm a deactivation, with an optional reason kept on the account."""

    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[Optional(), Length(max=MAX_REASON)],
        description=_l("Kept on the account; the focal point and administrators see it."),
    )


class ReactivateForm(VersionedForm):
    """Reactivate a deactivated or refused account (the button is the choice)."""


class RoleForm(VersionedForm):
    """The role of an account and the State or organisation it acts for."""

    role = SelectField(_l("Role"), choices=choices(*label_choices(ROLE_LABELS)))
    state = SelectField(_l("State"), default="",
                        description=_l("Only for a State representative."))  # fmt: skip
    organisation = SelectField(_l("Organisation"), default="",
                               description=_l("Only for a provider."))  # fmt: skip


class SendResetForm(FlaskForm):
    """Send the account a link to set a new password (the button is the choice)."""
