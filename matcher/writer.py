"""The reasons of many (need, offer) pairs at once, each phrase made once per distinct case.

Most reasons depend on a few fields of each side: the shared topics on both sides' topic sets
(and the order they are declared in), the delivery language on the need's languages and the
offer's, eligibility on the need's State and the offer's list, and so on. ``ReasonWriter`` gives
each distinct value of those fields a number once; for a block of pairs it then finds the
distinct (need value, offer value) combinations with ``numpy.unique``, makes each ``Reason``
once (memoised across blocks), and gathers the same objects back to the pairs. Python work per
pair is left to the key terms and to assembling the tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import Any

import numpy as np

from matcher.reasons import (
    HIGH_PRIORITY,
    OPEN_TO_ALL,
    English,
    capacity_reason,
    in_record_order,
    modality_reason_of,
    window_reason_of,
)
from matcher.types import NeedDoc, OfferDoc, Reason

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

    ``write_block`` gives for many pairs exactly what ``build_reasons`` gives for each, much
    faster.
    """

    def __init__(
        self,
        offers: Sequence[OfferDoc],
        topics: Sequence[frozenset[str]] | None = None,
        support: Sequence[frozenset[str]] | None = None,
    ) -> None:
        """Remember the offers.

        Args:
            offers: The offers, by position.
            topics: Each offer's topics for ``write_block`` (declared and inferred); the
                declared ones when None.
            support: The same for support types.
        """
        self.offers: list[OfferDoc] = []
        self._ids = _Ids()
        self._memo: dict[tuple[str, int, int], Reason | None] = {}
        self._slot_ids: dict[str, list[int]] = {k: [] for k in ("t", "s", "l", "e", "m")}
        self._start: list[int] = []
        self._end: list[int] = []
        self._capacity: list[Reason] = []
        self._arrays: dict[str, np.ndarray] | None = None
        self._capacity_english: tuple[English, np.ndarray] | None = None
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
        self._capacity_english = None

    def _offer_arrays(self) -> dict[str, np.ndarray]:
        if self._arrays is None:
            arrays = {k: np.array(v, dtype=np.int64) for k, v in self._slot_ids.items()}
            arrays["start"] = np.array(self._start, dtype=np.int64)
            arrays["end"] = np.array(self._end, dtype=np.int64)
            arrays["capacity"] = _objects(self._capacity)
            self._arrays = arrays
        return self._arrays

    # ------------------------------------------------------------------ many pairs
    def write_block(
        self,
        needs: Sequence[NeedDoc],
        rows: np.ndarray,
        slots: np.ndarray,
        need_topics: Sequence[frozenset[str]],
        need_support: Sequence[frozenset[str]],
        terms: Sequence[Sequence[str]],
    ) -> list[tuple[Reason, ...]]:
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
        words: English | None = None,
    ) -> list[list[Any]]:
        """``write_block``'s reasons as one list per kind of reason (None where it is absent).

        Pair p's reasons are ``tuple(filter(None, (c[p] for c in columns)))``, in order: each a
        ``Reason``, or its English text with ``words`` (worded once per distinct reason, before
        the reasons are gathered to the pairs: what ``cbmatch match`` prints, at no cost).
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
        makers: dict[str, Callable[[Any, Any], Reason | None]] = {
            "t": self._topics,
            "s": self._support,
            "l": self._language,
            "e": self._eligibility,
            "m": self._modality,
        }

        def pairwise(kind: str) -> list[Any]:
            need_ids, offer_ids = np.array(per_need[kind])[at], arrays[kind][slots]
            return self._pairwise(kind, need_ids, offer_ids, makers[kind], words)

        columns = [pairwise("t"), pairwise("s")]
        if words is None:
            columns.append([Reason("key_terms", tuple(t)) if t else None for t in terms])
        else:
            columns.append([words.terms(t) if t else None for t in terms])
        columns += [pairwise("l"), pairwise("e"), self._windows(people, at, slots, words)]
        columns.append(pairwise("m"))
        high = HIGH_PRIORITY if words is None else words.one(HIGH_PRIORITY)
        priority = _objects([high if n.priority == "high" else None for n in people])
        columns.append(priority[at].tolist())
        capacity = arrays["capacity"] if words is None else self._capacity_words(words)
        columns.append(capacity[slots].tolist())
        return columns

    def _capacity_words(self, words: English) -> np.ndarray:
        """Each offer's capacity reason in English, remembered until offers are appended."""
        if self._capacity_english is None or self._capacity_english[0] is not words:
            text = _objects([words.one(r) for r in self._capacity])
            self._capacity_english = (words, text)
        return self._capacity_english[1]

    def _pairwise(
        self,
        kind: str,
        need_ids: np.ndarray,
        offer_ids: np.ndarray,
        make: Callable[[Any, Any], Reason | None],
        words: English | None,
    ) -> list[Any]:
        """One reason per pair, made once per distinct (need value, offer value)."""
        width = np.int64(len(self._ids.values))
        keys, at = np.unique(need_ids * width + offer_ids, return_inverse=True)
        memo, values = self._memo, self._ids.values
        phrases: list[Reason | None] = []
        for key in keys.tolist():
            a, b = divmod(key, int(width))
            phrase = memo.get((kind, a, b), _MISSING)
            if phrase is _MISSING:
                phrase = memo[(kind, a, b)] = make(values[a], values[b])
            phrases.append(phrase)
        return _objects(_worded(phrases, words))[at].tolist()  # type: ignore[no-any-return]

    def _windows(
        self, people: list[NeedDoc], at: np.ndarray, slots: np.ndarray, words: English | None
    ) -> list[Any]:
        """The windows' overlap where both sides give a window, else None."""
        arrays = self._offer_arrays()
        n_start = np.array([n.start.toordinal() if n.start else _NO_START for n in people])[at]
        n_end = np.array([n.end.toordinal() if n.end else _NO_END for n in people])[at]
        o_start, o_end = arrays["start"][slots], arrays["end"][slots]
        both = ((n_start != _NO_START) | (n_end != _NO_END)) & (
            (o_start != _NO_START) | (o_end != _NO_END)
        )
        lo, hi = np.maximum(n_start, o_start), np.minimum(n_end, o_end)
        keys, inv = np.unique(np.where(both, lo * (_NO_END + 1) + hi, -1), return_inverse=True)
        phrases: list[Reason | None] = []
        for key in keys.tolist():
            if key < 0:
                phrases.append(None)
                continue
            a, b = divmod(key, _NO_END + 1)
            phrases.append(_window_text(a, b))
        return _objects(_worded(phrases, words))[inv].tolist()  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ the reasons
    @staticmethod
    def _topics(need: Any, offer: Any) -> Reason | None:
        (_, n_set, n_declared), (_, o_set, o_declared) = need, offer
        items = in_record_order(n_set & o_set, n_declared, o_declared)
        return Reason("shared_topics", tuple(items)) if items else None

    @staticmethod
    def _support(need: Any, offer: Any) -> Reason | None:
        (_, n_set, n_declared), (_, o_set, o_declared) = need, offer
        items = in_record_order(n_set & o_set, n_declared, o_declared)
        return Reason("support_types", tuple(items)) if items else None

    @staticmethod
    def _language(need: Any, offer: Any) -> Reason | None:
        (_, wanted), (_, offered) = need, offer
        langs = tuple(x.lower() for x in wanted if x.lower() in offered)
        return Reason("languages", langs) if langs else None

    @staticmethod
    def _eligibility(need: Any, offer: Any) -> Reason | None:
        (_, tags), (_, eligible) = need, offer
        if not eligible:
            return OPEN_TO_ALL
        items = tuple(i.strip() for i in eligible if i.strip().lower() in tags)
        return Reason("open_to", items) if items else None

    @staticmethod
    def _modality(need: Any, offer: Any) -> Reason | None:
        (_, wanted), (_, given) = need, offer
        return modality_reason_of(wanted, given)


_MISSING = Reason("\x00not yet")  # a memo miss (None is a valid memoised reason)


def _worded(reasons: list[Reason | None], words: English | None) -> Sequence[Reason | str | None]:
    """The reasons, or their English words."""
    return reasons if words is None else [r and words.one(r) for r in reasons]


def _objects(items: Sequence[Reason | str | None]) -> np.ndarray:
    """A 1-D object array of reasons (``np.array`` would unpack them as rows)."""
    return np.fromiter(items, dtype=object, count=len(items))


def _window_text(lo: int, hi: int) -> Reason | None:
    return window_reason_of(
        None if lo == _NO_START else date.fromordinal(lo),
        None if hi == _NO_END else date.fromordinal(hi),
    )
