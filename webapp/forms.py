"""What the forms of several blueprints share: choices, error sentences, list filters, fields.

A form that adds or edits one record (a need, an offer, an event) is a ``RecordForm``: it turns
into the service's input with ``values()``, shows a stored record with ``load()``, and puts a
``ValidationFailed``'s errors on its fields with ``add_errors()``. The offer and event forms take
their "who may receive it" fields from ``EligibilityFieldsMixin`` (and their picker from the
``eligibility_picker`` macro of ``templates/_macros/eligibility.html``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from wtforms import Field, SearchField, SelectChoice, SelectField, SelectMultipleField

from webapp.field_errors import reason_sentence
from webapp.form_fields import STATES_HINT, StatesField
from webapp.formatting import currency_name
from webapp.i18n import LazyText, _l
from webapp.services import text_language
from webapp.services.errors import RecordError
from webapp.services.interchange.records import currency_codes
from webapp.services.language import Labels
from webapp.services.matching import tags
from webapp.services.offers.operations import EligibilityChoices
from webapp.services.querying import MAX_QUERY, RELEVANCE, Filters, whole_number
from webapp.services.reference.choices import FilterChoices
from webapp.services.vocab import MODALITY_LABELS

#: The eligibility picker's fields, in the order their items are saved and summarised.
ELIGIBILITY_FIELDS = (
    "eligible_groups", "eligible_regions", "eligible_subregions", "eligible_intermediate",
    "eligible_states",
)  # fmt: skip


def choices(*pairs: tuple[str, str], optgroup: str | None = None) -> list[SelectChoice]:
    """Select/radio choices from (value, label) pairs."""
    return [SelectChoice(value=v, label=label, optgroup=optgroup) for v, label in pairs]


def grouped_choices(groups: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> list[SelectChoice]:
    """Choices in <optgroup>s from [(group label, [(value, label), ...]), ...]."""
    return [
        SelectChoice(value=v, label=label, optgroup=group)
        for group, pairs in groups
        for v, label in pairs
    ]


def label_choices(labels: Labels[str]) -> list[tuple[str, LazyText]]:
    """(code, label) pairs of a service's label table, translated when shown (made at import)."""
    return [(code, _l(english)) for code, english in labels.english.items()]


def error_sentence(label: str, reason: str, *, as_recorded: bool = False) -> str:
    """A service reason ("is required", "'xx' is not ...") as a sentence about the field.

    The reasons the services give are said in the reader's language (``webapp.field_errors``); one
    not known there keeps its English words.

    ``as_recorded`` keeps the interchange's words for an end before the start ("2027-01-15 is
    before start 2027-02-01", as the importer reports it) instead of "is before the start date,".
    """
    said = reason_sentence(label, reason, as_recorded=as_recorded)
    if said is not None:
        return said
    text = f"{label} {reason}" if reason.startswith(("is ", "contains ", "must ")) else reason
    if not as_recorded:
        text = text.replace(" is before start ", " is before the start date, ")
    return text[:1].upper() + text[1:].rstrip(".") + "."


#: The message for each kind of filter value cbmatch does not know, keyed by ``what``: whole
#: sentences, so that each language can make the words agree with the kind.
IGNORED_MESSAGES = {
    "topic": _l("This topic is not known to cbmatch, so it was ignored."),
    "dimension": _l("This dimension is not known to cbmatch, so it was ignored."),
    "region": _l("This region is not known to cbmatch, so it was ignored."),
    "language": _l("This language is not known to cbmatch, so it was ignored."),
    "modality": _l("This delivery choice is not known to cbmatch, so it was ignored."),
    "priority": _l("This priority is not known to cbmatch, so it was ignored."),
    "support type": _l("This support type is not known to cbmatch, so it was ignored."),
    "order": _l("This order is not known to cbmatch, so it was ignored."),
    "status": _l("This status is not known to cbmatch, so it was ignored."),
    "State": _l("This State is not known to cbmatch, so it was ignored."),
    "provider type": _l("This provider type is not known to cbmatch, so it was ignored."),
    "kind": _l("This kind is not known to cbmatch, so it was ignored."),
    "gender marker": _l("This gender marker is not known to cbmatch, so it was ignored."),
    "outcome": _l("This outcome filter is not known to cbmatch, so it was ignored."),
    "funding": _l("This funding choice is not known to cbmatch, so it was ignored."),
}


def ignored_message(what: str) -> LazyText:
    """The message for a filter value cbmatch does not know (lazy: made at import time).

    ``what`` names the kind of value: a key of ``IGNORED_MESSAGES``, whose sentence is used.
    """
    message = IGNORED_MESSAGES.get(what)
    if message is None:
        message = _l("This %(what)s is not known to cbmatch, so it was ignored.", what=what)
    return message


def filter_field(label: LazyText, what: str, *, default: str = "", **kwargs: Any) -> Any:
    """A select of a filter form read from the query string.

    An unknown value is reported with the sentence ``ignored_message(what)`` and ignored.
    """
    message = ignored_message(what)
    return SelectField(label, default=default, invalid_choice_message=message, **kwargs)


