"""Learn from the focal point's decisions: re-order, per need, the pairs the matcher found feasible.

Every decision on a pair is a label (``Decision``): completed or accepted by both sides is a
strong positive, proposed a positive, declined and dismissed negatives. ``pair_features`` turns
(need, offer) pairs the matcher returned into numbers: the matcher's score and its parts, the
language, format, eligibility and capacity of the pair, and what past decisions say of the
provider and of the offer (``Context``). ``Reranker`` is a logistic regression fitted on them;
``adjust`` blends its probability with the matcher's score and re-orders each need's pairs. It
only re-orders pairs the matcher returned, so it can never suggest a pair a hard rule forbids,
and it stays off until enough decisions of both kinds exist.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher import linear
from matcher.linear import Linear
from matcher.signals import pair_signals
from matcher.text import fold
from matcher.types import Match, NeedDoc, OfferDoc

if TYPE_CHECKING:
    from matcher.scoring import Matcher

#: What a decision says of a pair: (label, weight). Reached agreement counts double.
LABELS: Mapping[str, tuple[int, float]] = {
    "completed": (1, 2.0),
    "accepted": (1, 2.0),
    "proposed": (1, 1.0),
    "declined": (0, 1.0),
    "dismissed": (0, 1.0),
}
#: A dismissal saying the pair is simply not relevant weighs more than one about circumstances.
RELEVANCE_WEIGHT = 1.5

#: Dismissal reasons, from the focal point's free text (EN/FR/ES words, folded), first hit wins.
DISMISSAL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("language", ("language", "langue", "idioma", "lengua", "translat", "traduc", "english only",
                  "anglais", "ingles", "french", "spanish", "francais", "espagnol", "espanol")),
    ("eligibility", ("eligib", "elegib", "region", "not open to", "reserved", "reserve",
                     "reservado", "admissib")),
    ("format", ("in person", "remote", "online", "on line", "format", "modalit", "presentiel",
                "presencial", "distance", "travel", "virtual", "en ligne", "voyage", "viaje")),
    ("dates", ("date", "timing", "schedule", "too late", "too early", "deadline", "calendar",
               "calendrier", "fecha", "plazo", "delai", "window", "period")),
    ("capacity", ("capacity", "full", "no place", "no room", "capacite", "capacidad", "complet",
                  "budget", "funding", "cupo")),
    ("relevance", ("relevan", "pertinen", "topic", "subject", "sujet", "tema", "unrelated",
                   "off topic", "fit", "scope", "level", "generic", "general", "not what",
                   "different", "autre chose", "otra cosa", "hors sujet", "adecuad", "adapt")),
)  # fmt: skip
DISMISSAL_CATEGORIES = (*(c for c, _ in DISMISSAL_WORDS), "other")

#: The columns of ``pair_features``, in order.
FEATURES = (
    "score",
    "cos",
    "topic_sim",
    "support_sim",
    "first_language",
    "shared_languages",
    "modality_exact",
    "targeted",
    "capacity_left",
    "provider_acceptance",
    "provider_decisions",
    *(f"dismissed_{c}" for c in DISMISSAL_CATEGORIES),
)


def dismissal_category(note: str) -> str:
    """The category of a dismissal's reason (``DISMISSAL_CATEGORIES``), from its words."""
    text = f" {fold(note)} "
    for category, words in DISMISSAL_WORDS:
        if any(w in text for w in words):
            return category
    return "other"


@dataclass(frozen=True)
class Decision:
    """One decision on a pair: ``kind`` is a key of ``LABELS``.

    ``provider_accepted`` is the provider's answer to a proposal (None: not asked or pending);
    ``note`` is the dismissal's reason.
    """

    need: str
    offer: str
    kind: str
    note: str = ""
    provider_accepted: bool | None = None

    @property
    def label(self) -> int:
        """1 for a good pair, 0 for a bad one."""
        return LABELS[self.kind][0]

    @property
    def category(self) -> str | None:
        """A dismissal's reason category; None for other decisions."""
        return dismissal_category(self.note) if self.kind == "dismissed" else None

    @property
    def weight(self) -> float:
        """How much the decision counts in the fit."""
        if self.category == "relevance":
            return RELEVANCE_WEIGHT
        return LABELS[self.kind][1]


