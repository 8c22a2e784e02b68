"""Run the matcher on the database: rank the open needs, save its suggestions, assign offers.

The matcher's inputs are built in ``docs``; results are written back as ``Match`` rows.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Match, MatchStatus, Need, Offer, User, audit
from webapp.services.matching.docs import labels, open_needs, open_offers

if TYPE_CHECKING:  # the matcher loads scikit-learn: imported on first use, not at app start
    from matcher import Matcher, OfferDoc
    from matcher.types import Assignment, Worded
    from matcher.types import Match as Suggestion


log = logging.getLogger(__name__)


def fitted_matcher(session: Session) -> tuple[Matcher, list[OfferDoc]]:
    """A matcher fitted on the open offers."""
    from matcher import Matcher

    offers = open_offers(session)
    return Matcher(labels=labels(session)).fit(offers), offers


class Ranked(list["Suggestion"]):
    """Suggestions, and the (need, offer) pairs the re-ranker moved (none while it is off)."""

    moved: frozenset[tuple[str, str]] = frozenset()


def rank(session: Session, top: int, need_ref: str | None = None) -> Ranked:
    """The ``top`` best eligible offers of every open need (or of one need)."""
    out, moved = Ranked(), set[tuple[str, str]]()
    for block in iter_rank(session, top, need_ref):
        out += block
        moved |= block.moved
    out.moved = frozenset(moved)
    return out


def iter_rank(session: Session, top: int, need_ref: str | None = None) -> Iterator[Ranked]:
    """``rank`` one block of needs at a time, with the app's cached offer index.

    When the re-ranker learned from past decisions is on (``learning.current``), each need's
    best ``learning.POOL`` feasible offers are re-ordered by it and cut to ``top``.
    """
    from webapp.services.matching import learning
    from webapp.services.matching.index import index_for

    needs = open_needs(session, need_ref)
    reranker = learning.current(session)
    context = learning.context_of(session, learning.decisions(session)) if reranker else None
    with index_for(session) as matcher:
        if reranker is None or context is None:
            for block in matcher.iter_rank(needs, top=top):
                yield Ranked(block)
            return
        by_ref = {n.ref: n for n in needs}
        for block in matcher.iter_rank(needs, top=max(top, learning.POOL)):
            block_needs = [by_ref[r] for r in dict.fromkeys(m.need for m in block)]
            adjusted = reranker.adjust(matcher, block_needs, block, top, context)
            ranked = Ranked(adjusted.matches)
            ranked.moved = adjusted.moved
            yield ranked


def iter_rank_english(
    session: Session, top: int, need_ref: str | None = None
) -> Iterator[list[Worded]]:
    """``iter_rank`` with the reasons in English, as ``cbmatch match`` prints them."""
    from webapp.services.matching import learning
    from webapp.services.matching.index import index_for

    if learning.current(session) is not None:  # re-ordered by what was learned: word after
        yield from in_english(session, iter_rank(session, top, need_ref))
        return
    needs = open_needs(session, need_ref)
    with index_for(session) as matcher:
        yield from matcher.iter_rank_english(needs, top=top)


def in_english(session: Session, blocks: Iterable[list[Suggestion]]) -> Iterator[list[Worded]]:
    """Suggestions already ranked, with their reasons worded in English as the CLI gives them."""
    from matcher.reasons import English
    from matcher.types import Worded

    words = English(labels(session))
    for block in blocks:
        yield [Worded(s.need, s.offer, s.rank, s.score, words(s.reasons)) for s in block]


def allocate(session: Session, top: int = 10) -> Assignment:
    """One allocation of open needs to offers that maximises the total score within capacity."""
    from matcher import assign

    matcher, offers = fitted_matcher(session)
    needs = open_needs(session)
    return assign(needs, offers, matcher.rank(needs, top=top))


@dataclass(frozen=True)
class SaveResult:
    """What saving suggestions did."""

    created: int
    updated: int
    removed: int
    kept: int


def save_suggestions(
    session: Session,
    suggestions: Sequence[Suggestion],
    actor: User | None = None,
    moved: Collection[tuple[str, str]] | None = None,
) -> SaveResult:
    """Store suggestions as ``suggested`` matches, leaving every match already acted on alone.

    A suggested match that the matcher no longer produces is removed; one it produces again with
    the same score and reasons is not touched, so saving twice changes nothing. ``moved`` (by
    default the ``Ranked.moved`` of ``suggestions``) are the pairs the re-ranker moved: their
    matches are marked ``adjusted``.
    """
    marked: Collection[tuple[str, str]] = (
        getattr(suggestions, "moved", frozenset()) if moved is None else moved
    )
    need_ids = dict(session.execute(select(Need.ref, Need.id)).all())
    offer_ids = dict(session.execute(select(Offer.ref, Offer.id)).all())
    existing = {(m.need_id, m.offer_id): m for m in session.scalars(select(Match))}
    wanted: set[tuple[int, int]] = set()
    created = updated = kept = 0
    for s in suggestions:
        key = (need_ids[s.need], offer_ids[s.offer])
        wanted.add(key)
        match = existing.get(key)
        score, reasons = round(float(s.score), 6), [[r.code, list(r.values)] for r in s.reasons]
        adjusted = (s.need, s.offer) in marked
        if match is None:
            session.add(
                Match(
                    need_id=key[0],
                    offer_id=key[1],
                    score=score,
                    reasons=reasons,
                    status=MatchStatus.SUGGESTED,
                    adjusted=adjusted,
                    created_by_id=actor.id if actor else None,
                )
            )
            created += 1
        elif match.status is not MatchStatus.SUGGESTED:
            kept += 1
        elif match.score != score or match.reasons != reasons or match.adjusted != adjusted:
            match.score, match.reasons, match.adjusted = score, reasons, adjusted
            updated += 1
    removed = 0
    for key, match in existing.items():
        if match.status is MatchStatus.SUGGESTED and key not in wanted:
            session.delete(match)
            removed += 1
    session.flush()
    if created or updated or removed:  # one log entry for the run; suggestions are not per-record
        counts = {"created": created, "updated": updated, "removed": removed, "kept": kept}
        audit.record_bulk(
            session, entity="match", action="refresh", record="suggestions", summary=counts
        )
    log.info("suggestions saved: %d new, %d updated, %d removed", created, updated, removed)
    return SaveResult(created, updated, removed, kept)
