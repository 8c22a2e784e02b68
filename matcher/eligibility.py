"""The hard rules that no suggestion may break, one pair at a time and as vectorised masks.

A pair (need, offer) is feasible when all of these hold:

* the need is open;
* the offer is open and has remaining capacity (``capacity - used >= 1``);
* eligibility: the offer's ``eligible`` list is empty, or one of its items, lower-cased, is among
  the need's ``state_tags``;
* language: need and offer share at least one language (the delivery language);
* modality: ``in_person`` and ``remote`` exclude each other; ``hybrid`` and ``any`` fit all;
* dates: the windows overlap when both sides give one; a missing bound is open.

The scalar functions explain a pair; ``OfferRules`` evaluates the same rules for a batch of needs
against every offer with numpy: set overlaps (languages, eligibility) go through the few distinct
sets that offers use, so the cost per batch is one small matrix product and one gather.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.types import NeedDoc, OfferDoc

IN_PERSON, REMOTE, FLEXIBLE = 1, 2, 0
_MODALITY_CODES = {"in_person": IN_PERSON, "remote": REMOTE}
_MIN_DAY = date.min.toordinal()
# _MODALITY_FITS[need code, offer code]: in person and remote exclude each other
_MODALITY_FITS = np.ones((3, 3), dtype=bool)
_MODALITY_FITS[IN_PERSON, REMOTE] = _MODALITY_FITS[REMOTE, IN_PERSON] = False
_MAX_DAY = date.max.toordinal()


def offer_available(offer: OfferDoc) -> bool:
    """The offer is open and has at least one unit of capacity left."""
    return offer.is_open and offer.capacity - offer.used >= 1


def eligible_items(need: NeedDoc, offer: OfferDoc) -> tuple[str, ...]:
    """The offer's eligibility items that designate the need's State (as the offer writes them)."""
    return tuple(i for i in offer.eligible if i.strip().lower() in need.state_tags)


def is_eligible(need: NeedDoc, offer: OfferDoc) -> bool:
    """The offer is open to all States or one of its items designates the need's State."""
    return not offer.eligible or bool(eligible_items(need, offer))


def shared_languages(need: NeedDoc, offer: OfferDoc) -> tuple[str, ...]:
    """Languages both sides can work in, in the need's order of preference."""
    offered = {x.lower() for x in offer.languages}
    return tuple(x for x in need.languages if x.lower() in offered)


def modality_fits(need: NeedDoc, offer: OfferDoc) -> bool:
    """In-person and remote exclude each other; hybrid and any fit every modality."""
    pair = {_MODALITY_CODES.get(need.modality, FLEXIBLE), _MODALITY_CODES.get(offer.modality, 0)}
    return pair != {IN_PERSON, REMOTE}


def window_overlap(need: NeedDoc, offer: OfferDoc) -> tuple[date | None, date | None] | None:
    """The intersection of both windows (None bounds are open), or None when they are disjoint."""
    lo = max((d for d in (need.start, offer.start) if d is not None), default=None)
    hi = min((d for d in (need.end, offer.end) if d is not None), default=None)
    if lo is not None and hi is not None and lo > hi:
        return None
    return lo, hi


def pair_allowed(need: NeedDoc, offer: OfferDoc) -> bool:
    """Every hard rule holds for this pair."""
    return (
        need.is_open
        and offer_available(offer)
        and is_eligible(need, offer)
        and bool(shared_languages(need, offer))
        and modality_fits(need, offer)
        and window_overlap(need, offer) is not None
    )


