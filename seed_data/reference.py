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