def gender_filter() -> Any:
    """The "Gender equality" filter of a list: marker 1 or 2 ("1"), or 2 only ("2")."""
    return filter_field(
        _l("Gender equality"),
        "gender marker",
        choices=choices(
            ("", _l("Any")),
            ("1", _l("An objective (marker 1 or 2)")),
            ("2", _l("The main objective (marker 2)")),
        ),
    )


def written_in_field() -> Any:
    """The "Written in" select of a need or offer form: the language of its text.

    Pages mark the title and description with it, so that screen readers and translators read
    them right.
    """
    return SelectField(_l("Written in"), default="", validate_choice=False)


def written_in_choices() -> list[SelectChoice]:
    """The options of ``written_in_field``: detection first, then languages by name."""
    return choices(("", _("Detect automatically")), *text_language.choices())


def written_in(field: Field) -> str | None:
    """The language chosen in a ``written_in_field``; None to detect it (or an unknown code)."""
    return field.data if field.data in text_language.DETECTED else None


class RecordForm(FlaskForm):
    """A form that adds or edits one record through a service, which has the last word.

    Subclasses say how they turn into the service's input (``values``) and how a stored record
    fills them (``load``); ``add_errors`` puts the service's ``RecordError``s on their fields.
    """

    #: What an error that names no field of the form is about, e.g. "The offer".
    record_label: ClassVar[str] = _l("The record")
    #: Where the service's field names differ from the form's.
    field_of: ClassVar[dict[str, str]] = {}
    #: The field that shows the errors naming no field of the form; None returns them instead.
    stray_errors_on: ClassVar[str | None] = None
    #: Whether a field keeps only its first error (the form's own check speaks first).
    first_error_only: ClassVar[bool] = True
    #: Whether reasons keep the interchange's wording (see ``error_sentence``).
    reasons_as_recorded: ClassVar[bool] = False

    def values(self) -> Any:
        """What was typed, as the service's input."""
        raise NotImplementedError

    def load(self, record: Any) -> None:
        """Show a stored record in the form (GET of the edit page)."""
        raise NotImplementedError

    def error_message(self, field: Field, reason: str) -> str:
        """The sentence shown under ``field`` for a service's reason."""
        return error_sentence(field.label.text, reason, as_recorded=self.reasons_as_recorded)

    def add_errors(self, errors: Iterable[RecordError]) -> list[str]:
        """Put the service's errors on their fields (after ``validate()``).

        Returns:
            The errors that belong to no field of this form (none when ``stray_errors_on``).
        """
        others = []
        for err in errors:
            field = self._fields.get(self.field_of.get(err.field, err.field))
            if (field is None or field.name == "csrf_token") and self.stray_errors_on:
                field = self[self.stray_errors_on]  # not the user's input, but never lost
            if field is None or field.name == "csrf_token":
                others.append(error_sentence(self.record_label, err.reason))
            elif not (self.first_error_only and field.errors):
                field.errors = [*field.errors, self.error_message(field, err.reason)]
        return others


