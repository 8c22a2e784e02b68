"""Read the committed reference files (States, groups, taxonomy) as plain Python values.

No database here: the loaders in ``seed_data.loaders`` write these values into the schema, and the
matcher's evaluation and tests read them directly.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GROUPS = ("SIDS", "LDC", "LLDC")


@dataclass(frozen=True)
class StateRow:
    """One UN Member or Observer State with its M49 hierarchy and group flags."""

    iso3: str
    iso2: str
    m49: str
    status: str
    names: dict[str, str]
    region: str
    subregion: str
    intermediate_region: str
    groups: frozenset[str]

    @property
    def name_en(self) -> str:
        """The English short name."""
        return self.names["en"]

    def tags(self) -> frozenset[str]:
        """Every eligibility item that designates this State, lower-cased."""
        items = {self.iso3, self.region, self.subregion, self.intermediate_region, *self.groups}
        return frozenset(i.lower() for i in items if i)


@cache
def groups() -> dict[str, dict[str, Any]]:
    """The SIDS, LDC and LLDC lists with their source and date."""
    with (HERE / "groups.json").open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = json.load(fh)
    return data


@cache
def states() -> dict[str, StateRow]:
    """The 195 States keyed by ISO3 code."""
    membership: dict[str, set[str]] = {}
    for group, info in groups().items():
        for code in info["members"]:
            membership.setdefault(code, set()).add(group)
    out: dict[str, StateRow] = {}
    with (HERE / "states_m49.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["iso3"]] = StateRow(
                iso3=r["iso3"],
                iso2=r["iso2"],
                m49=r["m49"],
                status=r["status"],
                names={k[5:]: v for k, v in r.items() if k.startswith("name_")},
                region=r["region"],
                subregion=r["subregion"],
                intermediate_region=r["intermediate_region"],
                groups=frozenset(membership.get(r["iso3"], ())),
            )
    return out


@cache
def cmm() -> dict[str, Any]:
    """The CMM 2021 edition's 23 factors, with their citation (``cmm_2021.json``)."""
    with (HERE / "cmm_2021.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def nsi() -> dict[str, Any]:
    """The National Survey of Implementation's four parts and questions (``nsi.json``)."""
    with (HERE / "nsi.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def taxonomy() -> dict[str, Any]:
    """Topics, CMM dimensions, stages and support types with their labels."""
    with (HERE / "taxonomy.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def area_names() -> frozenset[str]:
    """Every M49 region, sub-region and intermediate region name used by a State."""
    names: set[str] = set()
    for s in states().values():
        names.update(n for n in (s.region, s.subregion, s.intermediate_region) if n)
    return frozenset(names)


def states_for_item(item: str) -> frozenset[str]:
    """ISO3 codes that an eligibility item (code, M49 area or group) designates."""
    key = item.strip().lower()
    return frozenset(code for code, s in states().items() if key in s.tags())


# --- the directory of capacity-building centres ---------------------------------------------

#: The scope item of a centre that serves every State.
WORLD = "World"


@dataclass(frozen=True)
class CentreRow:
    """One capacity-building centre, body or network as ``centres.json`` describes it."""

    slug: str
    name: str
    acronym: str
    kind: str
    scope: tuple[str, ...]
    scope_label: str
    host: str | None
    website: str
    description: str
    topics: tuple[str, ...]


@cache
def centres_file() -> dict[str, Any]:
    """The parsed ``centres.json``: its source, date, kind labels and centres."""
    with (HERE / "centres.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def centre_kinds() -> dict[str, str]:
    """Kind slug -> English label, in display order."""
    return dict(centres_file()["kinds"])


def centres() -> list[CentreRow]:
    """Every centre of the file, in file order."""
    return [
        CentreRow(
            slug=c["slug"],
            name=c["name"],
            acronym=c.get("acronym", ""),
            kind=c["kind"],
            scope=tuple(c["scope"]),
            scope_label=c.get("scope_label", ""),
            host=c.get("host"),
            website=c["website"],
            description=c.get("description", ""),
            topics=tuple(c.get("topics", ())),
        )
        for c in centres_file()["centres"]
    ]


def scope_item_known(item: str) -> bool:
    """Whether a centre's scope item names "World", an M49 area, a group or a State's ISO3."""
    return item == WORLD or item in area_names() or item in GROUPS or item in states()


def scope_states(scope: tuple[str, ...] | list[str]) -> frozenset[str]:
    """ISO3 codes of the States a centre's scope covers."""
    if WORLD in scope:
        return frozenset(states())
    return frozenset().union(*(states_for_item(item) for item in scope))


def centre_problems(rows: list[CentreRow] | None = None) -> list[str]:
    """What is wrong with the centres (bad website, unknown scope, host, kind or topic)."""
    rows = centres() if rows is None else rows
    topics = {t["slug"] for t in taxonomy()["topics"]}
    kinds = centre_kinds()
    problems: list[str] = []
    seen: set[str] = set()
    for c in rows:
        if c.slug in seen:
            problems.append(f"{c.slug}: slug appears twice")
        seen.add(c.slug)
        if not c.website.startswith("https://") or " " in c.website:
            problems.append(f"{c.slug}: website {c.website!r} is not an https:// address")
        if c.kind not in kinds:
            problems.append(f"{c.slug}: kind {c.kind!r} is not one of {', '.join(kinds)}")
        if not c.scope:
            problems.append(f"{c.slug}: scope is empty")
        problems += [f"{c.slug}: scope item {i!r} is unknown" for i in c.scope
                     if not scope_item_known(i)]  # fmt: skip
        if c.host is not None and c.host not in states():
            problems.append(f"{c.slug}: host {c.host!r} is not a State's ISO3 code")
        problems += [f"{c.slug}: topic {t!r} is unknown" for t in c.topics if t not in topics]
    return problems


@cache
def iati_sectors() -> dict[str, Any]:
    """The DAC sector codes of the topics, both ways (docs/IATI.md)."""
    with (HERE / "iati_dac_sectors.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data
