"""Learn from the focal point's decisions: collect them, fit the re-ranker, store it, load it.

Every match a person acted on is a decision (``matcher.rerank.Decision``): completed, accepted
(by both sides, or under way), proposed (still waiting, or withdrawn after it was proposed),
declined, dismissed with its reason. ``learn`` fits ``matcher.rerank.Reranker`` on them and
writes one ``LearnedRanker`` row (the fit as JSON numbers, ``Reranker.dumps``: data, never
code). ``current`` gives the newest fit to the ranking, with the context (providers'
answers, offers' dismissals) counted afresh, or None while it is off.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import (
    LearnedRanker,
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    Offer,
    Organisation,
    Response,
)
from webapp.services.matching.docs import labels, need_doc, offer_docs

if TYPE_CHECKING:
    from matcher.rerank import Context, Decision, Reranker

log = logging.getLogger(__name__)

#: How a match's status reads as a decision (withdrawn: "proposed" if it ever was).
KIND = {
    MatchStatus.COMPLETED: "completed",
    MatchStatus.ACCEPTED: "accepted",
    MatchStatus.IN_PROGRESS: "accepted",
    MatchStatus.PROPOSED: "proposed",
    MatchStatus.DECLINED: "declined",
    MatchStatus.DISMISSED: "dismissed",
}
KINDS = ("completed", "accepted", "proposed", "declined", "dismissed")
#: The pool the re-ranker re-orders: the matcher's best this deep, cut to the asked number.
POOL = 20


def decisions(session: Session) -> list[Decision]:
    """Every decision on a pair, oldest match first."""
    from matcher.rerank import Decision

    session.flush()
    acted = select(Match.id).where(Match.status != MatchStatus.SUGGESTED)
    notes: dict[int, str] = {}
    proposed: set[int] = set()
    for match_id, to_status, note in session.execute(
        select(MatchEvent.match_id, MatchEvent.to_status, MatchEvent.note)
        .where(MatchEvent.match_id.in_(acted))
        .order_by(MatchEvent.at, MatchEvent.id)
    ):
        if to_status is MatchStatus.DISMISSED:
            notes[match_id] = note
        elif to_status is MatchStatus.PROPOSED:
            proposed.add(match_id)
    rows = session.execute(
        select(Match.id, Need.ref, Offer.ref, Match.status, Match.provider_response)
        .join(Need, Need.id == Match.need_id)
        .join(Offer, Offer.id == Match.offer_id)
        .where(Match.status != MatchStatus.SUGGESTED)
        .order_by(Match.id)
    )
    out = []
    for match_id, need, offer, status, answer in rows:
        kind = KIND.get(status)
        if status is MatchStatus.WITHDRAWN and match_id in proposed:
            kind = "proposed"
        if kind is None:
            continue
        said = {Response.ACCEPTED: True, Response.DECLINED: False}.get(answer)
        out.append(Decision(need, offer, kind, notes.get(match_id, ""), said))
    return out


def context_of(session: Session, found: Sequence[Decision]) -> Context:
    """What the decisions say of providers and offers, for the pairs being ranked."""
    from matcher.rerank import Context

    refs = {d.offer for d in found}
    # the matcher names a provider by its organisation's name (OfferDoc.provider)
    provider_of = dict(
        session.execute(
            select(Offer.ref, Organisation.name)
            .join(Organisation, Organisation.id == Offer.organisation_id)
            .where(Offer.ref.in_(refs))
        ).all()
    )
    return Context.from_decisions(found, provider_of)


def _offer_ids(session: Session, refs: set[str]) -> list[int]:
    return list(session.scalars(select(Offer.id).where(Offer.ref.in_(refs))))


@dataclass(frozen=True)
class LearnReport:
    """What ``learn`` found and did."""

    kinds: dict[str, int]
    labels: int
    positives: int
    on: bool
    why_off: str
    heldout_auc: float | None
    score_auc: float | None
    saved: bool
    min_labels: int
    model: bytes | None = None  # the fitted re-ranker as JSON (Reranker.dumps), when it is on


def learn(session: Session, *, min_labels: int = 50, dry_run: bool = False) -> LearnReport:
    """Fit the re-ranker on every decision so far; store it unless ``dry_run`` (no commit)."""
    from matcher import Matcher
    from matcher.rerank import Reranker

    found = decisions(session)
    kinds = Counter(d.kind for d in found)
    reranker = Reranker(min_labels=min_labels)
    if found:
        need_refs = sorted({d.need for d in found})
        needs = [
            need_doc(n)
            for n in session.scalars(
                select(Need)
                .where(Need.ref.in_(need_refs))
                .options(
                    selectinload(Need.state),
                    selectinload(Need.topics),
                    selectinload(Need.support_types),
                )
                .order_by(Need.ref)
            )
        ]
        # the open offers (the ranking's vocabulary) and every offer decided on, even closed
        docs = offer_docs(session)
        docs.update(offer_docs(session, _offer_ids(session, {d.offer for d in found})))
        matcher = Matcher(labels=labels(session), min_score=0.0).fit(docs.values())
        reranker.fit_decisions(matcher, needs, found, context_of(session, found))
    else:
        reranker.fit(*_empty())
    report = LearnReport(
        kinds={k: kinds.get(k, 0) for k in KINDS},
        labels=reranker.labels_,
        positives=reranker.positives_,
        on=reranker.on,
        why_off=reranker.why_off_,
        heldout_auc=reranker.heldout_auc_,
        score_auc=reranker.score_auc_,
        saved=not dry_run,
        min_labels=min_labels,
        model=reranker.dumps() if reranker.on else None,
    )
    if not dry_run:
        store(session, report)
    log.info("re-ranker fitted on %d decisions: %s", report.labels, "on" if report.on else "off")
    return report


def store(session: Session, report: LearnReport) -> LearnedRanker:
    """Write a fit as the newest ``LearnedRanker`` row (the one rankings use); no commit."""
    row = LearnedRanker(
        labels=report.labels,
        positives=report.positives,
        kinds=report.kinds,
        heldout_auc=report.heldout_auc,
        score_auc=report.score_auc,
        switched_on=report.on,
        why_off=report.why_off,
        model=report.model,
    )
    session.add(row)
    session.flush()
    return row


def _empty() -> tuple[Any, Any, Any, list[str]]:
    import numpy as np

    from matcher.rerank import FEATURES

    return np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0), []


#: The newest fit loaded, by (database, row id, fit time): read once per process.
_LOADED: dict[tuple[str, int, Any], Reranker] = {}


def current(session: Session) -> Reranker | None:
    """The newest fit if it is switched on, else None (the matcher's order is kept)."""
    newest = session.execute(
        select(LearnedRanker.id, LearnedRanker.fitted_at, LearnedRanker.switched_on)
        .order_by(LearnedRanker.id.desc())
        .limit(1)
    ).first()
    if newest is None or not newest.switched_on:
        return None
    key = (str(session.connection().engine.url), newest.id, newest.fitted_at)
    if key not in _LOADED:
        model = session.scalar(select(LearnedRanker.model).where(LearnedRanker.id == newest.id))
        if model is None:
            return None
        from matcher.rerank import Reranker

        _LOADED.clear()
        _LOADED[key] = Reranker.loads(model)
    return _LOADED[key]


def decision_count(session: Session) -> int:
    """How many pairs were acted on (what the schedule watches)."""
    return int(
        session.scalar(select(func.count(Match.id)).where(Match.status != MatchStatus.SUGGESTED))
        or 0
    )
