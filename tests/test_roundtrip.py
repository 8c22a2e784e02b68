"""Property: exporting records and importing them back gives the same records (JSON and CSV)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seed_data import reference
from tests.conftest import examples
from webapp.services.bounds import shows_nothing
from webapp.services.interchange.export import dump, export_records
from webapp.services.interchange.operations import import_records
from webapp.services.interchange.readers import parse_csv, parse_json
from webapp.services.interchange.records import NeedData, OfferData

STATES = sorted(reference.states())
TOPICS = sorted(t["slug"] for t in reference.taxonomy()["topics"])
SUPPORT = sorted(s["slug"] for s in reference.taxonomy()["support_types"])
ELIGIBLE = sorted({"SIDS", "LDC", "LLDC", *reference.area_names(), *STATES[:40]})
LANGS = ["en", "fr", "es", "ar", "ru", "zh", "pt", "sw", "mg", "ro"]

# Any printable text, including commas, quotes, semicolons, accents and line breaks; stored text
# never keeps leading or trailing whitespace, so the canonical form is stripped.
chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029")
prose = st.text(st.one_of(chars, st.sampled_from(["\n", ",", '"', ";", "é", "ñ"])), min_size=1)


def clean(max_len: int) -> st.SearchStrategy[str]:
    """Texts the importer accepts: not empty, and not only invisible characters (a soft hyphen)."""
    return prose.map(lambda s: s.strip()[:max_len].strip()).filter(
        lambda s: bool(s) and not shows_nothing(s)
    )


def subset(items: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(items), unique=True, max_size=4).map(lambda x: tuple(sorted(x)))


@st.composite
def window(draw: st.DrawFn) -> tuple[date | None, date | None]:
    start = draw(st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31)))
    if start is None:
        return None, draw(st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31)))
    return start, draw(st.none() | st.integers(0, 900).map(lambda d: start + timedelta(days=d)))


@st.composite
def needs(draw: st.DrawFn) -> NeedData:
    start, end = draw(window())
    return NeedData(
        ref=draw(clean(64).filter(lambda r: ";" not in r)),
        state=draw(st.sampled_from(STATES)),
        title=draw(clean(200)),
        description=draw(clean(5000)),
        topics=draw(subset(TOPICS)),
        support_types=draw(subset(SUPPORT)),
        languages=tuple(
            draw(st.lists(st.sampled_from(LANGS), unique=True, min_size=1, max_size=3))
        ),
        modality=draw(st.sampled_from(["in_person", "remote", "hybrid", "any"])),
        start=start,
        end=end,
        priority=draw(st.sampled_from(["high", "medium", "low"])),
        confidential=draw(st.booleans()),
    )


@st.composite
def offers(draw: st.DrawFn) -> OfferData:
    start, end = draw(window())
    return OfferData(
        ref=draw(clean(64)),
        provider=draw(st.sampled_from(["Harbourline Security Ltd", "Université de Dakar", "OAS"])),
        provider_type="other",
        provider_country=None,
        title=draw(clean(200)),
        description=draw(clean(5000)),
        topics=draw(subset(TOPICS)),
        support_types=draw(subset(SUPPORT)),
        languages=tuple(
            draw(st.lists(st.sampled_from(LANGS), unique=True, min_size=1, max_size=3))
        ),
        modality=draw(st.sampled_from(["in_person", "remote", "hybrid", "any"])),
        start=start,
        end=end,
        eligible=tuple(draw(st.lists(st.sampled_from(ELIGIBLE), unique=True, max_size=5))),
        capacity=draw(st.integers(1, 500)),
    )


def unique_refs(items: list) -> list:
    seen: dict[str, object] = {}
    for item in items:
        seen.setdefault(item.ref, item)
    return list(seen.values())


SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize(("kind", "strategy"), [("needs", needs()), ("offers", offers())])
def test_export_then_import_gives_back_the_same_records(session, kind, strategy, fmt):
    @SETTINGS
    @given(st.lists(strategy, min_size=1, max_size=5).map(unique_refs))
    def check(records: list) -> None:
        try:
            expected = sorted((r.as_record() for r in records), key=lambda r: r["ref"])
            # Into the database from the original records ...
            text = dump(expected, kind, fmt)
            raws = parse_json(text) if fmt == "json" else parse_csv(text, "input", kind)
            import_records(session, kind, raws)
            exported = export_records(session, kind)
            assert exported == expected
            # ... and what was exported, imported again, is unchanged.
            again = dump(exported, kind, fmt)
            raws = parse_json(again) if fmt == "json" else parse_csv(again, "input", kind)
            result = import_records(session, kind, raws)
            assert result.unchanged == len(records)
            assert export_records(session, kind) == expected
        finally:
            session.rollback()

    check()
