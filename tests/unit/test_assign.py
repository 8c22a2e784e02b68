"""Allocation within capacity: optimal on small instances, never over capacity on large ones."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import Assignment, Match, NeedDoc, OfferDoc, assign
from tests.conftest import examples


def make_need(ref: str, **kw: object) -> NeedDoc:
    return NeedDoc(ref, "SEN", frozenset({"sen"}), "t", "d", **kw)  # type: ignore[arg-type]


def make_offer(ref: str, capacity: int = 1, used: int = 0, **kw: object) -> OfferDoc:
    return OfferDoc(ref, "p", "ngo", "t", "d", capacity=capacity, used=used, **kw)  # type: ignore[arg-type]


def brute_force(
    needs: list[NeedDoc], offers: list[OfferDoc], pairs: dict[tuple[str, str], float]
) -> float:
    room = {o.ref: o.capacity - o.used for o in offers if o.is_open}
    choices = [[None, *(o for (n2, o) in pairs if n2 == n.ref)] for n in needs if n.is_open]
    best = 0.0
    for pick in itertools.product(*choices):
        used = Counter(o for o in pick if o is not None)
        if all(used[o] <= room.get(o, 0) for o in used):
            open_refs = [n.ref for n in needs if n.is_open]
            best = max(best, sum(pairs[(n, o)] for n, o in zip(open_refs, pick, strict=True) if o))
    return best


@st.composite
def instances(
    draw: st.DrawFn,
) -> tuple[list[NeedDoc], list[OfferDoc], dict[tuple[str, str], float]]:
    needs = [
        make_need(f"n{i}", is_open=draw(st.booleans()) or i == 0)
        for i in range(draw(st.integers(1, 5)))
    ]
    offers = []
    for j in range(draw(st.integers(1, 3))):
        cap = draw(st.integers(1, 3))
        used = draw(st.integers(0, cap))
        offers.append(make_offer(f"o{j}", cap, used, is_open=draw(st.booleans()) or j == 0))
    pairs = {}
    for n in needs:
        for o in offers:
            if draw(st.booleans()):
                pairs[(n.ref, o.ref)] = draw(
                    st.one_of(st.sampled_from([0.2, 0.5, 0.6, 1.0]), st.floats(0.01, 1.0))
                )
    return needs, offers, pairs


def check_valid(
    result: Assignment,
    needs: list[NeedDoc],
    offers: list[OfferDoc],
    pairs: dict[tuple[str, str], float],
) -> None:
    by_ref = {o.ref: o for o in offers}
    assigned = [n for n, _, _ in result.assignments]
    assert len(assigned) == len(set(assigned)), "a need got two offers"
    for o, count in Counter(o for _, o, _ in result.assignments).items():
        assert by_ref[o].is_open
        assert count <= by_ref[o].capacity - by_ref[o].used, f"{o} over capacity"
    for n, o, s in result.assignments:
        assert pairs[(n, o)] == s
    open_refs = {n.ref for n in needs if n.is_open}
    assert set(assigned) <= open_refs
    assert set(result.unassigned) == open_refs - set(assigned)


@settings(max_examples=examples(150), deadline=None)
@given(instances())
def test_assign_small_instances_reach_brute_force_optimum(
    inst: tuple[list[NeedDoc], list[OfferDoc], dict[tuple[str, str], float]],
) -> None:
    needs, offers, pairs = inst
    result = assign(needs, offers, [(n, o, s) for (n, o), s in pairs.items()])
    check_valid(result, needs, offers, pairs)
    assert result.total == pytest.approx(brute_force(needs, offers, pairs), abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_assign_large_random_instances_respect_capacity(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    needs = [make_need(f"n{i}", is_open=rng.random() > 0.05) for i in range(600)]
    offers = []
    for j in range(150):
        cap = rng.randint(1, 6)
        offers.append(make_offer(f"o{j}", cap, rng.randint(0, cap), is_open=rng.random() > 0.1))
    pairs = {}
    for n in needs:
        for o in rng.sample(offers, 5):
            pairs[(n.ref, o.ref)] = round(rng.random(), 3)
    matches = [Match(n, o, 1, s) for (n, o), s in pairs.items()]
    result = assign(needs, offers, matches)
    check_valid(result, needs, offers, pairs)
    room = sum(o.capacity - o.used for o in offers if o.is_open)
    assert len(result.assignments) > 0.8 * room  # most of the room is used (5 options per need)


def test_assign_prefers_total_over_greedy() -> None:
    needs = [make_need("a"), make_need("b")]
    offers = [make_offer("x"), make_offer("y")]
    pairs = [("a", "x", 0.9), ("a", "y", 0.8), ("b", "x", 0.85)]
    result = assign(needs, offers, pairs)
    assert set(result.assignments) == {("a", "y", 0.8), ("b", "x", 0.85)}
    assert result.unassigned == ()


def test_assign_two_modest_pairs_beat_one_strong_pair() -> None:
    needs = [make_need("a"), make_need("b")]
    offers = [make_offer("x"), make_offer("y")]
    result = assign(needs, offers, [("a", "x", 1.0), ("a", "y", 0.6), ("b", "x", 0.6)])
    assert set(result.assignments) == {("a", "y", 0.6), ("b", "x", 0.6)}
    assert result.total == pytest.approx(1.2)


def test_assign_ignores_unknown_closed_and_worthless_pairs() -> None:
    needs = [make_need("a"), make_need("b", is_open=False), make_need("c")]
    offers = [make_offer("x"), replace(make_offer("y"), is_open=False), make_offer("z", 2, 2)]
    pairs = [
        ("a", "y", 0.9),  # closed offer
        ("a", "z", 0.9),  # full offer
        ("b", "x", 0.9),  # closed need
        ("c", "nope", 0.9),  # unknown offer
        ("c", "x", 0.0),  # worthless
        ("a", "x", 0.3),
        ("a", "x", 0.5),  # duplicate: the best score counts
    ]
    result = assign(needs, offers, pairs)
    assert result.assignments == (("a", "x", 0.5),)
    assert result.unassigned == ("c",)


def test_assign_nothing_to_assign() -> None:
    result = assign([make_need("a")], [make_offer("x")], [])
    assert result == Assignment((), ("a",))
    assert result.total == 0.0
