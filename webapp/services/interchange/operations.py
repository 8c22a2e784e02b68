"""Bulk import of needs and offers in the interchange format (docs/INTERCHANGE.md).

Every record is validated, and the import is one transaction: one bad record and the import
writes nothing and reports every error. Records upsert by ref; a record identical to the stored
one is left untouched, so importing the same file twice changes nothing. Files are read,
validated and written a chunk at a time (readers.py and bulk.py beside this module), so memory stays
flat however large the file.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Need, NeedStatus, Offer, Organisation, State, SupportType, Topic, User, audit
from models.organisation import ProviderType
from webapp.services import text_language
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.interchange.bulk import (
    NeedWriter,
    OfferWriter,
    copied_columns,
    settle_confidentiality,
)
from webapp.services.interchange.export import need_loads, need_to_data, offer_loads, offer_to_data
from webapp.services.interchange.readers import Kind, iter_file
from webapp.services.interchange.records import NeedData, OfferData, Reference
from webapp.services.interchange.validation import validate_need, validate_offer
from webapp.services.reference.reach import ReachIndex

log = logging.getLogger(__name__)


T = TypeVar("T")


#: Records validated and written together: large enough for fast executemany, small enough
#: that an import holds little in memory.
CHUNK = 2000


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    created: int
    updated: int
    unchanged: int
    #: (ref, confidential now) of each stored need whose confidentiality changed, in file order.
    confidentiality: tuple[tuple[str, bool], ...] = ()

    @property
    def total(self) -> int:
        """Records read."""
        return self.created + self.updated + self.unchanged


class RecordChecker:
    """Validates records chunk by chunk, keeping what the rules across records need.

    Those rules: a ref appears once in a file, and every offer of a provider gives it the same
    type and country. Errors accumulate in ``errors``; the good records of a chunk are returned,
    and ``unstated`` holds the refs of the chunk's needs that do not say ``confidential`` (an
    update keeps the stored value for those).
    """

    def __init__(self, reference: Reference, kind: Kind) -> None:
        self.reference = reference
        self.validate = validate_need if kind == "needs" else validate_offer
        self.errors: list[RecordError] = []
        self.seen: dict[str, str] = {}
        self.providers: dict[str, tuple[str, str | None, str]] = {}
        self.unstated: set[str] = set()

    def check(self, raws: Iterable[tuple[str, dict[str, Any]]]) -> list[Any]:
        """The valid records among ``raws``, in order; every problem goes to ``errors``."""
        good: list[Any] = []
        self.unstated = set()
        for where, raw in raws:
            data, errs = self.validate(raw, self.reference, where)
            self.errors.extend(errs)
            if data is None:
                continue
            if data.ref in self.seen:
                self.errors.append(
                    RecordError(where, "ref", f"duplicate ref, also at {self.seen[data.ref]}")
                )
                continue
            self.seen[data.ref] = where
            if isinstance(data, NeedData) and raw.get("confidential") in (None, ""):
                self.unstated.add(data.ref)
            if isinstance(data, OfferData):
                first = self.providers.setdefault(
                    data.provider, (data.provider_type, data.provider_country, where)
                )
                if first[:2] != (data.provider_type, data.provider_country):
                    self.errors.append(
                        RecordError(
                            where,
                            "provider_type",
                            f"{data.provider!r} is given another type or country at {first[2]}",
                        )
                    )
            good.append(data)
        return good


def validate_all(
    session: Session, kind: Kind, raws: Iterable[tuple[str, dict[str, Any]]]
) -> list[NeedData] | list[OfferData]:
    """Validate every record against the database's reference data (see validate_records)."""
    return validate_records(Reference.load(session), kind, raws)


def validate_records(
    reference: Reference, kind: Kind, raws: Iterable[tuple[str, dict[str, Any]]]
) -> list[NeedData] | list[OfferData]:
    """Validate every record; raise ValidationFailed with every error if any is bad."""
    checker = RecordChecker(reference, kind)
    good = checker.check(raws)
    if checker.errors:
        raise ValidationFailed(checker.errors)
    return good


def import_file(
    session: Session, kind: Kind, path: Path, actor: User | None = None
) -> ImportResult:
    """Read, validate and upsert a file as it is read; flushes, the caller commits.

    The audit log gets one entry for the whole file (its counts), not one per record.
    """
    records = iter_file(path, kind)
    try:
        result = import_records(session, kind, records, actor=actor)
    finally:
        records.close()  # the file, also when the import fails (a traceback can hold it)
    log_import(session, kind, path.name, result)
    return result


def log_import(session: Session, kind: Kind, source: str, result: ImportResult) -> None:
    """One audit entry for a file's import, with its counts (none when nothing changed)."""
    if result.created or result.updated:
        counts = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        audit.record_bulk(session, entity=kind[:-1], action="import", record=source, summary=counts)


