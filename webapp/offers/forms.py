"""Forms of the offers area: the offer itself, closing it, and the list's filters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from models import Offer
from webapp.form_fields import COMMON_CODES, COMMON_LANGUAGES, CheckboxesField, IsoDateField
from webapp.forms import (
    EligibilityFieldsMixin,
    RecordForm,
    choices,
    currency_choices,
    grouped_choices,
    label_choices,
    money_amount,
    written_in,
    written_in_choices,
    written_in_field,
)
from webapp.i18n import _l
from webapp.list_filters import OfferFilterForm as OfferFilterForm
from webapp.services import text_language
from webapp.services.offers.operations import EligibilityChoices, OfferInput, language_codes
from webapp.services.vocab import (
    GENDER_MARKER_LABELS,
    MODALITY_LABELS,
    Modality,
)

LANGUAGE_HINT = _l(
    "ISO 639-1 codes or English names, separated by commas: en, fr or English, French."
)
OTHER_LANGUAGES_HINT = _l("Two-letter ISO 639-1 codes separated by commas, e.g. sw, ha.")


class OfferForm(EligibilityFieldsMixin, RecordForm):
    """Everything a provider says about an offer; the provider itself is the organisation."""

    record_label = _l("The offer")
    field_of: ClassVar[dict[str, str]] = {
        "eligible": "eligible_groups", "languages": "other_languages"
    }  # fmt: skip

    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the offer a title.")), Length(max=200)],
        description=_l("What you offer, in a few words."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Describe the offer.")), Length(max=5000)],
        description=_l("What you provide, for whom, how, and what the beneficiary must bring."),
    )
    text_language = written_in_field()
    topics = SelectMultipleField(_l("Topics"), default=list)
    support_types = SelectMultipleField(_l("Support types"), default=list)
    languages = CheckboxesField(_l("Languages"), default=["en"])
    other_languages = StringField(_l("Other languages"), description=OTHER_LANGUAGES_HINT)
    modality = RadioField(
        _l("Modality"), default=Modality.ANY.value,
        choices=choices(*label_choices(MODALITY_LABELS)),
        validators=[DataRequired(_l("Choose a modality."))],
    )  # fmt: skip
    start = IsoDateField(
        _l("From"),
        description=_l("Optional: the first day the offer can be delivered, as YYYY-MM-DD."),
    )
    end = IsoDateField(
        _l("Until"), description=_l("Optional: the last day, on or after the first, as YYYY-MM-DD.")
    )
    capacity = IntegerField(
        _l("Capacity"),
        default=1,
        validators=[Optional()],
        description=_l("How many needs this offer can serve."),
    )
    gender_marker = RadioField(
        _l("Gender equality"),
        default="",
        choices=choices(
            ("", _l("Not screened")),
            *((str(k), _l(v)) for k, v in GENDER_MARKER_LABELS.english.items()),
        ),
        validate_choice=False,  # the service names a bad value, as the importer does
    )
    funding_amount = StringField(
        _l("Funding it brings"), render_kw={"inputmode": "numeric"},
        description=_l("Optional: money the offer gives, besides expertise, in whole units."),
    )  # fmt: skip
    funding_currency = SelectField(_l("Currency"), validate_choice=False, default="")
    #: The version of the offer the form was opened on, so that a save over newer text is refused.
    version = HiddenField()
    #: Shown with the duplicate warning only; ticked, the offer is saved despite similar ones.
    not_duplicate = BooleanField(_l("This is not a duplicate, save anyway"))

    def use_choices(
        self,
        topics: Iterable[tuple[str, Iterable[tuple[str, str]]]],
        support_types: Iterable[tuple[str, str]],
        eligibility: EligibilityChoices,
    ) -> None:
        """Fill the options from the reference data."""
        self.topics.choices = grouped_choices(topics)
        self.support_types.choices = choices(*support_types)
        self.use_eligibility_choices(eligibility)
        self.text_language.choices = written_in_choices()
        self.funding_currency.choices = currency_choices()
        self.languages.choices = choices(*COMMON_LANGUAGES)

    def values(self) -> OfferInput:
        """What was typed, for the service (which validates it as the importer does)."""
        return OfferInput(
            title=self.title.data or "",
            description=self.description.data or "",
            topics=tuple(self.topics.data or ()),
            support_types=tuple(self.support_types.data or ()),
            languages=language_codes(
                ", ".join([*(self.languages.data or ()), self.other_languages.data or ""])
            ),
            modality=self.modality.data or Modality.ANY.value,
            start=self.start.data,
            end=self.end.data,
            eligible=self.eligible(),
            capacity=self.capacity.data,
            gender_marker=_marker(self.gender_marker.data),
            funding_amount=money_amount(self.funding_amount.data),
            funding_currency=self.funding_currency.data or None,
            written_in=written_in(self.text_language),
        )

    def load(self, offer: Offer) -> None:
        """Show a stored offer's values (for editing)."""
        self.title.data, self.description.data = offer.title, offer.description
        self.text_language.data = text_language.shown_choice(
            offer.text_language, offer.title, offer.description
        )
        self.topics.data = [t.slug for t in offer.topics]
        self.support_types.data = [s.slug for s in offer.support_types]
        self.languages.data = [c for c in offer.languages if c in COMMON_CODES]
        self.other_languages.data = ", ".join(c for c in offer.languages if c not in COMMON_CODES)
        self.modality.data = offer.modality
        self.start.data, self.end.data, self.capacity.data = offer.start, offer.end, offer.capacity
        self.gender_marker.data = "" if offer.gender_marker is None else str(offer.gender_marker)
        self.funding_amount.data = "" if offer.funding_amount is None else str(offer.funding_amount)
        self.funding_currency.data = offer.funding_currency or ""
        self.load_eligible(offer.eligible)
        self.version.data = str(offer.version)

    def error_message(self, field: Field, reason: str) -> str:
        """The sentence under a field; a language error also says how to write languages."""
        message = super().error_message(field, reason)
        if field.name != "other_languages":
            return message
        text: str = _("%(error)s Write %(hint)s", error=message, hint=LANGUAGE_HINT)
        return text


def _marker(value: str | None) -> int | str | None:
    """The marker chosen: a number, None when not screened, anything else as sent."""
    if not value:
        return None
    return int(value) if value in ("0", "1", "2") else value


class CloseOfferForm(FlaskForm):
    """Confirm closing an offer (the button is the confirmation)."""
