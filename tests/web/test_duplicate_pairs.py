"""The dashboard's duplicate pairs: the vectorised rules agree with the per-pair ones."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from webapp.services.dashboard.duplicate_pairs import SHOWN, _need_rule, _offer_rule, pairs_of
from webapp.services.matching import duplicates
from webapp.services.matching.duplicates import Record

WORDS = [
    "incident",
    "csirt",
    "forensics",
    "course",
    "training",
    "malware",
    "triage",
    "law",
    "policy",
    "awareness",
]
REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]


def _records(rng: random.Random, n: int) -> list[Record]:
    out = []
    for i in range(n):
        text = " ".join(rng.choices(WORDS[: rng.randint(3, len(WORDS))], k=rng.randint(3, 9)))
        start = (
            date(2027, 1, 1) + timedelta(days=rng.randint(0, 300)) if rng.random() < 0.7 else None
        )
        end = start + timedelta(days=rng.randint(0, 90)) if start and rng.random() < 0.7 else None
        regions = frozenset(rng.sample(REGIONS, rng.randint(1, 3)))
        out.append(Record(i, f"R-{i:03d}", text, "owner", text, rng.randint(1, 4), regions,
                          start, end))  # fmt: skip
    return out


def _brute_force(records: list[Record], allowed) -> list[tuple[float, int, int]]:
    """Every pair scored and checked one by one, as the form's single-record check does."""
    x = duplicates.vectorise([r.text for r in records]).toarray()
    found = []
    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            score = float(x[i] @ x[j])
            if score >= duplicates.THRESHOLD and allowed(records[i], records[j]):
                found.append((-round(score, 2), i, j))
    return sorted(found)


def test_the_masks_find_exactly_the_pairs_the_per_pair_rules_find() -> None:
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    for _ in range(5):
        records = _records(rng, 120)
        for rule, allowed in ((_offer_rule, duplicates._offers_may_duplicate),
                              (_need_rule, duplicates._needs_may_duplicate)):  # fmt: skip
            expected = _brute_force(records, allowed)
            got = pairs_of(records, rule(records))
            assert got.total == len(expected) > SHOWN
            want = [(records[i].ref, records[j].ref) for _, i, j in expected[:SHOWN]]
            assert [(p.first.ref, p.second.ref) for p in got.closest] == want
            assert np.allclose([p.score for p in got.closest], [-s for s, _, _ in expected[:SHOWN]])
