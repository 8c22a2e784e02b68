"""Forms for signing in, registering and changing a password."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.forms import choices
from webapp.services.accounts.operations import MIN_PASSWORD

PASSWORD_HINT = f"At least {MIN_PASSWORD} characters."


class LoginForm(FlaskForm):
    """Sign in with an e-mail address and a password."""

    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])


class RegisterForm(FlaskForm):
    """Ask for an account; a focal point approves it."""

    name = StringField("Your name", validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        "E-mail address",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)]
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )
    role = RadioField(
        "I act for",
        choices=choices(("state", "A State (I represent its government)"),
                        ("provider", "An organisation that offers support")),
        validators=[DataRequired()],
    )  # fmt: skip
    state = SelectField("State", default="")
    organisation = StringField("Organisation name", validators=[Length(max=200)])
    organisation_type = SelectField(
        "Type of organisation",
        choices=choices(("", "Choose…"), ("state", "Government or public agency"),
                        ("business", "Business"), ("ngo", "Non-governmental organisation"),
                        ("academia", "Academia or research"),
                        ("intergovernmental", "Intergovernmental body"), ("other", "Other")),
        default="",
    )  # fmt: skip
    organisation_country = SelectField("Organisation's country", default="")

    def validate_state(self, field: Any) -> None:
        if self.role.data == "state" and not field.data:
            raise ValidationError("Choose the State you represent.")

    def validate_organisation(self, field: Any) -> None:
        if self.role.data == "provider" and not (field.data or "").strip():
            raise ValidationError("Give the name of your organisation.")

    def validate_organisation_type(self, field: Any) -> None:
        if self.role.data == "provider" and not field.data:
            raise ValidationError("Choose the type of organisation.")


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField(
        "New password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)]
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )


class DecisionForm(FlaskForm):
    """Approve or refuse a pending account (the buttons carry the choice)."""