class _SetOverlap:
    """Whether a need's item set meets an offer's item set, for all offers at once.

    Offers are grouped by their distinct item sets (signatures); a batch of needs is compared
    with each distinct set by one small dense product, then the answer is gathered per offer.
    New sets can be added at any time.
    """

    def __init__(self, *, empty_matches_all: bool) -> None:
        self.empty_matches_all = empty_matches_all
        self.signatures: dict[frozenset[str], int] = {}
        self.items: dict[str, int] = {}
        self._members: list[tuple[int, int]] = []  # (item, signature)
        self._open: list[bool] = []
        self._incidence: np.ndarray | None = None

    def add(self, s: frozenset[str]) -> int:
        """The signature number of the set ``s`` (a new one when the set is new)."""
        sig = self.signatures.get(s)
        if sig is None:
            sig = self.signatures[s] = len(self.signatures)
            for item in sorted(s):
                self._members.append((self.items.setdefault(item, len(self.items)), sig))
            self._open.append(self.empty_matches_all and not s)
            self._incidence = None
        return sig

    @property
    def incidence(self) -> np.ndarray:
        """Items x signatures, 1 where the signature's set holds the item."""
        if self._incidence is None:
            inc = np.zeros((len(self.items), len(self.signatures)), dtype=np.float32)
            for item, sig in self._members:
                inc[item, sig] = 1.0
            self._incidence = inc
        return self._incidence

    def encode(self, need_sets: Sequence[frozenset[str]]) -> np.ndarray:
        """Need-side incidence over the known items (unknown items can never meet an offer)."""
        out = np.zeros((len(need_sets), len(self.items)), dtype=np.float32)
        for row, s in enumerate(need_sets):
            cols = [self.items[i] for i in s if i in self.items]
            out[row, cols] = 1.0
        return out

    def mask_one(self, encoded: np.ndarray, signature: int) -> np.ndarray:
        """Boolean per need: ``mask`` for one distinct set."""
        if self._open[signature]:
            return np.ones(encoded.shape[0], dtype=bool)
        return np.asarray((encoded @ self.incidence[:, signature]) > 0)

    def mask(self, encoded: np.ndarray) -> np.ndarray:
        """Boolean (needs x distinct sets): the sets overlap, or the offer's set is open."""
        per_signature: np.ndarray = (encoded @ self.incidence) > 0
        per_signature |= np.array(self._open, dtype=bool)
        return per_signature


@dataclass(frozen=True)
class NeedRules:
    """Need-side arrays for a batch, produced by ``OfferRules.encode``."""

    languages: np.ndarray
    tags: np.ndarray
    modality: np.ndarray
    start: np.ndarray
    end: np.ndarray
    is_open: np.ndarray

    def rows(self, sl: slice) -> NeedRules:
        """The same arrays restricted to a slice of needs."""
        return NeedRules(*(getattr(self, f)[sl] for f in self.__dataclass_fields__))


_NEVER = 0  # the class of offers that are closed or full: nothing fits it


