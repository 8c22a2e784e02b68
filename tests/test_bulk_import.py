"""The chunked importer over several chunks: upserts, many-to-many rows, errors, the ORM session."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Need, Offer
from models.need import need_support_type, need_topic
from models.offer import offer_support_type, offer_topic
from tests import factories
from tests.factories import need_record, offer_record
from webapp.services.errors import ValidationFailed
from webapp.services.interchange.export import export_records
from webapp.services.interchange.operations import CHUNK, import_records

N = 2 * CHUNK + 500  # three chunks
KINDS = {
    "needs": (need_record, need_topic, need_support_type),
    "offers": (offer_record, offer_topic, offer_support_type),
}


def raws(records: list[dict]) -> list[tuple[str, dict]]:
    return [(f"record {i}", rec) for i, rec in enumerate(records, start=1)]


def canonical(rec: dict) -> dict:
    """What export gives back for a record built by the factories."""
    out = dict(rec)
    out["topics"] = sorted(rec["topics"])
    out["support_types"] = sorted(rec["support_types"])
    return out


def count(session, table) -> int:
    return session.scalar(select(func.count()).select_from(table))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_upsert_across_chunks_keeps_topic_and_support_rows_exact(session, kind):
    make, topics_table, support_table = KINDS[kind]
    first = [make(i) for i in range(N)]
    assert import_records(session, kind, raws(first)).created == N

    second = []
    for i, rec in enumerate(first):
        rec = dict(rec)
        if i % 3 == 0:  # another topic, one more support type
            rec["topics"] = ["awareness", "education"]
            rec["support_types"] = [*rec["support_types"], "funding"]
        elif i % 3 == 1:  # every link removed
            rec["topics"], rec["support_types"] = [], []
        second.append(rec)
    second += [make(i, topics=["gender"]) for i in range(N, N + 700)]
    if kind == "offers":  # a provider moves: its offers left as they were stay unchanged
        for rec in second:
            if rec["provider"] == "Government of Ghana":
                rec["provider_country"] = "SEN"

    result = import_records(session, kind, raws(list(reversed(second))))
    session.commit()

    unchanged = sum(1 for i in range(N) if i % 3 == 2)
    assert (result.created, result.updated, result.unchanged) == (700, N - unchanged, unchanged)
    assert export_records(session, kind) == sorted(map(canonical, second), key=lambda r: r["ref"])
    assert count(session, topics_table) == sum(len(r["topics"]) for r in second)
    assert count(session, support_table) == sum(len(r["support_types"]) for r in second)
    again = import_records(session, kind, raws(second))
    assert (again.created, again.updated, again.unchanged) == (0, 0, N + 700)


def test_every_bad_record_of_every_chunk_is_reported_and_nothing_is_kept(session):
    records = [need_record(i) for i in range(N)]
    records[10]["state"] = "XYZ"
    records[CHUNK + 5] = need_record(3)  # the same ref as record 4, a chunk later
    records[-1]["topics"] = ["quantum-cryptanalysis"]

    with pytest.raises(ValidationFailed) as failed:
        import_records(session, "needs", raws(records))
    session.rollback()

    assert [(e.where, e.field) for e in failed.value.errors] == [
        ("record 11", "state"),
        (f"record {CHUNK + 6}", "ref"),
        (f"record {N}", "topics"),
    ]
    assert failed.value.errors[1].reason == "duplicate ref, also at record 4"
    assert count(session, Need.__table__) == 0
    assert count(session, need_topic) == 0


def test_records_loaded_in_the_session_show_what_an_import_changed(session):
    offer = factories.make_offer(session, i=1)
    need = factories.make_need(session, i=2)
    assert [t.slug for t in offer.topics] == ["national-strategy"]

    import_records(
        session, "offers", raws([offer_record(1, title="Renamed", topics=["gender", "awareness"])])
    )
    import_records(session, "needs", raws([need_record(2, support_types=[], priority="low")]))

    assert offer.title == "Renamed"
    assert [t.slug for t in offer.topics] == ["awareness", "gender"]
    assert need.support_types == []
    assert need.priority == "low"
    assert session.scalars(select(Offer).where(Offer.ref == offer.ref)).one() is offer


def test_confidentiality_left_unsaid_is_kept_in_every_chunk_and_on_the_forms_path(session):
    """An update silent on `confidential` keeps it (issue 16, item 6), in the chunked writer
    (the silent refs are per chunk) and in the ORM path of ``save_records``."""
    from webapp.services.interchange.operations import save_records

    n = CHUNK + 10
    first = [need_record(i, confidential=i % 2 == 0) for i in range(n)]
    import_records(session, "needs", raws(first))
    silent = [need_record(i, title=f"Renamed {i}") for i in range(n)]
    for rec in silent:
        del rec["confidential"]
    silent[CHUNK + 2]["confidential"] = False  # said: made public, in the second chunk

    result = import_records(session, "needs", raws(silent))

    assert result.updated == n
    assert result.confidentiality == ((f"N-T-{CHUNK + 2:04d}", False),)
    stored = dict(session.execute(select(Need.ref, Need.confidential)).all())
    assert sum(stored.values()) == (n + 1) // 2 - 1

    rec = need_record(4, title="Renamed by a form")
    del rec["confidential"]
    assert save_records(session, "needs", [("web", rec)]).confidentiality == ()
    assert stored["N-T-004"] is True
    assert session.scalars(select(Need).where(Need.ref == "N-T-004")).one().confidential is True
    said = need_record(4, title="Renamed by a form", confidential=False)
    assert save_records(session, "needs", [("web", said)]).confidentiality == (("N-T-004", False),)
