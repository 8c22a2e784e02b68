"""The re-ranker learned from decisions: features, labels, off below its threshold, never a pair
the matcher did not find feasible (checked again by the hard rules written out independently)."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import Matcher, NeedDoc, OfferDoc
from matcher.evaluate import load_eval_dir
from matcher.rerank import (
    FEATURES,
    Context,
    Decision,
    Reranker,
    dismissal_category,
    pair_features,
)
from seed_data.reference import states
from tests.unit.test_evaluate import allowed

EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "eval"
COL = {name: i for i, name in enumerate(FEATURES)}


def need(ref: str = "N1", **kw: object) -> NeedDoc:
    values: dict[str, object] = {
        "state": "SEN",
        "state_tags": frozenset({"sen", "western africa", "africa", "ldc"}),
        "title": "National CSIRT incident handling",
        "description": "Our CSIRT needs incident handling and malware triage training.",
        "languages": ("fr", "en"),
        "modality": "remote",
    }
    values.update(kw)
    return NeedDoc(ref, **values)  # type: ignore[arg-type]


def offer(ref: str, **kw: object) -> OfferDoc:
    values: dict[str, object] = {
        "provider": "Open Cyber Academy",
        "provider_type": "academia",
        "title": "Incident handling course for CSIRTs",
        "description": "Hands-on incident handling and malware triage for CSIRT staff.",
    }
    values.update(kw)
    return OfferDoc(ref, **values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- labels and reasons
@pytest.mark.parametrize(
    ("note", "category"),
    [
        ("Not relevant to this need", "relevance"),
        ("Hors sujet : la demande porte sur la législation", "relevance"),
        ("Delivered in English only, the State works in French", "language"),
        ("Réservé aux États du Pacifique", "eligibility"),
        ("En persona solamente; el Estado pidió formato remoto", "format"),
        ("Las fechas no coinciden", "dates"),
        ("The course is full this year", "capacity"),
        ("Already covered by another programme", "other"),
    ],
)
def test_dismissal_reasons_are_sorted_into_categories_in_three_languages(
    note: str, category: str
) -> None:
    assert dismissal_category(note) == category


def test_decisions_are_labels_weighted_by_what_they_say() -> None:
    assert (Decision("n", "o", "completed").label, Decision("n", "o", "completed").weight) == (1, 2)
    assert (Decision("n", "o", "proposed").label, Decision("n", "o", "proposed").weight) == (1, 1)
    assert Decision("n", "o", "declined").label == 0
    irrelevant = Decision("n", "o", "dismissed", "Not relevant at all")
    full = Decision("n", "o", "dismissed", "No capacity left")
    assert (irrelevant.label, irrelevant.category, irrelevant.weight) == (0, "relevance", 1.5)
    assert (full.label, full.category, full.weight) == (0, "capacity", 1.0)


# ---------------------------------------------------------------- features
def test_features_of_a_small_fixed_history() -> None:
    offers = [
        offer("O1", languages=("fr",), modality="remote", eligible=("Western Africa",), capacity=3),
        offer("O2", languages=("en",), modality="any", provider="Harbourline", capacity=1),
    ]
    matcher = Matcher().fit(offers)
    history = [
        Decision("N9", "O1", "accepted", provider_accepted=True),
        Decision("N8", "O1", "declined", provider_accepted=False),
        Decision("N7", "O1", "completed", provider_accepted=True),
        Decision("N6", "O2", "dismissed", "Not relevant"),
        Decision("N5", "O2", "dismissed", "Dates do not suit"),
        Decision("N4", "O2", "dismissed", "Off topic"),
    ]
    context = Context.from_decisions(history, {"O1": "Open Cyber Academy", "O2": "Harbourline"})
    x = pair_features(matcher, [need()], [(0, "O1"), (0, "O2")], context)
    one, two = x
    assert one[COL["first_language"]] == 1
    assert two[COL["first_language"]] == 0
    assert one[COL["shared_languages"]] == 1
    assert two[COL["shared_languages"]] == 1
    assert one[COL["modality_exact"]] == 1
    assert two[COL["modality_exact"]] == 0
    assert one[COL["targeted"]] == 1
    assert two[COL["targeted"]] == 0
    assert one[COL["capacity_left"]] == pytest.approx(np.log1p(3))
    assert one[COL["provider_acceptance"]] == pytest.approx((2 + 1) / (3 + 2))  # smoothed
    assert two[COL["provider_acceptance"]] == pytest.approx(0.5)  # never asked
    assert two[COL["dismissed_relevance"]] == pytest.approx(np.log1p(2))
    assert two[COL["dismissed_dates"]] == pytest.approx(np.log1p(1))
    assert one[COL["score"]] > 0
    assert 0 < one[COL["cos"]] <= 1
    assert one[COL["score"]] == pytest.approx(matcher.rank([need()], top=2)[0].score, abs=1e-3)
    # fitting on a decision leaves it out of its own context: it cannot explain itself
    own = [history[3], None]
    left_out = pair_features(matcher, [need()], [(0, "O2"), (0, "O2")], context, own)
    assert left_out[0, COL["dismissed_relevance"]] == pytest.approx(np.log1p(1))
    assert left_out[1, COL["dismissed_relevance"]] == pytest.approx(np.log1p(2))


# ---------------------------------------------------------------- on the evaluation set
@functools.cache
def _world() -> tuple[Matcher, list[NeedDoc], dict[tuple[str, str], int], list[object]]:
    data = load_eval_dir(EVAL_DIR, lambda code: states()[code].tags())
    matcher = Matcher(min_score=0.0).fit(data.offers)
    return matcher, list(data.needs), dict(data.grades), matcher.rank(data.needs, top=20)


@pytest.fixture
def world() -> tuple[Matcher, list[NeedDoc], dict[tuple[str, str], int], list[object]]:
    return _world()


def decisions_from_grades(
    pool: list[object], grades: dict[tuple[str, str], int], n: int, seed: int
) -> list[Decision]:
    rng = random.Random(seed)  # noqa: S311 - simulated noise
    # good pairs (few in the pool) and others in turn, each at random
    good = [m for m in pool if grades.get((m.need, m.offer), 0) >= 2]  # type: ignore[attr-defined]
    rest = rng.sample([m for m in pool if m not in good], len(pool) - len(good))
    good = rng.sample(good, len(good))
    chosen = [m for pair in zip(good, rest, strict=False) for m in pair][:n]
    out = []
    for m in chosen:
        g = grades.get((m.need, m.offer), 0)  # type: ignore[attr-defined]
        good = (g >= 2) != (rng.random() < 0.1)
        kind = rng.choice(["proposed", "completed"]) if good else "dismissed"
        out.append(Decision(m.need, m.offer, kind, "" if good else "Not relevant"))  # type: ignore[attr-defined]
    return out


def test_off_below_the_threshold_keeps_the_matchers_ranking(world) -> None:  # type: ignore[no-untyped-def]
    matcher, needs, grades, pool = world
    few = decisions_from_grades(pool, grades, 30, seed=1)
    reranker = Reranker(min_labels=50).fit_decisions(matcher, needs, few, Context())
    assert not reranker.on
    assert "30 decisions" in reranker.why_off_
    adjusted = reranker.adjust(matcher, needs, pool, 5, Context())
    assert adjusted.matches == matcher.rank(needs, top=5)
    assert not adjusted.moved


def test_off_with_one_kind_of_decision_only(world) -> None:  # type: ignore[no-untyped-def]
    matcher, needs, _, pool = world
    only_good = [Decision(m.need, m.offer, "proposed") for m in pool[:80]]
    assert not Reranker(min_labels=50).fit_decisions(matcher, needs, only_good, Context()).on


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(50, 300), top=st.integers(1, 8))
def test_on_it_only_reorders_the_matchers_feasible_pairs(seed: int, n: int, top: int) -> None:
    matcher, needs, grades, pool = _world()
    raw = {r["ref"]: r for r in _raw("needs")}, {r["ref"]: r for r in _raw("offers")}
    found = decisions_from_grades(pool, grades, n, seed)
    reranker = Reranker(min_labels=50, require_gain=False).fit_decisions(
        matcher, needs, found, Context()
    )
    assert reranker.on
    adjusted = reranker.adjust(matcher, needs, pool, top, Context())
    feasible = {(m.need, m.offer) for m in pool}
    by_need: dict[str, list[int]] = {}
    for m in adjusted.matches:
        assert (m.need, m.offer) in feasible
        assert allowed(raw[0][m.need], raw[1][m.offer])  # the hard rules, written again
        by_need.setdefault(m.need, []).append(m.rank)
    assert all(ranks == list(range(1, len(ranks) + 1)) for ranks in by_need.values())
    assert all(len(ranks) <= top for ranks in by_need.values())
    # every need the matcher served is still served, as deep as the pool allows
    for ref in {m.need for m in pool}:
        assert len(by_need[ref]) == min(top, sum(1 for m in pool if m.need == ref))
    assert adjusted.moved <= {(m.need, m.offer) for m in adjusted.matches}


def _raw(kind: str) -> list[dict[str, object]]:
    import json

    return json.loads((EVAL_DIR / f"{kind}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_blend_is_bounded_and_grows_with_decisions() -> None:
    few, many = Reranker(), Reranker()
    few.labels_, many.labels_ = 50, 1000
    assert 0 < few.weight_ < many.weight_ < many.max_weight
    score = np.array([0.5, 0.5, 0.5])
    blended = many.blend(score, np.array([0.0, 0.5, 1.0]))
    assert blended[1] == pytest.approx(0.5)  # an undecided model leaves the score alone
    assert blended[0] >= 0.5 * (1 - many.max_weight)
    assert blended[2] <= 0.5 * (1 + many.max_weight)


def test_a_stored_fit_is_json_numbers_and_reads_back_the_same() -> None:
    """The fit is kept as data (no pickle): loads(dumps()) gives the same probabilities."""
    import json

    from matcher.rerank import Reranker

    rng = np.random.default_rng(7)
    x = rng.normal(size=(120, 4))
    y = (x[:, 0] + 0.3 * rng.normal(size=120) > 0).astype(int)
    fitted = Reranker(require_gain=False).fit(x, y, np.ones(120), [str(i % 30) for i in range(120)])
    assert fitted.on
    raw = fitted.dumps()
    assert isinstance(json.loads(raw)["model"]["coef"], list)
    again = Reranker.loads(raw)
    assert again.on
    assert again.labels_ == fitted.labels_
    assert np.allclose(again.probability(x), fitted.probability(x))
    # the arithmetic is scikit-learn's own: the same probabilities as its pipeline
    pipeline = fitted._new_model().fit(x, y, logisticregression__sample_weight=np.ones(120))
    assert np.allclose(fitted.probability(x), pipeline.predict_proba(x)[:, 1])
    with pytest.raises(ValueError, match="not a stored re-ranker"):
        Reranker.loads(b'{"min_labels": 50}')
