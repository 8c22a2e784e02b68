"""The alerts: new offers that fit a State's open need, new needs that fit a provider's offer.

The job (``alerts``) runs with every pass of the sender, at most every ``ALERT_INTERVAL``
seconds; ``services.periodic.alerts`` ranks and writes the notices, and the pass composes those
to be sent at once. Each e-mail names what is still open when it is written, and never a need
its reader may not see (a confidential need is never named to a provider).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Need, NeedStatus, Notice, Offer, OfferStatus, User
from webapp.mailing import site_link
from webapp.notices.compose import compose_pending, composer, job
from webapp.notices.letters import Letter
from webapp.services.language import name as place_name
from webapp.services.periodic import alerts
from webapp.services.policy import acts_for_organisation, acts_for_state, can_view_need


@dataclass(frozen=True)
class Line:
    """One record an alert names: its title, who it is from, how well it fits, its page."""

    title: str
    source: str
    fit: str
    link: str


def _scores(notice: Notice, key: str) -> dict[int, float]:
    ids, scores = notice.refs.get(key, []), notice.refs.get("scores", [])
    return {int(i): float(s) for i, s in zip(ids, scores, strict=False)}


@composer("new_offers")
def new_offers(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To a State's representative: new offers fit one of its open needs."""
    need = session.get(Need, int(notice.refs.get("need", 0)))
    if need is None or need.status is not NeedStatus.OPEN:
        return None
    if not (acts_for_state(reader, need.state_id) and can_view_need(reader, need)):
        return None
    scores = _scores(notice, "offers")
    offers = session.scalars(
        select(Offer)
        .where(Offer.id.in_(scores), Offer.status == OfferStatus.OPEN)
        .options(selectinload(Offer.organisation))
    )
    lines = [
        Line(o.title, o.organisation.name, _(alerts.strength(scores[o.id])),
             site_link("offers.detail", ref=o.ref))
        for o in sorted(offers, key=lambda o: (-scores[o.id], o.id))
    ]  # fmt: skip
    if not lines:
        return None
    return Letter(
        subject=ngettext(
            "A new offer fits your need “%(title)s”",
            "%(num)d new offers fit your need “%(title)s”",
            len(lines),
            title=need.title,
        ),
        template="mail/new_offers",
        link=site_link("needs.detail", ref=need.ref),
        values={"need": need, "lines": lines},
    )


@composer("new_needs")
def new_needs(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To a provider's account: new needs fit one of its open offers (never a confidential one)."""
    offer = session.get(Offer, int(notice.refs.get("offer", 0)))
    if offer is None or offer.status is not OfferStatus.OPEN:
        return None
    if not acts_for_organisation(reader, offer.organisation_id):
        return None
    scores = _scores(notice, "needs")
    needs = session.scalars(
        select(Need)
        .where(Need.id.in_(scores), Need.status == NeedStatus.OPEN, Need.confidential.is_(False))
        .options(selectinload(Need.state))
    )
    lines = [
        Line(n.title, place_name(n.state), _(alerts.strength(scores[n.id])),
             site_link("needs.detail", ref=n.ref))
        for n in sorted(needs, key=lambda n: (-scores[n.id], n.id))
        if can_view_need(reader, n)
    ]  # fmt: skip
    if not lines:
        return None
    return Letter(
        subject=ngettext(
            "A new need fits your offer “%(title)s”",
            "%(num)d new needs fit your offer “%(title)s”",
            len(lines),
            title=offer.title,
        ),
        template="mail/new_needs",
        link=site_link("offers.detail", ref=offer.ref),
        values={"offer": offer, "lines": lines},
    )


def run_alerts(session: Session, now: datetime | None = None, *, force: bool = False) -> Any:
    """The alerts job with the app's settings (``ALERT_INTERVAL``, ``ALERT_MIN_SCORE``)."""
    config = current_app.config
    return alerts.run(
        session,
        now or datetime.now(UTC),
        interval=timedelta(seconds=float(config.get("ALERT_INTERVAL", 3600))),
        min_score=float(config.get("ALERT_MIN_SCORE", 0.4)),
        force=force,
    )


@job("alerts")
def alerts_job(session: Session) -> int:
    """Due alerts written, and those to be sent at once composed in the same pass."""
    if not run_alerts(session).notices:
        return 0
    return compose_pending(session)
