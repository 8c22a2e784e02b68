"""Why a need gets no suggestion, and what new offers would unlock most unmet needs.

A need is judged servable when one of its feasible pairs reaches the matcher's ``serve_score``
(``Matcher.rank``). For a need judged unservable, the offers that *cover* it are those whose
pair score, computed without the hard rules, reaches that bar: they would make the need
servable if the rules allowed the pair. Each covering offer is then checked rule by rule with
the per-pair functions of ``matcher.eligibility``, and the offers are grouped by the rule that
blocks them (an offer blocked by two rules is counted under both). A need that no offer covers
at all is one "nobody offers yet".

Scores are those ``rank`` gives (same cosines, same formula, same capacity factor: a full offer
stays in the matcher with ``used == capacity``), computed for a block of needs against every
offer at once; only the covering pairs of unservable needs go through the per-pair rules.
Everything here is in no language: rules and values are codes, ISO dates and refs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

import numpy as np

from matcher.eligibility import (
    is_eligible,
    modality_fits,
    offer_available,
    shared_languages,
    window_overlap,
)
from matcher.formula import cos_threshold
from matcher.types import NeedDoc, OfferDoc

if TYPE_CHECKING:
    from matcher.batch import NeedBatch
    from matcher.scoring import Matcher

#: The hard rules a covering offer can break, in the order ties between them are shown.
RULES = ("language", "eligibility", "modality", "dates", "capacity")


@dataclass(frozen=True)
class Block:
    """One hard rule that keeps covering offers from a need.

    ``values`` by rule, in no language:

    - ``language``: the offers' languages (codes), most used first;
    - ``eligibility``: the need's State (ISO3), then the offers' eligibility items as written;
    - ``modality``: the offers' modalities (``in_person``, ``remote``);
    - ``dates``: ``("before", latest end)`` when offers end before the need's window,
      ``("after", earliest start)`` when offers start after it, or both, dates in ISO form;
    - ``capacity``: nothing.
    """

    rule: str
    offers: tuple[str, ...]
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shortfall:
    """Why one need gets no suggestion.

    ``covering`` offers would serve it if no rule stood in the way; ``blocks`` say which rules
    do, most blocking first. ``nobody`` when no offer covers the need at all. ``topic`` is the
    need's first declared topic, else the first it is inferred to have ("" when none).
    """

    need: str
    covering: int
    blocks: tuple[Block, ...]
    nobody: bool
    topic: str = ""

    @property
    def first(self) -> Block | None:
        """The most blocking rule (None when nobody covers the need)."""
        return self.blocks[0] if self.blocks else None


@dataclass(frozen=True)
class Unlock:
    """A kind of new offer (or more places) that would unlock these unmet needs.

    ``key`` starts with the kind, then in no language:

    - ``("language", topic, language, region)``: an offer of the topic in that language, open
      to States of the region;
    - ``("eligibility", topic, region)``: an offer of the topic open to States of the region;
    - ``("modality", topic, modality)``: an offer of the topic in that format;
    - ``("dates", topic, start, end)``: an offer of the topic in that period (ISO, "" if open);
    - ``("capacity", offer, ...)``: more places on these full offers;
    - ``("topic", topic, region)``: any offer of the topic open to States of the region.

    The topic is "" for a need with no topic, declared or inferred.
    """

    key: tuple[str, ...]
    needs: tuple[str, ...]

    @property
    def kind(self) -> str:
        """What the unlock is about: a rule's name, or ``topic``."""
        return self.key[0]

    @property
    def count(self) -> int:
        """How many needs it would unlock."""
        return len(self.needs)


def shortfalls(
    matcher: Matcher, needs: Sequence[NeedDoc], batch: NeedBatch | None = None
) -> list[Shortfall]:
    """Why each open need that ``matcher.rank`` leaves without a suggestion gets none.

    Servable and closed needs get no ``Shortfall``; the others come in the order given.
    ``batch`` is ``matcher.prepare(needs)`` when the caller already has it (the web's index
    keeps every open need prepared).
    """
    nb = batch if batch is not None else matcher.prepare(list(needs))
    out: list[Shortfall] = []
    for row, covering in _covering(matcher, nb):
        need = nb.needs[row]
        offers = [matcher.slots_[j] for j in covering]
        blocks = _blocks(need, offers)
        if blocks is None:  # a feasible covering pair: the need is served
            continue
        topic = need_topic(need, nb.topics[row])
        out.append(Shortfall(need.ref, len(offers), blocks, not offers, topic))
    return out


def need_topic(need: NeedDoc, topics: frozenset[str]) -> str:
    """The topic an unlock names: the first declared, else the first inferred ("" if none)."""
    if need.topics:
        return need.topics[0]
    return min(topics) if topics else ""


def _covering(matcher: Matcher, nb: NeedBatch) -> Iterator[tuple[int, list[int]]]:
    """Each open need with no feasible covering pair, and its covering offer slots, best first.

    Needs with a feasible covering pair (the servable ones) are left out here, with the
    vectorised rules, so that only the others go through the per-pair rules.
    """
    bar = max(matcher.serve_score, matcher.min_score)
    usable = matcher.live_ & np.array([o.is_open for o in matcher.slots_], dtype=bool)
    is_open = nb.rules.is_open
    threshold = _cos_threshold(matcher, nb, bar)
    rules = matcher.rules_
    step = matcher._block_rows()
    for lo in range(0, len(nb.needs), step):
        hi = min(lo + step, len(nb.needs))
        cos = matcher._cosines(nb, lo, hi)  # offers x needs, as rank has them
        hit = cos >= threshold[None, lo:hi]
        hit &= usable[:, None]
        hit &= is_open[None, lo:hi]
        flat = np.flatnonzero(hit)
        cols, rows = np.divmod(flat, hi - lo)
        score = matcher.scores_of(nb, rows + lo, cols, cos.ravel()[flat])
        keep = score >= np.float32(bar)
        rows, cols, score = rows[keep], cols[keep], score[keep]
        nr = nb.rules.rows(slice(lo, hi))
        feasible = rules.class_mask(nr)[rows, rules.offer_class[cols]]
        feasible &= rules.window_mask(nr, rows, cols)
        served = np.zeros(hi - lo, dtype=bool)
        served[rows[feasible]] = True
        left = ~served[rows]
        rows, cols, score = rows[left], cols[left], score[left]
        order = np.lexsort((cols, -score, rows))
        rows, cols = rows[order], cols[order]
        starts = np.searchsorted(rows, np.arange(hi - lo), side="left")
        ends = np.searchsorted(rows, np.arange(hi - lo), side="right")
        for i in np.flatnonzero(is_open[lo:hi] & ~served).tolist():
            yield lo + i, cols[starts[i] : ends[i]].tolist()


