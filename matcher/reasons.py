"""English reasons a coordinator reads next to each suggested pair."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from matcher.eligibility import eligible_items, shared_languages, window_overlap
from matcher.types import Labels, NeedDoc, OfferDoc


class Namer(Protocol):
    """What reasons need from ``Labels``."""

    def topic(self, slug: str) -> str: ...
    def support_type(self, slug: str) -> str: ...
    def language(self, code: str) -> str: ...
    def place(self, item: str) -> str: ...


#: How a reason words each modality (shared by ``modality_reason`` and ``ReasonWriter``).
MODALITY_WORDS = {"in_person": "in person", "remote": "remote", "hybrid": "hybrid"}


def in_record_order(shared: Iterable[str], *preferences: Sequence[str]) -> list[str]:
    """Shared items, in the order the records list them, then alphabetically."""
    shared = set(shared)
    out: list[str] = []
    for seq in preferences:
        out.extend(x for x in seq if x in shared and x not in out)
    out.extend(sorted(shared - set(out)))
    return out


def topics_reason(
    shared: Iterable[str], need: NeedDoc, offer: OfferDoc, labels: Namer
) -> str | None:
    """'Shared topics: ...' with English labels, or None when nothing is shared."""
    items = in_record_order(shared, need.topics, offer.topics)
    if not items:
        return None
    return "Shared topics: " + ", ".join(labels.topic(t) for t in items)


def support_reason(
    shared: Iterable[str], need: NeedDoc, offer: OfferDoc, labels: Namer
) -> str | None:
    """'Support type: Training' (or 'Support types: ...'), or None."""
    items = in_record_order(shared, need.support_types, offer.support_types)
    if not items:
        return None
    word = "Support type" if len(items) == 1 else "Support types"
    return f"{word}: " + ", ".join(labels.support_type(s) for s in items)


def terms_reason(terms: Sequence[str]) -> str | None:
    """'Key shared terms: csirt, malware' from concept or word tokens, or None."""
    if not terms:
        return None
    return "Key shared terms: " + ", ".join(t.replace("_", " ") for t in terms)


def language_reason(need: NeedDoc, offer: OfferDoc, labels: Namer) -> str | None:
    """'Delivered in French' (or 'Delivered in French or English')."""
    langs = shared_languages(need, offer)
    if not langs:
        return None
    return "Delivered in " + " or ".join(labels.language(x.lower()) for x in langs)


def eligibility_reason(need: NeedDoc, offer: OfferDoc, labels: Namer) -> str | None:
    """'Open to all States', or the offer's items that include the need's State."""
    if not offer.eligible:
        return "Open to all States"
    items = eligible_items(need, offer)
    if not items:
        return None
    return "Open to " + ", ".join(labels.place(i.strip()) for i in items)


def window_reason(need: NeedDoc, offer: OfferDoc) -> str | None:
    """'Windows overlap: 2027-03-01 to 2027-05-31' when both sides give a window."""
    if (need.start is None and need.end is None) or (offer.start is None and offer.end is None):
        return None
    overlap = window_overlap(need, offer)
    if overlap is None:
        return None
    lo, hi = overlap
    if lo is not None and hi is not None:
        return f"Windows overlap: {lo.isoformat()} to {hi.isoformat()}"
    if lo is not None:
        return f"Windows overlap: from {lo.isoformat()}"
    if hi is not None:
        return f"Windows overlap: until {hi.isoformat()}"
    return None


def modality_reason(need: NeedDoc, offer: OfferDoc) -> str | None:
    """'Format: in person' when the need asks for a format and the offer gives exactly that."""
    if need.modality in ("in_person", "remote") and offer.modality == need.modality:
        return f"Format: {MODALITY_WORDS[need.modality]}"
    if need.modality in ("in_person", "remote") and offer.modality == "hybrid":
        return f"Format: hybrid, fits a {MODALITY_WORDS[need.modality]} need"
    return None


def priority_reason(need: NeedDoc) -> str | None:
    """'High-priority need' for needs marked high."""
    return "High-priority need" if need.priority == "high" else None


def capacity_reason(offer: OfferDoc) -> str:
    """'Capacity left: 2 of 3'."""
    return f"Capacity left: {offer.capacity - offer.used} of {offer.capacity}"


def build_reasons(
    need: NeedDoc,
    offer: OfferDoc,
    *,
    labels: Namer,
    shared_topics: Iterable[str],
    shared_support: Iterable[str],
    terms: Sequence[str],
) -> tuple[str, ...]:
    """Every reason that applies to a feasible pair, most telling first."""
    found = (
        topics_reason(shared_topics, need, offer, labels),
        support_reason(shared_support, need, offer, labels),
        terms_reason(terms),
        language_reason(need, offer, labels),
        eligibility_reason(need, offer, labels),
        window_reason(need, offer),
        modality_reason(need, offer),
        priority_reason(need),
        capacity_reason(offer),
    )
    return tuple(r for r in found if r)


class CachedLabels:
    """``Labels`` with every lookup memoised (reasons name the same few things again and again)."""

    def __init__(self, labels: Labels) -> None:
        self._labels = labels
        self._memo: dict[tuple[str, str], str] = {}

    def _get(self, kind: str, key: str, fn: Callable[[str], str]) -> str:
        value = self._memo.get((kind, key))
        if value is None:
            value = self._memo[(kind, key)] = fn(key)
        return value

    def topic(self, slug: str) -> str:
        return self._get("t", slug, self._labels.topic)

    def support_type(self, slug: str) -> str:
        return self._get("s", slug, self._labels.support_type)

    def language(self, code: str) -> str:
        return self._get("l", code, self._labels.language)

    def place(self, item: str) -> str:
        return self._get("p", item, self._labels.place)
