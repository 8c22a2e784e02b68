"""Write the reference data into the database: idempotent upserts by natural key."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Centre,
    CentreKind,
    CountryGroup,
    Dimension,
    Factor,
    State,
    SupportType,
    Topic,
)
from seed_data import reference

DEMO_DIR = reference.HERE / "demo"


def _set(obj: Any, values: dict[str, Any]) -> bool:
    """Assign only the attributes that differ; return whether anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def _labels(item: dict[str, Any]) -> dict[str, str]:
    """The six ``label_xx`` values of a taxonomy item; an existing row gets any new one too."""
    return {f"label_{lang}": item["label"].get(lang, "") for lang in LANGUAGES}


def load_reference(session: Session) -> int:
    """Upsert States, groups, CMM dimensions, topics, support types, CMM factors and centres.

    Returns:
        How many rows were added, changed or removed.
    """
    changed = 0
    groups = reference.groups()
    existing_groups = {g.slug: g for g in session.scalars(select(CountryGroup))}
    for slug, info in groups.items():
        group = existing_groups.get(slug) or CountryGroup(slug=slug)
        session.add(group)
        changed += _set(
            group,
            {
                "name": info["name"],
                "source": info["source"],
                "as_of": date.fromisoformat(info["as_of"]),
                "note": info.get("note", ""),
            },
        )

    states = {s.iso3: s for s in session.scalars(select(State))}
    for code, row in reference.states().items():
        state = states.get(code) or State(iso3=code)
        session.add(state)
        values: dict[str, Any] = {f"name_{lang}": name for lang, name in row.names.items()}
        values.update(
            iso2=row.iso2,
            m49=row.m49,
            status=row.status,
            region=row.region,
            subregion=row.subregion,
            intermediate_region=row.intermediate_region or None,
            is_sids="SIDS" in row.groups,
            is_ldc="LDC" in row.groups,
            is_lldc="LLDC" in row.groups,
        )
        changed += _set(state, values)

    tax = reference.taxonomy()
    dims = {d.slug: d for d in session.scalars(select(Dimension))}
    for item in tax["dimensions"]:
        dim = dims.get(item["slug"]) or Dimension(slug=item["slug"])
        dims[item["slug"]] = dim
        session.add(dim)
        changed += _set(dim, {"position": item["position"], "cmm": item["cmm"], **_labels(item)})
    session.flush()

    topics = {t.slug: t for t in session.scalars(select(Topic))}
    for item in tax["topics"]:
        topic = topics.get(item["slug"]) or Topic(slug=item["slug"])
        session.add(topic)
        changed += _set(topic, {"dimension_id": dims[item["dimension"]].id, **_labels(item)})

    kinds = {s.slug: s for s in session.scalars(select(SupportType))}
    for item in tax["support_types"]:
        kind = kinds.get(item["slug"]) or SupportType(slug=item["slug"])
        session.add(kind)
        changed += _set(kind, _labels(item))
    session.flush()
    return changed + load_factors(session, dims) + load_centres(session)


def load_factors(session: Session, dims: dict[str, Dimension]) -> int:
    """Upsert the CMM factors of ``cmm_2021.json`` by code; return rows added or changed."""
    changed = 0
    factors = {f.code: f for f in session.scalars(select(Factor))}
    for position, item in enumerate(reference.cmm()["factors"], start=1):
        factor = factors.get(item["code"]) or Factor(code=item["code"])
        session.add(factor)
        texts = {k: item[k] for k in ("description", "stages", "suggestions")}
        changed += _set(
            factor,
            {
                "position": position,
                "dimension_id": dims[item["dimension"]].id,
                "topics": list(item["topics"]),
                "support_types": list(item["support_types"]),
                "texts": texts,
                **{f"label_{lang}": item["name"].get(lang, "") for lang in LANGUAGES},
            },
        )
    session.flush()
    return changed


def load_centres(session: Session) -> int:
    """Make the centre directory equal to ``centres.json``; return rows added, changed or removed.

    The file is the whole truth: a centre removed from it leaves the directory.
    """
    state_ids: dict[str, int] = dict(session.execute(select(State.iso3, State.id)).all())
    existing = {c.slug: c for c in session.scalars(select(Centre))}
    changed = 0
    rows = reference.centres()
    for row in rows:
        centre = existing.get(row.slug) or Centre(slug=row.slug)
        session.add(centre)
        changed += _set(
            centre,
            {
                "name": row.name,
                "acronym": row.acronym,
                "kind": CentreKind(row.kind),
                "scope": list(row.scope),
                "scope_label": row.scope_label,
                "host_state_id": state_ids[row.host] if row.host else None,
                "website": row.website,
                "description": row.description,
                "topics": list(row.topics),
            },
        )
    kept = {row.slug for row in rows}
    for slug, centre in existing.items():
        if slug not in kept:
            session.delete(centre)
            changed += 1
    session.flush()
    return changed
