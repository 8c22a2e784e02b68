"""Upsert validated needs and offers a chunk at a time with SQLAlchemy Core.

The importer hands each chunk of valid records to a writer, which reads the stored rows of
those refs in one query (plus one per many-to-many table), leaves identical records alone, and
writes the rest as executemany INSERTs (RETURNING the new ids) and UPDATEs, topic and
support-type rows included. Everything runs on the session's connection, inside its
transaction: the caller commits or rolls back the whole import. Going through Core rather than
the ORM unit of work is what makes 100,000 records a matter of seconds; the rules stay those of
the ORM path they replace.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Column, Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from models import Need, NeedStatus, Offer, Organisation, State, SupportType, Topic
from models.need import need_support_type, need_topic
from models.offer import offer_support_type, offer_topic
from models.organisation import ProviderType
from webapp.services import text_language
from webapp.services.interchange.records import NeedData, OfferData
from webapp.services.reference.reach import ReachIndex

# Declared as FromClause on the model class; the mapped table of each is a Table.
NEED = cast(Table, Need.__table__)
OFFER = cast(Table, Offer.__table__)
ORGANISATION = cast(Table, Organisation.__table__)
#: The columns a need or an offer takes as they are from its interchange record, a field of
#: the same name (tuples stored as lists). Both write paths copy these, this bulk one and the
#: ORM one of the web forms (interchange.py), and the export reads them back: an interchange
#: field stored in a column of its own name is added here, and the writing code follows.
NEED_COPIED = ("title", "description", "languages", "modality", "start", "end", "priority",
               "confidential", "funding_required", "funding_amount",
               "funding_currency")  # fmt: skip
OFFER_COPIED = ("title", "description", "languages", "modality", "start", "end", "eligible",
                "capacity", "gender_marker", "funding_amount", "funding_currency")  # fmt: skip
NEED_FIELDS = ("state_id", *NEED_COPIED)
OFFER_FIELDS = ("organisation_id", *OFFER_COPIED, "reach")
#: Rows per statement for IN lists and multi-row DELETEs; well under SQLite's variable limit.
PAGE = 2000


def copied_columns(data: NeedData | OfferData) -> dict[str, Any]:
    """The values a record gives the columns named in NEED_COPIED or OFFER_COPIED."""
    names = NEED_COPIED if isinstance(data, NeedData) else OFFER_COPIED
    return {name: _column(getattr(data, name)) for name in names}


def settle_confidentiality(
    data: NeedData, stored: bool, unstated: Set[str], changes: list[tuple[str, bool]]
) -> NeedData:
    """A need's record as written over the stored need (docs/INTERCHANGE.md).

    A record that does not say ``confidential`` (its ref in ``unstated``) keeps the stored value;
    one that says it sets it, and a change either way is added to ``changes`` as (ref, value).
    """
    if data.ref in unstated:
        return data if data.confidential == stored else replace(data, confidential=stored)
    if data.confidential != stored:
        changes.append((data.ref, data.confidential))
    return data


def _column(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


class Writer:
    """Upserts one kind of record; ``write`` is called once per chunk of valid records."""

    table: Table
    links: tuple[tuple[Table, str, str], ...]  # (association table, owner column, other column)
    fields: tuple[str, ...]
    models: tuple[type, ...]

    def __init__(self, session: Session, actor_id: int | None) -> None:
        session.flush()  # pending ORM changes go first, so Core sees and follows them
        self.session = session
        self.conn: Connection = session.connection()
        self.actor_id = actor_id
        self.created = self.updated = self.unchanged = 0
        self.topic_ids = dict(self.conn.execute(select(Topic.slug, Topic.id)).all())
        self.support_ids = dict(self.conn.execute(select(SupportType.slug, SupportType.id)).all())
        self.state_ids = dict(self.conn.execute(select(State.iso3, State.id)).all())

    def values(self, data: Any) -> dict[str, Any]:
        """The row's column values (all but ref, status and authorship) for a record."""
        raise NotImplementedError

    def write(self, records: Sequence[NeedData] | Sequence[OfferData]) -> None:
        """Upsert one chunk of valid records with distinct refs."""
        if not records:
            return
        t = self.table
        stored = {
            row.ref: row
            for row in self.conn.execute(
                select(t.c.id, t.c.ref, t.c.text_language, *(t.c[f] for f in self.fields)).where(
                    t.c.ref.in_([r.ref for r in records])
                )
            )
        }
        linked = self._linked([row.id for row in stored.values()])
        inserts: list[dict[str, Any]] = []
        new_links: list[tuple[frozenset[int], ...]] = []
        updates: list[dict[str, Any]] = []
        relinks: dict[int, tuple[frozenset[int], ...]] = {}
        created = {**self.new_row(), "created_by_id": self.actor_id, "updated_by_id": self.actor_id}
        topic_id, support_id = self.topic_ids.__getitem__, self.support_ids.__getitem__
        for data in records:
            row = stored.get(data.ref)
            if row is not None:
                data = self.settled(data, row)
            values = self.values(data)
            wanted = (
                frozenset(map(topic_id, data.topics)),
                frozenset(map(support_id, data.support_types)),
            )
            if row is None:
                values.update(created, ref=data.ref, text_language=_detected(data))
                inserts.append(values)
                new_links.append(wanted)
                continue
            have = tuple(links.get(row.id, frozenset()) for links in linked)
            if have == wanted and self.same(row._mapping, values):
                self.unchanged += 1
                continue
            rewritten = (row.title, row.description) != (data.title, data.description)
            keep = not rewritten and row.text_language is not None  # perhaps its author's word
            language = row.text_language if keep else _detected(data)
            updates.append(
                {
                    **values,
                    "text_language": language,
                    "b_id": row.id,
                    "updated_by_id": self.actor_id,
                }
            )
            if have != wanted:
                relinks[row.id] = wanted
        if inserts:
            ids = self._insert(t, t.c.ref, inserts)
            for inserted, its_links in zip(inserts, new_links, strict=True):
                relinks[ids[inserted["ref"]]] = its_links
            self.created += len(inserts)
        if updates:
            # The version moves as an ORM save's would, so a web form opened before the
            # import refuses to save over it (webapp/services/concurrency.py).
            stmt = update(t).where(t.c.id == bindparam("b_id")).values(version=t.c.version + 1)
            self.conn.execute(stmt, updates)
            self.updated += len(updates)
        self._relink(relinks, replace=bool(updates))

    def new_row(self) -> dict[str, Any]:
        """Columns set only when a record is created."""
        return {}

    def settled(self, data: Any, row: Any) -> Any:
        """The record to write over the stored ``row``: the one given (see NeedWriter)."""
        return data

    def same(self, row: Any, values: dict[str, Any]) -> bool:
        """Whether a stored row already holds these values (languages: empty means English)."""
        for key, value in values.items():
            have = row[key]
            if key == "languages":
                have = have or ["en"]
            if have != value:
                return False
        return True

    def _insert(self, table: Table, key: Column[str], rows: list[dict[str, Any]]) -> dict[str, int]:
        """Insert rows; return their new ids by their unique ``key`` column.

        A plain executemany and one SELECT: an INSERT ... RETURNING of many rows measured six
        times slower with psycopg, and no faster on SQLite.
        """
        self.conn.execute(insert(table), rows)
        keys = [row[key.name] for row in rows]
        ids: dict[str, int] = {}
        for page in _pages(keys):
            ids.update(self.conn.execute(select(key, table.c.id).where(key.in_(page))).all())
        return ids

    def _linked(self, ids: list[int]) -> list[dict[int, frozenset[int]]]:
        """For each association table, owner id -> the ids it links to."""
        out: list[dict[int, frozenset[int]]] = []
        for table, owner, other in self.links:
            found: defaultdict[int, set[int]] = defaultdict(set)
            for page in _pages(ids):
                rows = self.conn.execute(
                    select(table.c[owner], table.c[other]).where(table.c[owner].in_(page))
                )
                for owner_id, other_id in rows:
                    found[owner_id].add(other_id)
            out.append({k: frozenset(v) for k, v in found.items()})
        return out

    def _relink(self, relinks: dict[int, tuple[frozenset[int], ...]], *, replace: bool) -> None:
        """Make the association rows of these owners exactly the given sets."""
        if not relinks:
            return
        for i, (table, owner, other) in enumerate(self.links):
            if replace:
                for page in _pages(list(relinks)):
                    self.conn.execute(delete(table).where(table.c[owner].in_(page)))
            rows = [
                {owner: owner_id, other: other_id}
                for owner_id, sets in relinks.items()
                for other_id in sorted(sets[i])
            ]
            if rows:
                self.conn.execute(insert(table), rows)

    def finish(self) -> None:
        """Forget ORM copies of rows written behind the session's back, so they reload."""
        for obj in list(self.session.identity_map.values()):
            if isinstance(obj, self.models):
                self.session.expire(obj)


