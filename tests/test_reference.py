"""Reference data in the database (States, M49, groups, taxonomy) and the demo data."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import func, select

from models import CountryGroup, Dimension, State, SupportType, Topic
from seed_data.loaders import DEMO_DIR, load_reference
from webapp.services.interchange.operations import validate_all
from webapp.services.interchange.readers import parse_json
from webapp.services.interchange.records import Reference


def codes_for(session, item: str) -> set[str]:
    """ISO3 codes that an eligibility item designates, resolved the way the importer does."""
    return {s.iso3 for s in session.scalars(select(State)) if item.lower() in s.tags()}


def test_there_are_195_states_193_members_and_2_observers(session):
    statuses = Counter(session.scalars(select(State.status)))
    assert statuses == {"member": 193, "observer": 2}
    observers = set(session.scalars(select(State.iso3).where(State.status == "observer")))
    assert observers == {"VAT", "PSE"}


def test_names_in_english_french_and_spanish(session):
    civ = session.scalars(select(State).where(State.iso3 == "CIV")).one()
    assert civ.name("fr") == "Côte d’Ivoire"
    bol = session.scalars(select(State).where(State.iso3 == "BOL")).one()
    assert bol.name("es") == "Bolivia (Estado Plurinacional de)"
    assert bol.name("en") == "Bolivia (Plurinational State of)"


def test_m49_hierarchy_of_senegal_and_jamaica(session):
    sen = session.scalars(select(State).where(State.iso3 == "SEN")).one()
    assert (sen.region, sen.subregion, sen.intermediate_region) == (
        "Africa",
        "Sub-Saharan Africa",
        "Western Africa",
    )
    jam = session.scalars(select(State).where(State.iso3 == "JAM")).one()
    assert (jam.region, jam.subregion, jam.intermediate_region) == (
        "Americas",
        "Latin America and the Caribbean",
        "Caribbean",
    )


@pytest.mark.parametrize(
    ("item", "count"),
    [
        ("Western Africa", 16),
        ("Caribbean", 13),
        ("Africa", 54),
        ("Oceania", 14),
        ("South-eastern Asia", 11),
        ("Latin America and the Caribbean", 33),
        ("SIDS", 38),
        ("LDC", 44),
        ("LLDC", 32),
    ],
)
def test_eligibility_items_resolve_to_the_published_counts(session, item, count):
    assert len(codes_for(session, item)) == count


def test_caribbean_resolves_to_the_13_member_states(session):
    assert codes_for(session, "Caribbean") == {
        "ATG", "BHS", "BRB", "CUB", "DMA", "DOM", "GRD", "HTI", "JAM", "KNA", "LCA", "VCT", "TTO",
    }  # fmt: skip


def test_groups_keep_their_source_and_date(session):
    groups = {g.slug: g for g in session.scalars(select(CountryGroup))}
    assert set(groups) == {"SIDS", "LDC", "LLDC"}
    for group in groups.values():
        assert "OHRLLS" in group.source
        assert group.as_of.year >= 2024


def test_taxonomy_topics_have_labels_and_a_cmm_dimension(session):
    assert session.scalar(select(func.count(Topic.id))) == 27
    dims = {d.slug: d for d in session.scalars(select(Dimension))}
    assert sum(d.cmm for d in dims.values()) == 5
    intl = {t.slug for t in dims["international"].topics}
    assert intl == {
        "international-law",
        "norms-implementation",
        "confidence-building",
        "cyber-diplomacy",
    }
    for model in (Dimension, Topic, SupportType):
        for item in session.scalars(select(model)):
            assert all(
                getattr(item, f"label_{lang}") for lang in ("ar", "zh", "en", "fr", "ru", "es")
            )


def test_loading_the_reference_again_fills_labels_missing_from_an_older_database(session):
    topic = session.scalars(select(Topic).where(Topic.slug == "awareness")).one()
    topic.label_zh = ""
    session.flush()
    assert load_reference(session) >= 1
    assert topic.label("zh") == "提高认识"


@pytest.mark.parametrize("kind", ["needs", "offers"])
def test_every_demo_record_is_valid(session, kind):
    text = (DEMO_DIR / f"{kind}.json").read_text(encoding="utf-8")
    records = validate_all(session, kind, parse_json(text, kind))  # raises on any bad record
    assert len(records) >= (40 if kind == "needs" else 60)


def test_demo_data_covers_every_region_and_provider_type(session):
    reference = Reference.load(session)
    needs = json.loads((DEMO_DIR / "needs.json").read_text(encoding="utf-8"))
    offers = json.loads((DEMO_DIR / "offers.json").read_text(encoding="utf-8"))
    regions = dict(session.execute(select(State.iso3, State.region)).all())
    assert len({n["state"] for n in needs}) >= 25
    assert {regions[n["state"]] for n in needs} == {
        "Africa",
        "Americas",
        "Asia",
        "Europe",
        "Oceania",
    }
    assert sum(n.get("languages") in (["fr"], ["fr", "en"]) for n in needs) >= 3
    assert sum(n.get("languages") in (["es"], ["es", "en"]) for n in needs) >= 3
    assert any(n.get("confidential") for n in needs)
    providers = {o["provider"]: o["provider_type"] for o in offers}
    assert len(providers) >= 30
    assert set(providers.values()) == {
        "state",
        "business",
        "ngo",
        "academia",
        "intergovernmental",
        "other",
    }
    assert all(
        o["provider_country"] in reference.states for o in offers if o.get("provider_country")
    )


def test_demo_accounts_point_at_demo_states_and_organisations():
    accounts = json.loads((DEMO_DIR / "accounts.json").read_text(encoding="utf-8"))
    offers = json.loads((DEMO_DIR / "offers.json").read_text(encoding="utf-8"))
    roles = Counter(a["role"] for a in accounts)
    assert roles["focal_point"] >= 1
    assert roles["state"] >= 8
    assert roles["provider"] >= 8
    names = {o["provider"] for o in offers}
    assert all(a["organisation"] in names for a in accounts if a["role"] == "provider")


def test_reference_from_seed_files_equals_the_database(session):
    from webapp.services.interchange.records import Reference

    assert Reference.from_seed() == Reference.load(session)


def test_every_m49_area_of_the_states_is_marked_for_translation():
    from seed_data.reference import area_names
    from webapp.services.reference.names import AREAS

    assert area_names() <= AREAS


def test_the_directory_words_every_centre_kind_of_the_reference_file():
    from seed_data import reference
    from webapp.services.directory.centres import KIND_LABELS

    assert KIND_LABELS.english == reference.centre_kinds()