@dataclass(frozen=True)
class Context:
    """What past decisions say beyond one pair: providers' answers and offers' dismissals.

    ``providers``: provider -> (proposals it accepted, proposals it answered);
    ``dismissals``: offer ref -> dismissal category -> count.
    """

    providers: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    dismissals: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @classmethod
    def from_decisions(
        cls, decisions: Sequence[Decision], provider_of: Mapping[str, str]
    ) -> Context:
        """Count the decisions; ``provider_of`` maps an offer ref to its provider."""
        providers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        dismissals: dict[str, Counter[str]] = defaultdict(Counter)
        for d in decisions:
            if d.provider_accepted is not None and d.offer in provider_of:
                counts = providers[provider_of[d.offer]]
                counts[0] += int(d.provider_accepted)
                counts[1] += 1
            if d.category is not None:
                dismissals[d.offer][d.category] += 1
        return cls(
            {p: (a, n) for p, (a, n) in providers.items()},
            {o: dict(c) for o, c in dismissals.items()},
        )


def _context_columns(
    offer: OfferDoc, context: Context, own: Decision | None
) -> tuple[float, float, list[float]]:
    """Provider acceptance (smoothed), log decisions, log dismissals by category.

    ``own`` (a training pair's decision) is left out of the counts, so that a label never
    explains itself.
    """
    accepted, answered = context.providers.get(offer.provider, (0, 0))
    counts = dict(context.dismissals.get(offer.ref, {}))
    if own is not None:
        if own.provider_accepted is not None:
            accepted -= int(own.provider_accepted)
            answered -= 1
        if own.category is not None:
            counts[own.category] = counts.get(own.category, 0) - 1
    rate = (accepted + 1.0) / (answered + 2.0)  # Laplace: 0.5 for a provider never asked
    dismissed = [float(np.log1p(max(counts.get(c, 0), 0))) for c in DISMISSAL_CATEGORIES]
    return rate, float(np.log1p(max(answered, 0))), dismissed


def pair_features(
    matcher: Matcher,
    needs: Sequence[NeedDoc],
    pairs: Sequence[tuple[int, str]],
    context: Context,
    own: Sequence[Decision | None] | None = None,
) -> np.ndarray:
    """One row of ``FEATURES`` per pair (index into ``needs``, offer ref held by ``matcher``).

    ``own[p]`` is pair p's own decision when the rows are for fitting (left out of the context).
    """
    signals = pair_signals(matcher, needs, pairs)
    out = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
    for p, (i, ref) in enumerate(pairs):
        need = needs[i]
        offer = matcher.slots_[matcher.slot_of_[ref]]
        langs = [x for x in need.languages if x in offer.languages]
        modality = need.modality == offer.modality or {need.modality, offer.modality} == {"any"}
        targeted = bool(offer.eligible) and any(
            e.lower() in need.state_tags for e in offer.eligible
        )
        rate, answered, dismissed = _context_columns(offer, context, own[p] if own else None)
        out[p, 4:] = [
            float(bool(need.languages) and need.languages[0] in offer.languages),
            float(min(len(langs), 3)),
            float(modality),
            float(targeted),
            float(np.log1p(max(offer.remaining, 0))),
            rate,
            answered,
            *dismissed,
        ]
    for c, name in enumerate(("score", "cos", "topic_sim", "support_sim")):
        out[:, c] = signals[name]
    return out


@dataclass(frozen=True)
class Adjusted:
    """``Reranker.adjust``'s result: the matches, and the (need, offer) pairs it moved."""

    matches: list[Match]
    moved: frozenset[tuple[str, str]]


#: What ``Reranker.dumps`` keeps besides the model: its parameters and what its fit found.
_STATE = (
    "min_labels", "min_each", "max_weight", "half_labels", "c", "require_gain",
    "labels_", "positives_", "heldout_auc_", "score_auc_", "why_off_",
)  # fmt: skip