class OfferRules:
    """The offer side of every hard rule, as arrays ready for vectorised masks.

    Offers are grouped into classes by (language set, eligibility set, modality); unavailable
    offers share one class that nothing fits. A batch mask is computed per class, gathered to
    every offer (or to the candidate pairs only), then the date windows are compared. Offers can
    be appended and disabled later, by position.
    """

    def __init__(self, offers: Sequence[OfferDoc] = ()) -> None:
        """Encode the offers' languages, eligibility, modality, windows and availability."""
        self.languages = _SetOverlap(empty_matches_all=False)
        self.eligibility = _SetOverlap(empty_matches_all=True)
        self._classes: dict[tuple[int, int, int], int] = {}
        self._spec: list[tuple[int, int, int]] = [(-1, -1, 0)]  # the never class
        self.offer_class = np.zeros(0, dtype=np.intp)
        self.start = np.zeros(0, dtype=np.int64)
        self.end = np.zeros(0, dtype=np.int64)
        self.windowed = False
        self.append(offers)

    def append(self, offers: Sequence[OfferDoc]) -> None:
        """Add offers at the next positions."""
        if not offers:
            return
        classes = np.empty(len(offers), dtype=np.intp)
        for n, o in enumerate(offers):
            if not offer_available(o):
                classes[n] = _NEVER
                continue
            key = (
                self.languages.add(frozenset(x.lower() for x in o.languages)),
                self.eligibility.add(frozenset(i.strip().lower() for i in o.eligible)),
                _MODALITY_CODES.get(o.modality, FLEXIBLE),
            )
            cls = self._classes.get(key)
            if cls is None:
                cls = self._classes[key] = len(self._spec)
                self._spec.append(key)
            classes[n] = cls
        start, end = _windows(offers)
        self.offer_class = np.concatenate([self.offer_class, classes])
        self.start = np.concatenate([self.start, start])
        self.end = np.concatenate([self.end, end])
        self.windowed = self.windowed or bool(((start > _MIN_DAY) | (end < _MAX_DAY)).any())

    def disable(self, positions: Sequence[int]) -> None:
        """Make the offers at these positions fit nothing (closed, full or replaced)."""
        self.offer_class[np.asarray(positions, dtype=np.intp)] = _NEVER

    def encode(self, needs: Sequence[NeedDoc]) -> NeedRules:
        """Need-side arrays for ``needs``."""
        start, end = _windows(needs)
        return NeedRules(
            languages=self.languages.encode(
                [frozenset(x.lower() for x in n.languages) for n in needs]
            ),
            tags=self.eligibility.encode([n.state_tags for n in needs]),
            modality=_modalities(n.modality for n in needs),
            start=start,
            end=end,
            is_open=np.array([n.is_open for n in needs], dtype=bool),
        )

    def class_mask(self, nr: NeedRules) -> np.ndarray:
        """Boolean (needs x classes): language, eligibility and modality rules, per class."""
        spec = np.array(self._spec, dtype=np.intp)
        per_class = _padded(self.languages.mask(nr.languages))[:, spec[:, 0]]
        per_class &= _padded(self.eligibility.mask(nr.tags))[:, spec[:, 1]]
        per_class &= _MODALITY_FITS[nr.modality[:, None], spec[None, :, 2]]
        per_class[:, _NEVER] = False
        per_class[~nr.is_open] = False
        return per_class

    def offer_fits(self, nr: NeedRules, position: int) -> np.ndarray:
        """Boolean per need: ``class_mask`` for the class of the offer at ``position`` only."""
        cls = int(self.offer_class[position])
        if cls == _NEVER:
            return np.zeros(len(nr.is_open), dtype=bool)
        languages, eligibility, modality = self._spec[cls]
        ok = self.languages.mask_one(nr.languages, languages)
        ok &= self.eligibility.mask_one(nr.tags, eligibility)
        ok &= _MODALITY_FITS[nr.modality, modality]
        ok &= nr.is_open
        return ok

    def offer_mask(self, per_class: np.ndarray) -> np.ndarray:
        """Boolean (offers x needs) from ``class_mask``: every rule but the date windows."""
        return np.ascontiguousarray(per_class.T)[self.offer_class]

    def window_mask(self, nr: NeedRules, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Boolean per pair (need row ``rows[p]``, offer ``cols[p]``): the windows overlap."""
        if not self.windowed:
            return np.ones(len(rows), dtype=bool)
        ok: np.ndarray = nr.start[rows] <= self.end[cols]
        ok &= nr.end[rows] >= self.start[cols]
        return ok

    def mask(self, nr: NeedRules) -> np.ndarray:
        """Boolean (needs x offers): True where every hard rule holds."""
        ok = self.class_mask(nr)[:, self.offer_class]
        if self.windowed and ((nr.start > _MIN_DAY) | (nr.end < _MAX_DAY)).any():
            ok &= nr.start[:, None] <= self.end
            ok &= nr.end[:, None] >= self.start
        return ok


def _padded(mask: np.ndarray) -> np.ndarray:
    """``mask`` with a last column of False, the one the never class points to."""
    return np.hstack([mask, np.zeros((len(mask), 1), dtype=bool)])


def _modalities(values: Iterable[str]) -> np.ndarray:
    return np.array([_MODALITY_CODES.get(v, FLEXIBLE) for v in values], dtype=np.int8)


def _windows(docs: Sequence[NeedDoc] | Sequence[OfferDoc]) -> tuple[np.ndarray, np.ndarray]:
    start = np.array([d.start.toordinal() if d.start else _MIN_DAY for d in docs], dtype=np.int64)
    end = np.array([d.end.toordinal() if d.end else _MAX_DAY for d in docs], dtype=np.int64)
    return start, end
