"""Fields several forms share: dates and the single States of an eligibility picker.

Dates are the browser's own date input (``type=date``: a calendar on phones, the reader's
format on screen, YYYY-MM-DD sent), and a text box accepting YYYY-MM-DD where a browser has none.
A date the server refuses comes back in a text box, exactly as typed, with an error naming the
field: a date input would blank it.

Single States are typed as ISO3 codes or names, separated by commas: that is the whole control
without script. ``static/js/state-picker.js`` turns the same box into a type-ahead with chips
and sends the chosen codes under the same name, so the server reads one format either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from wtforms import DateField, Field, SelectMultipleField, ValidationError, widgets
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from webapp.formatting import formatting_locale
from webapp.i18n import _l
from webapp.services.bounds import FIRST_DAY, LAST_DAY
from webapp.services.offers.operations import fold

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What separates States typed in the box: commas (Latin, Arabic, Chinese), semicolons, lines.
STATE_SEPARATORS = re.compile(r"[,;\n\u060c\uff0c\u3001]+")


class DateInput(widgets.DateInput):
    """``<input type=date>`` within cbmatch's range; a text box again while the field has errors."""

    input_type = "date"

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        if field.errors:  # keep what was typed (a date input would show it empty)
            kwargs.update(type="text", placeholder=_("YYYY-MM-DD"), autocomplete="off")
            kwargs.setdefault("inputmode", "numeric")
        else:
            kwargs.setdefault("min", FIRST_DAY.isoformat())
            kwargs.setdefault("max", LAST_DAY.isoformat())
        html: Markup = super().__call__(field, **kwargs)
        return html


class IsoDateField(DateField):
    """A date from a date input or typed as YYYY-MM-DD; an error names the field and the text."""

    widget = DateInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the date; what was typed stays in the box when it is not one."""
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        try:
            if not DATE_RE.fullmatch(text):
                raise ValueError(text)
            self.data = date.fromisoformat(text)
        except ValueError:
            raise ValueError(date_error(self.label.text, text)) from None


def date_error(label: str, text: str) -> str:
    """The error under a date field whose text is not a date."""
    message: str = _(
        "%(field)s must be a date written as YYYY-MM-DD, e.g. 2027-03-01; %(text)s is not one.",
        field=label,
        text=quoted(text[:20]),
    )
    return message


def quoted(text: str) -> str:
    """A value the person typed, in the quotation marks of the reader's language."""
    said: str = _("“%(value)s”", value=text)
    return said


class StatesField(Field):
    """Single States, typed as ISO3 codes or names in any UN language, separated by commas.

    ``data`` is the list of ISO3 codes. The typed text is read once the form knows the States
    (``use_states``); a word that names no State is an error quoting it, and the box shows the
    text as it was typed.
    """

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.choices: list[tuple[str, str]] = []
        self.typed: str | None = None
        self.unknown: list[str] = []

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Keep the text (several values, as a multiple select sends them, are joined)."""
        pieces = [str(v).strip() for v in valuelist if str(v).strip()]
        if pieces:
            self.typed = ", ".join(pieces)

    def use_states(self, states: list[tuple[str, str]], keys: dict[str, str]) -> None:
        """Read the typed text against the States.

        ``states`` are (ISO3, name) in the reader's language and order, ``keys`` every folded way
        of writing each (``services.offers.operations.fold``).
        """
        self.choices = states
        if self.typed is None:
            return
        codes: list[str] = []
        self.unknown = []
        for piece in STATE_SEPARATORS.split(self.typed):
            if not piece.strip():
                continue
            code = keys.get(fold(piece))
            if code is None:
                self.unknown.append(piece.strip())
            elif code not in codes:
                codes.append(code)
        self.data = codes

    def pre_validate(self, form: Any) -> None:
        """Refuse the words that name no State, quoting them."""
        if self.unknown:
            raise ValidationError(unknown_states(self.unknown))

    def _value(self) -> str:
        if self.typed is not None:
            return self.typed
        names = dict(self.choices)
        return ", ".join(names.get(code, code) for code in self.data or ())

    def script_data(self) -> dict[str, Any]:
        """What the picker's script needs: the States, and its sentences in the reader's words."""
        return {
            "states": self.choices,
            "codes": list(self.data or ()),
            "words": {
                "chosen": _plural_forms(
                    lambda n: ngettext(
                        "%(count)s State chosen", "%(count)s States chosen", n, count="%(num)d"
                    )
                ),
                "found": _plural_forms(
                    lambda n: ngettext(
                        "%(count)s State found", "%(count)s States found", n, count="%(num)d"
                    )
                ),
                "none": _("No State matches %(text)s.", text="%(text)s"),
                "quote": _("“%(value)s”", value="%(value)s"),
                "added": _("%(name)s added.", name="%(name)s"),
                "removed": _("%(name)s removed.", name="%(name)s"),
                "remove": _("Remove %(name)s", name="%(name)s"),
                "chips": _("Chosen States"),
                "options": _("States"),
                "hint": _(
                    "Type a State's name or ISO3 code, then choose it with the arrow keys and "
                    "Enter. Backspace removes the last State chosen."
                ),
            },
        }


def _plural_forms(say: Callable[[int], str]) -> dict[str, str]:
    """A message's plural forms keyed by CLDR category, with ``%(num)d`` for the script to fill.

    As ``formatting.plural_templates``, but the message is a literal ``ngettext`` call, so that
    the catalogue extraction finds it.
    """
    where = formatting_locale()
    forms: dict[str, str] = {}
    for n in range(201):
        forms.setdefault(where.plural_form(n), say(n))
    return forms


def unknown_states(words: list[str]) -> str:
    """The error for words that name no State, each quoted (the first five, cut to 40 letters)."""
    message: str = ngettext(
        "%(values)s is not a State cbmatch knows. Write ISO3 codes or State names, separated "
        "by commas, e.g. KEN, Jamaica.",
        "%(values)s are not States cbmatch knows. Write ISO3 codes or State names, separated "
        "by commas, e.g. KEN, Jamaica.",
        len(words),
        values=", ".join(quoted(w[:40]) for w in words[:5]) + (", …" if len(words) > 5 else ""),
    )
    return message


STATES_HINT = _l(
    "ISO3 codes or State names, separated by commas, e.g. KEN, Jamaica. A State is eligible "
    "when it is named here or any group or region ticked above covers it."
)


#: Languages offered as checkboxes on the need and offer forms; any other ISO 639-1 code goes
#: in their "Other languages" box.
COMMON_LANGUAGES = (
    ("en", _l("English")),
    ("fr", _l("French")),
    ("es", _l("Spanish")),
    ("ar", _l("Arabic")),
    ("ru", _l("Russian")),
    ("zh", _l("Chinese")),
    ("pt", _l("Portuguese")),
)
COMMON_CODES = frozenset(code for code, _name in COMMON_LANGUAGES)


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as checkboxes; the service's rules check the values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(label, validate_choice=False, **kwargs)
