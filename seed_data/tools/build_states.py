"""Regenerate seed_data/states_m49.csv from the UN M49 table shipped by hdx-python-country.

Run with the ``dev`` extra installed: ``python -m seed_data.tools.build_states``. The package's
taxonomy file marks the 193 Member States ("Appears in DGACM list") and carries the M49 hierarchy
and the names in the six UN languages; the two Observer States are added by code.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

OBSERVERS = {"VAT", "PSE"}
OUT = Path(__file__).resolve().parent.parent / "states_m49.csv"
COLUMNS = [
    "iso3",
    "iso2",
    "m49",
    "status",
    "name_en",
    "name_fr",
    "name_es",
    "name_ru",
    "name_zh",
    "name_ar",
    "region",
    "subregion",
    "intermediate_region",
]


def main() -> None:
    """Write the CSV, sorted by ISO3 code."""
    src = (
        resources.files("hdx.location") / "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
    )
    with src.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        iso3 = r["ISO 3166-1 Alpha 3-Codes"]
        member = r["Appears in DGACM list"] == "Y"
        if not member and iso3 not in OBSERVERS:
            continue
        out.append(
            {
                "iso3": iso3,
                "iso2": r["ISO 3166-1 Alpha 2-Codes"],
                "m49": r["m49 numerical code"].zfill(3),
                "status": "member" if member else "observer",
                "name_en": r["M49 English"] or r["Preferred Term"],
                "name_fr": r["M49 French"],
                "name_es": r["M49 Spanish"],
                "name_ru": r["M49 Russian"],
                "name_zh": r["M49 Chinese"],
                "name_ar": r["M49 Arabic"],
                "region": r["Region Name"],
                "subregion": r["Sub-region Name"],
                "intermediate_region": r["Intermediate Region Name"],
            }
        )
    out.sort(key=lambda d: d["iso3"])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"wrote {len(out)} States to {OUT}")


if __name__ == "__main__":
    main()
