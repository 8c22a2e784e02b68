"""Choices for forms and filters, read from the reference data."""

from __future__ import annotations

from sqlalchemy import select

from models import Dimension, State, SupportType, Topic, db


def state_choices(blank: str = "Choose…") -> list[tuple[str, str]]:
    """(ISO3, English name) of every State, by name, after a blank choice."""
    rows = db.session.execute(select(State.iso3, State.name_en).order_by(State.name_en)).all()
    return [("", blank), *((code, name) for code, name in rows)]


def topic_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Topics grouped by CMM dimension: [(dimension label, [(slug, label), ...]), ...]."""
    dims = db.session.scalars(select(Dimension).order_by(Dimension.position))
    return [(d.label_en, [(t.slug, t.label_en) for t in sorted(d.topics, key=lambda t: t.label_en)])
            for d in dims]  # fmt: skip


def topic_choices() -> list[tuple[str, str]]:
    """Every topic as (slug, label), by label."""
    rows = db.session.execute(select(Topic.slug, Topic.label_en).order_by(Topic.label_en)).all()
    return [(slug, label) for slug, label in rows]


def support_type_choices() -> list[tuple[str, str]]:
    """Every support type as (slug, label)."""
    rows = db.session.execute(
        select(SupportType.slug, SupportType.label_en).order_by(SupportType.id)
    )
    return [(slug, label) for slug, label in rows]


def dimension_choices() -> list[tuple[str, str]]:
    """CMM dimensions (and the international area) as (slug, label)."""
    rows = db.session.execute(
        select(Dimension.slug, Dimension.label_en).order_by(Dimension.position)
    )
    return [(slug, label) for slug, label in rows]


def region_choices() -> list[tuple[str, str]]:
    """M49 regions and sub-regions used by States, as (name, name)."""
    names: set[str] = set()
    for region, sub, inter in db.session.execute(
        select(State.region, State.subregion, State.intermediate_region)
    ):
        names.update(n for n in (region, sub, inter) if n)
    return [(n, n) for n in sorted(names)]