def _cos_threshold(matcher: Matcher, nb: NeedBatch, bar: float) -> np.ndarray:
    """Per need, a cosine under which no pair reaches ``bar`` (``rank``'s bound, at ``bar``)."""
    label_max = np.array(
        [
            matcher.topic_weight * bool(t) + matcher.support_weight * bool(s)
            for t, s in zip(nb.topics, nb.support, strict=True)
        ],
        dtype=np.float64,
    )
    at_bar = SimpleNamespace(**{k: getattr(matcher, k) for k in _WEIGHTS}, min_score=bar)
    return cos_threshold(at_bar, nb.factor.astype(np.float64), label_max)


_WEIGHTS = (
    "text_weight",
    "topic_weight",
    "support_weight",
    "text_gate",
    "priority_weight",
    "capacity_weight",
)


def _blocks(need: NeedDoc, offers: Sequence[OfferDoc]) -> tuple[Block, ...] | None:
    """The rules that block each covering offer, grouped by rule; None if one offer is free.

    ``offers`` come best first (by their pair score, rules aside).
    """
    blocked: dict[str, list[OfferDoc]] = {rule: [] for rule in RULES}
    for offer in offers:
        broken = [rule for rule, fits in _checks(need, offer) if not fits]
        if not broken:
            return None
        for rule in broken:
            blocked[rule].append(offer)
    found = [
        Block(rule, tuple(o.ref for o in these), _values(rule, need, these))
        for rule, these in blocked.items()
        if these
    ]
    # most offers first; a tie goes to the rule that blocks the better covering offer
    best = {o.ref: n for n, o in enumerate(offers)}
    found.sort(key=lambda b: (-len(b.offers), best[b.offers[0]], RULES.index(b.rule)))
    return tuple(found)


def _checks(need: NeedDoc, offer: OfferDoc) -> Iterator[tuple[str, bool]]:
    yield "language", bool(shared_languages(need, offer))
    yield "eligibility", is_eligible(need, offer)
    yield "modality", modality_fits(need, offer)
    yield "dates", window_overlap(need, offer) is not None
    yield "capacity", offer_available(offer)


def _most_used(items: Sequence[str]) -> tuple[str, ...]:
    """Distinct items, the most frequent first (ties: first seen)."""
    return tuple(item for item, _ in Counter(items).most_common())


def _values(rule: str, need: NeedDoc, offers: Sequence[OfferDoc]) -> tuple[str, ...]:
    if rule == "language":
        return _most_used([x.lower() for o in offers for x in o.languages])
    if rule == "eligibility":
        return (need.state, *_most_used([i.strip() for o in offers for i in o.eligible]))
    if rule == "modality":
        return _most_used([o.modality for o in offers])
    if rule == "dates":
        before = [o.end for o in offers if o.end and need.start and o.end < need.start]
        after = [o.start for o in offers if o.start and need.end and need.end < o.start]
        out: tuple[str, ...] = ()
        if before:
            out += ("before", max(before).isoformat())
        if after:
            out += ("after", min(after).isoformat())
        return out
    return ()


def unlock(
    found: Sequence[Shortfall], needs: Sequence[NeedDoc], region_of: Callable[[str], str]
) -> list[Unlock]:
    """What new offers (or places) would unlock most of these needs, most needs first.

    Each need counts once, under its most blocking rule (or ``topic`` when nobody covers it);
    see ``Unlock`` for the keys. ``region_of`` maps a need's State (ISO3) to the name of its
    region, as the caller groups States.
    """
    by_ref = {n.ref: n for n in needs}
    groups: dict[tuple[str, ...], list[str]] = {}
    for shortfall in found:
        need = by_ref.get(shortfall.need)
        if need is not None:
            groups.setdefault(_unlock_key(shortfall, need, region_of), []).append(need.ref)
    kinds = (*RULES, "topic")
    out = [Unlock(key, tuple(refs)) for key, refs in groups.items()]
    out.sort(key=lambda u: (-u.count, kinds.index(u.kind), u.key))
    return out


def _unlock_key(
    shortfall: Shortfall, need: NeedDoc, region_of: Callable[[str], str]
) -> tuple[str, ...]:
    topic = shortfall.topic
    first = shortfall.first
    if first is None:
        return ("topic", topic, region_of(need.state))
    if first.rule == "language":
        language = need.languages[0].lower() if need.languages else ""
        return ("language", topic, language, region_of(need.state))
    if first.rule == "eligibility":
        return ("eligibility", topic, region_of(need.state))
    if first.rule == "modality":
        return ("modality", topic, need.modality)
    if first.rule == "dates":
        start = need.start.isoformat() if need.start else ""
        end = need.end.isoformat() if need.end else ""
        return ("dates", topic, start, end)
    return ("capacity", *sorted(first.offers))
