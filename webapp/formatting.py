"""Dates, numbers and percentages as the reader's language writes them (Babel's CLDR data).

Registered as template filters by ``init_app``: ``{{ need.start|day }}`` ("3 décembre 2026"),
``|day("medium")`` in tables ("3 déc. 2026"), ``|moment`` (a date and a time), ``|month``
("décembre 2026"), ``|span(end)`` (a period), ``|number``, ``|score``, ``|percent`` and
``|money(code)``.
Machine-readable values stay in ISO form (``<time datetime="...">``, the CSV export, the CLI).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time, get_day_names
from babel.numbers import format_decimal, format_percent, get_currency_name
from flask import Flask
from flask_babel import get_locale, get_translations, gettext

#: The CLDR locale each interface language formats with: English as the UN writes it
#: ("3 December 2026"), the others with their most populous territory's conventions (which
#: also gives the calendar's first day of the week: Saturday for Arabic, Monday elsewhere).
FORMATS = {
    "en": "en_GB",
    "fr": "fr_FR",
    "es": "es_ES",
    "ru": "ru_RU",
    "zh": "zh_Hans_CN",
    "ar": "ar_EG",
}


def formatting_locale() -> Locale:
    """The CLDR locale of the reader's language."""
    code = str(get_locale() or "en")
    return Locale.parse(FORMATS.get(code, code))


def day(value: date | datetime | None, width: str = "long") -> str:
    """A date in words ("3 December 2026"; ``width="medium"``: "3 Dec 2026"); "" for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, width, locale=formatting_locale())


def moment(value: datetime | None) -> str:
    """A date with its hour and minute ("3 Dec 2026, 14:05"); "" for none."""
    if value is None:
        return ""
    where = formatting_locale()
    pattern = str(where.datetime_formats["medium"])  # e.g. "{1}, {0}": the date, then the time
    return pattern.format(format_time(value, "short", locale=where), day(value, "medium"))


def month(value: date) -> str:
    """A month and its year ("December 2026", "2026年12月")."""
    return format_skeleton("yMMMM", value, locale=formatting_locale())


def span(start: date, end: date) -> str:
    """Two dates as one period ("3-5 mars 2027", "3 Mar - 5 Apr 2027", with the locale's dash).

    One day alone is written as wide as a period ("15 Dec 2026"), so a list of both reads alike.
    """
    if start == end:
        return day(start, "medium")
    return format_interval(start, end, "yMMMd", locale=formatting_locale())


def number(value: float) -> str:
    """A number with the reader's digit grouping and decimal sign ("12 345" in French)."""
    return format_decimal(value, locale=formatting_locale())


def score(value: float) -> str:
    """A score between 0 and 1 with two decimals ("0,87" in French)."""
    return format_decimal(value, "0.00", locale=formatting_locale())


def percent(value: float) -> str:
    """A share of one as a whole percentage ("87 %" in French)."""
    return format_percent(value, locale=formatting_locale())


def first_weekday() -> int:
    """The day a week starts on for the reader (0 is Monday, as in ``datetime``)."""
    return int(formatting_locale().first_week_day)


def weekday_names(
    width: Literal["abbreviated", "narrow", "short", "wide"] = "wide",
) -> dict[int, str]:
    """The names of the days of the week, keyed 0 (Monday) to 6 (Sunday)."""
    return dict(get_day_names(width, locale=formatting_locale()))


def plural_templates(singular: str, plural: str) -> dict[str, str]:
    """A message's plural forms in the reader's language, keyed by CLDR plural category.

    For a script that counts in the page: ``new Intl.PluralRules(lang).select(n)`` picks the
    key, then it fills the ``%(name)s`` slots itself. Each category is looked up with the first
    number CLDR puts in it, so the catalogue's own forms are used.
    """
    where = formatting_locale()
    catalogue = get_translations()
    forms: dict[str, str] = {}
    for n in range(201):
        category = where.plural_form(n)
        if category not in forms:
            forms[category] = str(catalogue.ngettext(singular, plural, n))
    return forms


def strength_of(value: float) -> str:
    """A listed pair's score in words, in the reader's language ("Strong fit", "Possible fit")."""
    from webapp.services.matching.fit import strength_of as words

    return str(gettext(words(value)))


def money(amount: int | Decimal | None, currency: str | None) -> str:
    """A whole amount with its ISO 4217 code, grouped as the reader writes numbers ("25 000 EUR").

    The code, not a symbol, so that "$" is never taken for the wrong dollar. A Decimal (a
    converted total) is rounded to whole units, half to even.
    """
    if amount is None or not currency:
        return ""
    if isinstance(amount, Decimal):
        amount = int(amount.to_integral_value(ROUND_HALF_EVEN))
    return f"{format_decimal(amount, locale=formatting_locale())}\u00a0{currency}"


def exact(value: Decimal) -> str:
    """A Decimal as the reader writes numbers, every decimal kept (an exchange rate: "1,0843")."""
    return str(format_decimal(value, format="#,##0.##########", locale=formatting_locale()))


def currency_name(code: str) -> str:
    """The currency's name in the reader's language ("euro"), the code when CLDR has none."""
    return str(get_currency_name(code, locale=formatting_locale())) or code


def init_app(app: Flask) -> None:
    """Make the formatters template filters."""
    for function in (day, moment, month, span, number, score, percent, money, exact, currency_name):
        app.add_template_filter(function)
    app.add_template_filter(strength_of, "strength")
