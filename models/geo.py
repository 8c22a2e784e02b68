"""States with their UN M49 hierarchy, and the SIDS, LDC and LLDC groups."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model

GROUP_SLUGS = ("SIDS", "LDC", "LLDC")


class State(Model):
    """A UN Member State or Observer State."""

    id: Mapped[int] = mapped_column(primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    iso2: Mapped[str] = mapped_column(String(2))
    m49: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))  # member | observer
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_es: Mapped[str] = mapped_column(String(120))
    name_ru: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(60), index=True)
    subregion: Mapped[str] = mapped_column(String(60), index=True)
    intermediate_region: Mapped[str | None] = mapped_column(String(60), index=True)
    is_sids: Mapped[bool] = mapped_column(Boolean, default=False)
    is_ldc: Mapped[bool] = mapped_column(Boolean, default=False)
    is_lldc: Mapped[bool] = mapped_column(Boolean, default=False)

    def name(self, lang: str = "en") -> str:
        """The short name in one of the six UN languages (English when unknown)."""
        return str(getattr(self, f"name_{lang}", None) or self.name_en)

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups this State belongs to, e.g. ``("SIDS", "LDC")``."""
        flags = (self.is_sids, self.is_ldc, self.is_lldc)
        return tuple(g for g, on in zip(GROUP_SLUGS, flags, strict=True) if on)

    def tags(self) -> frozenset[str]:
        """Every eligibility item designating this State, lower-cased."""
        items = (self.iso3, self.region, self.subregion, self.intermediate_region, *self.groups)
        return frozenset(i.lower() for i in items if i)

    def __repr__(self) -> str:
        return f"<State {self.iso3}>"


class CountryGroup(Model):
    """A published list of States (SIDS, LDC, LLDC) with its source and date."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
