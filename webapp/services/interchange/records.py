"""Need and offer records as the interchange contract defines them, and their reference data.

``validation.py`` beside this module checks raw input against them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from typing import Any

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CountryGroup, State, SupportType, Topic
from models.organisation import ProviderType

PROVIDER_TYPES = tuple(t.value for t in ProviderType)


NEED_FIELDS = (
    "ref",
    "state",
    "title",
    "description",
    "topics",
    "support_types",
    "languages",
    "modality",
    "start",
    "end",
    "priority",
    "confidential",
    "funding_required",
    "funding_amount",
    "funding_currency",
)


OFFER_FIELDS = (
    "ref",
    "provider",
    "provider_type",
    "provider_country",
    "title",
    "description",
    "topics",
    "support_types",
    "languages",
    "modality",
    "start",
    "end",
    "eligible",
    "capacity",
    "gender_marker",
    "funding_amount",
    "funding_currency",
)


LIST_FIELDS = frozenset({"topics", "support_types", "languages", "eligible"})


FIELDS = {"needs": NEED_FIELDS, "offers": OFFER_FIELDS}


@cache
def language_codes() -> frozenset[str]:
    """The ISO 639-1 two-letter codes."""
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


@cache
def currency_codes() -> frozenset[str]:
    """The ISO 4217 alphabetic codes of the currencies in use (pycountry's list)."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@dataclass(frozen=True)
class NeedData:
    """A valid need, with defaults filled in and lists in canonical order."""

    ref: str
    state: str
    title: str
    description: str
    topics: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    modality: str = "any"
    start: date | None = None
    end: date | None = None
    priority: str = "medium"
    confidential: bool = False
    funding_required: bool = False
    funding_amount: int | None = None
    funding_currency: str | None = None

    def as_record(self) -> dict[str, Any]:
        """The interchange form: lists as lists, dates as ISO strings, absent as None."""
        return _as_record(self)


@dataclass(frozen=True)
class OfferData:
    """A valid offer, with defaults filled in and lists in canonical order."""

    ref: str
    provider: str
    provider_type: str
    title: str
    description: str
    provider_country: str | None = None
    topics: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    modality: str = "any"
    start: date | None = None
    end: date | None = None
    eligible: tuple[str, ...] = ()
    capacity: int = 1
    gender_marker: int | None = None
    funding_amount: int | None = None
    funding_currency: str | None = None

    def as_record(self) -> dict[str, Any]:
        """The interchange form, fields in the contract's order."""
        return {k: _as_record(self)[k] for k in OFFER_FIELDS}


def _as_record(data: NeedData | OfferData) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(data):
        value = getattr(data, f.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[f.name] = value
    return out


@dataclass(frozen=True)
class Reference:
    """The reference data that validation needs, read once from the database."""

    states: frozenset[str]
    topics: tuple[str, ...]
    support_types: tuple[str, ...]
    eligibility: Mapping[str, str]  # lower-cased item -> canonical spelling

    @classmethod
    def load(cls, session: Session) -> Reference:
        """Read States, M49 area names, groups, topics and support types."""
        rows = session.execute(
            select(State.iso3, State.region, State.subregion, State.intermediate_region)
        ).all()
        items: dict[str, str] = {}
        for row in rows:
            for item in row:
                if item:
                    items[item.lower()] = item
        for slug in session.scalars(select(CountryGroup.slug)):
            items[slug.lower()] = slug
        return cls(
            states=frozenset(r[0] for r in rows),
            topics=tuple(session.scalars(select(Topic.slug).order_by(Topic.slug))),
            support_types=tuple(
                session.scalars(select(SupportType.slug).order_by(SupportType.slug))
            ),
            eligibility=items,
        )

    @classmethod
    def from_seed(cls) -> Reference:
        """The same reference data read from the committed seed files (no database needed)."""
        from seed_data import reference

        items: dict[str, str] = {}
        for state in reference.states().values():
            for item in (state.iso3, state.region, state.subregion, state.intermediate_region):
                if item:
                    items[item.lower()] = item
        for slug in reference.groups():
            items[slug.lower()] = slug
        tax = reference.taxonomy()
        return cls(
            states=frozenset(reference.states()),
            topics=tuple(sorted(t["slug"] for t in tax["topics"])),
            support_types=tuple(sorted(s["slug"] for s in tax["support_types"])),
            eligibility=items,
        )
