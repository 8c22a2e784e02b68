"""Survey cycles: each submission is a dated version, and how the maturity changed between them.

A version keeps a snapshot of the State's maturity when it was submitted (``snapshot``): each CMM
dimension's stage and each rated factor's stage. Submitting again (an update) makes a new version,
even with nothing changed: it confirms, on that day, that the survey is current; the reminders and
the focal point's list of States that have not updated count from it. Only the same maturity
submitted twice on one day is kept once.

Who sees a State's versions is who sees its maturity (``sharing.can_view_maturity``): the views
ask that before calling anything here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Dimension, Factor, Role, State, SurveyVersion, User, UserStatus, base
from webapp.services.language import name as state_name
from webapp.services.language import sort_key
from webapp.services.needs import factors as cmm
from webapp.services.needs import nsi, survey

log = logging.getLogger(__name__)


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives back naive ones)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def snapshot(session: Session, state: State) -> dict[str, Any]:
    """The State's maturity as it stands: what a version keeps.

    ``{"dimensions": {slug: stage 1-5}, "factors": {code: stage 1-5}, "nsi": {question:
    {"choice", "text", "comment"}}}``, what was not assessed or answered left out. Add a section
    here (a key of its own) to keep more in each version. The NSI answers are kept for the
    record only: the history shows the maturity, which the State's sharing choice governs, and
    never the answers (private to the State and the focal point).
    """
    return {
        "dimensions": {a.dimension.slug: a.stage for a in survey.assessments(session, state)},
        "factors": {code: r.stage for code, r in sorted(cmm.ratings(session, state).items())},
        "nsi": {
            code: {
                "choice": a.choice.value if a.choice else None,
                "text": a.text,
                "comment": a.comment,
            }
            for code, a in sorted(nsi.answers(session, state).items())
        },
    }


def versions(session: Session, state: State) -> list[SurveyVersion]:
    """The State's versions, oldest first."""
    return list(
        session.scalars(
            select(SurveyVersion)
            .where(SurveyVersion.state_id == state.id)
            .order_by(SurveyVersion.number)
        )
    )


def latest(session: Session, state: State) -> SurveyVersion | None:
    """The State's newest version, or None when it never submitted."""
    return session.scalar(
        select(SurveyVersion)
        .where(SurveyVersion.state_id == state.id)
        .order_by(SurveyVersion.number.desc())
        .limit(1)
    )


def kept_today(session: Session, state: State, last: SurveyVersion | None) -> bool:
    """Whether ``last``, the last version, was submitted today with the maturity as it is now."""
    return (
        last is not None
        and as_utc(last.submitted_at).date() == base.utcnow().date()
        and last.snapshot == snapshot(session, state)
    )


def record(session: Session, state: State, *, actor: User) -> SurveyVersion:
    """Keep the State's maturity as its next version, dated now. Flushes; the caller commits.

    The same maturity submitted again on the same (UTC) day is already kept: its last version is
    returned, and no new one is made (a second click, or a second representative, adds nothing).
    """
    last = latest(session, state)
    if last is not None and kept_today(session, state, last):
        return last
    kept, now = snapshot(session, state), base.utcnow()
    number = session.scalar(
        select(func.coalesce(func.max(SurveyVersion.number), 0)).where(
            SurveyVersion.state_id == state.id
        )
    )
    version = SurveyVersion(
        state=state,
        number=int(number or 0) + 1,
        submitted_at=now,
        submitted_by_id=actor.id,
        snapshot=kept,
    )
    session.add(version)
    session.flush()
    log.info("survey of %s: version %d by user %s", state.iso3, version.number, actor.id)
    return version


def submit(session: Session, state: State, *, actor: User) -> tuple[int, SurveyVersion]:
    """Submit the survey, or an update of it: draft needs open and a new version is kept.

    Returns how many needs opened, and the new version.

    Raises:
        ValidationFailed: as ``survey.submit_survey`` (nothing is written).
    """
    opened = survey.submit_survey(session, state, actor=actor)
    return opened, record(session, state, actor=actor)


# --- the history page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A dimension's stage in one version (None: not assessed then)."""

    number: int
    submitted_at: datetime
    stage: int | None


