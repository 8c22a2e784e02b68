"""Exchange rates the focal point enters, dated, to add up amounts given in many currencies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Numeric, String, TypeDecorator, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

from models.audit import audited
from models.base import Authored, Model
from models.user import User


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal kept exactly: NUMERIC(28, 10) on PostgreSQL, its text on SQLite.

    SQLite has no decimal type; SQLAlchemy's Numeric would go through a float there, and a rate
    must multiply as typed.
    """

    impl = String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(28, 10, asdecimal=True))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return value if dialect.name == "postgresql" else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).normalize()


@audited(label=lambda r: f"{r.currency} {r.valid_from.isoformat()}")
class ExchangeRate(Authored, Model):
    """What one unit of ``currency`` is worth in ``reporting_currency``, from ``valid_from`` on.

    A total on a day converts each amount with the newest rate of its currency dated on or
    before that day; one rate per currency and day (entering it again corrects it).
    """

    __table_args__ = (UniqueConstraint("currency", "reporting_currency", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), index=True)  # ISO 4217
    #: The setting REPORTING_CURRENCY when the rate was entered (rates of another are not used).
    reporting_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(ExactDecimal())
    valid_from: Mapped[date] = mapped_column(Date)

    created_by: Mapped[User | None] = relationship(foreign_keys="ExchangeRate.created_by_id")
    updated_by: Mapped[User | None] = relationship(foreign_keys="ExchangeRate.updated_by_id")
