"""Export of needs and offers in the interchange format: stored rows back to records, JSON, CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Need, Offer, Organisation
from webapp.services.interchange.bulk import (
    NEED_COPIED,
    OFFER_COPIED,
)
from webapp.services.interchange.readers import Kind
from webapp.services.interchange.records import (
    FIELDS,
    NeedData,
    OfferData,
)

Format = Literal["json", "csv"]


def need_loads() -> tuple[Any, ...]:
    return (selectinload(Need.state), selectinload(Need.topics), selectinload(Need.support_types))


def offer_loads() -> tuple[Any, ...]:
    return (
        selectinload(Offer.organisation).selectinload(Organisation.country),
        selectinload(Offer.topics),
        selectinload(Offer.support_types),
    )


def need_to_data(need: Need) -> NeedData:
    """The interchange form of a stored need."""
    return NeedData(
        ref=need.ref,
        state=need.state.iso3,
        topics=tuple(sorted(t.slug for t in need.topics)),
        support_types=tuple(sorted(s.slug for s in need.support_types)),
        **_copied_back(need, NEED_COPIED),
    )


def offer_to_data(offer: Offer) -> OfferData:
    """The interchange form of a stored offer."""
    org = offer.organisation
    return OfferData(
        ref=offer.ref,
        provider=org.name,
        provider_type=org.type.value,
        provider_country=org.country.iso3 if org.country else None,
        topics=tuple(sorted(t.slug for t in offer.topics)),
        support_types=tuple(sorted(s.slug for s in offer.support_types)),
        **_copied_back(offer, OFFER_COPIED),
    )


def _copied_back(row: Need | Offer, names: tuple[str, ...]) -> dict[str, Any]:
    """A record's values of the columns that ``_copy_columns`` sets (lists become tuples)."""
    values = {name: getattr(row, name) for name in names}
    values = {name: tuple(v) if isinstance(v, list) else v for name, v in values.items()}
    values["languages"] = values["languages"] or ("en",)  # stored empty: English
    return values


def export_records(session: Session, kind: Kind) -> list[dict[str, Any]]:
    """Every stored need or offer as interchange records, ordered by ref."""
    if kind == "needs":
        needs = session.scalars(select(Need).options(*need_loads()).order_by(Need.ref))
        return [need_to_data(n).as_record() for n in needs]
    offers = session.scalars(select(Offer).options(*offer_loads()).order_by(Offer.ref))
    return [offer_to_data(o).as_record() for o in offers]


def dump(records: Sequence[dict[str, Any]], kind: Kind, fmt: Format) -> str:
    """Serialise records as the contract's JSON array or CSV table."""
    if fmt == "json":
        return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS[kind])
    for rec in records:
        writer.writerow([_to_cell(rec.get(f)) for f in FIELDS[kind]])
    return buf.getvalue()


def _to_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)