@dataclass(frozen=True)
class Series:
    """One CMM dimension's stage across the versions, oldest first: one chart."""

    dimension: Dimension
    points: list[Point]

    @property
    def change(self) -> int | None:
        """The last version's stage minus the one before (None: fewer than two, or unrated)."""
        if len(self.points) < 2:
            return None
        before, after = self.points[-2].stage, self.points[-1].stage
        return None if before is None or after is None else after - before


@dataclass(frozen=True)
class FactorChange:
    """A factor whose stage differs between the last two versions (None: not assessed)."""

    factor: Factor
    before: int | None
    after: int | None

    @property
    def direction(self) -> str:
        """Up, down, or empty (a factor assessed or unassessed: nothing to compare)."""
        if self.before is None or self.after is None:
            return ""
        return "up" if self.after > self.before else "down"


@dataclass(frozen=True)
class History:
    """What the history page shows: the versions, a series per dimension, the latest changes."""

    versions: list[SurveyVersion]
    series: list[Series]
    changes: list[FactorChange]  # between the last two versions, in CMM order


def _stages(version: SurveyVersion, section: str) -> dict[str, int]:
    found = (version.snapshot or {}).get(section) or {}
    return {str(k): int(v) for k, v in found.items()}


def history(session: Session, state: State) -> History:
    """The State's versions, its stage per dimension across them, and what changed last."""
    found = versions(session, state)
    series = [
        Series(d, [Point(v.number, v.submitted_at, _stages(v, "dimensions").get(d.slug))
                   for v in found])
        for d in survey.cmm_dimensions(session)
    ]  # fmt: skip
    changes = []
    if len(found) >= 2:
        before, after = _stages(found[-2], "factors"), _stages(found[-1], "factors")
        changes = [
            FactorChange(f, before.get(f.code), after.get(f.code))
            for f in cmm.cmm_factors(session)
            if before.get(f.code) != after.get(f.code)
        ]
    return History(found, series, changes)


# --- States that have not updated -------------------------------------------------------------


@dataclass(frozen=True)
class Outdated:
    """A State whose last survey is older than the period, or that never submitted one."""

    state: State
    name: str  # in the reader's language
    last: SurveyVersion | None  # None: never submitted
    representatives: int  # active accounts acting for it


def _last_versions() -> Any:
    newest = (
        select(SurveyVersion.state_id, func.max(SurveyVersion.number).label("number"))
        .group_by(SurveyVersion.state_id)
        .subquery()
    )
    return (
        select(SurveyVersion)
        .join(
            newest,
            (newest.c.state_id == SurveyVersion.state_id)
            & (newest.c.number == SurveyVersion.number),
        )
    )  # fmt: skip


def cutoff(now: datetime, days: int) -> datetime:
    """A version submitted before this is out of date."""
    return now - timedelta(days=days)


def outdated(session: Session, now: datetime, days: int) -> list[Outdated]:
    """States whose last version is older than ``days``, or with representatives and none.

    Those never submitted first, then the oldest first, then by name.
    """
    last = {v.state_id: v for v in session.scalars(_last_versions())}
    reps = dict(
        session.execute(
            select(User.state_id, func.count(User.id))
            .where(User.role == Role.STATE, User.status == UserStatus.ACTIVE,
                   User.state_id.is_not(None))
            .group_by(User.state_id)
        ).all()
    )  # fmt: skip
    limit = cutoff(now, days)
    ids = [sid for sid, v in last.items() if as_utc(v.submitted_at) < limit]
    ids += [sid for sid in reps if sid not in last]
    states = list(session.scalars(select(State).where(State.id.in_(ids)))) if ids else []
    rows = [Outdated(s, state_name(s), last.get(s.id), int(reps.get(s.id, 0))) for s in states]
    rows.sort(key=lambda r: (r.last is not None,
                             as_utc(r.last.submitted_at) if r.last else now,
                             sort_key(r.name)))  # fmt: skip
    return rows


def due_reminders(session: Session, now: datetime, days: int) -> list[SurveyVersion]:
    """Each State's last version older than ``days`` whose State was not reminded in that time."""
    limit = cutoff(now, days)
    return [
        v
        for v in session.scalars(_last_versions().order_by(SurveyVersion.state_id))
        if as_utc(v.submitted_at) < limit
        and (v.reminded_at is None or as_utc(v.reminded_at) < limit)
    ]