class Reranker:
    """A logistic regression on ``FEATURES``, fitted from decisions, blended with the score.

    Args:
        min_labels: Decisions needed before it switches on (with both kinds present, at least
            ``min_each`` of each).
        min_each: Positives and negatives needed, each.
        max_weight: The most the blend may move a score: ``score * (1 + w (2p - 1))``.
        half_labels: The number of decisions at which ``w`` reaches half of ``max_weight``.
        c: Inverse L2 regularisation of the logistic regression.
        require_gain: Stay off unless, on held-out decisions (needs kept apart), the model
            orders pairs at least as well as the matcher's score alone (ROC AUC).
    """

    def __init__(
        self,
        *,
        min_labels: int = 50,
        min_each: int = 5,
        max_weight: float = 0.3,
        half_labels: int = 100,
        c: float = 0.5,
        require_gain: bool = True,
    ) -> None:
        """Store the parameters; nothing is fitted."""
        self.min_labels = min_labels
        self.min_each = min_each
        self.max_weight = max_weight
        self.half_labels = half_labels
        self.c = c
        self.require_gain = require_gain
        self.model_: Linear | None = None
        self.labels_ = self.positives_ = 0
        self.heldout_auc_: float | None = None
        self.score_auc_: float | None = None
        self.why_off_ = "not fitted"

    @property
    def negatives_(self) -> int:
        """Negative decisions it was fitted on."""
        return self.labels_ - self.positives_

    @property
    def on(self) -> bool:
        """Whether ``adjust`` changes anything."""
        return self.model_ is not None and not self.why_off_

    @property
    def weight_(self) -> float:
        """The blend weight ``w``: grows with the number of decisions, up to ``max_weight``."""
        return self.max_weight * self.labels_ / (self.labels_ + self.half_labels)

    def _new_model(self) -> Any:
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(
            StandardScaler(),
            LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000),
        )

    def fit(
        self, x: np.ndarray, y: np.ndarray, weight: np.ndarray, groups: Sequence[str]
    ) -> Reranker:
        """Fit on feature rows, labels (0/1), weights and each row's need (held-out folds)."""
        y = np.asarray(y, dtype=int)
        self.labels_, self.positives_ = len(y), int(y.sum())
        self.model_, self.heldout_auc_, self.score_auc_ = None, None, None
        if self.labels_ < self.min_labels:
            self.why_off_ = f"{self.labels_} decisions, {self.min_labels} needed"
            return self
        if min(self.positives_, self.negatives_) < self.min_each:
            self.why_off_ = f"fewer than {self.min_each} positive or negative decisions"
            return self
        self.heldout_auc_, self.score_auc_ = self._held_out(x, y, weight, groups)
        fitted = self._new_model().fit(x, y, logisticregression__sample_weight=weight)
        self.model_ = Linear.of(fitted)
        self.why_off_ = ""
        model_auc, score_auc = self.heldout_auc_, self.score_auc_
        known = model_auc is not None and score_auc is not None
        if self.require_gain and known and model_auc < score_auc:  # type: ignore[operator]
            self.why_off_ = "on held-out decisions it orders pairs worse than the matcher"
        return self

    def fit_decisions(
        self,
        matcher: Matcher,
        needs: Sequence[NeedDoc],
        decisions: Sequence[Decision],
        context: Context,
    ) -> Reranker:
        """Fit on decisions about pairs of ``needs`` and offers ``matcher`` holds (others skipped).

        When a pair has several decisions the last one counts.
        """
        where = {n.ref: i for i, n in enumerate(needs)}
        last = {(d.need, d.offer): d for d in decisions}
        usable = [d for d in last.values() if d.need in where and d.offer in matcher.slot_of_]
        x = pair_features(
            matcher, needs, [(where[d.need], d.offer) for d in usable], context, usable
        )
        y = np.array([d.label for d in usable], dtype=int)
        weight = np.array([d.weight for d in usable], dtype=np.float64)
        return self.fit(x, y, weight, [d.need for d in usable])

    def _held_out(
        self, x: np.ndarray, y: np.ndarray, weight: np.ndarray, groups: Sequence[str]
    ) -> tuple[float | None, float | None]:
        """ROC AUC of the model and of the matcher's score alone, on folds of whole needs."""
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import GroupKFold

        folds = min(5, len(set(groups)))
        if folds < 2:
            return None, None
        proba = np.full(len(y), np.nan)
        for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
            if len(set(y[train].tolist())) < 2:
                continue
            model = self._new_model().fit(
                x[train], y[train], logisticregression__sample_weight=weight[train]
            )
            proba[test] = model.predict_proba(x[test])[:, 1]
        seen = ~np.isnan(proba)
        if len(set(y[seen].tolist())) < 2:
            return None, None
        model_auc = float(roc_auc_score(y[seen], proba[seen], sample_weight=weight[seen]))
        score_auc = float(roc_auc_score(y[seen], x[seen, 0], sample_weight=weight[seen]))
        return model_auc, score_auc

    def probability(self, x: np.ndarray) -> np.ndarray:
        """The model's probability that each pair is a good one (0.5 everywhere when off)."""
        if self.model_ is None or not self.on or not len(x):
            return np.full(len(x), 0.5)
        return self.model_.probability(x)

    def dumps(self) -> bytes:
        """The parameters and the fit as JSON: what ``loads`` reads back (data, never code)."""
        state: dict[str, Any] = {k: getattr(self, k) for k in _STATE}
        state["model"] = None if self.model_ is None else self.model_.as_dict()
        return linear.dumps(state)

    @classmethod
    def loads(cls, raw: bytes) -> Reranker:
        """A re-ranker from ``dumps``; raises ValueError when ``raw`` is not one."""
        state = linear.loads(raw)
        try:
            params = {k: state[k] for k in _STATE if not k.endswith("_")}
            out = cls(**params)
            for k in _STATE:
                if k.endswith("_"):
                    setattr(out, k, state[k])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a stored re-ranker: {exc}") from None
        out.model_ = None if state.get("model") is None else Linear.from_dict(state["model"])
        return out

    def blend(self, score: np.ndarray, proba: np.ndarray) -> np.ndarray:
        """The adjusted score: ``score * (1 + w (2p - 1))``, within [0, 1]."""
        return np.clip(score * (1.0 + self.weight_ * (2.0 * proba - 1.0)), 0.0, 1.0)

    def adjust(
        self,
        matcher: Matcher,
        needs: Sequence[NeedDoc],
        matches: Sequence[Match],
        top: int,
        context: Context,
    ) -> Adjusted:
        """Re-score and re-order each need's matches, keeping the ``top`` best of each.

        ``matches`` come from ``matcher.rank(needs, pool)`` (a pool at least ``top`` deep).
        Only those pairs are returned: a pair the matcher did not find feasible never appears.
        When off, the matcher's ``top`` first of each need come back as they were.
        """
        if not self.on or not matches:
            kept = [m for m in matches if m.rank <= top]
            return Adjusted(kept, frozenset())
        where = {n.ref: i for i, n in enumerate(needs)}
        x = pair_features(matcher, needs, [(where[m.need], m.offer) for m in matches], context)
        new = self.blend(np.array([m.score for m in matches]), self.probability(x))
        by_need: dict[str, list[tuple[float, int, Match]]] = defaultdict(list)
        for m, s in zip(matches, new.tolist(), strict=True):
            by_need[m.need].append((s, m.rank, m))
        out: list[Match] = []
        moved: set[tuple[str, str]] = set()
        for need in dict.fromkeys(m.need for m in matches):
            ranked = sorted(by_need[need], key=lambda t: (-round(t[0], 4), t[1]))[:top]
            for rank, (s, was, m) in enumerate(ranked, start=1):
                out.append(replace(m, rank=rank, score=round(s, 4)))
                if rank != was:
                    moved.add((m.need, m.offer))
        return Adjusted(out, frozenset(moved))
