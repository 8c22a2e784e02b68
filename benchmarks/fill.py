"""Fill a benchmark database fast: the importer's own validation, then bulk inserts.

``cbmatch import`` builds one ORM object per record, which is fine for a ministry's file and slow
for 100,000 synthetic records. Here every record still goes through
``interchange.validate_records`` (so the rows are exactly what an import would store), and the
rows are written with one executemany per table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from models import Need, NeedStatus, Offer, OfferStatus, Organisation, State, SupportType, Topic
from models.need import need_support_type, need_topic
from models.offer import offer_support_type, offer_topic
from models.organisation import ProviderType

_CHUNK = 5000


def _records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(f"{path.name}:{i + 1}", rec) for i, rec in enumerate(data)]


def _insert(session: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for lo in range(0, len(rows), _CHUNK):
        session.execute(insert(table), rows[lo : lo + _CHUNK])


def fill(database_url: str, needs_path: Path, offers_path: Path) -> None:
    """Validate and insert the needs and offers of two interchange JSON files."""
    from models import db
    from webapp import create_app
    from webapp.services.interchange.operations import validate_records
    from webapp.services.interchange.records import Reference

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "benchmark"})
    with app.app_context():
        session = db.session
        reference = Reference.load(session)
        needs = validate_records(reference, "needs", _records(needs_path))
        offers = validate_records(reference, "offers", _records(offers_path))
        states = dict(session.execute(select(State.iso3, State.id)).all())
        topics = dict(session.execute(select(Topic.slug, Topic.id)).all())
        support = dict(session.execute(select(SupportType.slug, SupportType.id)).all())

        orgs: dict[str, dict[str, Any]] = {}
        for o in offers:
            orgs.setdefault(
                o.provider,
                {
                    "name": o.provider,
                    "type": ProviderType(o.provider_type),
                    "country_id": states[o.provider_country] if o.provider_country else None,
                },
            )
        _insert(session, Organisation, list(orgs.values()))
        org_ids = dict(session.execute(select(Organisation.name, Organisation.id)).all())

        _insert(session, Need, [
            {"ref": n.ref, "state_id": states[n.state], "title": n.title,
             "description": n.description, "languages": list(n.languages),
             "modality": n.modality, "start": n.start, "end": n.end, "priority": n.priority,
             "confidential": n.confidential, "status": NeedStatus.OPEN}
            for n in needs
        ])  # fmt: skip
        _insert(session, Offer, [
            {"ref": o.ref, "organisation_id": org_ids[o.provider], "title": o.title,
             "description": o.description, "languages": list(o.languages),
             "modality": o.modality, "start": o.start, "end": o.end,
             "eligible": list(o.eligible), "capacity": o.capacity, "status": OfferStatus.OPEN}
            for o in offers
        ])  # fmt: skip
        need_ids = dict(session.execute(select(Need.ref, Need.id)).all())
        offer_ids = dict(session.execute(select(Offer.ref, Offer.id)).all())
        _insert(session, need_topic, [
            {"need_id": need_ids[n.ref], "topic_id": topics[t]} for n in needs for t in n.topics
        ])  # fmt: skip
        _insert(session, need_support_type, [
            {"need_id": need_ids[n.ref], "support_type_id": support[s]}
            for n in needs for s in n.support_types
        ])  # fmt: skip
        _insert(session, offer_topic, [
            {"offer_id": offer_ids[o.ref], "topic_id": topics[t]} for o in offers for t in o.topics
        ])  # fmt: skip
        _insert(session, offer_support_type, [
            {"offer_id": offer_ids[o.ref], "support_type_id": support[s]}
            for o in offers for s in o.support_types
        ])  # fmt: skip
        session.commit()
        db.engine.dispose()
