"""The focal point's weekly digest: the week's needs and offers, waiting proposals, unmet needs.

The job (``weekly_digest``) writes one notice per recipient once a week
(``WEEKLY_DIGEST_WEEKDAY`` and ``WEEKLY_DIGEST_HOUR``, UTC); the figures are read when the
e-mail is composed, in its reader's language. A confidential need is counted, and named only
to a reader who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import Session

from models import Need, Notice, User
from webapp.mailing import site_link
from webapp.notices.compose import compose_pending, composer, job
from webapp.notices.letters import Letter
from webapp.services.language import name as place_name
from webapp.services.periodic import digest
from webapp.services.policy import can_view_need, is_focal


@dataclass(frozen=True)
class Item:
    """One row of a digest's list: its words, a second line, its page."""

    title: str
    detail: str
    link: str


def _need_item(need: Need, reader: User) -> Item:
    state = place_name(need.state)
    if can_view_need(reader, need):
        return Item(need.title, state, site_link("needs.detail", ref=need.ref))
    return Item(_("A confidential need of %(state)s", state=state), "", "")


def _moment(value: Any, fallback: datetime) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return fallback
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@composer("weekly_digest")
def weekly_digest(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To a focal point (or an administrator who chose it): the week in figures and lists."""
    if not is_focal(reader):
        return None
    config = current_app.config
    until = _moment(notice.refs.get("until"), notice.created_at)
    since = _moment(notice.refs.get("since"), until - digest.WEEK)
    days = int(config.get("DIGEST_WAITING_DAYS", 14))
    week = digest.week(
        session, since, until, waiting_days=days, limit=int(config.get("DIGEST_LIST_SIZE", 5))
    )
    waiting = [
        Item(
            w.match.need.title,
            place_name(w.match.need.state) + " · " + ngettext(
                "%(offer)s (%(provider)s), proposed %(num)d day ago",
                "%(offer)s (%(provider)s), proposed %(num)d days ago",
                w.days, offer=w.match.offer.title, provider=w.match.offer.organisation.name,
            ),
            site_link("matches.detail", match_id=w.match.id),
        )
        for w in week.waiting
    ]  # fmt: skip
    offers = [
        Item(o.title, o.organisation.name, site_link("offers.detail", ref=o.ref))
        for o in week.offers
    ]
    regions = [(r.name, r.unmet, site_link("dashboard.unmet", region=r.code)) for r in week.regions]
    return Letter(
        subject=_("cbmatch: the week to %(day)s", day=_day(until)),
        template="mail/weekly_digest",
        link=site_link("dashboard.index"),
        values={
            "week": week, "since": since, "until": until, "waiting_days": days,
            "needs": [_need_item(n, reader) for n in week.needs], "offers": offers,
            "waiting": waiting, "regions": regions,
            "needs_link": site_link("needs.index"), "offers_link": site_link("offers.index"),
            "pipeline_link": site_link("pipeline.index", status="proposed"),
        },
    )  # fmt: skip


def _day(moment: datetime) -> str:
    from webapp.formatting import day

    return day(moment)


def run_digest(session: Session, now: datetime | None = None, *, force: bool = False) -> Any:
    """The digest job with the app's settings (``WEEKLY_DIGEST_WEEKDAY`` and ``_HOUR``)."""
    config = current_app.config
    return digest.run(
        session,
        now or datetime.now(UTC),
        weekday=int(config.get("WEEKLY_DIGEST_WEEKDAY", 0)),
        hour=int(config.get("WEEKLY_DIGEST_HOUR", 6)),
        force=force,
    )


@job("weekly_digest")
def digest_job(session: Session) -> int:
    """This week's digest, if due, written and composed in the same pass."""
    if not run_digest(session).notices:
        return 0
    return compose_pending(session)
