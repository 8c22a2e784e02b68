"""The second hand-graded evaluation set (tests/data/eval2): what a reader of its figures relies on.

The hard rules are written again here from docs/INTERCHANGE.md and docs/MATCHER.md section 1, on
the raw records, independently of ``matcher/``; no matcher code runs on the set in this file.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from seed_data.reference import states, states_for_item, taxonomy

EVAL2 = Path(__file__).resolve().parents[1] / "data" / "eval2"
RULES = ("language", "eligibility", "modality", "dates", "capacity")
REASONS = (*RULES, "topic")
Record = dict[str, Any]


def read_json(path: Path) -> list[Record]:
    data: list[Record] = json.loads(path.read_text(encoding="utf-8"))
    return data


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


NEEDS = read_json(EVAL2 / "needs.json")
OFFERS = read_json(EVAL2 / "offers.json")
NEED = {n["ref"]: n for n in NEEDS}
OFFER = {o["ref"]: o for o in OFFERS}
GRADES = {(r["need"], r["offer"]): int(r["grade"]) for r in read_csv(EVAL2 / "grades.csv")}
UNSERVABLE = {r["need"]: r["reason"] for r in read_csv(EVAL2 / "unservable.csv")}
SERVABLE = [n["ref"] for n in NEEDS if n["ref"] not in UNSERVABLE]


def blocked_by(n: Record, o: Record) -> set[str]:
    """The hard rules a pair breaks (empty: the pair may be suggested)."""
    out = set()
    eligible = o.get("eligible") or []
    if eligible and not any(n["state"] in states_for_item(item) for item in eligible):
        out.add("eligibility")
    if not set(n.get("languages") or ["en"]) & set(o.get("languages") or ["en"]):
        out.add("language")
    if {n.get("modality", "any"), o.get("modality", "any")} == {"in_person", "remote"}:
        out.add("modality")
    if n.get("start") and o.get("end") and n["start"] > o["end"]:
        out.add("dates")
    if o.get("start") and n.get("end") and o["start"] > n["end"]:
        out.add("dates")
    if o.get("capacity", 1) - o.get("used", 0) < 1:
        out.add("capacity")
    return out


def best(need: str) -> int:
    return max((g for (n, _), g in GRADES.items() if n == need), default=0)


def readme_traps() -> list[tuple[str, str, str]]:
    """(need, offer, rule) rows of the README's trap table."""
    text = (EVAL2 / "README.md").read_text(encoding="utf-8")
    row = re.compile(r"^\| (HN-\d{3})\b[^|]*\| (HO-\d{3})\b[^|]*\| (\w+) \|", re.MULTILINE)
    return row.findall(text)


# ---------------------------------------------------------------- shape and counts
def test_eval2_has_the_promised_size_and_languages() -> None:
    assert len(NEEDS) >= 140
    assert len(OFFERS) >= 130
    assert len(NEED) == len(NEEDS)
    assert len(OFFER) == len(OFFERS)
    french_or_spanish = [n for n in NEEDS if n["languages"][0] in {"fr", "es"}]
    assert 5 * len(french_or_spanish) >= len(NEEDS)
    assert any(o["languages"][0] in {"fr", "es"} for o in OFFERS)
    assert all(r.startswith("HN-") for r in NEED)
    assert all(r.startswith("HO-") for r in OFFER)


