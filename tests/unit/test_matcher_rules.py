"""Hard rules: each one, alone, removes an otherwise perfect pair; the vectorised masks agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import Matcher, NeedDoc, OfferDoc
from matcher.eligibility import (
    OfferRules,
    is_eligible,
    modality_fits,
    offer_available,
    pair_allowed,
    shared_languages,
    window_overlap,
)
from seed_data.reference import states
from tests.conftest import examples

STATES = states()

NEED = NeedDoc(
    ref="N1",
    state="FJI",
    state_tags=STATES["FJI"].tags(),
    title="Setting up our national CSIRT",
    description="We need help to set up a national computer emergency response team, define its "
    "services and train incident handlers on incident handling procedures.",
)
OFFER = OfferDoc(
    ref="O1",
    provider="CERT Academy",
    provider_type="ngo",
    title="National CSIRT establishment programme",
    description="We help governments set up a national CSIRT: services catalogue, incident "
    "handling procedures and training of incident handlers.",
)


def suggested(need: NeedDoc, offer: OfferDoc) -> bool:
    """The pair is suggested by a matcher fitted on this one offer."""
    return any(m.offer == offer.ref for m in Matcher().fit([offer]).rank([need], top=5))


def test_matcher_rules_baseline_pair_is_suggested() -> None:
    assert suggested(NEED, OFFER)


# ---------------------------------------------------------------- eligibility
@pytest.mark.parametrize(
    ("eligible", "expected"),
    [
        ((), True),
        (("Caribbean",), False),
        (("Oceania",), True),
        (("Melanesia",), True),
        (("SIDS",), True),
        (("LDC",), False),
        (("fji",), True),
        (("JAM", "FJI"), True),
        (("Western Africa", "LLDC"), False),
    ],
)
def test_matcher_rules_eligibility(eligible: tuple[str, ...], expected: bool) -> None:
    offer = replace(OFFER, eligible=eligible)
    assert is_eligible(NEED, offer) is expected
    assert suggested(NEED, offer) is expected


# ---------------------------------------------------------------- language
@pytest.mark.parametrize(
    ("need_langs", "offer_langs", "expected"),
    [
        (("fr",), ("en",), False),
        (("fr",), ("en", "fr"), True),
        (("es", "en"), ("en",), True),
        (("FR",), ("fr",), True),
        (("ar",), ("en", "fr", "es"), False),
        (("en",), (), False),
    ],
)
def test_matcher_rules_language(
    need_langs: tuple[str, ...], offer_langs: tuple[str, ...], expected: bool
) -> None:
    need, offer = replace(NEED, languages=need_langs), replace(OFFER, languages=offer_langs)
    assert bool(shared_languages(need, offer)) is expected
    assert suggested(need, offer) is expected


# ---------------------------------------------------------------- modality
@pytest.mark.parametrize(
    ("need_mod", "offer_mod", "expected"),
    [
        ("in_person", "remote", False),
        ("remote", "in_person", False),
        ("in_person", "in_person", True),
        ("remote", "remote", True),
        ("remote", "hybrid", True),
        ("in_person", "hybrid", True),
        ("any", "in_person", True),
        ("any", "remote", True),
        ("hybrid", "remote", True),
        ("in_person", "any", True),
    ],
)
def test_matcher_rules_modality(need_mod: str, offer_mod: str, expected: bool) -> None:
    need, offer = replace(NEED, modality=need_mod), replace(OFFER, modality=offer_mod)
    assert modality_fits(need, offer) is expected
    assert suggested(need, offer) is expected


# ---------------------------------------------------------------- dates
D = date.fromisoformat


@pytest.mark.parametrize(
    ("need_window", "offer_window", "expected"),
    [
        (("2027-01-01", "2027-03-31"), ("2027-06-01", "2027-12-31"), False),
        (("2027-06-01", "2027-12-31"), ("2026-01-01", "2026-12-31"), False),
        (("2027-01-01", "2027-06-30"), ("2027-06-30", "2027-12-31"), True),
        (("2027-01-01", "2027-06-30"), ("2027-03-01", "2027-04-30"), True),
        ((None, None), ("2026-03-01", "2026-06-30"), True),
        (("2027-01-01", "2027-06-30"), (None, None), True),
        (("2027-09-01", None), (None, "2027-08-31"), False),
        (("2027-09-01", None), (None, "2027-09-01"), True),
    ],
)
def test_matcher_rules_dates(
    need_window: tuple[str | None, str | None],
    offer_window: tuple[str | None, str | None],
    expected: bool,
) -> None:
    ns, ne = (D(x) if x else None for x in need_window)
    os_, oe = (D(x) if x else None for x in offer_window)
    need, offer = replace(NEED, start=ns, end=ne), replace(OFFER, start=os_, end=oe)
    assert (window_overlap(need, offer) is not None) is expected
    assert suggested(need, offer) is expected


# ---------------------------------------------------------------- open and capacity
def test_matcher_rules_closed_need_gets_nothing() -> None:
    assert not suggested(replace(NEED, is_open=False), OFFER)


def test_matcher_rules_closed_offer_is_never_suggested() -> None:
    offer = replace(OFFER, is_open=False)
    assert not offer_available(offer)
    assert not suggested(NEED, offer)


@pytest.mark.parametrize(
    ("capacity", "used", "expected"), [(1, 1, False), (2, 2, False), (3, 5, False), (2, 1, True)]
)
def test_matcher_rules_capacity(capacity: int, used: int, expected: bool) -> None:
    offer = replace(OFFER, capacity=capacity, used=used)
    assert offer_available(offer) is expected
    assert suggested(NEED, offer) is expected


def test_matcher_rules_other_offers_unaffected_by_a_blocked_one() -> None:
    blocked = replace(OFFER, ref="O2", eligible=("Caribbean",))
    refs = [m.offer for m in Matcher().fit([blocked, OFFER]).rank([NEED], top=5)]
    assert refs == ["O1"]


# ---------------------------------------------------------------- vectorised == scalar
CODES = sorted(STATES)
ITEMS = ["Africa", "Caribbean", "Oceania", "SIDS", "LDC", "LLDC", "Western Africa", "FJI", "sen"]
LANGS = ["en", "fr", "es", "ar"]
MODES = ["in_person", "remote", "hybrid", "any"]
DAYS = st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))


@st.composite
def needs(draw: st.DrawFn) -> NeedDoc:
    code = draw(st.sampled_from(CODES))
    start, end = sorted([draw(DAYS) or date.min, draw(DAYS) or date.max])
    return replace(
        NEED,
        state=code,
        state_tags=STATES[code].tags(),
        languages=tuple(draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=2))),
        modality=draw(st.sampled_from(MODES)),
        start=None if start == date.min else start,
        end=None if end == date.max else end,
        is_open=draw(st.booleans()),
    )


@st.composite
def offers(draw: st.DrawFn) -> OfferDoc:
    start, end = sorted([draw(DAYS) or date.min, draw(DAYS) or date.max])
    capacity = draw(st.integers(1, 3))
    return replace(
        OFFER,
        languages=tuple(draw(st.lists(st.sampled_from(LANGS), max_size=3))),
        modality=draw(st.sampled_from(MODES)),
        start=None if start == date.min else start,
        end=None if end == date.max else end,
        eligible=tuple(draw(st.lists(st.sampled_from(ITEMS), max_size=2))),
        capacity=capacity,
        used=draw(st.integers(0, capacity)),
        is_open=draw(st.booleans()),
    )


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(needs(), min_size=1, max_size=6), st.lists(offers(), min_size=1, max_size=8))
def test_matcher_rules_mask_equals_scalar_rules(ns: list[NeedDoc], os_: list[OfferDoc]) -> None:
    rules = OfferRules(os_)
    mask = rules.mask(rules.encode(ns))
    expected = np.array([[pair_allowed(n, o) for o in os_] for n in ns])
    assert mask.shape == expected.shape
    assert (mask == expected).all()
    scores = Matcher().fit(os_).score_pairs(ns)
    assert (np.isnan(scores) == ~expected).all()
