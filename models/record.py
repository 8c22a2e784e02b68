"""What needs and offers share: the interchange fields of every record, and its tag tables."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model, StringList


def tag_tables(owner: str) -> tuple[Table, Table]:
    """The ``<owner>_topic`` and ``<owner>_support_type`` link tables of a record table."""

    def link(target: str) -> Table:
        return Table(
            f"{owner}_{target}",
            Model.metadata,
            Column(f"{owner}_id", ForeignKey(f"{owner}.id", ondelete="CASCADE"), primary_key=True),
            Column(
                f"{target}_id",
                ForeignKey(f"{target}.id", ondelete="CASCADE"),
                primary_key=True,
                index=True,
            ),
        )

    return link("topic"), link("support_type")


class RecordFields:
    """The fields a need and an offer both have, as the interchange contract names them."""

    ref: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(StringList, default=lambda: ["en"])
    #: The language the title and description are written in (given, or detected when saved);
    #: ``languages`` says which languages the support is delivered in, which is another thing.
    text_language: Mapped[str | None] = mapped_column(String(8))
    modality: Mapped[str] = mapped_column(String(10), default="any", index=True)
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    #: Money, in whole units of ``funding_currency`` (ISO 4217): a need's estimate of what it
    #: needs, or what an offer brings. None: not stated.
    funding_amount: Mapped[int | None] = mapped_column(BigInteger)
    funding_currency: Mapped[str | None] = mapped_column(String(3))
