"""The forms of the token pages: make a token, confirm a revocation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField

from models import Role
from webapp.form_fields import DateInput
from webapp.forms import choices
from webapp.i18n import _l
from webapp.services.accounts import tokens
from webapp.services.accounts.tokens import MAX_NAME, TokenInput
from webapp.services.vocab import SCOPE_LABELS


class TokenForm(FlaskForm):
    """A token's name, scopes and expiry; the service checks them all (``tokens.check``)."""

    name = StringField(
        _l("Name"),
        description=_l("What will use it, so that you recognise it later: “CI script”."),
        render_kw={"maxlength": MAX_NAME, "autocomplete": "off"},
    )
    scopes = SelectMultipleField(_l("What it may do"), validate_choice=False)
    # The text as sent (the service checks it): a date input, a text box again after an error.
    expires_on = StringField(_l("Expires on"), widget=DateInput())

    def offer_scopes(self, role: Role) -> None:
        """The scopes the account's role may give, as the checkboxes."""
        self.scopes.choices = choices(
            *((s.value, _l(SCOPE_LABELS.english[s])) for s in tokens.scopes_for(role))
        )

    def values(self) -> TokenInput:
        """What was typed, for the service."""
        return TokenInput(
            name=self.name.data or "",
            scopes=[str(s) for s in self.scopes.data or []],
            expires_on=self.expires_on.data or "",
        )


class RevokeForm(FlaskForm):
    """The confirmation of a revocation (the button and the CSRF token)."""