class EligibilityFieldsMixin:
    """The "who may receive it" fields of a record form: groups, M49 regions and single States.

    The service gets them as one list, ``eligible()``, and names it ``eligible`` in its errors.
    """

    eligible_groups = SelectMultipleField(_l("Groups"), default=list)
    eligible_regions = SelectMultipleField(_l("Regions"), default=list)
    eligible_subregions = SelectMultipleField(_l("Sub-regions"), default=list)
    eligible_intermediate = SelectMultipleField(_l("Intermediate regions"), default=list)
    eligible_states = StatesField(_l("Single States"), default=list, description=STATES_HINT)
    field_of: ClassVar[dict[str, str]] = {"eligible": "eligible_groups"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # WTForms orders fields by creation: fresh copies put these after the form's own
        # fields, where the page shows them (and its error summary lists them).
        super().__init_subclass__(**kwargs)
        for name in ELIGIBILITY_FIELDS:
            unbound = getattr(EligibilityFieldsMixin, name)
            setattr(cls, name, unbound.field_class(*unbound.args, **unbound.kwargs))

    def use_eligibility_choices(self, eligibility: EligibilityChoices) -> None:
        """Fill the five fields' options from the reference data."""
        self.eligible_groups.choices = choices(*eligibility.groups)
        self.eligible_regions.choices = choices(*eligibility.regions)
        self.eligible_subregions.choices = choices(*eligibility.subregions)
        self.eligible_intermediate.choices = choices(*eligibility.intermediate)
        self.eligible_states.use_states(eligibility.states, eligibility.state_keys)

    def eligible(self) -> tuple[str, ...]:
        """The ticked eligibility items, level by level."""
        items: list[str] = []
        for name in ELIGIBILITY_FIELDS:
            items.extend(i for i in (getattr(self, name).data or ()) if i not in items)
        return tuple(items)

    def load_eligible(self, items: Iterable[str]) -> None:
        """Tick a stored record's items, each in the field that offers it."""
        items = list(items)
        for name in ELIGIBILITY_FIELDS:
            field = getattr(self, name)
            known = {c[0] if isinstance(c, tuple) else c.value for c in field.choices}
            field.data = [i for i in items if i in known]


class FilterForm(FlaskForm):
    """Filters read from the query string; unknown values are reported and ignored."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), description=_l("Words in the title or the description."))
    topic = filter_field(_l("Topic"), "topic")
    dimension = filter_field(_l("CMM dimension"), "dimension")
    region = filter_field(_l("Region or group"), "region")
    language = filter_field(_l("Language"), "language")
    modality = filter_field(
        _l("Delivery"),
        "modality",
        choices=choices(("", _l("Any delivery")), *label_choices(MODALITY_LABELS)),
    )
    support_type = filter_field(_l("Support type"), "support type")
    sort = filter_field(_l("Sort by"), "order", default="newest")

    #: The fields shown beside the search box; the others are under "More filters".
    main_fields: tuple[str, ...] = ("topic", "region")
    #: The fields shown in the filter row, in order (subclasses add theirs).
    filter_fields: tuple[str, ...] = (
        "topic", "dimension", "region", "language", "modality", "support_type",
    )  # fmt: skip

    def use_choices(self, c: FilterChoices, sorts: Mapping[str, str]) -> None:
        """Fill the options from the reference data."""
        self.topic.choices = choices(("", _("Any topic"))) + grouped_choices(c.topics)
        self.dimension.choices = choices(("", _("Any dimension")), *c.dimensions)
        self.region.choices = choices(("", _("Anywhere"))) + grouped_choices(c.areas)
        self.language.choices = choices(("", _("Any language")), *c.languages)
        self.support_type.choices = choices(("", _("Any support type")), *c.support_types)
        self.sort.choices = choices(*sorts.items())

    def filters(self) -> Filters:
        """The valid filters; a field with an error counts as not set."""
        self.validate()

        def ok(name: str) -> Any:
            field = self[name]
            return None if field.errors or not field.data else field.data

        q = (self.q.data or "").strip()[:MAX_QUERY]
        sort = ok("sort") if self.sort.raw_data else None
        if sort is None:  # words searched and no order chosen: best match first
            sort = RELEVANCE if q else "newest"
            self.sort.data = sort
        return Filters(
            q=q,
            **{name: ok(name) for name in self.filter_fields},
            sort=sort,
        )


#: The submit buttons that ask for topic suggestions instead of saving (the forms without script).
SUGGEST, SUGGEST_ALL = "suggest", "suggest-all"


def tag_suggestions(
    form: Any, session: Session, formdata: MultiDict[str, str]
) -> tags.Suggested | None:
    """Suggestions for a need or offer form, when its submit asked for them; else None.

    Without script, "Suggest topics from my description" re-shows the form with the suggestions
    as buttons: one ticks its topic (``add_topic``) or support type (``add_support``), "Tick all"
    ticks every one. Nothing is checked or saved; what was typed stays. The suggestions returned
    leave out what is ticked.
    """
    action = formdata.get("action")
    adds = {
        "topics": formdata.getlist("add_topic"),
        "support_types": formdata.getlist("add_support"),
    }
    if action not in (SUGGEST, SUGGEST_ALL) and not any(adds.values()):
        return None

    def found() -> tags.Suggested:
        return tags.suggest(
            session, form.title.data or "", form.description.data or "",
            ticked_topics=form.topics.data or (), ticked_support=form.support_types.data or (),
        )  # fmt: skip

    if action == SUGGEST_ALL:
        now = found()
        adds = {
            "topics": [s for s, _ in now.topics],
            "support_types": [s for s, _ in now.support_types],
        }
    for name, slugs in adds.items():
        field = form[name]
        offered = {choice[0] for choice in field.iter_choices()}
        ticked = list(field.data or [])
        field.data = ticked + [s for s in dict.fromkeys(slugs) if s in offered and s not in ticked]
    return found()


_GROUPED = re.compile(r"\d{1,3}(?:[ ,.'\u00a0\u202f]\d{3})+|\d+")


def money_amount(text: str | None) -> int | str | None:
    """A typed amount as a whole number ("25 000", "25,000" and "25.000" alike).

    Other text stays as typed, for the validation to name; None when empty.
    """
    value = (text or "").strip()
    if not value:
        return None
    if _GROUPED.fullmatch(value):
        number = whole_number(re.sub(r"\D", "", value))
        return value if number is None else number
    return value


def currency_choices() -> list[SelectChoice]:
    """The ISO 4217 currencies (pycountry's list), by code, named in the reader's language."""
    named = ((c, f"{c} \u2013 {currency_name(c)}") for c in sorted(currency_codes()))
    return choices(("", _("Choose a currency")), *named)
