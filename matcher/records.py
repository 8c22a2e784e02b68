"""Turn interchange records (INTERCHANGE.md, JSON or CSV) into ``NeedDoc`` and ``OfferDoc``.

Validation belongs to the import service; these helpers only apply the contract's defaults and
parse types, and raise ``ValueError`` on a record they cannot read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from matcher.types import NeedDoc, OfferDoc

StateTags = Callable[[str], frozenset[str]]


def _list(value: Any) -> tuple[str, ...]:
    """A list field: a JSON list, or a CSV cell joined with ';'."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _text(rec: Mapping[str, Any], key: str, default: str) -> str:
    value = rec.get(key)
    return default if value is None or value == "" else str(value)


def need_from_record(rec: Mapping[str, Any], state_tags: StateTags) -> NeedDoc:
    """A need record with the contract's defaults (languages ["en"], modality any, ...)."""
    state = str(rec["state"]).strip().upper()
    return NeedDoc(
        ref=str(rec["ref"]),
        state=state,
        state_tags=frozenset(t.lower() for t in state_tags(state)),
        title=str(rec["title"]),
        description=str(rec["description"]),
        topics=_list(rec.get("topics")),
        support_types=_list(rec.get("support_types")),
        languages=_list(rec.get("languages")) or ("en",),
        modality=_text(rec, "modality", "any"),
        start=_date(rec.get("start")),
        end=_date(rec.get("end")),
        priority=_text(rec, "priority", "medium"),
    )


def offer_from_record(rec: Mapping[str, Any]) -> OfferDoc:
    """An offer record with the contract's defaults (open to all, capacity 1, ...)."""
    return OfferDoc(
        ref=str(rec["ref"]),
        provider=str(rec["provider"]),
        provider_type=str(rec["provider_type"]),
        title=str(rec["title"]),
        description=str(rec["description"]),
        topics=_list(rec.get("topics")),
        support_types=_list(rec.get("support_types")),
        languages=_list(rec.get("languages")) or ("en",),
        modality=_text(rec, "modality", "any"),
        start=_date(rec.get("start")),
        end=_date(rec.get("end")),
        eligible=_list(rec.get("eligible")),
        capacity=int(rec.get("capacity") or 1),
    )


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """The records of a .json (array of objects) or .csv (header row) interchange file."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return [dict(row) for row in csv.DictReader(fh)]
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON array of records")
    return data
