"""Choices for forms and filters, read from the reference data: topics, dimensions, languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pycountry
from babel import Locale
from sqlalchemy import (
    String,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from models import (
    Dimension,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    State,
    SupportType,
    Topic,
)
from webapp.services.language import column, current, label
from webapp.services.policy import visible_needs_clause
from webapp.services.reference.areas import area_groups
from webapp.services.reference.names import area_name, by_label


def state_choices(session: Session, blank: str = "Choose…") -> list[tuple[str, str]]:
    """(ISO3, name) of every State in the reader's language and order, after a blank choice."""
    rows = session.execute(select(State.iso3, column(State, "name"), State.name_en)).all()
    return [("", blank), *by_label((code, name or english) for code, name, english in rows)]


def topic_groups(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """Topics grouped by CMM dimension: [(dimension label, [(slug, label), ...]), ...].

    Labels in the reader's language; the dimensions in CMM order, their topics by label.
    """
    dims = session.scalars(select(Dimension).order_by(Dimension.position))
    return [(label(d), by_label((t.slug, label(t)) for t in d.topics)) for d in dims]


def topic_choices(session: Session) -> list[tuple[str, str]]:
    """Every topic as (slug, label), by label."""
    return by_label((t.slug, label(t)) for t in session.scalars(select(Topic)))


def support_type_choices(session: Session) -> list[tuple[str, str]]:
    """Every support type as (slug, label)."""
    return [
        (s.slug, label(s)) for s in session.scalars(select(SupportType).order_by(SupportType.id))
    ]


def dimension_choices(session: Session) -> list[tuple[str, str]]:
    """CMM dimensions (and the international area) as (slug, label)."""
    dims = session.scalars(select(Dimension).order_by(Dimension.position))
    return [(d.slug, label(d)) for d in dims]


def region_choices(session: Session) -> list[tuple[str, str]]:
    """M49 regions and sub-regions used by States, as (English name, name for the reader)."""
    names: set[str] = set()
    for region, sub, inter in session.execute(
        select(State.region, State.subregion, State.intermediate_region)
    ):
        names.update(n for n in (region, sub, inter) if n)
    return by_label((n, area_name(n)) for n in names)


def language_name(code: str) -> str:
    """The name of an ISO 639-1 code in the reader's language: "French", "français".

    The one form a language is shown in on every page (never "French (fr)").

    English names are ISO 639's (pycountry), as the CLI's reasons have always given them; other
    readers get CLDR's (Babel). The code itself when neither knows it.
    """
    reader = current()
    named = None if reader == "en" else Locale.parse(reader).languages.get(code)
    if named is None:
        lang = pycountry.languages.get(alpha_2=code)
        named = str(lang.name) if lang else None
    if named is None:
        return code
    return named


def language_choices(session: Session, user: Any = None) -> list[tuple[str, str]]:
    """The languages of the open needs ``user`` may see and of the open offers, by name.

    Only listed records count: a language used by nothing but a confidential need would
    otherwise tell every visitor that such a need exists.
    """
    codes: set[str] = set()
    for stmt in (
        select(type_coerce(Need.languages, String)).where(
            visible_needs_clause(user), Need.status == NeedStatus.OPEN
        ),
        select(type_coerce(Offer.languages, String)).where(Offer.status == OfferStatus.OPEN),
    ):
        for value in session.scalars(stmt.distinct()):
            codes.update(c for c in (value or "").split(";") if c)
    return by_label((c, language_name(c)) for c in codes)


@dataclass(frozen=True)
class FilterChoices:
    """Every option of the filter forms, read once per request."""

    topics: list[tuple[str, list[tuple[str, str]]]]
    dimensions: list[tuple[str, str]]
    areas: list[tuple[str, list[tuple[str, str]]]]
    languages: list[tuple[str, str]]
    support_types: list[tuple[str, str]]


def filter_choices(session: Session, user: Any = None) -> FilterChoices:
    """The options of the need and offer filters, as ``user`` may see them."""
    return FilterChoices(
        topics=topic_groups(session),
        dimensions=dimension_choices(session),
        areas=area_groups(session),
        languages=language_choices(session, user),
        support_types=support_type_choices(session),
    )
