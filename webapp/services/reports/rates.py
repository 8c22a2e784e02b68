"""Exchange rates: entering them (dated, audited) and converting amounts on a given day.

An amount in currency C on day D converts with the newest rate of C dated on or before D
(``ExchangeRate.valid_from <= D``); the reporting currency converts at 1. An amount with no such
rate is not converted: ``Converter.convert`` says so and the totals count it apart.
Arithmetic is Decimal throughout, never float.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import ExchangeRate
from webapp.services.bounds import day_problem
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.infra import setting
from webapp.services.interchange.records import currency_codes

DEFAULT_REPORTING = "USD"
#: A rate has at most this many digits before and after its decimal separator.
MAX_WHOLE_DIGITS, MAX_DECIMALS = 12, 10
CENT = Decimal("0.01")
_RATE = re.compile(rf"(\d{{1,{MAX_WHOLE_DIGITS}}})(?:[.,](\d{{1,{MAX_DECIMALS}}}))?", re.ASCII)


def reporting_currency() -> str:
    """The ISO 4217 code totals are given in: the setting REPORTING_CURRENCY (USD by default)."""
    code = str(setting("REPORTING_CURRENCY", DEFAULT_REPORTING) or DEFAULT_REPORTING).upper()
    return code if code in currency_codes() else DEFAULT_REPORTING


def parse_rate(text: str) -> Decimal | None:
    """A rate as typed ("1.0843" or "1,0843"; no thousands separator), or None if not one.

    It must be above zero, with at most 12 digits before the separator and 10 after.
    """
    found = _RATE.fullmatch(text.strip().replace("\u00a0", "").replace(" ", ""))
    if not found:
        return None
    whole, decimals = found.group(1), found.group(2) or "0"
    value = Decimal(f"{whole}.{decimals}")
    return value if value > 0 else None


def set_rate(
    session: Session, currency: str, rate: Decimal, valid_from: date, user_id: int | None
) -> ExchangeRate:
    """Enter (or correct) the rate of ``currency`` from ``valid_from``; flushes, no commit.

    One rate per currency and day: a second one for the same day replaces the first (the audit
    log keeps both values).

    :raise ValidationFailed: the currency is unknown or the reporting currency itself, the rate
        is not above zero or too long, or the day is out of range; nothing is written.
    """
    errors = []
    reporting = reporting_currency()
    if currency not in currency_codes():
        errors.append(RecordError("rate", "currency", f"{currency!r} is not an ISO 4217 code"))
    elif currency == reporting:
        errors.append(RecordError("rate", "currency", "is the reporting currency (its rate is 1)"))
    try:
        usable = rate > 0 and rate.as_tuple().exponent >= -MAX_DECIMALS  # type: ignore[operator]
        usable = usable and rate < Decimal(10) ** MAX_WHOLE_DIGITS
    except (InvalidOperation, TypeError):
        usable = False
    if not usable:
        errors.append(RecordError("rate", "rate", f"{rate} is not a rate cbmatch can keep"))
    problem = day_problem(valid_from)
    if problem:
        errors.append(RecordError("rate", "valid_from", problem))
    if errors:
        raise ValidationFailed(errors)
    row = session.scalar(
        select(ExchangeRate).where(
            ExchangeRate.currency == currency,
            ExchangeRate.reporting_currency == reporting,
            ExchangeRate.valid_from == valid_from,
        )
    )
    if row is None:
        row = ExchangeRate(
            currency=currency, reporting_currency=reporting, valid_from=valid_from,
            created_by_id=user_id,
        )  # fmt: skip
        session.add(row)
    row.rate = rate.normalize()
    row.updated_by_id = user_id
    session.flush()
    return row


def rates(session: Session) -> list[ExchangeRate]:
    """Every rate into the reporting currency, by currency, newest day first."""
    return list(
        session.scalars(
            select(ExchangeRate)
            .where(ExchangeRate.reporting_currency == reporting_currency())
            .options(selectinload(ExchangeRate.created_by), selectinload(ExchangeRate.updated_by))
            .order_by(ExchangeRate.currency, ExchangeRate.valid_from.desc())
        )
    )


def in_force(entered: Iterable[ExchangeRate], day: date) -> set[int]:
    """The ids of the rates in force on ``day``: each currency's newest dated on or before it."""
    newest: dict[str, ExchangeRate] = {}
    for rate in entered:
        best = newest.get(rate.currency)
        if rate.valid_from <= day and (best is None or rate.valid_from > best.valid_from):
            newest[rate.currency] = rate
    return {rate.id for rate in newest.values()}


@dataclass
class Converter:
    """Converts amounts into the reporting currency with the rates valid on ``day``."""

    day: date
    reporting: str
    rates: dict[str, Decimal]  # currency -> the rate in force on ``day``
    #: The currencies asked for that had no rate, with how many amounts each.
    missing: dict[str, int] = field(default_factory=dict)

    def convert(self, amount: int, currency: str) -> Decimal | None:
        """``amount`` of ``currency`` in the reporting currency, to the cent; None: no rate."""
        if currency == self.reporting:
            return Decimal(amount)
        rate = self.rates.get(currency)
        if rate is None:
            self.missing[currency] = self.missing.get(currency, 0) + 1
            return None
        return (Decimal(amount) * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


def converter(session: Session, day: date, currencies: Iterable[str] | None = None) -> Converter:
    """The rates in force on ``day`` (the newest dated on or before it) of every currency."""
    reporting = reporting_currency()
    stmt = (
        select(ExchangeRate.currency, ExchangeRate.rate)
        .where(ExchangeRate.reporting_currency == reporting, ExchangeRate.valid_from <= day)
        .order_by(ExchangeRate.currency, ExchangeRate.valid_from)
    )
    if currencies is not None:
        stmt = stmt.where(ExchangeRate.currency.in_(sorted(set(currencies))))
    found: dict[str, Decimal] = {}
    for code, rate in session.execute(stmt):
        found[code] = rate  # ordered by day: the last one is the newest
    return Converter(day, reporting, found)
