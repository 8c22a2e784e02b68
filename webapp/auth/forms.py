"""Forms for signing in, registering and changing a password."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.forms import choices
from webapp.i18n import _l
from webapp.services.accounts.operations import MAX_REASON, MIN_PASSWORD

PASSWORD_HINT = _l("At least %(num)d characters.", num=MIN_PASSWORD)


class LoginForm(FlaskForm):
    """Sign in with an e-mail address and a password."""

    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class RegisterForm(FlaskForm):
    """Ask for an account; a focal point approves it."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )
    role = RadioField(
        _l("I act for"),
        choices=choices(("state", _l("A State (I represent its government)")),
                        ("provider", _l("An organisation that offers support"))),
        validators=[DataRequired()],
    )  # fmt: skip
    state = SelectField(_l("State"), default="")
    organisation = StringField(_l("Organisation name"), validators=[Length(max=200)])
    organisation_type = SelectField(
        _l("Type of organisation"),
        choices=choices(("", _l("Choose…")), ("state", _l("Government or public agency")),
                        ("business", _l("Business")),
                        ("ngo", _l("Non-governmental organisation")),
                        ("academia", _l("Academia or research")),
                        ("intergovernmental", _l("Intergovernmental body")),
                        ("other", _l("Other"))),
        default="",
    )  # fmt: skip
    organisation_country = SelectField(_l("Organisation's country"), default="")

    def validate_state(self, field: Any) -> None:
        if self.role.data == "state" and not field.data:
            raise ValidationError(_("Choose the State you represent."))

    def validate_organisation(self, field: Any) -> None:
        if self.role.data == "provider" and not (field.data or "").strip():
            raise ValidationError(_("Give the name of your organisation."))

    def validate_organisation_type(self, field: Any) -> None:
        if self.role.data == "provider" and not field.data:
            raise ValidationError(_("Choose the type of organisation."))


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


class DecisionForm(FlaskForm):
    """Approve or refuse a pending account (the buttons carry the choice); a refusal says why."""

    reason = TextAreaField(
        _l("Reason for refusing"),
        validators=[Length(max=MAX_REASON)],
        description=_l("Required to refuse. Kept on the account; the person is told."),
    )


class ForgotPasswordForm(FlaskForm):
    """Ask for a link that sets a new password."""

    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    """Choose a new password through a reset link (same rules as changing it)."""

    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )
