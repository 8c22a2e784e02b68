"""The reasons a coordinator reads next to each suggested pair: structured, and worded in English.

Each reason is a ``Reason(code, values)`` in no language; ``english`` words it as the CLI and the
interchange print it ("Shared topics: CSIRT, ..."). The web words the same codes in the reader's
language (``webapp/reasons.py``).

Codes and their values:

- ``shared_topics``, ``support_types``: slugs, in record order;
- ``key_terms``: the shared terms (concept tokens keep their ``_``);
- ``languages``: lower-case ISO 639-1 codes, in the need's order;
- ``open_to_all``: none; ``open_to``: the offer's eligibility items (ISO3 codes or group names);
- ``window``: from and to, ``window_from``: from, ``window_until``: to (ISO dates);
- ``format``: the modality both ask and give; ``format_hybrid``: the need's modality, which a
  hybrid offer fits;
- ``high_priority``: none; ``capacity``: places left and the offer's capacity;
- ``text_similarity``: none (the evaluation's baseline gives only that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Protocol

from matcher.eligibility import eligible_items, shared_languages, window_overlap
from matcher.types import Labels, NeedDoc, OfferDoc, Reason

__all__ = ["Reason", "build_reasons", "english"]


class Namer(Protocol):
    """What reasons need from ``Labels``."""

    def topic(self, slug: str) -> str: ...
    def support_type(self, slug: str) -> str: ...
    def language(self, code: str) -> str: ...
    def place(self, item: str) -> str: ...


#: How a reason words each modality in English.
MODALITY_WORDS = {"in_person": "in person", "remote": "remote", "hybrid": "hybrid"}
OPEN_TO_ALL = Reason("open_to_all")
HIGH_PRIORITY = Reason("high_priority")
TEXT_SIMILARITY = Reason("text_similarity")


def in_record_order(shared: Iterable[str], *preferences: Sequence[str]) -> list[str]:
    """Shared items, in the order the records list them, then alphabetically."""
    shared = set(shared)
    out: list[str] = []
    for seq in preferences:
        out.extend(x for x in seq if x in shared and x not in out)
    out.extend(sorted(shared - set(out)))
    return out


def topics_reason(shared: Iterable[str], need: NeedDoc, offer: OfferDoc) -> Reason | None:
    """The shared topics' slugs, or None when nothing is shared."""
    items = in_record_order(shared, need.topics, offer.topics)
    return Reason("shared_topics", tuple(items)) if items else None


def support_reason(shared: Iterable[str], need: NeedDoc, offer: OfferDoc) -> Reason | None:
    """The shared support types' slugs, or None."""
    items = in_record_order(shared, need.support_types, offer.support_types)
    return Reason("support_types", tuple(items)) if items else None


def terms_reason(terms: Sequence[str]) -> Reason | None:
    """The key shared terms (concept or word tokens), or None."""
    return Reason("key_terms", tuple(terms)) if terms else None


def language_reason(need: NeedDoc, offer: OfferDoc) -> Reason | None:
    """The languages both sides work in, in the need's order, or None."""
    langs = shared_languages(need, offer)
    return Reason("languages", tuple(x.lower() for x in langs)) if langs else None


def eligibility_reason(need: NeedDoc, offer: OfferDoc) -> Reason | None:
    """Open to all States, or the offer's items that include the need's State."""
    if not offer.eligible:
        return OPEN_TO_ALL
    items = eligible_items(need, offer)
    return Reason("open_to", tuple(i.strip() for i in items)) if items else None


def window_reason_of(lo: date | None, hi: date | None) -> Reason | None:
    """The overlap of two windows, either bound open."""
    if lo is not None and hi is not None:
        return Reason("window", (lo.isoformat(), hi.isoformat())) if lo <= hi else None
    if lo is not None:
        return Reason("window_from", (lo.isoformat(),))
    if hi is not None:
        return Reason("window_until", (hi.isoformat(),))
    return None


def window_reason(need: NeedDoc, offer: OfferDoc) -> Reason | None:
    """The windows' overlap when both sides give a window."""
    if (need.start is None and need.end is None) or (offer.start is None and offer.end is None):
        return None
    overlap = window_overlap(need, offer)
    return None if overlap is None else window_reason_of(*overlap)


