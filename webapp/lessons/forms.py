"""The focal point's review of a proposed lesson."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField

from webapp.forms import choices
from webapp.i18n import _l


class ReviewForm(FlaskForm):
    """Publish the lesson, or refuse it with a reason the proposing side reads."""

    decision = RadioField(
        _l("Your decision"),
        choices=choices(("publish", _l("Publish")), ("refuse", _l("Refuse"))),
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Required when you refuse: the side that proposed it reads it."),
    )


class UnpublishForm(FlaskForm):
    """Take a published lesson down, with the reason the proposing side reads."""

    reason = TextAreaField(
        _l("Reason"),
        description=_l("The side that proposed it reads it, and may change the lesson and "
                       "propose it again."),
    )  # fmt: skip
