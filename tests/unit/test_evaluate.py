"""Metrics, the loader, the hand-labelled evaluation set, and cbmatch's results on it."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from matcher import Match, Matcher, NeedDoc, OfferDoc
from matcher.evaluate import EvalSet, compare, evaluate, load_eval_dir
from seed_data.reference import states, states_for_item, taxonomy

EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "eval"
STATES = states()


def tags(code: str) -> frozenset[str]:
    return STATES[code].tags()


@pytest.fixture(scope="module")
def data() -> EvalSet:
    return load_eval_dir(EVAL_DIR, tags)


Raw = tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[str, str], int]]


@pytest.fixture(scope="module")
def raw() -> Raw:
    needs = json.loads((EVAL_DIR / "needs.json").read_text(encoding="utf-8"))
    offers = json.loads((EVAL_DIR / "offers.json").read_text(encoding="utf-8"))
    with (EVAL_DIR / "grades.csv").open(encoding="utf-8", newline="") as fh:
        grades = {(r["need"], r["offer"]): int(r["grade"]) for r in csv.DictReader(fh)}
    return needs, offers, grades


# ---------------------------------------------------------------- metrics on a toy ranker
def toy() -> tuple[list[NeedDoc], list[OfferDoc], dict[tuple[str, str], int]]:
    needs = [NeedDoc(r, "SEN", frozenset(), "t", "d") for r in ("A", "B", "C", "D")]
    offers = [OfferDoc(r, "p", "ngo", "t", "d") for r in ("o1", "o2", "o3")]
    grades = {("A", "o1"): 3, ("A", "o2"): 2, ("A", "o3"): 1, ("B", "o1"): 1, ("D", "o2"): 2}
    return needs, offers, grades


def toy_ranker(needs: Sequence[NeedDoc], offers: Sequence[OfferDoc], top: int) -> list[Match]:
    lists = {"A": ["o3", "o1"], "B": [], "C": [], "D": ["o2", "o1"]}
    return [Match(n, o, i + 1, 0.5) for n, refs in lists.items() for i, o in enumerate(refs)]


def test_evaluate_metrics_match_hand_computation() -> None:
    m = evaluate(*toy(), toy_ranker)
    ndcg_a = (1 + 7 / math.log2(3)) / (7 + 3 / math.log2(3) + 1 / 2)
    assert m.ndcg_at_5 == pytest.approx((ndcg_a + 0.0 + 1.0) / 3)  # C has nothing to find
    assert m.p_at_1 == pytest.approx(0.5)  # A: top grade 1; D: top grade 2
    assert m.recall_at_5 == pytest.approx((1 / 2 + 1) / 2)
    assert m.mrr == pytest.approx((1 / 2 + 1) / 2)
    assert m.unmet_precision == pytest.approx(0.5)  # B and C left unmet; only C truly is
    assert m.unmet_recall == pytest.approx(1.0)
    assert (m.needs, m.needs_left_unmet, m.needs_truly_unmet) == (4, 2, 1)


def test_evaluate_unmet_precision_undefined_when_all_get_suggestions() -> None:
    needs, offers, grades = toy()

    def everything(ns: Sequence[NeedDoc], os_: Sequence[OfferDoc], top: int) -> list[Match]:
        return [Match(n.ref, "o1", 1, 0.1) for n in ns]

    m = evaluate(needs, offers, grades, everything)
    assert m.unmet_precision is None
    assert m.unmet_recall == 0.0


# ---------------------------------------------------------------- loader
def test_evaluate_loader_applies_contract_defaults(data: EvalSet) -> None:
    needs = {n.ref: n for n in data.needs}
    offers = {o.ref: o for o in data.offers}
    fiji = needs["EN-02"]
    assert fiji.state_tags == tags("FJI")
    assert "sids" in fiji.state_tags
    assert fiji.modality == "hybrid"
    assert (fiji.start.isoformat(), fiji.end.isoformat()) == ("2027-02-01", "2027-10-31")
    assert needs["EN-10"].modality == "any"
    assert needs["EN-10"].priority == "medium"
    assert needs["EN-10"].support_types == ()
    assert offers["EO-21"].topics == ()
    assert offers["EO-21"].eligible == ()
    assert offers["EO-08"].modality == "any"
    assert offers["EO-05"].eligible == ("Caribbean",)
    assert data.grades[("EN-01", "EO-32")] == 3


# ---------------------------------------------------------------- the labelled set itself
def test_evaluate_set_is_valid_and_varied(raw: Raw) -> None:
    needs, offers, grades = raw
    tax = taxonomy()
    topics = {t["slug"] for t in tax["topics"]}
    support = {s["slug"] for s in tax["support_types"]}
    assert len(needs) >= 32
    assert len(offers) >= 55
    assert len({n["ref"] for n in needs}) == len(needs)
    assert len({o["ref"] for o in offers}) == len(offers)
    for rec in [*needs, *offers]:
        assert set(rec.get("topics", [])) <= topics, rec["ref"]
        assert set(rec.get("support_types", [])) <= support, rec["ref"]
        assert rec.get("modality", "any") in {"in_person", "remote", "hybrid", "any"}
        if rec.get("start") and rec.get("end"):
            assert rec["start"] <= rec["end"], rec["ref"]
    for n in needs:
        assert n["state"] in STATES, n["ref"]
    for o in offers:
        for item in o.get("eligible", []):
            assert states_for_item(item), (o["ref"], item)
    assert sum(1 for n in needs if n.get("languages") == ["fr"]) >= 5
    assert sum(1 for n in needs if n.get("languages", ["en"])[0] == "es") >= 5
    assert all(0 <= g <= 3 for g in grades.values())
    refs = {n["ref"] for n in needs}, {o["ref"] for o in offers}
    assert all(n in refs[0] and o in refs[1] for n, o in grades)
    served = {n for (n, _), g in grades.items() if g >= 1}
    assert len(refs[0] - served) >= 4


def allowed(n: dict[str, Any], o: dict[str, Any]) -> bool:
    """The hard rules, written again from the contract on the raw records.

    Capacity too, from a graded set's evaluation-only ``used`` (absent: nothing taken).
    """
    if int(o.get("used") or 0) >= int(o.get("capacity") or 1):
        return False
    eligible = o.get("eligible") or []
    if eligible and not any(n["state"] in states_for_item(item) for item in eligible):
        return False
    if not set(n.get("languages") or ["en"]) & set(o.get("languages") or ["en"]):
        return False
    if {n.get("modality", "any"), o.get("modality", "any")} == {"in_person", "remote"}:
        return False
    if n.get("start") and o.get("end") and n["start"] > o["end"]:
        return False
    return not (o.get("start") and n.get("end") and o["start"] > n["end"])


TRAPS = [  # (need, offer, the field that makes the pair impossible)
    ("EN-02", "EO-05", "eligible"),  # Caribbean-only CSIRT fund, need from Fiji
    ("EN-23", "EO-45", "eligible"),  # defence cooperation for listed partners only
    ("EN-07", "EO-48", "eligible"),  # South-eastern Asia strategy clinic, need from Côte d'Ivoire
    ("EN-27", "EO-28", "languages"),  # malware course in English, French-only need
    ("EN-29", "EO-09", "languages"),  # awareness toolkit, Arabic-only need
    ("EN-06", "EO-29", "modality"),  # on-site bootcamp, remote-only need
    ("EN-24", "EO-14", "dates"),  # crisis exercise in spring, need in autumn
    ("EN-02", "EO-56", "dates"),  # CERT fellowship in 2026, need in 2027
]


@pytest.mark.parametrize(("need_ref", "offer_ref", "field"), TRAPS)
def test_evaluate_traps_fit_by_text_but_are_impossible(
    raw: Raw, data: EvalSet, need_ref: str, offer_ref: str, field: str
) -> None:
    needs, offers, grades = raw
    n = next(x for x in needs if x["ref"] == need_ref)
    o = next(x for x in offers if x["ref"] == offer_ref)
    assert grades.get((need_ref, offer_ref), 0) == 0
    assert not allowed(n, o)
    # lift only the rule that blocks the pair: the text then puts it among the need's best
    need = next(x for x in data.needs if x.ref == need_ref)
    doc = next(x for x in data.offers if x.ref == offer_ref)
    lifted = {
        "eligible": {"eligible": ()},
        "languages": {"languages": (*doc.languages, *need.languages)},
        "modality": {"modality": "hybrid"},
        "dates": {"start": None, "end": None},
    }[field]
    others = [x for x in data.offers if x.ref != offer_ref]
    ranked = Matcher(min_score=0.0).fit([*others, replace(doc, **lifted)]).rank_need(need, top=3)
    assert offer_ref in [m.offer for m in ranked]


# ---------------------------------------------------------------- cbmatch on the set
def test_evaluate_every_suggestion_keeps_the_hard_rules(raw: Raw, data: EvalSet) -> None:
    needs, offers, grades = raw
    by_need = {n["ref"]: n for n in needs}
    by_offer = {o["ref"]: o for o in offers}
    matches = Matcher().fit(data.offers).rank(data.needs, top=5)
    assert matches
    for m in matches:
        assert allowed(by_need[m.need], by_offer[m.offer]), (m.need, m.offer)
    unservable = {n["ref"] for n in needs} - {n for (n, _), g in grades.items() if g >= 1}
    assert unservable
    assert not unservable & {m.need for m in matches}


def test_evaluate_ndcg_targets(data: EvalSet) -> None:
    results = compare(data)
    ours, base = results["cbmatch"], results["baseline"]
    assert ours.ndcg_at_5 >= 0.85
    assert ours.ndcg_at_5 >= 1.4 * base.ndcg_at_5
    assert ours.p_at_1 >= base.p_at_1
    assert ours.unmet_recall == 1.0