def modality_reason_of(wanted: str, given: str) -> Reason | None:
    """The format when the need asks for one and the offer gives exactly it, or hybrid."""
    if wanted in ("in_person", "remote") and given == wanted:
        return Reason("format", (wanted,))
    if wanted in ("in_person", "remote") and given == "hybrid":
        return Reason("format_hybrid", (wanted,))
    return None


def modality_reason(need: NeedDoc, offer: OfferDoc) -> Reason | None:
    """``modality_reason_of`` the need's and the offer's modality."""
    return modality_reason_of(need.modality, offer.modality)


def priority_reason(need: NeedDoc) -> Reason | None:
    """High priority, for needs marked high."""
    return HIGH_PRIORITY if need.priority == "high" else None


def capacity_reason(offer: OfferDoc) -> Reason:
    """The places left and the offer's capacity."""
    return Reason("capacity", (offer.capacity - offer.used, offer.capacity))


def build_reasons(
    need: NeedDoc,
    offer: OfferDoc,
    *,
    shared_topics: Iterable[str],
    shared_support: Iterable[str],
    terms: Sequence[str],
) -> tuple[Reason, ...]:
    """Every reason that applies to a feasible pair, most telling first."""
    found = (
        topics_reason(shared_topics, need, offer),
        support_reason(shared_support, need, offer),
        terms_reason(terms),
        language_reason(need, offer),
        eligibility_reason(need, offer),
        window_reason(need, offer),
        modality_reason(need, offer),
        priority_reason(need),
        capacity_reason(offer),
    )
    return tuple(r for r in found if r)


# ---------------------------------------------------------------------- in English
def _items(values: Iterable[str | int], name: Callable[[str], str]) -> str:
    return ", ".join(name(str(v)) for v in values)


def english(reason: Reason, labels: Namer) -> str:
    """The reason as the CLI prints it: "Shared topics: CSIRT", "Capacity left: 2 of 3"."""
    code, v = reason
    if code == "shared_topics":
        return "Shared topics: " + _items(v, labels.topic)
    if code == "support_types":
        word = "Support type" if len(v) == 1 else "Support types"
        return f"{word}: " + _items(v, labels.support_type)
    if code == "key_terms":
        return English.terms([str(x) for x in v])
    if code == "languages":
        return "Delivered in " + " or ".join(labels.language(str(x)) for x in v)
    if code == "open_to_all":
        return "Open to all States"
    if code == "open_to":
        return "Open to " + _items(v, labels.place)
    if code == "window":
        return f"Windows overlap: {v[0]} to {v[1]}"
    if code == "window_from":
        return f"Windows overlap: from {v[0]}"
    if code == "window_until":
        return f"Windows overlap: until {v[0]}"
    if code == "format":
        return f"Format: {MODALITY_WORDS[str(v[0])]}"
    if code == "format_hybrid":
        return f"Format: hybrid, fits a {MODALITY_WORDS[str(v[0])]} need"
    if code == "high_priority":
        return "High-priority need"
    if code == "capacity":
        return f"Capacity left: {v[0]} of {v[1]}"
    if code == "text_similarity":
        return "Text similarity"
    raise ValueError(f"unknown reason code {code!r}")


class English:
    """``english`` for many pairs' reasons, each distinct reason worded once.

    The writer hands the same ``Reason`` object to every pair that shares it, so reasons are
    remembered by identity (``_kept`` holds them, so that an identity is never reused).
    """

    def __init__(self, labels: Labels) -> None:
        self.labels: Namer = CachedLabels(labels)
        self._memo: dict[int, str] = {}
        self._kept: list[Reason] = []

    def __call__(self, reasons: Iterable[Reason]) -> tuple[str, ...]:
        """The reasons in English, in order."""
        memo = self._memo
        return tuple([memo.get(id(r)) or self._word(r) for r in reasons])

    def one(self, reason: Reason) -> str:
        """One reason in English."""
        return self._memo.get(id(reason)) or self._word(reason)

    @staticmethod
    def terms(terms: Sequence[str]) -> str:
        """The key shared terms in English, straight from the tokens (as ``english`` words them)."""
        return "Key shared terms: " + ", ".join(terms).replace("_", " ")

    def _word(self, reason: Reason) -> str:
        code, values = reason
        if code == "key_terms":  # one per pair: not worth remembering
            return self.terms([str(v) for v in values])
        text = self._memo[id(reason)] = english(reason, self.labels)
        self._kept.append(reason)
        return text


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
