"""What cbmatch accepts from a person or a file in any field: dates in one range, text that shows.

One place for both rules, so that the forms, the importer, the calendar's events, its month pages
and the audit log's filter agree. The reasons are the interchange's words (English, after the
field's name); ``webapp/field_errors.py`` says them on pages in the reader's language.
"""

from __future__ import annotations

import re
from datetime import date

#: The first and last days a date may be (docs/INTERCHANGE.md). Programmes are planned in this
#: century; the ends also keep day and month arithmetic (the day after an end, the next month)
#: well inside what ``datetime.date`` holds.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def day_problem(day: date, given: str | None = None) -> str | None:
    """Why ``day`` cannot be stored, in the interchange's words; None when it can.

    ``given`` is the text as typed or read, quoted in the reason (the ISO form of ``day`` if not).
    """
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    shown = given if given is not None else day.isoformat()
    return f"{shown!r} is not between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


def within(day: date) -> date:
    """``day`` moved into the range: for a date stored before the range was enforced."""
    return min(max(day, FIRST_DAY), LAST_DAY)


#: Text that shows nothing: white space, and the characters Unicode says to ignore when drawing
#: (Default_Ignorable_Code_Point: zero-width spaces and joiners, direction marks, the byte order
#: mark, soft hyphens, variation selectors, tags, Hangul fillers), and the blank Braille pattern.
_INVISIBLE = re.compile(
    "[\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]*"
)
#: The reason given for such a text (``webapp/field_errors.py`` says it on pages).
INVISIBLE_ONLY = "has only invisible characters (such as zero-width spaces)"


def shows_nothing(text: str) -> bool:
    """Whether ``text`` is made only of characters nobody sees (see ``_INVISIBLE``)."""
    return _INVISIBLE.fullmatch(text) is not None
