"""The matcher's thresholds are what calibration on the graded sets gives, and they do their job."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.calibration import _margin, calibrate
from matcher.thresholds import MIN_SCORE, SERVE_SCORE, STRONG_SCORE
from webapp.services.matching.evaluation import load_set, seed_labels

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = ("eval", "eval2", "eval2/stripped")


@pytest.fixture(scope="module")
def pooled():
    return calibrate([load_set(DATA / name) for name in SETS], labels=seed_labels())


def test_calibration_gives_the_constants_the_matcher_uses(pooled) -> None:
    assert round(pooled.serve_score, 2) == SERVE_SCORE
    assert round(pooled.min_score, 2) == MIN_SCORE
    assert round(pooled.strong_score, 2) == STRONG_SCORE
    assert MIN_SCORE < SERVE_SCORE  # a servable need lists more than its strongest pairs
    assert pooled.needs_servable >= 190
    assert pooled.needs_unservable >= 120


def test_margin_is_the_middle_of_the_gap_and_weighs_both_sides_alike() -> None:
    assert _margin([0.1, 0.2], [0.4, 0.5]) == pytest.approx(0.3)
    # one stray high "low" among many: the cut stays between the bulks, it does not jump over
    assert _margin([0.1] * 50 + [0.45], [0.4, 0.5, 0.6]) == pytest.approx(0.25)
    # many more lows than highs must not drag the cut up past the highs
    assert _margin([0.05] * 1000 + [0.3], [0.2, 0.5, 0.6]) < 0.2