def test_eval2_records_use_the_reference_data() -> None:
    tax = taxonomy()
    topics = {t["slug"] for t in tax["topics"]}
    support = {s["slug"] for s in tax["support_types"]}
    for rec in [*NEEDS, *OFFERS]:
        assert set(rec.get("topics", [])) <= topics, rec["ref"]
        assert set(rec.get("support_types", [])) <= support, rec["ref"]
        assert rec.get("modality", "any") in {"in_person", "remote", "hybrid", "any"}
        if rec.get("start") and rec.get("end"):
            assert rec["start"] <= rec["end"], rec["ref"]
    assert all(n["state"] in states() for n in NEEDS)
    for o in OFFERS:
        for item in o.get("eligible", []):
            assert states_for_item(item), (o["ref"], item)
    regions = Counter(states()[n["state"]].region for n in NEEDS)
    assert set(regions) >= {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_eval2_grades_name_known_refs_and_allowed_pairs() -> None:
    assert all(n in NEED and o in OFFER for n, o in GRADES)
    assert all(0 <= g <= 3 for g in GRADES.values())
    for (n, o), g in GRADES.items():
        if g >= 1:
            assert not blocked_by(NEED[n], OFFER[o]), (n, o, g)


def test_eval2_has_80_servable_needs_each_with_a_good_offer() -> None:
    assert len(SERVABLE) == 80
    assert all(best(n) >= 2 for n in SERVABLE)


def test_eval2_has_ten_unservable_needs_per_reason() -> None:
    assert set(UNSERVABLE) <= set(NEED)
    assert Counter(UNSERVABLE.values()) == dict.fromkeys(REASONS, 10)
    assert all(best(n) == 0 for n in UNSERVABLE)


@pytest.mark.parametrize("need", sorted(n for n, r in UNSERVABLE.items() if r in RULES))
def test_eval2_rule_reason_is_the_one_that_blocks(need: str) -> None:
    """At least two offers on the need's declared topics are blocked by exactly its reason."""
    n, reason = NEED[need], UNSERVABLE[need]
    on_topic = [o for o in OFFERS if set(o.get("topics", [])) & set(n.get("topics", []))]
    exactly = [o["ref"] for o in on_topic if blocked_by(n, o) == {reason}]
    assert len(exactly) >= 2, (need, reason, exactly)


def test_eval2_full_offers_are_full_and_serve_nobody() -> None:
    full = [o for o in OFFERS if "used" in o]
    assert len(full) >= 2
    for o in full:
        assert o["used"] == o.get("capacity", 1), o["ref"]
        assert not any(g >= 1 for (_, of), g in GRADES.items() if of == o["ref"])
    capacity_needs = [n for n, r in UNSERVABLE.items() if r == "capacity"]
    for need in capacity_needs:
        assert any(blocked_by(NEED[need], o) == {"capacity"} for o in full), need


def test_eval2_blocked_offers_serve_other_needs() -> None:
    """The offers behind the language, eligibility, modality and dates reasons are not dead:
    each reason's blocked on-topic offers serve some servable need (grade >= 2)."""
    good = {o for (n, o), g in GRADES.items() if g >= 2 and n not in UNSERVABLE}
    for reason in ("language", "eligibility", "modality", "dates"):
        for need in (n for n, r in UNSERVABLE.items() if r == reason):
            topics = set(NEED[need]["topics"])
            blocked = {
                o["ref"]
                for o in OFFERS
                if set(o["topics"]) & topics and blocked_by(NEED[need], o) == {reason}
            }
            assert blocked & good, (need, reason)


# ---------------------------------------------------------------- traps
def test_eval2_readme_lists_about_twenty_traps() -> None:
    traps = readme_traps()
    assert len(traps) >= 20
    assert {rule for _, _, rule in traps} == {"eligibility", "language", "modality", "dates"}


@pytest.mark.parametrize(("need", "offer", "rule"), readme_traps())
def test_eval2_trap_is_graded_zero_and_blocked(need: str, offer: str, rule: str) -> None:
    assert need in SERVABLE
    assert GRADES.get((need, offer), 0) == 0
    assert blocked_by(NEED[need], OFFER[offer]) == {rule}
    # the trap shares a declared topic with the need: its text is on the subject
    assert set(NEED[need]["topics"]) & set(OFFER[offer]["topics"])


# ---------------------------------------------------------------- importer, stripped copy
def test_eval2_loads_with_the_importers_validation(tmp_path: Path) -> None:
    """The set passes the importer's rules. ``used`` is an evaluation-only field that the
    importer does not know, so it is dropped here before validating."""
    from webapp.services.matching.evaluation import load_set

    for name in ("needs.json", "grades.csv"):
        shutil.copyfile(EVAL2 / name, tmp_path / name)
    offers = [{k: v for k, v in o.items() if k != "used"} for o in OFFERS]
    (tmp_path / "offers.json").write_text(json.dumps(offers), encoding="utf-8")
    loaded = load_set(tmp_path)
    assert (len(loaded.needs), len(loaded.offers)) == (len(NEEDS), len(OFFERS))


def test_eval2_stripped_copy_is_the_set_without_tags() -> None:
    stripped = EVAL2 / "stripped"
    for name, records in (("needs.json", NEEDS), ("offers.json", OFFERS)):
        untagged = [
            {k: v for k, v in r.items() if k not in {"topics", "support_types"}} for r in records
        ]
        assert read_json(stripped / name) == untagged
    for name in ("grades.csv", "unservable.csv"):
        assert (stripped / name).read_bytes() == (EVAL2 / name).read_bytes()
