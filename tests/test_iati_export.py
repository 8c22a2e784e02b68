"""The IATI activities file of the demo data: valid against the official 2.03 schema, public only.

Every test starts from a copy of the demo loaded once for the session (70 open offers; 11
matches in progress or completed, two of them on confidential needs).
"""

from __future__ import annotations

import filecmp
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import Need, Offer, OfferStatus
from models.match import Match, MatchStatus
from models.outcome import Outcome
from tests.iati_support import EXT, SCHEMA_DIR, SHARED_SCHEMA_DIR, activities, schema_errors
from webapp.services.iati.export import NothingToExport, Publisher, activities_xml

PUBLISHER = Publisher(ref="XM-OCHA-CB", name="Capacity-building portal", type="40")


@pytest.fixture
def db_template(prepared_demo: str) -> str:
    return prepared_demo


@pytest.fixture
def document(session) -> bytes:
    return activities_xml(session, PUBLISHER, now=datetime(2026, 12, 6, 12, 0, tzinfo=UTC))


def test_the_schema_copy_is_the_shared_one():
    if not SHARED_SCHEMA_DIR.is_dir():
        pytest.skip("../shared/iati-2.03 is not beside this repository")
    names = ["iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd", "LICENSE"]
    _same, mismatch, errors = filecmp.cmpfiles(SHARED_SCHEMA_DIR, SCHEMA_DIR, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_export_validates_against_the_iati_203_schema(document):
    assert schema_errors(document) == []
    assert document.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<iati-activities")
    assert b'version="2.03" generated-datetime="2026-12-06T12:00:00+00:00"' in document


def test_export_holds_every_open_offer_and_the_public_matches_under_way_or_done(session, document):
    got = activities(document)
    open_offers = session.scalars(select(Offer.ref).where(Offer.status == OfferStatus.OPEN)).all()
    matches = session.execute(
        select(Offer.ref, Need.ref, Need.confidential)
        .select_from(Match)
        .join(Match.offer)
        .join(Match.need)
        .where(Match.status.in_([MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED]))
    ).all()
    public = {f"XM-OCHA-CB-{o}-{n}" for o, n, secret in matches if not secret}
    assert (len(open_offers), len(matches), len(public)) == (70, 11, 9)
    assert set(got) == {f"XM-OCHA-CB-{ref}" for ref in open_offers} | public
    for ident, activity in got.items():
        org = activity.find("reporting-org")
        assert (org.get("ref"), org.get("type"), org.get("secondary-reporter")) == (
            "XM-OCHA-CB",
            "40",
            "1",
        ), ident
        assert org.findtext("narrative") == "Capacity-building portal"


def test_confidential_needs_are_never_in_the_public_file(session, document):
    secret = session.scalars(select(Need).where(Need.confidential.is_(True))).all()
    assert secret
    text = document.decode()
    for need in secret:
        assert need.ref not in text
        assert need.description not in text
        assert need.title not in text


def test_the_file_is_the_same_with_or_without_the_confidential_needs(session, document):
    """Nothing tells that they exist: not an activity, a count, nor a date (as the
    confidentiality comparison of tests/security checks the pages)."""
    secret = session.scalars(select(Need).where(Need.confidential.is_(True))).all()
    hidden_matches = session.scalars(select(Match).where(Match.need_id.in_([n.id for n in secret])))
    for row in [*hidden_matches, *secret]:
        session.delete(row)
    session.flush()
    assert activities_xml(session, PUBLISHER, now=datetime(2026, 12, 6, 12, 0, tzinfo=UTC)) == (
        document
    )


def test_an_open_offer_is_a_pipeline_activity_of_its_provider(session, document):
    offer = session.scalar(select(Offer).where(Offer.ref == "O-2026-001"))
    activity = activities(document)["XM-OCHA-CB-O-2026-001"]
    assert activity.find("activity-status").get("code") == "1"
    assert activity.find("title/narrative").text == offer.title
    assert activity.find("title/narrative").get("{http://www.w3.org/XML/1998/namespace}lang") == (
        "en"
    )
    implementing = activity.find("participating-org[@role='4']")
    assert implementing.findtext("narrative") == offer.organisation.name
    assert implementing.get("type") == "10"  # a State's ministry: government
    dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
    assert dates == {"1": offer.start.isoformat(), "3": offer.end.isoformat()}
    # Open to all: DAC region 998; topics as DAC codes and as cbmatch topics, 50 % each.
    assert [(r.get("vocabulary"), r.get("code")) for r in activity.iter("recipient-region")] == [
        ("1", "998")
    ]
    sectors = [
        (s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in activity.iter("sector")
    ]
    assert sectors == [
        ("1", "22040", "50"),
        ("1", "22011", "50"),
        ("99", "critical-infrastructure", "50"),
        ("99", "national-strategy", "50"),
    ]


def test_a_completed_match_is_closed_once_its_outcome_is_confirmed(session, document):
    got = activities(document)
    rows = session.execute(
        select(Match, Outcome)
        .join(Outcome, Outcome.match_id == Match.id, isouter=True)
        .where(Match.status == MatchStatus.COMPLETED)
    ).all()
    statuses = {}
    for match, outcome in rows:
        activity = got[f"XM-OCHA-CB-{match.offer.ref}-{match.need.ref}"]
        statuses[match.need.ref] = activity.find("activity-status").get("code")
        assert [c.get("code") for c in activity.iter("recipient-country")] == [
            match.need.state.iso2
        ]
        government = activity.find("participating-org[@role='2']")
        assert government.get("type") == "10"
        assert len(government.findall("narrative")) == 6  # the State's name in six languages
        marker = activity.find("policy-marker")
        expected = outcome.gender_marker if outcome and outcome.gender_marker is not None else None
        expected = match.offer.gender_marker if expected is None else expected
        if expected is None:
            assert marker is None
        else:
            assert (marker.get("vocabulary"), marker.get("code")) == ("1", "1")
            assert marker.get("significance") == str(expected)
        dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
        if outcome and outcome.delivered_from:
            assert dates["2"] == outcome.delivered_from.isoformat()
        if outcome and outcome.delivered_to:
            assert dates["4"] == outcome.delivered_to.isoformat()
        assert activity.find(EXT).get("kind") == "match"
    # 6 confirmed outcomes (closed), N-2025-006 without outcome and N-2025-007 not confirmed.
    assert statuses["N-2025-006"] == statuses["N-2025-007"] == "3"
    assert sorted(statuses.values()) == ["3", "3", "4", "4", "4", "4", "4", "4"]


def test_the_outcome_statement_and_the_need_are_described(session, document):
    match = session.scalar(select(Match).join(Match.need).where(Need.ref == "N-2025-001"))
    activity = activities(document)[f"XM-OCHA-CB-{match.offer.ref}-N-2025-001"]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    kinds = {
        d.get("type"): (d.findtext("narrative"), d.find("narrative").get(lang))
        for d in activity.iter("description")
    }
    assert kinds == {
        "1": (match.offer.description, "fr"),
        "2": (match.need.description, "fr"),
        "4": (match.outcome, "fr"),  # told from its words
    }


def test_nothing_to_publish_is_said_rather_than_written_invalid(session):
    session.query(Match).delete()
    for offer in session.scalars(select(Offer)):
        offer.status = OfferStatus.CLOSED
    session.flush()
    with pytest.raises(NothingToExport, match="no open offer and no match"):
        activities_xml(session, PUBLISHER)


def test_the_publisher_comes_from_the_configuration(app, session):
    app.config.update(
        IATI_REPORTING_ORG_REF="XI-IATI-CBM",
        IATI_REPORTING_ORG_NAME="Portal",
        IATI_REPORTING_ORG_TYPE=40,
    )
    got = activities(activities_xml(session))
    assert "XI-IATI-CBM-O-2026-001" in got
    org = got["XI-IATI-CBM-O-2026-001"].find("reporting-org")
    assert (org.get("ref"), org.get("type"), org.findtext("narrative")) == (
        "XI-IATI-CBM",
        "40",  # CBMATCH_IATI_REPORTING_ORG_TYPE=40 arrives as a number
        "Portal",
    )