def import_records(
    session: Session,
    kind: Kind,
    raws: Iterable[tuple[str, dict[str, Any]]],
    actor: User | None = None,
) -> ImportResult:
    """Validate raw records and upsert them by ref, all in the session's transaction.

    Records are validated and written a chunk at a time. After the first bad record nothing
    more is written, every remaining record is still checked, and ValidationFailed lists every
    error; the caller then rolls back, so the import as a whole writes nothing. An input of
    one chunk or less is never written in part, even before that rollback.
    """
    checker = RecordChecker(Reference.load(session), kind)
    actor_id = actor.id if actor else None
    writer = NeedWriter(session, actor_id) if kind == "needs" else OfferWriter(session, actor_id)
    with _cycle_collector_paused():
        for chunk in _chunks(raws, CHUNK):
            good = checker.check(chunk)
            if not checker.errors:
                if isinstance(writer, NeedWriter):
                    writer.unstated = checker.unstated
                writer.write(good)
    if checker.errors:
        raise ValidationFailed(checker.errors)
    writer.finish()
    changed = tuple(writer.confidentiality) if isinstance(writer, NeedWriter) else ()
    result = ImportResult(writer.created, writer.updated, writer.unchanged, changed)
    log.info("imported %s: %s", kind, result)
    return result


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while records stream through.

    An import allocates millions of short-lived dicts and tuples, all freed by reference
    counting; each chunk lives long enough to trigger full collections, which walk every object
    of the app and took a fifth to a quarter of the import's time. Peak memory was unchanged.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _lookups(session: Session) -> tuple[dict[str, Topic], dict[str, SupportType]]:
    topics = {t.slug: t for t in session.scalars(select(Topic))}
    support = {s.slug: s for s in session.scalars(select(SupportType))}
    return topics, support


def apply_need_data(
    need: Need, data: NeedData, topics: dict[str, Topic], support: dict[str, SupportType]
) -> None:
    """Copy a validated record's fields (all but ref and state) onto a need."""
    _copy_columns(need, data)
    need.topics = [topics[s] for s in data.topics]
    need.support_types = [support[s] for s in data.support_types]


def _copy_columns(row: Need | Offer, data: NeedData | OfferData) -> None:
    """Set the columns a record gives as they are, the same ones the bulk writers write.

    A new text (or a row with no language yet) has its language detected, as the bulk writers
    do; a text left as it was keeps the language stored, which its author may have chosen.
    """
    rewritten = (row.title, row.description) != (data.title, data.description)
    for name, value in copied_columns(data).items():
        setattr(row, name, value)
    if rewritten or row.text_language is None:
        row.text_language = text_language.detect(data.title, data.description)


def save_records(
    session: Session,
    kind: Kind,
    raws: Iterable[tuple[str, dict[str, Any]]],
    actor: User | None = None,
) -> ImportResult:
    """Validate and upsert a few records through the ORM: the web forms' path.

    The same validation and the same result as ``import_records``, but each change goes through
    the session, so the audit log records it field by field and the version column moves.
    """
    checker = RecordChecker(Reference.load(session), kind)
    good = checker.check(raws)
    if checker.errors:
        raise ValidationFailed(checker.errors)
    return upsert_records(session, kind, good, actor, unstated=checker.unstated)


def upsert_records(
    session: Session,
    kind: Kind,
    records: list[NeedData] | list[OfferData],
    actor: User | None = None,
    *,
    unstated: Set[str] = frozenset(),
) -> ImportResult:
    """Upsert records already validated (``validate_records``) through the ORM, as save_records.

    ``unstated``: refs of needs whose input did not say ``confidential`` (kept when stored).
    """
    if kind == "needs":
        return _upsert_needs(session, records, actor, unstated)  # type: ignore[arg-type]
    return _upsert_offers(session, records, actor)  # type: ignore[arg-type]


def _upsert_needs(
    session: Session, records: list[NeedData], actor: User | None, unstated: Set[str]
) -> ImportResult:
    topics, support = _lookups(session)
    states = {s.iso3: s for s in session.scalars(select(State))}
    refs = [r.ref for r in records]
    existing = {
        n.ref: n
        for n in session.scalars(select(Need).where(Need.ref.in_(refs)).options(*need_loads()))
    }
    created = updated = 0
    changes: list[tuple[str, bool]] = []
    actor_id = actor.id if actor else None
    for data in records:
        need = existing.get(data.ref)
        if need is not None:
            data = settle_confidentiality(data, need.confidential, unstated, changes)
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
    return ImportResult(created, updated, len(records) - created - updated, tuple(changes))


def _upsert_offers(session: Session, records: list[OfferData], actor: User | None) -> ImportResult:
    topics, support = _lookups(session)
    states = {s.iso3: s for s in session.scalars(select(State))}
    reach = ReachIndex(states.values())
    orgs = {o.name: o for o in session.scalars(select(Organisation))}
    refs = [r.ref for r in records]
    existing = {
        o.ref: o
        for o in session.scalars(select(Offer).where(Offer.ref.in_(refs)).options(*offer_loads()))
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
        _copy_columns(offer, data)
        offer.topics = [topics[s] for s in data.topics]
        offer.support_types = [support[s] for s in data.support_types]
        offer.reach = reach.of(data.eligible)
        offer.updated_by_id = actor_id
    return ImportResult(created, updated, len(records) - created - updated)
