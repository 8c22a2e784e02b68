"""cbmatch on the second graded set (tests/data/eval2) and its untagged copy: the issue's targets.

The targets are those the matching issue set (nDCG@5 >= 0.93 tagged, >= 0.90 untagged, unmet-need
precision and recall >= 0.9); the hard rules are written again from the contract on the raw
records, with the set's evaluation-only ``used`` for capacity.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher import Matcher
from matcher.evaluate import EvalSet, compare
from tests.unit.test_evaluate import allowed
from webapp.services.matching.evaluation import load_set, seed_labels

ROOT = Path(__file__).resolve().parents[1] / "data" / "eval2"
COPIES = {"tagged": ROOT, "untagged": ROOT / "stripped"}
TARGET_NDCG = {"tagged": 0.93, "untagged": 0.90}


@pytest.fixture(scope="module", params=sorted(COPIES))
def copy(request: pytest.FixtureRequest) -> tuple[str, EvalSet]:
    return request.param, load_set(COPIES[request.param])


def test_second_set_meets_the_targets_and_beats_the_one_floor_matcher(
    copy: tuple[str, EvalSet],
) -> None:
    name, data = copy
    results = compare(data, labels=seed_labels())
    ours, before = results["cbmatch"], results["cbmatch-one-floor"]
    assert ours.ndcg_at_5 >= TARGET_NDCG[name]
    assert ours.unmet_precision is not None
    assert ours.unmet_precision >= 0.9
    assert ours.unmet_recall is not None
    assert ours.unmet_recall >= 0.9
    assert ours.ndcg_at_5 > before.ndcg_at_5
    assert ours.recall_at_5 > before.recall_at_5
    assert ours.ndcg_at_5 >= 1.15 * results["baseline"].ndcg_at_5


def test_second_set_every_suggestion_keeps_the_hard_rules(copy: tuple[str, EvalSet]) -> None:
    name, data = copy
    folder = COPIES[name]
    needs = {n["ref"]: n for n in json.loads((folder / "needs.json").read_text("utf-8"))}
    offers = {o["ref"]: o for o in json.loads((folder / "offers.json").read_text("utf-8"))}
    matches = Matcher(labels=seed_labels()).fit(data.offers).rank(data.needs, top=10)
    assert len(matches) > 200
    broken = [(m.need, m.offer) for m in matches if not allowed(needs[m.need], offers[m.offer])]
    assert broken == []
    full = {ref for ref, o in offers.items() if int(o.get("used") or 0) >= o.get("capacity", 1)}
    assert full  # the set holds full offers, and none of them is ever suggested
    assert not full & {m.offer for m in matches}
