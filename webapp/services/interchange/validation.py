"""Validation of need and offer records with the interchange rules.

The same checks serve the CLI import, the demo loader and the web forms, so bulk and interactive
input cannot diverge. Every error of a record is collected, each naming its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from models.base import LIST_TEXT_LENGTH
from webapp.services.bounds import INVISIBLE_ONLY, day_problem, shows_nothing
from webapp.services.errors import RecordError
from webapp.services.interchange.records import (
    NEED_FIELDS,
    OFFER_FIELDS,
    PROVIDER_TYPES,
    NeedData,
    OfferData,
    Reference,
    currency_codes,
    language_codes,
)
from webapp.services.vocab import Modality, Priority

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


# Control characters (Unicode category Cc) but tab and line breaks, and lone surrogates (Cs): one
# regular expression instead of a per-character category look-up, which dominated bulk imports.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


#: The largest whole number an integer column holds on every database we support.
MAX_INT = 2**31 - 1
#: A trillion units: more than any capacity-building budget, well inside a BIGINT.
MAX_MONEY = 10**12


#: How long a list field may be once joined with ';' (its column's length).
MAX_LIST_TEXT = LIST_TEXT_LENGTH


_NEED_KNOWN = frozenset(NEED_FIELDS)


_OFFER_KNOWN = frozenset(OFFER_FIELDS)

#: The values of the OECD DAC gender equality policy marker.
GENDER_MARKERS = (0, 1, 2)


class _Checker:
    """Collects the errors of one raw record while converting its fields."""

    def __init__(self, raw: Mapping[str, Any], where: str, known: Iterable[str]) -> None:
        self.raw = raw
        self.where = where
        self.errors: list[RecordError] = []
        for key in raw:
            if key not in known:
                name = str(key)  # a blank or unprintable name is quoted, so it still shows
                self.fail(
                    name if name.strip() and name.isprintable() else repr(name), "unknown field"
                )

    def fail(self, field: str, reason: str) -> None:
        self.errors.append(RecordError(self.where, field, reason))

    def present(self, field: str) -> bool:
        value = self.raw.get(field)
        return value is not None and value != "" and value != []

    def text(self, field: str, max_len: int, *, required: bool = True) -> str | None:
        value = self.raw.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(field, "is required")
            return None
        if not isinstance(value, str):
            self.fail(field, "must be text")
            return None
        value = value.strip()
        bad = CONTROL_RE.search(value)
        if bad is not None:
            self.fail(field, f"contains the control character U+{ord(bad.group()):04X}")
            return None
        if shows_nothing(value):  # zero-width spaces and the like: a title nobody can see
            self.fail(field, INVISIBLE_ONLY)
            return None
        if len(value) > max_len:
            self.fail(field, f"is {len(value)} characters long; the limit is {max_len}")
            return None
        return value

    def choice(self, field: str, allowed: tuple[str, ...], default: str) -> str:
        if not self.present(field):
            return default
        value = self.raw[field]
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            self.fail(field, f"{value!r} is not one of {', '.join(allowed)}")
            return default
        return value.strip().lower()

    def state_code(self, field: str, ref: Reference, *, required: bool) -> str | None:
        value = self.text(field, 3, required=required)
        if value is None:
            return None
        code = value.upper()
        if code not in ref.states:
            self.fail(
                field, f"{value!r} is not the ISO alpha-3 code of a UN Member or Observer State"
            )
            return None
        return code

    def slugs(self, field: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
        items = self.str_list(field)
        bad = [i for i in items if i not in allowed]
        if bad:
            self.fail(field, f"unknown {what}: {', '.join(bad)}")
        return tuple(sorted({i for i in items if i in allowed}))

    def str_list(self, field: str) -> list[str]:
        value = self.raw.get(field)
        if value is None or value == "":
            return []
        if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
            self.fail(field, "must be a list of text items")
            return []
        out = list(dict.fromkeys(item for item in (i.strip() for i in value) if item))
        joined = "".join(out)
        if ";" in joined:
            self.fail(field, "items cannot contain ';'")
        if CONTROL_RE.search(joined):
            self.fail(field, "items cannot contain control characters")
        return out

    def languages(self) -> tuple[str, ...]:
        items = [i.lower() for i in self.str_list("languages")]
        bad = [i for i in items if i not in language_codes()]
        if bad:
            self.fail("languages", f"not ISO 639-1 codes: {', '.join(bad)}")
        good = tuple(dict.fromkeys(i for i in items if i in language_codes()))
        return good or ("en",)

    def day(self, field: str) -> date | None:
        if not self.present(field):
            return None
        value = self.raw[field]
        if not isinstance(value, str) or not DATE_RE.fullmatch(value.strip()):
            self.fail(field, f"{value!r} is not a date in the form YYYY-MM-DD")
            return None
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            self.fail(field, f"{value!r} is not a real calendar date")
            return None
        problem = day_problem(day, value.strip())
        if problem:
            self.fail(field, problem)
            return None
        return day

    def window(self) -> tuple[date | None, date | None]:
        start, end = self.day("start"), self.day("end")
        if start and end and end < start:
            self.fail("end", f"{end.isoformat()} is before start {start.isoformat()}")
        return start, end

    def boolean(self, field: str) -> bool:
        value = self.raw.get(field)
        if value is None or value == "":
            return False
        if not isinstance(value, bool):
            self.fail(field, f"{value!r} is not true or false")
            return False
        return value

    def positive_int(self, field: str, default: int) -> int:
        value = self.raw.get(field)
        if value is None or value == "":
            return default
        if isinstance(value, str) and value.isascii() and value.isdigit():  # too long for a number
            self.fail(field, f"{value[:12]}… is too large; the largest is {MAX_INT}")
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(field, f"{value!r} is not a whole number of at least 1")
            return default
        if value > MAX_INT:
            self.fail(field, f"{value} is too large; the largest is {MAX_INT}")
            return default
        return value

    def marker(self, field: str) -> int | None:
        """An OECD DAC policy marker: 0, 1 or 2 (None: absent, not screened)."""
        value = self.raw.get(field)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or value not in GENDER_MARKERS:
            self.fail(field, f"{value!r} is not 0 (not targeted), 1 (significant) or 2 (principal)")
            return None
        return int(value)

    def funding(self, *, required: bool | None) -> tuple[int | None, str | None]:
        """``funding_amount`` (whole units, 1 to MAX_MONEY) and its ISO 4217 ``funding_currency``.

        ``required`` is a need's ``funding_required`` (None for an offer): a need gives an
        amount only when it requires funding; either side gives both or neither.
        """
        amount, code = self.raw.get("funding_amount"), self.raw.get("funding_currency")
        if amount is None or amount == "":
            amount = None
        elif isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            self.fail("funding_amount", f"{amount!r} is not a whole amount of at least 1")
            amount = None
        elif amount > MAX_MONEY:
            self.fail("funding_amount", f"{amount} is too large; the largest is {MAX_MONEY}")
            amount = None
        if code is None or code == "":
            code = None
        elif not isinstance(code, str) or code.strip().upper() not in currency_codes():
            self.fail("funding_currency", f"{code!r} is not an ISO 4217 currency code")
            code = None
        else:
            code = code.strip().upper()
        if self.present("funding_amount") and not self.present("funding_currency"):
            self.fail("funding_currency", "is required with an amount")
        if self.present("funding_currency") and not self.present("funding_amount"):
            self.fail("funding_amount", "is required with a currency")
        if required is False and self.present("funding_amount"):
            self.fail("funding_amount", "is given but funding_required is false")
        return amount, code

    def shared_fields(self, ref: Reference) -> dict[str, Any]:
        """The fields a need and an offer share, checked in the order their errors are listed."""
        title = self.text("title", 200)
        description = self.text("description", 5000)
        topics = self.slugs("topics", ref.topics, "topic")
        support_types = self.slugs("support_types", ref.support_types, "support type")
        languages = self.languages()
        modality = self.choice("modality", tuple(Modality), Modality.ANY.value)
        start, end = self.window()
        return {
            "title": title,
            "description": description,
            "topics": topics,
            "support_types": support_types,
            "languages": languages,
            "modality": modality,
            "start": start,
            "end": end,
        }


def where_of(raw: Mapping[str, Any], position: str) -> str:
    """How an error names its record: the ref when it has one, and the line or index."""
    ref = raw.get("ref")
    if isinstance(ref, str) and ref.strip():
        return f"{position} (ref {ref.strip()})"
    return position


def validate_need(
    raw: Mapping[str, Any], ref: Reference, where: str
) -> tuple[NeedData | None, list[RecordError]]:
    """Check one raw need; return its canonical form, or None and every error found."""
    c = _Checker(raw, where, _NEED_KNOWN)
    ref_value = c.text("ref", 64)
    state = c.state_code("state", ref, required=True)
    shared = c.shared_fields(ref)
    priority = c.choice("priority", tuple(Priority), Priority.MEDIUM.value)
    confidential = c.boolean("confidential")
    funding_required = c.boolean("funding_required")
    amount, currency = c.funding(required=funding_required)
    if c.errors or not (ref_value and state and shared["title"] and shared["description"]):
        return None, c.errors
    return (
        NeedData(
            ref=ref_value,
            state=state,
            **shared,
            priority=priority,
            confidential=confidential,
            funding_required=funding_required,
            funding_amount=amount,
            funding_currency=currency,
        ),
        [],
    )


def validate_offer(
    raw: Mapping[str, Any], ref: Reference, where: str
) -> tuple[OfferData | None, list[RecordError]]:
    """Check one raw offer; return its canonical form, or None and every error found."""
    c = _Checker(raw, where, _OFFER_KNOWN)
    ref_value = c.text("ref", 64)
    provider = c.text("provider", 200)
    provider_type = c.choice("provider_type", PROVIDER_TYPES, "")
    if not c.present("provider_type"):
        c.fail("provider_type", "is required")
    country = c.state_code("provider_country", ref, required=False)
    shared = c.shared_fields(ref)
    eligible: list[str] = []
    for item in c.str_list("eligible"):
        canonical = ref.eligibility.get(item.lower())
        if canonical is None:
            c.fail(
                "eligible",
                f"{item!r} is not a State code, an M49 region or sub-region, or SIDS/LDC/LLDC",
            )
        elif canonical not in eligible:
            eligible.append(canonical)
    if len(";".join(eligible)) > MAX_LIST_TEXT:
        c.fail(
            "eligible",
            f"names too many States and areas ({len(eligible)}) to store; choose regions or "
            "groups rather than every State, or leave it empty to mean open to all",
        )
    capacity = c.positive_int("capacity", 1)
    gender_marker = c.marker("gender_marker")
    amount, currency = c.funding(required=None)
    if c.errors or not (
        ref_value and provider and provider_type and shared["title"] and shared["description"]
    ):
        return None, c.errors
    return (
        OfferData(
            ref=ref_value,
            provider=provider,
            provider_type=provider_type,
            provider_country=country,
            **shared,
            eligible=tuple(eligible),
            capacity=capacity,
            gender_marker=gender_marker,
            funding_amount=amount,
            funding_currency=currency,
        ),
        [],
    )