class NeedWriter(Writer):
    """Upserts needs; a new need is open."""

    table = NEED
    links = ((need_topic, "need_id", "topic_id"), (need_support_type, "need_id", "support_type_id"))
    fields = NEED_FIELDS
    models = (Need,)

    def __init__(self, session: Session, actor_id: int | None) -> None:
        super().__init__(session, actor_id)
        #: Refs of the chunk being written whose record does not say ``confidential``.
        self.unstated: Set[str] = frozenset()
        #: (ref, confidential now) of each stored need whose confidentiality the import changed.
        self.confidentiality: list[tuple[str, bool]] = []

    def settled(self, data: NeedData, row: Any) -> NeedData:
        return settle_confidentiality(data, row.confidential, self.unstated, self.confidentiality)

    def values(self, data: NeedData) -> dict[str, Any]:
        return {"state_id": self.state_ids[data.state], **copied_columns(data)}

    def new_row(self) -> dict[str, Any]:
        return {"status": NeedStatus.OPEN}


class OfferWriter(Writer):
    """Upserts offers, creating their organisations or updating their type and country."""

    table = OFFER
    links = (
        (offer_topic, "offer_id", "topic_id"),
        (offer_support_type, "offer_id", "support_type_id"),
    )
    fields = OFFER_FIELDS
    models = (Offer, Organisation)

    def __init__(self, session: Session, actor_id: int | None) -> None:
        super().__init__(session, actor_id)
        self.orgs: dict[str, tuple[int, ProviderType, int | None]] = {}
        self.reach = ReachIndex.load(session)

    def write(self, records: Sequence[NeedData] | Sequence[OfferData]) -> None:
        self._organisations([r for r in records if isinstance(r, OfferData)])
        super().write(records)

    def values(self, data: OfferData) -> dict[str, Any]:
        return {
            "organisation_id": self.orgs[data.provider][0],
            **copied_columns(data),
            "reach": self.reach.of(data.eligible),
        }

    def _organisations(self, records: Iterable[OfferData]) -> None:
        """Create the providers not stored yet; give known ones the type and country given."""
        given = {r.provider: (ProviderType(r.provider_type), r.provider_country) for r in records}
        o = ORGANISATION
        unknown = [name for name in given if name not in self.orgs]
        for page in _pages(unknown):
            rows = self.conn.execute(
                select(o.c.name, o.c.id, o.c.type, o.c.country_id).where(o.c.name.in_(page))
            )
            for name, org_id, kind, country_id in rows:
                self.orgs[name] = (org_id, kind, country_id)
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for name, (kind, country) in given.items():
            country_id = self.state_ids[country] if country else None
            known = self.orgs.get(name)
            if known is None:
                new.append(
                    {
                        "name": name,
                        "type": kind,
                        "country_id": country_id,
                        "created_by_id": self.actor_id,
                        "updated_by_id": self.actor_id,
                    }
                )
            elif known[1:] != (kind, country_id):
                changed.append(
                    {
                        "b_id": known[0],
                        "type": kind,
                        "country_id": country_id,
                        "updated_by_id": self.actor_id,
                    }
                )
                self.orgs[name] = (known[0], kind, country_id)
        if new:
            ids = self._insert(o, o.c.name, new)
            for row in new:
                self.orgs[row["name"]] = (ids[row["name"]], row["type"], row["country_id"])
        if changed:
            self.conn.execute(update(o).where(o.c.id == bindparam("b_id")), changed)


def _detected(data: NeedData | OfferData) -> str | None:
    """The language a record's title and description are written in, detected.

    Not a field of the interchange (whose ``languages`` say how support is given): an import
    detects it, as the web forms do when the author does not say.
    """
    return text_language.detect(data.title, data.description)


def _pages(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), PAGE):
        yield items[start : start + PAGE]
