"""The public directory of capacity-building centres: filters, search and words for display.

There are a few dozen centres, so they are filtered in Python after one query; the region
filter keeps a centre when its scope covers at least one State of the chosen area or group.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Topic
from models.geo import GROUP_SLUGS
from seed_data import reference
from webapp.services.language import N_, Labels, _, current, label, name
from webapp.services.querying import MAX_QUERY, QueryFilters
from webapp.services.reference.areas import area_groups
from webapp.services.reference.names import area_name, group_name

#: Kind slug -> label, in the order the directory lists them (seed_data/centres.json's kinds,
#: whose English words these are; tests/test_reference.py checks the two agree).
KIND_LABELS: Labels[str] = Labels({
    "regional_centre": N_("Regional centre of excellence"),
    "subregional_centre": N_("Sub-regional centre"),
    "capacity_building_body": N_("Capacity-building body"),
    "network": N_("Network"),
})  # fmt: skip
PLURAL_LABELS: Labels[str] = Labels({
    "regional_centre": N_("Regional centres of excellence"),
    "subregional_centre": N_("Sub-regional centres"),
    "capacity_building_body": N_("Capacity-building bodies"),
    "network": N_("Networks"),
})  # fmt: skip


@dataclass(frozen=True)
class CentreFilters(QueryFilters):
    """What a visitor asked the directory for; empty means "no filter"."""

    q: str = ""
    region: str | None = None
    kind: str | None = None


def _words(q: str) -> list[str]:
    return q.strip()[:MAX_QUERY].lower().split()[:10]


def _haystack(centre: Centre) -> str:
    parts = [centre.name, centre.acronym, centre.description, centre.scope_label, centre.website,
             scope_text(centre), KIND_LABELS.get(centre.kind.value, "")]  # fmt: skip
    if centre.host_state is not None:
        parts.append(name(centre.host_state))
    return " ".join(parts).lower()


def search_centres(session: Session, filters: CentreFilters) -> list[Centre]:
    """The centres passing the filters: regional and sub-regional centres first, then by name."""
    rows = session.scalars(select(Centre).options(selectinload(Centre.host_state))).all()
    area = reference.states_for_item(filters.region) if filters.region else None
    words = _words(filters.q)
    order = list(KIND_LABELS)

    def keep(c: Centre) -> bool:
        if filters.kind and c.kind.value != filters.kind:
            return False
        if area is not None and not area & reference.scope_states(c.scope):
            return False
        text = _haystack(c) if words else ""
        return all(w in text for w in words)

    found = [c for c in rows if keep(c)]
    return sorted(found, key=lambda c: (order.index(c.kind.value), c.name.lower()))


def by_kind(found: list[Centre]) -> list[tuple[str, str, list[Centre]]]:
    """The centres in sections: [(kind, plural label, centres)], in directory order, none empty."""
    return [(k, PLURAL_LABELS.get(k, v), [c for c in found if c.kind.value == k])
            for k, v in KIND_LABELS.items() if any(c.kind.value == k for c in found)]  # fmt: skip


def region_choices(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """Groups and M49 areas at every level, for the region filter."""
    return area_groups(session)


def kind_choices() -> list[tuple[str, str]]:
    """(kind, label) of every centre kind."""
    return list(KIND_LABELS.items())


def scope_text(centre: Centre) -> str:
    """Whom the centre serves, in words: its label, or its areas, groups and States by name."""
    if centre.scope_label:
        return centre.scope_label
    names = {s.iso3: s.names.get(current()) or s.name_en for s in reference.states().values()}
    out = []
    for item in centre.scope:
        if item == reference.WORLD:
            out.append(_("All States"))
        elif item in GROUP_SLUGS:
            out.append(group_name(item))
        else:
            out.append(names.get(item) or area_name(item))
    return ", ".join(out)


def topic_labels(session: Session) -> dict[str, str]:
    """Topic slug -> label in the reader's language."""
    return {t.slug: label(t) for t in session.scalars(select(Topic))}


def website_label(url: str) -> str:
    """A website address as people read it: host and path, without scheme or "www."."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + (path if len(path) <= 30 else "/…")
