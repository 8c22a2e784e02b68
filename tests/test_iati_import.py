"""Offers read from IATI activities: cbmatch's own export round-trips, a donor's file maps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlalchemy import select

from models import Offer
from seed_data import reference
from tests.conftest import examples
from tests.factories import offer_record
from tests.iati_support import DONOR_FILE, EXT, schema_errors
from tests.test_roundtrip import SETTINGS, offers, unique_refs
from webapp.services.errors import CbmatchError, ValidationFailed
from webapp.services.iati.export import Publisher, activities_xml
from webapp.services.iati.reader import parse_activities, read_activities
from webapp.services.interchange.export import export_records, offer_loads, offer_to_data
from webapp.services.interchange.operations import import_records
from webapp.services.interchange.records import OfferData

PUBLISHER = Publisher(ref="XX-CBMATCH", name="cbmatch", type="90")


def load(session, records: list[dict]) -> None:
    import_records(session, "offers", [(f"record {i}", r) for i, r in enumerate(records)])


def stored(session) -> list[OfferData]:
    rows = session.scalars(select(Offer).options(*offer_loads()).order_by(Offer.ref))
    return [offer_to_data(o) for o in rows]


def test_import_of_the_export_gives_back_the_same_offers(session):
    records = [offer_record(i) for i in range(12)]  # every provider type, group, marker, money
    records[4].update(start="2027-03-01", end="2027-09-30", languages=["fr", "en"])
    records[5].update(modality="remote", support_types=["advisory", "training"])
    load(session, records)
    before = export_records(session, "offers")

    document = activities_xml(session, PUBLISHER)
    assert schema_errors(document) == []
    reading = parse_activities(document, "export.xml")
    result = import_records(session, "offers", reading.records)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 12)
    assert export_records(session, "offers") == before
    # ... and into an empty database, the same offers again.
    for offer in session.scalars(select(Offer)):
        session.delete(offer)
    session.flush()
    result = import_records(session, "offers", parse_activities(document, "export.xml").records)
    assert (result.created, result.updated) == (12, 0)
    assert export_records(session, "offers") == before


TYPES = {
    "Harbourline Security Ltd": "business",
    "Université de Dakar": "academia",
    "OAS": "intergovernmental",
}


@st.composite
def marked_offers(draw: st.DrawFn) -> OfferData:
    """Offers with a provider type, a gender marker and money or not."""
    offer = draw(offers())
    money = draw(st.none() | st.integers(1, 10**12))
    return replace(
        offer,
        provider_type=TYPES[offer.provider],  # one type per provider, as the importer wants
        gender_marker=draw(st.sampled_from([None, 0, 1, 2])),
        funding_amount=money,
        funding_currency="EUR" if money else None,
    )


def test_any_offers_round_trip_through_iati(session):
    @settings(SETTINGS, max_examples=examples(10))
    @given(st.lists(marked_offers(), min_size=1, max_size=4).map(unique_refs))
    def check(records: list[OfferData]) -> None:
        try:
            expected = sorted((r.as_record() for r in records), key=lambda r: r["ref"])
            load(session, expected)
            document = activities_xml(session, PUBLISHER)
            assert schema_errors(document) == []
            result = import_records(
                session, "offers", parse_activities(document, "export.xml").records
            )
            assert result.unchanged == len(records)
            assert export_records(session, "offers") == expected
        finally:
            session.rollback()

    check()


def test_without_cbmatchs_extension_the_fields_iati_carries_round_trip(session):
    records = [
        offer_record(1, eligible=["SEN", "Western Africa"], start="2027-01-01", end="2027-06-30"),
        offer_record(2, eligible=[], topics=["gender", "incident-response"]),
        offer_record(3, eligible=["LLDC"], gender_marker=2),
    ]
    load(session, records)
    root = etree.fromstring(activities_xml(session, PUBLISHER))
    for ext in root.iter(EXT):  # what any IATI publisher's file looks like
        ext.getparent().remove(ext)
    reading = parse_activities(etree.tostring(root), "plain.xml")

    got = {raw["ref"]: raw for _, raw in reading.records}
    assert set(got) == {"XX-CBMATCH-O-T-001", "XX-CBMATCH-O-T-002", "XX-CBMATCH-O-T-003"}
    for rec in records:
        raw = got[f"XX-CBMATCH-{rec['ref']}"]
        for name in ("provider", "provider_type", "title", "description", "gender_marker"):
            assert raw[name] == rec[name], name
        assert sorted(raw["topics"]) == sorted(rec["topics"])
    first = got["XX-CBMATCH-O-T-001"]
    assert (first["eligible"], first["start"], first["end"]) == (
        ["SEN", "Western Africa"],
        "2027-01-01",
        "2027-06-30",
    )
    assert got["XX-CBMATCH-O-T-002"]["eligible"] == []  # open to all, as region 998
    lldc = got["XX-CBMATCH-O-T-003"]["eligible"]  # a group: its member countries
    assert len(lldc) == 32
    assert {"BOL", "NPL"} <= set(lldc)
    skipped = {(n.field, n.text) for n in reading.notes if not n.kept}
    assert ("capacity", "not in IATI: 1 (the default)") in skipped


def test_a_donors_file_becomes_two_offers_and_reports_what_it_left(session):
    assert schema_errors(DONOR_FILE.read_bytes()) == []
    reading = read_activities(DONOR_FILE)
    result = import_records(session, "offers", reading.records)

    assert (result.created, reading.skipped) == (2, 1)
    first, second = stored(session)
    assert first.ref == "XM-DAC-901-3-CYB-2027-01"
    assert first.provider == "Nordmark Agency for Development Cooperation"
    assert first.provider_type == "state"
    assert first.title == "Strengthening national CSIRTs in West Africa"  # English first
    assert first.description.startswith("Mentoring and technical training")
    assert first.topics == ("defence-security", "incident-response")  # 15210 and 22040
    assert first.eligible == ("SEN", "CIV")  # as the file gives them
    assert (first.start, first.end) == (date(2027, 2, 1), date(2029, 12, 31))  # actual start
    assert first.gender_marker == 1
    assert (first.languages, first.capacity, first.funding_amount) == (("en",), 1, None)
    assert second.title.startswith("Cyber security in defence")
    assert second.topics == ("defence-security",)
    assert second.eligible == ("Western Africa",)  # DAC 1030; 589 Middle East has no M49 area
    assert second.gender_marker == 0

    notes = [str(n) for n in reading.notes if not n.kept]
    where = "activity 2 (XM-DAC-901-3-CYB-2027-02)"
    assert f"{where}: topics: sector 31110 (vocabulary 1) skipped: no topic for this DAC code" in (
        notes
    )
    assert f"{where}: eligible: recipient-region 589 (vocabulary 1) skipped: no M49 area" in notes
    assert (
        "activity 1 (XM-DAC-901-3-CYB-2027-01): title: en kept; fr not kept "
        "(one language per offer)" in notes
    )
    assert (
        "activity 3 (XM-DAC-901-3-CYB-2022-07): activity: skipped: its status is closed, "
        "not open to new needs" in notes
    )


def test_a_bad_activity_is_refused_with_its_field_like_any_record(session):
    text = DONOR_FILE.read_text(encoding="utf-8")
    text = text.replace('code="CI"', 'code="ZZ"').replace(
        "<narrative>Cyber security in defence and security institutions of the Sahel and the "
        "Gulf of Guinea</narrative>",
        "",
    )
    text = text.replace(  # a title with no text left in any language
        '<narrative xml:lang="fr">Cybersécurité des institutions de défense et de sécurité du '
        "Sahel et du golfe de Guinée</narrative>",
        "",
    )
    text = text.replace(
        '<activity-date iso-date="2028-05-31" type="3"/>',
        ('<activity-date iso-date="2026-05-31" type="3"/>'),
    )
    reading = parse_activities(text.encode(), "donor.xml")
    with pytest.raises(ValidationFailed) as failed:
        import_records(session, "offers", reading.records)
    errors = [str(e) for e in failed.value.errors]
    assert any(e.startswith("activity 2 (ref XM-DAC-901-3-CYB-2027-02): title: ") for e in errors)
    assert any(e.startswith("activity 2 (ref XM-DAC-901-3-CYB-2027-02): end: ") for e in errors)
    # A country that is no UN State is skipped and said, not an error.
    assert "recipient-country ZZ skipped: not a UN State" in " ".join(map(str, reading.notes))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<iati-activities version='2.03'><iati-activity>", "malformed XML at line 1"),
        (b"\x89PNG\r\n\x1a\n", "malformed XML at line 1, column 1"),
        (b"<html><body/></html>", "the root element is <html>, not <iati-activities>"),
        (b"<iati-activities version='1.05'/>", "IATI version '1.05'; cbmatch reads"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<iati-activities version='2.03'><iati-activity>"
            b"<iati-identifier>&e;</iati-identifier></iati-activity></iati-activities>",
            "a DOCTYPE is not allowed",
        ),
        (
            b"<iati-activities version='2.03'>"
            + b"<a>" * 5000
            + b"</a>" * 5000
            + b"</iati-activities>",
            "Excessive depth in document",
        ),
    ],
    ids=["truncated", "binary", "wrong-root", "version-1", "xxe", "deep"],
)
def test_a_file_that_is_not_iati_is_one_clear_error(content, message):
    with pytest.raises(CbmatchError, match=r"^bad\.xml: ") as refused:
        parse_activities(content, "bad.xml")
    assert message in str(refused.value)


def test_an_entity_bomb_is_refused_before_it_is_parsed():
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    bomb = (
        f"<?xml version='1.0'?><!DOCTYPE b [{entities}]><iati-activities version='2.03'>"
        "<iati-activity><iati-identifier>&l9;</iati-identifier></iati-activity>"
        "</iati-activities>"
    ).encode()
    with pytest.raises(CbmatchError, match="a DOCTYPE is not allowed"):
        parse_activities(bomb, "bomb.xml")
    # The same in UTF-16, which the quick scan does not read: the parser expands nothing.
    with pytest.raises(CbmatchError, match=r"bomb\.xml: "):
        parse_activities(
            bomb.decode().replace("'1.0'?>", "'1.0' encoding='UTF-16'?>").encode("utf-16"),
            "bomb.xml",
        )


def test_every_topic_has_a_dac_code_and_docs_iati_says_which():
    data = reference.iati_sectors()
    topics = {t["slug"] for t in reference.taxonomy()["topics"]}
    assert set(data["export"]) == topics
    assert set(data["import"].values()) <= topics
    assert {v["code"] for v in data["export"].values()} <= set(data["import"])  # back again
    docs = (Path(__file__).resolve().parents[1] / "docs" / "IATI.md").read_text(encoding="utf-8")
    for slug, entry in data["export"].items():
        assert f"| `{slug}` (" in docs
        assert f"| {entry['code']} | {data['names'][entry['code']]} | {entry['why']} |" in docs
    for code, slug in data["import"].items():
        assert f"| {code} | {data['names'][code]} | `{slug}` |" in docs
