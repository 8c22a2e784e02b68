"""The matcher of the open offers, kept fitted between requests and updated as offers change.

One ``MatchIndex`` lives in each app (``app.extensions``). It fits the matcher once, then keeps
it in step with the database instead of fitting again for every ranking:

* **Changes made by this process** (an offer created, edited or closed, a match accepted or
  released) are collected by a session listener when they are flushed and handed to the index
  when the transaction commits (a rollback drops them). The next ranking reads just those offers
  again and applies them with ``Matcher.update``: same vocabulary and IDF, no refit.
* **Changes made elsewhere** (``cbmatch import`` while the site runs, another worker) are found
  by a fingerprint of the offer and match tables (row counts, last change), checked at most
  every ``MATCH_INDEX_CHECK_SECONDS`` (5 s); when it moved, the offers changed in the last
  minutes and the offers whose used capacity changed are read again and applied the same way.
* **A full refit** happens only when the vocabulary has drifted too far: when more offers were
  added, replaced or removed since the fit than ``MATCH_INDEX_REFIT_CHANGES`` (25%) of the
  offers fitted, or when the words of new offers unknown to the fitted vocabulary exceed
  ``MATCH_INDEX_REFIT_UNKNOWN`` (2%) of the fitted text, or when offers were deleted outright.
  Until then a new offer's unknown words are ignored (its known words still match) and IDF
  weights stay those of the last fit.

Rankings and updates of one index are serialised by a lock, so a ranking never sees a
half-applied update.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from models import Match, Need, Offer
from webapp.services.infra import MAX_AGE, app_object, app_object_if_any, mark_of, setting
from webapp.services.matching.docs import labels, offer_docs, open_needs, used_capacity
from webapp.services.vocab import CAPACITY_TAKEN

if TYPE_CHECKING:
    from matcher import Matcher, OfferDoc
    from matcher.batch import NeedBatch

log = logging.getLogger(__name__)

KEY = "cbmatch.match_index"
_CHANGED = "cbmatch.offers_changed"  # session.info key: offer ids flushed in this transaction
_CHUNK = 500  # ids per IN (...) query
_MARGIN = timedelta(minutes=5)  # a write committed late may carry an older time stamp


class Fingerprint(NamedTuple):
    """What tells, cheaply, whether offers or the capacity they have left changed."""

    offers: int
    offers_changed: datetime | None
    matches: int
    matches_changed: datetime | None


def fingerprint(session: Session) -> Fingerprint:
    """Row counts and last change times of the offers and of the matches taking capacity."""
    offers = session.execute(select(func.count(Offer.id), func.max(Offer.updated_at))).one()
    matches = session.execute(
        select(func.count(Match.id), func.max(Match.updated_at)).where(
            Match.status.in_(CAPACITY_TAKEN)
        )
    ).one()
    return Fingerprint(offers[0], offers[1], matches[0], matches[1])


@dataclass(frozen=True)
class PreparedNeeds:
    """Every open need, prepared by one state of the matcher for ``Matcher.rank_offer``."""

    key: tuple[Any, ...]  # the needs' mark and the matcher's fits and updates
    at: float
    position: dict[str, int]  # need ref -> its row in the batch
    batch: NeedBatch


class MatchIndex:
    """A fitted ``Matcher`` of the open offers of one database, kept up to date.

    Args:
        check_seconds: How often, at most, to look for changes made by other processes.
        refit_changes: Refit when offers added, replaced or removed since the fit exceed this
            share of the offers fitted.
        refit_unknown: Refit when the tokens of new offers unknown to the vocabulary exceed this
            share of the tokens fitted.
    """

    def __init__(
        self,
        *,
        check_seconds: float = 5.0,
        refit_changes: float = 0.25,
        refit_unknown: float = 0.02,
    ) -> None:
        """An empty index; the first use fits it."""
        self.check_seconds = check_seconds
        self.refit_changes = refit_changes
        self.refit_unknown = refit_unknown
        self.fits = 0
        self.updates = 0
        self._lock = threading.RLock()
        self._pending_lock = threading.Lock()  # never waits for a ranking to finish
        self._matcher: Matcher | None = None
        self._docs: dict[int, OfferDoc] = {}  # offer id -> the doc the matcher holds
        self._pending: set[int] = set()
        self._seen: Fingerprint | None = None
        self._checked = 0.0
        self._needs: PreparedNeeds | None = None

    def mark(self, offer_ids: set[int]) -> None:
        """Note offers changed by a committed transaction; the next use applies them."""
        with self._pending_lock:
            self._pending |= offer_ids

    @contextmanager
    def matcher(self, session: Session) -> Iterator[Matcher]:
        """The up-to-date matcher, held for the duration of the ``with`` block."""
        with self._lock:
            self._sync(session)
            assert self._matcher is not None  # noqa: S101  # nosec B101
            yield self._matcher

    def open_needs(self, session: Session, matcher: Matcher) -> PreparedNeeds:
        """Every open need prepared for ``rank_offer``: call it inside ``matcher()``.

        Preparing 10k needs takes about a second, so the result is kept until a need changes
        (``kept.mark_of``, at most ``MAX_AGE``) or the matcher is fitted or updated again.
        """
        key = (mark_of(session, (Need,)), self.fits, self.updates)
        kept = self._needs
        if kept is None or kept.key != key or time.monotonic() - kept.at > MAX_AGE:
            docs = open_needs(session)
            batch = matcher.prepare(docs)
            position = {d.ref: i for i, d in enumerate(docs)}
            kept = self._needs = PreparedNeeds(key, time.monotonic(), position, batch)
        return kept

    # ------------------------------------------------------------------ keeping it current
    def _sync(self, session: Session) -> None:
        if self._matcher is None:
            self._refit(session)
            return
        with self._pending_lock:
            changed, self._pending = self._pending, set()
        due = time.monotonic() - self._checked >= self.check_seconds
        if not changed and not due:
            return
        seen, now = self._seen, fingerprint(session)
        self._checked = time.monotonic()
        if seen is not None and now != seen:
            if now.offers < seen.offers:  # offers deleted outright: start again
                self._refit(session)
                return
            changed |= self._changed_elsewhere(session, seen, now)
        self._seen = now
        if changed:
            self._apply(session, changed)

    def _changed_elsewhere(self, session: Session, seen: Fingerprint, now: Fingerprint) -> set[int]:
        """Offers that may have changed since ``seen``: recently edited, or capacity moved."""
        out: set[int] = set()
        if now.offers != seen.offers or now.offers_changed != seen.offers_changed:
            since = (seen.offers_changed or datetime.min) - _MARGIN
            out |= set(session.scalars(select(Offer.id).where(Offer.updated_at >= since)))
        if now.matches != seen.matches or now.matches_changed != seen.matches_changed:
            used = used_capacity(session)
            out |= {i for i, doc in self._docs.items() if used.get(i, 0) != doc.used}
            out |= {i for i in used if i not in self._docs}
        return out

    def _apply(self, session: Session, offer_ids: set[int]) -> None:
        """Read these offers again and bring the matcher in line with them."""
        matcher = self._matcher
        assert matcher is not None  # noqa: S101  # nosec B101
        ids = sorted(offer_ids)
        fresh: dict[int, OfferDoc] = {}
        for lo in range(0, len(ids), _CHUNK):
            fresh.update(offer_docs(session, ids[lo : lo + _CHUNK]))
        upserts, removed = [], []
        for offer_id in ids:
            doc, old = fresh.get(offer_id), self._docs.get(offer_id)
            if doc is not None and doc.is_open:
                if doc != old:
                    upserts.append(doc)
                    self._docs[offer_id] = doc
            elif old is not None:
                removed.append(old.ref)
                del self._docs[offer_id]
        if not upserts and not removed:
            return
        if len(upserts) + len(removed) > self.refit_changes * max(matcher.fitted_offers_, 1):
            self._refit(session)  # e.g. a bulk import: fitting is cheaper than updating
            return
        matcher.update(upserts, remove=removed)
        self.updates += 1
        log.info("match index: %d offers updated, %d removed", len(upserts), len(removed))
        if self._drifted(matcher):
            self._refit(session)

    def _drifted(self, matcher: Matcher) -> bool:
        fitted = max(matcher.fitted_offers_, 1)
        return (
            matcher.changes_since_fit_ > self.refit_changes * fitted
            or matcher.unknown_tokens_ > self.refit_unknown * max(matcher.fitted_tokens_, 1)
        )

    def _refit(self, session: Session) -> None:
        from matcher import Matcher

        self._seen = fingerprint(session)
        self._checked = time.monotonic()
        with self._pending_lock:
            self._pending = set()
        self._docs = offer_docs(session)
        self._matcher = Matcher(labels=labels(session)).fit(self._docs.values())
        self.fits += 1
        log.info("match index: fitted on %d open offers", len(self._docs))


def current_index() -> MatchIndex:
    """The current app's index (created on first use)."""
    return app_object(
        KEY,
        lambda: MatchIndex(
            check_seconds=float(setting("MATCH_INDEX_CHECK_SECONDS", 5.0)),
            refit_changes=float(setting("MATCH_INDEX_REFIT_CHANGES", 0.25)),
            refit_unknown=float(setting("MATCH_INDEX_REFIT_UNKNOWN", 0.02)),
        ),
    )


@contextmanager
def index_for(session: Session) -> Iterator[Matcher]:
    """The current app's up-to-date matcher of the open offers, for a ``with`` block."""
    with current_index().matcher(session) as matcher:
        yield matcher


# ---------------------------------------------------------------------- session listeners
def _touches_capacity(match: Match) -> bool:
    """The match takes an offer's capacity, or did before this flush."""
    before = inspect(match).attrs.status.history.deleted or ()
    return any(s in CAPACITY_TAKEN for s in (match.status, *before))


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: Any) -> None:
    """Remember which offers this flush touched: edited, or their used capacity moved."""
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Offer):
            ids.add(obj.id)
        elif isinstance(obj, Match) and _touches_capacity(obj):
            ids.add(obj.offer_id)
    if ids:
        session.info.setdefault(_CHANGED, set()).update(ids)


@event.listens_for(Session, "after_commit")
def _hand_over(session: Session) -> None:
    """Give the offers a committed transaction changed to this app's index, if it has one."""
    ids = session.info.pop(_CHANGED, None)
    index = app_object_if_any(KEY) if ids else None
    if index is not None:
        index.mark(ids)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    """A rolled-back transaction changed nothing."""
    session.info.pop(_CHANGED, None)
