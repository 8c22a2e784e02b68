"""The reasons of many (need, offer) pairs at once, each phrase made once per distinct case.

Most reasons depend on a few fields of each side: the shared topics on both sides' topic sets
(and the order they are declared in), the delivery language on the need's languages and the
offer's, eligibility on the need's State and the offer's list, and so on. ``ReasonWriter`` gives
each distinct value of those fields a number once; for a block of pairs it then finds the
distinct (need value, offer value) combinations with ``numpy.unique``, writes each phrase once
(memoised across blocks), and gathers the phrases back to the pairs. Python work per pair is
left to the key terms and to assembling the tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np

from matcher.reasons import (
    MODALITY_WORDS,
    CachedLabels,
    Namer,
    capacity_reason,
    eligibility_reason,
    in_record_order,
    language_reason,
    modality_reason,
    support_reason,
    topics_reason,
    window_reason,
)
from matcher.types import Labels, NeedDoc, OfferDoc

_NO_START, _NO_END = 0, date.max.toordinal() + 1  # ordinals standing for a missing bound
_TopicsKey = tuple[frozenset[str], tuple[str, ...]]


class _Ids:
    """Numbers distinct hashable values, 0, 1, 2... in order of first sight."""

    def __init__(self) -> None:
        self.number: dict[Hashable, int] = {}
        self.values: list[Hashable] = []

    def __call__(self, value: Hashable) -> int:
        n = self.number.get(value)
        if n is None:
            n = self.number[value] = len(self.values)
            self.values.append(value)
        return n


class ReasonWriter:
    """Writes the reasons of pairs against one growing set of offers, known by position.

    ``write`` gives exactly what ``build_reasons`` gives for one pair; ``write_block`` gives
    the same for many pairs, much faster.
    """

    def __init__(
        self,
        offers: Sequence[OfferDoc],
        labels: Labels,
        topics: Sequence[frozenset[str]] | None = None,
        support: Sequence[frozenset[str]] | None = None,
    ) -> None:
        """Remember the offers and how to name things.

        Args:
            offers: The offers, by position.
            labels: How to name topics, support types, languages and places.
            topics: Each offer's topics for ``write_block`` (declared and inferred); the
                declared ones when None.
            support: The same for support types.
        """
        self.labels: Namer = CachedLabels(labels)
        self.offers: list[OfferDoc] = []
        self._ids = _Ids()
        self._memo: dict[tuple[str, int, int], str | None] = {}
        self._slot_ids: dict[str, list[int]] = {k: [] for k in ("t", "s", "l", "e", "m")}
        self._start: list[int] = []
        self._end: list[int] = []
        self._capacity: list[str] = []
        self._arrays: dict[str, np.ndarray] | None = None
        self.append(offers, topics, support)

    def append(
        self,
        offers: Sequence[OfferDoc],
        topics: Sequence[frozenset[str]] | None = None,
        support: Sequence[frozenset[str]] | None = None,
    ) -> None:
        """Add offers at the next positions (with their topics and support types, see init)."""
        topics = topics if topics is not None else [frozenset(o.topics) for o in offers]
        support = support if support is not None else [frozenset(o.support_types) for o in offers]
        ids = self._ids
        for o, t, s in zip(offers, topics, support, strict=True):
            self.offers.append(o)
            self._slot_ids["t"].append(ids(("t", t, o.topics)))
            self._slot_ids["s"].append(ids(("s", s, o.support_types)))
            self._slot_ids["l"].append(ids(("l", frozenset(x.lower() for x in o.languages))))
            self._slot_ids["e"].append(ids(("e", o.eligible)))
            self._slot_ids["m"].append(ids(("m", o.modality)))
            self._start.append(o.start.toordinal() if o.start else _NO_START)
            self._end.append(o.end.toordinal() if o.end else _NO_END)
            self._capacity.append(capacity_reason(o))
        self._arrays = None

    def _offer_arrays(self) -> dict[str, np.ndarray]:
        if self._arrays is None:
            arrays = {k: np.array(v, dtype=np.int64) for k, v in self._slot_ids.items()}
            arrays["start"] = np.array(self._start, dtype=np.int64)
            arrays["end"] = np.array(self._end, dtype=np.int64)
            arrays["capacity"] = np.array(self._capacity, dtype=object)
            self._arrays = arrays
        return self._arrays

    # ------------------------------------------------------------------ one pair
    def write(
        self,
        need: NeedDoc,
        j: int,
        *,
        shared_topics: Iterable[str],
        shared_support: Iterable[str],
        terms: Sequence[str],
    ) -> tuple[str, ...]:
        """The reasons for the pair (need, offer number ``j``), as ``build_reasons`` gives."""
        offer, labels = self.offers[j], self.labels
        found = (
            topics_reason(shared_topics, need, offer, labels),
            support_reason(shared_support, need, offer, labels),
            "Key shared terms: " + ", ".join(terms).replace("_", " ") if terms else None,
            language_reason(need, offer, labels),
            eligibility_reason(need, offer, labels),
            window_reason(need, offer),
            modality_reason(need, offer),
            "High-priority need" if need.priority == "high" else None,
            self._capacity[j],
        )
        return tuple(r for r in found if r)

    # ------------------------------------------------------------------ many pairs
    def write_block(
        self,
        needs: Sequence[NeedDoc],
        rows: np.ndarray,
        slots: np.ndarray,
        need_topics: Sequence[frozenset[str]],
        need_support: Sequence[frozenset[str]],
        terms: Sequence[Sequence[str]],
    ) -> list[tuple[str, ...]]:
        """The reasons of pairs (``needs[rows[p]]``, offer ``slots[p]``).

        ``need_topics`` and ``need_support`` are indexed like ``needs`` (declared and inferred);
        ``terms`` holds each pair's key shared terms.
        """
        columns = self.columns(needs, rows, slots, need_topics, need_support, terms)
        return [tuple(filter(None, pair)) for pair in zip(*columns, strict=True)]

    def columns(
        self,
        needs: Sequence[NeedDoc],
        rows: np.ndarray,
        slots: np.ndarray,
        need_topics: Sequence[frozenset[str]],
        need_support: Sequence[frozenset[str]],
        terms: Sequence[Sequence[str]],
    ) -> list[list[str | None]]:
        """``write_block``'s reasons as one list per kind of reason (None where it is absent).

        Pair p's reasons are ``tuple(filter(None, (c[p] for c in columns)))``, in order.
        """
        if not len(rows):
            return []
        arrays, ids = self._offer_arrays(), self._ids
        involved, at = np.unique(rows, return_inverse=True)
        index = involved.tolist()
        people = [needs[i] for i in index]
        per_need = {
            "t": [ids(("t", need_topics[i], needs[i].topics)) for i in index],
            "s": [ids(("s", need_support[i], needs[i].support_types)) for i in index],
            "l": [ids(("l", n.languages)) for n in people],
            "e": [ids(("e", n.state_tags)) for n in people],
            "m": [ids(("m", n.modality)) for n in people],
        }
        makers: dict[str, Callable[[Any, Any], str | None]] = {
            "t": self._topics,
            "s": self._support,
            "l": self._language,
            "e": self._eligibility,
            "m": self._modality,
        }
        columns = [
            self._pairwise(kind, np.array(per_need[kind])[at], arrays[kind][slots], makers[kind])
            for kind in ("t", "s")
        ]
        columns.append(
            ["Key shared terms: " + ", ".join(t).replace("_", " ") if t else None for t in terms]
        )
        columns += [
            self._pairwise(kind, np.array(per_need[kind])[at], arrays[kind][slots], makers[kind])
            for kind in ("l", "e")
        ]
        columns.append(self._windows(people, at, slots))
        columns.append(
            self._pairwise("m", np.array(per_need["m"])[at], arrays["m"][slots], makers["m"])
        )
        priority = np.array(
            ["High-priority need" if n.priority == "high" else None for n in people]
        )
        columns.append(priority[at].tolist())
        columns.append(arrays["capacity"][slots].tolist())
        return columns

    def _pairwise(
        self,
        kind: str,
        need_ids: np.ndarray,
        offer_ids: np.ndarray,
        make: Callable[[Any, Any], str | None],
    ) -> list[str | None]:
        """One phrase per pair, made once per distinct (need value, offer value)."""
        width = np.int64(len(self._ids.values))
        keys, at = np.unique(need_ids * width + offer_ids, return_inverse=True)
        memo, values = self._memo, self._ids.values
        phrases: list[str | None] = []
        for key in keys.tolist():
            a, b = divmod(key, int(width))
            phrase = memo.get((kind, a, b), _MISSING)
            if phrase is _MISSING:
                phrase = memo[(kind, a, b)] = make(values[a], values[b])
            phrases.append(phrase)
        return np.array(phrases, dtype=object)[at].tolist()  # type: ignore[no-any-return]

    def _windows(
        self, people: list[NeedDoc], at: np.ndarray, slots: np.ndarray
    ) -> list[str | None]:
        """'Windows overlap: ...' where both sides give a window, else None."""
        arrays = self._offer_arrays()
        n_start = np.array([n.start.toordinal() if n.start else _NO_START for n in people])[at]
        n_end = np.array([n.end.toordinal() if n.end else _NO_END for n in people])[at]
        o_start, o_end = arrays["start"][slots], arrays["end"][slots]
        both = ((n_start != _NO_START) | (n_end != _NO_END)) & (
            (o_start != _NO_START) | (o_end != _NO_END)
        )
        lo, hi = np.maximum(n_start, o_start), np.minimum(n_end, o_end)
        keys, inv = np.unique(np.where(both, lo * (_NO_END + 1) + hi, -1), return_inverse=True)
        phrases: list[str | None] = []
        for key in keys.tolist():
            if key < 0:
                phrases.append(None)
                continue
            a, b = divmod(key, _NO_END + 1)
            phrases.append(_window_text(a, b))
        return np.array(phrases, dtype=object)[inv].tolist()  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ the phrases
    def _topics(self, need: Any, offer: Any) -> str | None:
        (_, n_set, n_declared), (_, o_set, o_declared) = need, offer
        items = in_record_order(n_set & o_set, n_declared, o_declared)
        return "Shared topics: " + ", ".join(map(self.labels.topic, items)) if items else None

    def _support(self, need: Any, offer: Any) -> str | None:
        (_, n_set, n_declared), (_, o_set, o_declared) = need, offer
        items = in_record_order(n_set & o_set, n_declared, o_declared)
        if not items:
            return None
        word = "Support type" if len(items) == 1 else "Support types"
        return f"{word}: " + ", ".join(map(self.labels.support_type, items))

    def _language(self, need: Any, offer: Any) -> str | None:
        (_, wanted), (_, offered) = need, offer
        langs = [x for x in wanted if x.lower() in offered]
        if not langs:
            return None
        return "Delivered in " + " or ".join(self.labels.language(x.lower()) for x in langs)

    def _eligibility(self, need: Any, offer: Any) -> str | None:
        (_, tags), (_, eligible) = need, offer
        if not eligible:
            return "Open to all States"
        items = [i for i in eligible if i.strip().lower() in tags]
        return (
            "Open to " + ", ".join(self.labels.place(i.strip()) for i in items) if items else None
        )

    def _modality(self, need: Any, offer: Any) -> str | None:
        (_, wanted), (_, given) = need, offer
        if wanted in ("in_person", "remote") and given == wanted:
            return f"Format: {MODALITY_WORDS[wanted]}"
        if wanted in ("in_person", "remote") and given == "hybrid":
            return f"Format: hybrid, fits a {MODALITY_WORDS[wanted]} need"
        return None


_MISSING = "\x00not yet"  # a memo miss (None is a valid memoised phrase)


def _window_text(lo: int, hi: int) -> str | None:
    if lo != _NO_START and hi != _NO_END:
        if lo > hi:
            return None
        return f"Windows overlap: {_iso(lo)} to {_iso(hi)}"
    if lo != _NO_START:
        return f"Windows overlap: from {_iso(lo)}"
    if hi != _NO_END:
        return f"Windows overlap: until {_iso(hi)}"
    return None


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()
