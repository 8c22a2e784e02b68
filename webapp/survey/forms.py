"""Forms of the survey: maturity self-assessment, a need, and the confirmations.

The need form only collects input: its rules are the interchange's (``validate_need``, run by
``services.needs.check_need``), and ``add_errors`` puts each error next to its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, Length

from models import STAGES, Dimension, Factor, FactorRating, MaturityAssessment, Need
from webapp.form_fields import (
    COMMON_CODES,
    COMMON_LANGUAGES,
    CheckboxesField,
    DateInput,
    date_error,
)
from webapp.forms import (
    RecordForm,
    choices,
    currency_choices,
    error_sentence,
    money_amount,
    written_in_choices,
    written_in_field,
)
from webapp.i18n import _l
from webapp.services import text_language
from webapp.services.errors import RecordError
from webapp.services.language import label
from webapp.services.needs.survey import COMMENT_MAX
from webapp.services.reference.names import stage_name
from webapp.services.vocab import MODALITY_LABELS, PRIORITY_LABELS, Modality, Priority

OTHER_LANGUAGES_HINT = _l("Two-letter ISO 639-1 codes separated by commas, e.g. sw, ha.")
#: The interchange's reasons for a date that is not one (rather than one out of range or order).
NOT_A_DATE = ("is not a date in the form YYYY-MM-DD", "is not a real calendar date")
NEED_FROM = _l("Optional: the first day support is wanted, as YYYY-MM-DD.")
NEED_UNTIL = _l("Optional: the last day, on or after the first, as YYYY-MM-DD.")
STAGE_HINTS = (
    _l("Little or no capacity yet."),
    _l("Some features exist, but ad hoc or not yet effective."),
    _l("Capacity in place and working, with gaps."),
    _l("Choices made on priorities; capacity adapts to needs."),
    _l("Continually improving; leading and sharing with others."),
)


class Required:
    """Marks a field as required (asterisk, aria) while the interchange rules do the checking."""

    field_flags = {"required": True}  # noqa: RUF012 - read-only marker, as in WTForms

    def __call__(self, form: Any, field: Any) -> None:
        return None


class NeedForm(RecordForm):
    """Every interchange field of a need except ref (generated) and state (the user's)."""

    record_label = _l("The need")
    #: Where the interchange's field names differ from the form's.
    field_of: ClassVar[dict[str, str]] = {"languages": "other_languages"}
    #: Errors about ref or state are not the user's input, but are never lost.
    stray_errors_on = "title"
    #: Every reason the interchange gives is shown, in its words (as the importer reports them).
    first_error_only = False
    reasons_as_recorded = True

    title = StringField(_l("Title"), validators=[Required()])
    description = TextAreaField(_l("Description"), validators=[Required()])
    text_language = written_in_field()
    topics = CheckboxesField(_l("Topics"))
    support_types = CheckboxesField(_l("Kinds of support wanted"))
    languages = CheckboxesField(_l("Languages"))
    other_languages = StringField(_l("Other languages"), description=OTHER_LANGUAGES_HINT)
    modality = RadioField(_l("Modality"), validate_choice=False, default=Modality.ANY.value)
    start = StringField(_l("From"), widget=DateInput(), description=NEED_FROM)
    end = StringField(_l("Until"), widget=DateInput(), description=NEED_UNTIL)
    priority = RadioField(_l("Priority"), validate_choice=False, default=Priority.MEDIUM.value)
    confidential = BooleanField(_l("Confidential"))
    funding_required = BooleanField(_l("This need requires funding"))
    funding_amount = StringField(_l("Estimated amount"), render_kw={"inputmode": "numeric"})
    funding_currency = SelectField(_l("Currency"), validate_choice=False, default="")
    #: The version of the need the form was opened on, so that a save over newer text is refused.
    version = HiddenField()
    #: Shown with the duplicate warning only; ticked, the need is saved despite similar ones.
    not_duplicate = BooleanField(_l("This is not a duplicate, save anyway"))

    def set_choices(
        self, topic_groups: Iterable[tuple[str, Iterable[tuple[str, str]]]],
        support_types: Iterable[tuple[str, str]],
    ) -> None:  # fmt: skip
        """Fill the choices from the reference data (topics grouped by CMM dimension)."""
        self.topics.choices = [
            c for group, pairs in topic_groups for c in choices(*pairs, optgroup=group)
        ]
        self.support_types.choices = choices(*support_types)
        self.languages.choices = choices(*COMMON_LANGUAGES)
        self.modality.choices = choices(*MODALITY_LABELS.items())
        self.priority.choices = choices(*PRIORITY_LABELS.items())
        self.text_language.choices = written_in_choices()
        self.funding_currency.choices = currency_choices()

    def topic_groups(self) -> list[tuple[str, list[Field]]]:
        """The topic checkboxes in fieldsets: [(dimension label, [checkbox, ...]), ...]."""
        groups: dict[str, list[Field]] = {}
        for option, choice in zip(self.topics, self.topics.choices, strict=True):
            groups.setdefault(choice.optgroup or "", []).append(option)
        return list(groups.items())

    def values(self) -> dict[str, Any]:
        """The input as an interchange record (without ref and state), typed text kept as is."""
        typed = re.split(r"[\s,;]+", (self.other_languages.data or "").strip().lower())
        return {
            "title": self.title.data or "",
            "description": self.description.data or "",
            "topics": list(self.topics.data or []),
            "support_types": list(self.support_types.data or []),
            "languages": [*(self.languages.data or []), *(c for c in typed if c)],
            "modality": self.modality.data or Modality.ANY.value,
            "start": (self.start.data or "").strip() or None,
            "end": (self.end.data or "").strip() or None,
            "priority": self.priority.data or Priority.MEDIUM.value,
            "confidential": bool(self.confidential.data),
            "funding_required": bool(self.funding_required.data),
            "funding_amount": money_amount(self.funding_amount.data),
            "funding_currency": self.funding_currency.data or None,
        }

    def error_message(self, field: Field, reason: str) -> str:
        """The sentence under a field; a date that is not one is said as on every date field."""
        if field.name in ("start", "end") and reason.endswith(NOT_A_DATE):
            return date_error(field.label.text, (field.data or "").strip())
        return super().error_message(field, reason)

    def load(self, need: Need) -> None:
        """Show a stored need in the form (GET of the edit page)."""
        self.title.data, self.description.data = need.title, need.description
        self.text_language.data = text_language.shown_choice(
            need.text_language, need.title, need.description
        )
        self.topics.data = [t.slug for t in need.topics]
        self.support_types.data = [s.slug for s in need.support_types]
        self.languages.data = [c for c in need.languages if c in COMMON_CODES]
        self.other_languages.data = ", ".join(c for c in need.languages if c not in COMMON_CODES)
        self.modality.data, self.priority.data = need.modality, need.priority
        self.start.data = need.start.isoformat() if need.start else ""
        self.end.data = need.end.isoformat() if need.end else ""
        self.confidential.data = need.confidential
        self.funding_required.data = need.funding_required
        self.funding_amount.data = "" if need.funding_amount is None else str(need.funding_amount)
        self.funding_currency.data = need.funding_currency or ""
        self.version.data = str(need.version)


class MaturityForm(FlaskForm):
    """A stage (or "not assessed") per CMM factor and a comment per dimension.

    Fields are added by ``for_factors``: ``factor_<d1_1>`` and ``comment_<dimension slug>``.
    """

    @classmethod
    def for_factors(
        cls, dimensions: Iterable[Dimension], factors: Iterable[Factor]
    ) -> type[MaturityForm]:
        """A form class with a stage field per factor and a comment field per dimension."""

        class Form(cls):  # type: ignore[valid-type, misc]
            pass

        values = [str(i) for i in range(1, len(STAGES) + 1)]
        stage_choices = choices(("", _l("Not assessed")),
                                *((v, f"{v}. {stage_name(int(v))}") for v in values))  # fmt: skip
        for factor in factors:
            setattr(Form, f"factor_{factor.slug}", RadioField(
                f"{factor.code} {label(factor)}", choices=stage_choices, validate_choice=False,
                default="", validators=[AnyOf(["", *values], _l(
                    "Choose one of the five stages, or Not assessed."))],
            ))  # fmt: skip
        for dim in dimensions:
            setattr(Form, f"comment_{dim.slug.replace('-', '_')}", TextAreaField(
                _l("Comment on %(dimension)s", dimension=label(dim)),
                validators=[Length(max=COMMENT_MAX)], render_kw={"rows": 3},
            ))  # fmt: skip
        return Form

    @staticmethod
    def initial(rated: Mapping[str, FactorRating],
                rows: Iterable[MaturityAssessment]) -> dict[str, str]:  # fmt: skip
        """The stored answers as form data (GET)."""
        data = {f"factor_{r.factor.slug}": str(r.stage) for r in rated.values()}
        data.update({f"comment_{a.dimension.slug.replace('-', '_')}": a.comment for a in rows})
        return data

    def stage(self, factor: Factor) -> Field:
        """The stage field of one factor."""
        return self[f"factor_{factor.slug}"]

    def comment(self, dim: Dimension) -> Field:
        """The comment field of one dimension."""
        return self[f"comment_{dim.slug.replace('-', '_')}"]

    def stages(self, factors: Iterable[Factor]) -> dict[str, int | None]:
        """The answers as ``{factor code: stage or None}`` for ``save_factors``."""
        return {f.code: int(v) if (v := self.stage(f).data) else None for f in factors}

    def comments(self, dimensions: Iterable[Dimension]) -> dict[str, str]:
        """The comments as ``{dimension slug: text}``."""
        return {d.slug: self.comment(d).data or "" for d in dimensions}

    def add_record_errors(self, errors: Iterable[RecordError]) -> None:
        """Put each error of ``save_factors`` (``<code>`` or ``<slug>.comment``) on its field."""
        for err in errors:
            slug, _, part = err.field.partition(".")
            name = (f"comment_{slug.replace('-', '_')}" if part
                    else f"factor_{slug.lower().replace('.', '_')}")  # fmt: skip
            if name not in self:  # not a field of the form: show it on the first one
                name = next(f.name for f in self if f.name.startswith("factor_"))
            field = self[name]
            field.errors.append(error_sentence(field.label.text, err.reason, as_recorded=True))


class ConfirmForm(FlaskForm):
    """Confirm closing, withdrawing or submitting (only the CSRF token)."""
