"""The services' validation reasons as sentences about a field, in the reader's language.

The services give a reason as the interchange writes it ("is required", "'xx' is not a date in
the form YYYY-MM-DD"): the CLI and the bulk import's report print it as it is, in English, after
the field's name. A page shows it as a sentence naming the field's label; each reason the
services give is recognised here and said as a whole sentence of the catalogue, so that every
language can order the words its own way. A reason not recognised keeps its English words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import ngettext

Say = Callable[[str, dict[str, str]], str]


def _too_long(label: str, g: dict[str, str]) -> str:
    length = int(g["length"])
    text: str = ngettext(
        "%(field)s is %(num)d character long; the limit is %(limit)s.",
        "%(field)s is %(num)d characters long; the limit is %(limit)s.",
        length,
        field=label,
        limit=g["limit"],
    )
    return text


def _at_most(label: str, g: dict[str, str]) -> str:
    text: str = ngettext(
        "%(field)s must be at most %(num)d character long.",
        "%(field)s must be at most %(num)d characters long.",
        int(g["limit"]),
        field=label,
    )
    return text


def _at_least(label: str, g: dict[str, str]) -> str:
    text: str = ngettext(
        "%(field)s must be at least %(num)d character long.",
        "%(field)s must be at least %(num)d characters long.",
        int(g["limit"]),
        field=label,
    )
    return text


def _lasts(label: str, g: dict[str, str]) -> str:
    text: str = ngettext(
        "%(field)s is %(num)d day after the start; an event lasts at most a year.",
        "%(field)s is %(num)d days after the start; an event lasts at most a year.",
        int(g["days"]),
        field=label,
    )
    return text


#: Each reason the services give (matched whole), and the sentence that says it on a page.
REASONS: list[tuple[re.Pattern[str], Say]] = [
    (re.compile(r"is required"),
     lambda f, g: _("%(field)s is required.", field=f)),
    (re.compile(r"has only invisible characters \(such as zero-width spaces\)"),
     lambda f, g: _("%(field)s has only invisible characters, such as zero-width spaces; write "
                    "some text.", field=f)),
    (re.compile(r"must be text"),
     lambda f, g: _("%(field)s must be text.", field=f)),
    (re.compile(r"contains the control character (?P<char>U\+[0-9A-F]+)"),
     lambda f, g: _("%(field)s contains the control character %(char)s.", field=f, **g)),
    (re.compile(r"is (?P<length>\d+) characters long; the limit is (?P<limit>\d+)"), _too_long),
    (re.compile(r"must be at most (?P<limit>\d+) characters"), _at_most),
    (re.compile(r"must be at least (?P<limit>\d+) characters"), _at_least),
    (re.compile(r"(?P<value>.+) is not one of (?P<allowed>.+)"),
     lambda f, g: _("%(value)s is not one of %(allowed)s.", **g)),
    (re.compile(r"(?P<value>.+) is not the ISO(?: alpha-3|3) code of a UN Member or Observer "
                r"State"),
     lambda f, g: _("%(value)s is not the ISO alpha-3 code of a UN Member or Observer State.",
                    **g)),
    (re.compile(r"unknown topic: (?P<values>.+)"),
     lambda f, g: _("Unknown topic: %(values)s.", **g)),
    (re.compile(r"unknown support type: (?P<values>.+)"),
     lambda f, g: _("Unknown support type: %(values)s.", **g)),
    (re.compile(r"must be a list of text items"),
     lambda f, g: _("%(field)s must be a list of text items.", field=f)),
    (re.compile(r"items cannot contain ';'"),
     lambda f, g: _("Items cannot contain ';'.")),
    (re.compile(r"items cannot contain control characters"),
     lambda f, g: _("Items cannot contain control characters.")),
    (re.compile(r"not ISO 639-1 codes: (?P<codes>.+)"),
     lambda f, g: _("Not ISO 639-1 codes: %(codes)s.", **g)),
    (re.compile(r"(?P<value>.+) is not a date in the form YYYY-MM-DD"),
     lambda f, g: _("%(value)s is not a date in the form YYYY-MM-DD.", **g)),
    (re.compile(r"(?P<value>.+) is not a real calendar date"),
     lambda f, g: _("%(value)s is not a real calendar date.", **g)),
    (re.compile(r"(?P<value>.+) is not between (?P<first>[0-9-]+) and (?P<last>[0-9-]+)"),
     lambda f, g: _("%(value)s is not between %(first)s and %(last)s.", **g)),
    (re.compile(r"(?P<value>.+) is not true or false"),
     lambda f, g: _("%(value)s is not true or false.", **g)),
    (re.compile(r"(?P<value>.+) is too large; the largest is (?P<largest>\d+)"),
     lambda f, g: _("%(value)s is too large; the largest is %(largest)s.", **g)),
    (re.compile(r"(?P<value>.+) is not a whole number of at least 1"),
     lambda f, g: _("%(value)s is not a whole number of at least 1.", **g)),
    (re.compile(r"(?P<value>.+) is not a whole amount of at least 1"),
     lambda f, g: _("%(value)s is not a whole amount of at least 1.", **g)),
    (re.compile(r"(?P<value>.+) is not an ISO 4217 currency code"),
     lambda f, g: _("%(value)s is not an ISO 4217 currency code.", **g)),
    (re.compile(r"is required with an amount"),
     lambda f, g: _("%(field)s is required with an amount.", field=f)),
    (re.compile(r"is required with a currency"),
     lambda f, g: _("%(field)s is required with a currency.", field=f)),
    (re.compile(r"is given but funding_required is false"),
     lambda f, g: _("%(field)s is given, but the need does not say it requires funding: tick "
                    "it, or clear the amount.", field=f)),
    (re.compile(r"(?P<value>.+) is not 0 \(not targeted\), 1 \(significant\) or 2 \(principal\)"),
     lambda f, g: _("%(value)s is not 0 (not targeted), 1 (significant) or 2 (principal).", **g)),
    (re.compile(r"(?P<value>.+) is not a State code, an M49 region(?: or sub-region)?, or "
                r"SIDS/LDC/LLDC"),
     lambda f, g: _("%(value)s is not a State code, an M49 region or sub-region, or SIDS/LDC/LLDC.",
                    **g)),
    (re.compile(r"names too many States and areas \((?P<count>\d+)\) to store; .*"),
     lambda f, g: _("Names too many States and areas (%(count)s) to store; choose "
                    "regions or groups rather than every State, or leave it empty to mean open "
                    "to all.", **g)),
    (re.compile(r"is before the start date \((?P<start>[0-9-]+)\)"),
     lambda f, g: _("%(field)s is before the start date (%(start)s).", field=f, **g)),
    (re.compile(r"is (?P<days>\d+) days after the start; an event lasts at most a year"), _lasts),
    (re.compile(r"is required unless the event is online"),
     lambda f, g: _("%(field)s is required unless the event is online.", field=f)),
    (re.compile(r"must be a full web address such as (?P<example>\S+)"),
     lambda f, g: _("%(field)s must be a full web address such as %(example)s.", field=f, **g)),
    (re.compile(r"cannot contain spaces"),
     lambda f, g: _("Cannot contain spaces.")),
    (re.compile(r"(?P<value>.+) is not an organisation known to cbmatch"),
     lambda f, g: _("%(value)s is not an organisation known to cbmatch.", **g)),
    (re.compile(r"(?P<value>.+) is not an e-mail address"),
     lambda f, g: _("%(value)s is not an e-mail address.", **g)),
    (re.compile(r"must be diplomatic or technical"),
     lambda f, g: _("%(field)s must be diplomatic or technical.", field=f)),
    (re.compile(r"may hold only digits, spaces, \+, -, dots and brackets, e\.g\. (?P<example>.+)"),
     lambda f, g: _("May hold only digits, spaces, +, -, dots and brackets, e.g. %(example)s.",
                    **g)),
    (re.compile(r"is required for a State representative"),
     lambda f, g: _("%(field)s is required for a State representative.", field=f)),
    (re.compile(r"is required for a provider"),
     lambda f, g: _("%(field)s is required for a provider.", field=f)),
    (re.compile(r"no organisation is named (?P<value>.+)"),
     lambda f, g: _("No organisation is named %(value)s.", **g)),
    (re.compile(r"is not a CMM dimension"),
     lambda f, g: _("%(field)s is not a CMM dimension.", field=f)),
    (re.compile(r"(?P<value>.+) is not a stage 1-5"),
     lambda f, g: _("%(value)s is not a stage 1-5.", **g)),
]  # fmt: skip

_BEFORE_START = re.compile(r"(?P<end>[0-9-]+) is before start (?P<start>[0-9-]+)")


def reason_sentence(label: str, reason: str, *, as_recorded: bool = False) -> str | None:
    """The reason as a sentence naming the field, in the reader's language; None if unknown.

    ``as_recorded`` keeps the interchange's words for an end before the start ("2027-01-15 is
    before start 2027-02-01", as the importer reports it).
    """
    before = _BEFORE_START.fullmatch(reason)
    if before:
        if as_recorded:
            return str(_("%(end)s is before start %(start)s.", **before.groupdict()))
        return str(_("%(end)s is before the start date, %(start)s.", **before.groupdict()))
    for pattern, say in REASONS:
        found = pattern.fullmatch(reason)
        if found:
            return say(label, found.groupdict())
    return None
