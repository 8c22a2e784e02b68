"""Reference names in the reader's language: M49 areas, country groups and CMM stages.

The database and the filters keep the English M49 names and the group slugs ("Western Africa",
"SIDS"): they are the stored values, the eligibility items of the interchange and the values of
the filters. This table marks them once for the catalogue (the M49 standard publishes every name
in the six UN languages); ``area_name`` and ``group_name`` translate them where they are shown.
The CMM stages are not a table: their six labels come from ``seed_data/taxonomy.json``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import ColumnElement, case, select
from sqlalchemy.orm import Session

from models import State
from seed_data import reference
from webapp.services.language import N_, _, column, current, sort_key

#: Every M49 region, sub-region and intermediate region a State of the platform belongs to.
AREAS = frozenset(
    (
        N_("Africa"),
        N_("Americas"),
        N_("Asia"),
        N_("Europe"),
        N_("Oceania"),
        N_("Australia and New Zealand"),
        N_("Central Asia"),
        N_("Eastern Asia"),
        N_("Eastern Europe"),
        N_("Latin America and the Caribbean"),
        N_("Melanesia"),
        N_("Micronesia"),
        N_("Northern Africa"),
        N_("Northern America"),
        N_("Northern Europe"),
        N_("Polynesia"),
        N_("South-eastern Asia"),
        N_("Southern Asia"),
        N_("Southern Europe"),
        N_("Sub-Saharan Africa"),
        N_("Western Asia"),
        N_("Western Europe"),
        N_("Caribbean"),
        N_("Central America"),
        N_("Eastern Africa"),
        N_("Middle Africa"),
        N_("South America"),
        N_("Southern Africa"),
        N_("Western Africa"),
    )
)

#: The country groups' short names, as the UN writes them in each language (SIDS: PEID, МОСРГ...).
GROUP_ABBREVIATIONS = {"SIDS": N_("SIDS"), "LDC": N_("LDC"), "LLDC": N_("LLDC")}

#: The country groups' full names.
GROUP_NAMES = {
    "SIDS": N_("Small Island Developing States"),
    "LDC": N_("Least Developed Countries"),
    "LLDC": N_("Landlocked Developing Countries"),
}


def area_name(area: str) -> str:
    """An M49 area's name or a group's short name in the reader's language; others unchanged."""
    if area in AREAS:
        return _(area)
    return group_abbreviation(area)


def group_abbreviation(slug: str) -> str:
    """A group's short name in the reader's language ("SIDS", "PEID", "小岛屿发展中国家")."""
    return _(GROUP_ABBREVIATIONS[slug]) if slug in GROUP_ABBREVIATIONS else slug


def group_name(slug: str) -> str:
    """A group's full name in the reader's language ("Small Island Developing States")."""
    return _(GROUP_NAMES[slug]) if slug in GROUP_NAMES else slug


@cache
def _stage_labels() -> dict[int, dict[str, str]]:
    return {s["position"]: dict(s["label"]) for s in reference.taxonomy()["stages"]}


def stage_name(stage: int) -> str:
    """A CMM stage's name (1 to 5) in the reader's language: "Formative", "Formatif"..."""
    labels = _stage_labels().get(stage)
    if labels is None:
        return str(stage)
    return labels.get(current()) or labels["en"]


def by_label(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(value, label) pairs in the reader's order of their labels ("Égypte" among the E's)."""
    return sorted(pairs, key=lambda p: sort_key(p[1]))


def state_order(session: Session) -> ColumnElement[int]:
    """States ranked by name as the reader's language sorts them, for a SQL ``ORDER BY``.

    The database compares bytes ("Égypte" after "Zambie"); ranking the 195 names here keeps
    the ICU order while the database still pages the list.
    """
    rows = session.execute(select(State.id, column(State, "name"), State.name_en)).all()
    ranked = sorted(rows, key=lambda r: sort_key(r[1] or r[2]))
    return case({r[0]: rank for rank, r in enumerate(ranked)}, value=State.id, else_=len(ranked))
