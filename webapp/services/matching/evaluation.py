"""``cbmatch evaluate``: score cbmatch and the plain TF-IDF baseline on a hand-graded set.

The set's needs and offers are read and validated with the importer's own rules (against the
committed reference data, so no database is needed), then handed to ``matcher.evaluate``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from matcher import Labels, NeedDoc, OfferDoc
from matcher.evaluate import EvalSet, compare, load_grades
from seed_data import reference
from webapp.services.errors import CbmatchError
from webapp.services.interchange.operations import validate_records
from webapp.services.interchange.readers import Raw, read_file
from webapp.services.interchange.records import NeedData, OfferData, Reference


def _find(directory: Path, stem: str) -> Path:
    for suffix in (".json", ".csv"):
        if (directory / f"{stem}{suffix}").exists():
            return directory / f"{stem}{suffix}"
    raise CbmatchError(f"{directory}: no {stem}.json or {stem}.csv")


def need_doc_from_data(data: NeedData) -> NeedDoc:
    """The matcher's view of a validated need record."""
    return NeedDoc(
        ref=data.ref, state=data.state, state_tags=reference.states()[data.state].tags(),
        title=data.title, description=data.description, topics=data.topics,
        support_types=data.support_types, languages=data.languages, modality=data.modality,
        start=data.start, end=data.end, priority=data.priority,
    )  # fmt: skip


def offer_doc_from_data(data: OfferData) -> OfferDoc:
    """The matcher's view of a validated offer record."""
    return OfferDoc(
        ref=data.ref, provider=data.provider, provider_type=data.provider_type, title=data.title,
        description=data.description, topics=data.topics, support_types=data.support_types,
        languages=data.languages, modality=data.modality, start=data.start, end=data.end,
        eligible=data.eligible, capacity=data.capacity,
    )  # fmt: skip


def seed_labels() -> Labels:
    """Reason labels from the committed taxonomy and State names."""
    tax = reference.taxonomy()
    return Labels(
        topics={t["slug"]: t["label"]["en"] for t in tax["topics"]},
        support_types={s["slug"]: s["label"]["en"] for s in tax["support_types"]},
        places={code: s.name_en for code, s in reference.states().items()},
    )


def _used(raw: list[Raw]) -> dict[str, int]:
    """The evaluation-only ``used`` field: places of an offer already taken (0 when absent).

    It is not part of the interchange format (the database counts a live offer's matches); a
    graded set uses it to hold offers that cover a need but have no capacity left.
    """
    used: dict[str, int] = {}
    for where, rec in raw:
        value = rec.get("used")
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            raise CbmatchError(f"offers {where}: used: {value!r} is not a whole number >= 0")
        used[str(rec.get("ref"))] = number
    return used


def load_set(directory: Path) -> EvalSet:
    """Read and validate needs, offers and grades; raise CbmatchError on any problem."""
    if not directory.is_dir():
        raise CbmatchError(f"{directory}: no such directory")
    ref = Reference.from_seed()
    needs = validate_records(ref, "needs", read_file(_find(directory, "needs"), "needs"))
    raw_offers = read_file(_find(directory, "offers"), "offers")
    used = _used(raw_offers)
    plain = [(where, {k: v for k, v in rec.items() if k != "used"}) for where, rec in raw_offers]
    offers = validate_records(ref, "offers", plain)
    grades_path = directory / "grades.csv"
    if not grades_path.exists():
        raise CbmatchError(f"{directory}: no grades.csv (need,offer,grade)")
    try:
        grades = load_grades(grades_path)
    except (ValueError, KeyError) as exc:
        raise CbmatchError(f"{grades_path}: {exc}") from None
    need_refs = {n.ref for n in needs}
    offer_refs = {o.ref for o in offers}
    unknown = [f"{n},{o}" for n, o in grades if n not in need_refs or o not in offer_refs]
    if unknown:
        raise CbmatchError(f"{grades_path}: grades name unknown refs: {', '.join(unknown[:5])}")
    return EvalSet(
        needs=tuple(need_doc_from_data(n) for n in needs),  # type: ignore[arg-type]
        offers=tuple(
            replace(offer_doc_from_data(o), used=used.get(o.ref, 0))  # type: ignore[arg-type]
            for o in offers
        ),
        grades=grades,
    )


METRICS = ("ndcg_at_5", "p_at_1", "recall_at_5", "mrr", "unmet_precision", "unmet_recall")


def run_evaluation(directory: Path) -> dict[str, Any]:
    """Metrics of cbmatch and of the baseline, in one run on the same data."""
    data = load_set(directory)
    results = compare(data, k=5, labels=seed_labels())
    return {
        "needs": len(data.needs),
        "offers": len(data.offers),
        "graded": sum(1 for g in data.grades.values() if g > 0),
        "systems": {
            name: {m: getattr(metrics, m) for m in METRICS} for name, metrics in results.items()
        },
    }
