"""Bulk import and export of needs and offers in the interchange format (docs/INTERCHANGE.md).

Every record is read and validated before anything is written: one bad record and the import
writes nothing and reports every error. Records upsert by ref; a record identical to the stored
one is left untouched, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Need, NeedStatus, Offer, Organisation, State, SupportType, Topic, User, audit
from models.organisation import ProviderType
from webapp.services.errors import CbmatchError, RecordError, ValidationFailed
from webapp.services.reach import ReachIndex
from webapp.services.records import (
    FIELDS,
    LIST_FIELDS,
    NeedData,
    OfferData,
    Reference,
    validate_need,
    validate_offer,
    where_of,
)

log = logging.getLogger(__name__)
Kind = Literal["needs", "offers"]
Format = Literal["json", "csv"]


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        """Records read."""
        return self.created + self.updated + self.unchanged


# --- reading -------------------------------------------------------------------------------


def read_file(path: Path, kind: Kind) -> list[tuple[str, dict[str, Any]]]:
    """Parse a .json or .csv file into raw records, each with its position ("line 3").

    Raises:
        CbmatchError: the file is missing, has another extension, or is not well-formed.
    """
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise CbmatchError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; use .json or .csv"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CbmatchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CbmatchError(f"{path}: is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise CbmatchError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise CbmatchError(f"{path}: cannot be read ({exc.strerror})") from None
    if suffix == ".json":
        return parse_json(text, str(path))
    return parse_csv(text, str(path), kind)


def parse_json(text: str, name: str = "input") -> list[tuple[str, dict[str, Any]]]:
    """Raw records from a JSON array of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CbmatchError(
            f"{name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, list):
        raise CbmatchError(f"{name}: expected a JSON array of records")
    out: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise CbmatchError(f"{name}: record {i} is not a JSON object")
        out.append((where_of(item, f"record {i}"), item))
    return out


def parse_csv(text: str, name: str, kind: Kind) -> list[tuple[str, dict[str, Any]]]:
    """Raw records from CSV: lists split on ';', booleans and integers converted."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise CbmatchError(f"{name}: empty CSV file; the first line must name the fields")
        header = [h.strip() for h in header]
        required = {"ref", "title", "description", "state" if kind == "needs" else "provider"}
        missing = sorted(required - set(header))
        if missing:
            raise CbmatchError(f"{name}: the header has no column {', '.join(missing)}")
        out: list[tuple[str, dict[str, Any]]] = []
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            raw: dict[str, Any] = {}
            for key, cell in zip(header, row, strict=False):
                raw[key] = _from_cell(key, cell)
            if len(row) > len(header):
                raw["(extra columns)"] = row[len(header) :]
            out.append((where_of(raw, f"line {start}"), raw))
    except csv.Error as exc:
        raise CbmatchError(f"{name}: malformed CSV at line {reader.line_num}: {exc}") from None
    return out


def _from_cell(key: str, cell: str) -> Any:
    value = cell.strip()
    if value == "":
        return None
    if key in LIST_FIELDS:
        return [v.strip() for v in value.split(";") if v.strip()]
    if key == "confidential":
        return {"true": True, "false": False}.get(value.lower(), value)
    if key == "capacity":
        return int(value) if value.lstrip("-").isdigit() else value
    return value


# --- validating and writing ------------------------------------------------------------------


def validate_all(
    session: Session, kind: Kind, raws: Sequence[tuple[str, dict[str, Any]]]
) -> list[NeedData] | list[OfferData]:
    """Validate every record against the database's reference data (see validate_records)."""
    return validate_records(Reference.load(session), kind, raws)


def validate_records(
    reference: Reference, kind: Kind, raws: Sequence[tuple[str, dict[str, Any]]]
) -> list[NeedData] | list[OfferData]:
    """Validate every record; raise ValidationFailed with every error if any is bad."""
    errors: list[RecordError] = []
    seen: dict[str, str] = {}
    providers: dict[str, tuple[str, str | None, str]] = {}
    good: list[Any] = []
    validate = validate_need if kind == "needs" else validate_offer
    for where, raw in raws:
        data, errs = validate(raw, reference, where)
        errors.extend(errs)
        if data is None:
            continue
        if data.ref in seen:
            errors.append(RecordError(where, "ref", f"duplicate ref, also at {seen[data.ref]}"))
            continue
        seen[data.ref] = where
        if isinstance(data, OfferData):
            first = providers.setdefault(
                data.provider, (data.provider_type, data.provider_country, where)
            )
            if first[:2] != (data.provider_type, data.provider_country):
                errors.append(
                    RecordError(
                        where,
                        "provider_type",
                        f"{data.provider!r} is given another type or country at {first[2]}",
                    )
                )
        good.append(data)
    if errors:
        raise ValidationFailed(errors)
    return good


def import_file(
    session: Session, kind: Kind, path: Path, actor: User | None = None
) -> ImportResult:
    """Read, validate and upsert a file; flushes, the caller commits.

    The audit log gets one entry for the whole file (its counts), not one per record.
    """
    raws = read_file(path, kind)
    with audit.bulk():
        result = import_records(session, kind, raws, actor=actor)
    if result.created or result.updated:
        counts = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        audit.record_bulk(
            session, entity=kind[:-1], action="import", record=path.name, summary=counts
        )
    return result


def import_records(
    session: Session,
    kind: Kind,
    raws: Sequence[tuple[str, dict[str, Any]]],
    actor: User | None = None,
) -> ImportResult:
    """Validate raw records and upsert them; nothing is written if any record is bad."""
    records = validate_all(session, kind, raws)
    if kind == "needs":
        result = _upsert_needs(session, records, actor)  # type: ignore[arg-type]
    else:
        result = _upsert_offers(session, records, actor)  # type: ignore[arg-type]
    session.flush()
    log.info("imported %s: %s", kind, result)
    return result


def _lookups(session: Session) -> tuple[dict[str, Topic], dict[str, SupportType]]:
    topics = {t.slug: t for t in session.scalars(select(Topic))}
    support = {s.slug: s for s in session.scalars(select(SupportType))}
    return topics, support


def apply_need_data(
    need: Need, data: NeedData, topics: dict[str, Topic], support: dict[str, SupportType]
) -> None:
    """Copy a validated record's fields (all but ref and state) onto a need."""
    need.title, need.description = data.title, data.description
    need.topics = [topics[s] for s in data.topics]
    need.support_types = [support[s] for s in data.support_types]
    need.languages = list(data.languages)
    need.modality, need.priority = data.modality, data.priority
    need.start, need.end = data.start, data.end
    need.confidential = data.confidential


def _upsert_needs(session: Session, records: list[NeedData], actor: User | None) -> ImportResult:
    topics, support = _lookups(session)
    states = {s.iso3: s for s in session.scalars(select(State))}
    refs = [r.ref for r in records]
    existing = {
        n.ref: n
        for n in session.scalars(select(Need).where(Need.ref.in_(refs)).options(*_need_loads()))
    }
    created = updated = 0
    actor_id = actor.id if actor else None
    for data in records:
        need = existing.get(data.ref)
        if need is not None and need_to_data(need) == data:
            continue
        if need is None:
            need = Need(ref=data.ref, status=NeedStatus.OPEN, created_by_id=actor_id)
            session.add(need)
            created += 1
        else:
            updated += 1
        need.state = states[data.state]
        apply_need_data(need, data, topics, support)
        need.updated_by_id = actor_id
    return ImportResult(created, updated, len(records) - created - updated)


def _upsert_offers(session: Session, records: list[OfferData], actor: User | None) -> ImportResult:
    topics, support = _lookups(session)
    states = {s.iso3: s for s in session.scalars(select(State))}
    reach = ReachIndex(states.values())
    orgs = {o.name: o for o in session.scalars(select(Organisation))}
    refs = [r.ref for r in records]
    existing = {
        o.ref: o
        for o in session.scalars(select(Offer).where(Offer.ref.in_(refs)).options(*_offer_loads()))
    }
    created = updated = 0
    actor_id = actor.id if actor else None
    for data in records:
        org = orgs.get(data.provider)
        country = states[data.provider_country] if data.provider_country else None
        if org is None:
            org = Organisation(name=data.provider, created_by_id=actor_id)
            session.add(org)
            orgs[data.provider] = org
        if org.type != ProviderType(data.provider_type) or org.country is not country:
            org.type, org.country = ProviderType(data.provider_type), country
            org.updated_by_id = actor_id
        offer = existing.get(data.ref)
        if offer is not None and offer_to_data(offer) == data:
            continue
        if offer is None:
            offer = Offer(ref=data.ref, created_by_id=actor_id)
            session.add(offer)
            created += 1
        else:
            updated += 1
        offer.organisation = org
        offer.title, offer.description = data.title, data.description
        offer.topics = [topics[s] for s in data.topics]
        offer.support_types = [support[s] for s in data.support_types]
        offer.languages = list(data.languages)
        offer.modality = data.modality
        offer.start, offer.end = data.start, data.end
        offer.eligible = list(data.eligible)
        offer.reach = reach.of(data.eligible)
        offer.capacity = data.capacity
        offer.updated_by_id = actor_id
    return ImportResult(created, updated, len(records) - created - updated)


# --- exporting -------------------------------------------------------------------------------


def _need_loads() -> tuple[Any, ...]:
    return (selectinload(Need.state), selectinload(Need.topics), selectinload(Need.support_types))


def _offer_loads() -> tuple[Any, ...]:
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
        title=need.title,
        description=need.description,
        topics=tuple(sorted(t.slug for t in need.topics)),
        support_types=tuple(sorted(s.slug for s in need.support_types)),
        languages=tuple(need.languages) or ("en",),
        modality=need.modality,
        start=need.start,
        end=need.end,
        priority=need.priority,
        confidential=need.confidential,
    )


def offer_to_data(offer: Offer) -> OfferData:
    """The interchange form of a stored offer."""
    org = offer.organisation
    return OfferData(
        ref=offer.ref,
        provider=org.name,
        provider_type=org.type.value,
        provider_country=org.country.iso3 if org.country else None,
        title=offer.title,
        description=offer.description,
        topics=tuple(sorted(t.slug for t in offer.topics)),
        support_types=tuple(sorted(s.slug for s in offer.support_types)),
        languages=tuple(offer.languages) or ("en",),
        modality=offer.modality,
        start=offer.start,
        end=offer.end,
        eligible=tuple(offer.eligible),
        capacity=offer.capacity,
    )


def export_records(session: Session, kind: Kind) -> list[dict[str, Any]]:
    """Every stored need or offer as interchange records, ordered by ref."""
    if kind == "needs":
        needs = session.scalars(select(Need).options(*_need_loads()).order_by(Need.ref))
        return [need_to_data(n).as_record() for n in needs]
    offers = session.scalars(select(Offer).options(*_offer_loads()).order_by(Offer.ref))
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
