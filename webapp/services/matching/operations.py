"""Run the matcher on the database: rank the open needs, save its suggestions, assign offers.

The matcher's inputs are built in ``docs``; results are written back as ``Match`` rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
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


def rank(session: Session, top: int, need_ref: str | None = None) -> list[Suggestion]:
    """The ``top`` best eligible offers of every open need (or of one need)."""
    return [m for block in iter_rank(session, top, need_ref) for m in block]


def iter_rank(
    session: Session, top: int, need_ref: str | None = None
) -> Iterator[list[Suggestion]]:
    """``rank`` one block of needs at a time, with the app's cached offer index."""
    from webapp.services.matching.index import index_for

    needs = open_needs(session, need_ref)
    with index_for(session) as matcher:
        yield from matcher.iter_rank(needs, top=top)


def iter_rank_english(
    session: Session, top: int, need_ref: str | None = None
) -> Iterator[list[Worded]]:
    """``iter_rank`` with the reasons in English, as ``cbmatch match`` prints them."""
    from webapp.services.matching.index import index_for

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
    session: Session, suggestions: Sequence[Suggestion], actor: User | None = None
) -> SaveResult:
    """Store suggestions as ``suggested`` matches, leaving every match already acted on alone.

    A suggested match that the matcher no longer produces is removed; one it produces again with
    the same score and reasons is not touched, so saving twice changes nothing.
    """
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
        if match is None:
            session.add(
                Match(
                    need_id=key[0],
                    offer_id=key[1],
                    score=score,
                    reasons=reasons,
                    status=MatchStatus.SUGGESTED,
                    created_by_id=actor.id if actor else None,
                )
            )
            created += 1
        elif match.status is not MatchStatus.SUGGESTED:
            kept += 1
        elif match.score != score or match.reasons != reasons:
            match.score, match.reasons = score, reasons
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
