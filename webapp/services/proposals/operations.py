"""Proposals: requests, offers and the focal point's proposals, answered by both sides.

A State requests an offer, a provider offers for a need, or the focal point proposes a pair; each
side accepts or declines, and every change is a MatchEvent.

A match is accepted when both sides have accepted. The side that makes a request has accepted it
by making it.

A confidential need is the State's to share (``policy`` explains the consent): the focal point's
proposal of one asks the State alone; the State's acceptance is its consent, and only then is the
provider asked (``respond``). A State's request for an offer is its consent for that provider; a
provider cannot offer for a confidential need.
"""

from __future__ import annotations

import logging

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from models import (
    Match,
    MatchEvent,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Response,
    Role,
    User,
)
from webapp.services.concurrency import check_version, guarded
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import N_, Labels, _, name
from webapp.services.notices.kinds import PROPOSAL_ANSWERED, PROPOSAL_RECEIVED
from webapp.services.notices.record import (
    match_followers,
    notify,
    organisation_people,
    state_people,
)
from webapp.services.policy import provider_knows
from webapp.services.vocab import CAPACITY_TAKEN, FOCAL_ONLY_STATUSES, MATCH_STATUS_LABELS, Modality

log = logging.getLogger(__name__)
MAX_NOTE = 2000

#: Why a need that is not open cannot be matched, one sentence per status.
NEED_IS: Labels[NeedStatus] = Labels(
    {
        NeedStatus.DRAFT: N_("The need is a draft."),
        NeedStatus.OPEN: N_("The need is open."),
        NeedStatus.CLOSED: N_("The need is closed."),
        NeedStatus.WITHDRAWN: N_("The need is withdrawn."),
    }
)

#: Why a side cannot answer twice, one sentence per answer it gave.
ALREADY_ANSWERED: Labels[Response] = Labels(
    {
        Response.ACCEPTED: N_("Your side has already accepted this proposal."),
        Response.DECLINED: N_("Your side has already declined this proposal."),
    }
)


def _refuse(field: str, reason: str) -> ValidationFailed:
    return ValidationFailed([RecordError("proposal", field, reason)], reason)


def answer_prefix(side: str, accept: bool) -> str:
    """How a side's answer starts its history note, in English: "The State accepted."."""
    who = "The State" if side == "state" else "The provider"
    return f"{who} {'accepted' if accept else 'declined'}."


def remaining_capacity(session: Session, offer: Offer) -> int:
    """How many more needs the offer can take."""
    taken = session.scalar(
        select(func.count(Match.id)).where(
            Match.offer_id == offer.id, Match.status.in_(CAPACITY_TAKEN)
        )
    )
    return offer.capacity - int(taken or 0)


def pair_problems(session: Session, need: Need, offer: Offer) -> list[str]:
    """Why this pair cannot happen (empty when it can): the matcher's hard rules, in words."""
    problems = []
    if need.status is not NeedStatus.OPEN:
        problems.append(NEED_IS[need.status])
    if offer.status is not OfferStatus.OPEN:
        problems.append(_("The offer is closed."))
    elif remaining_capacity(session, offer) < 1:
        problems.append(_("The offer has no capacity left."))
    if offer.eligible and not {i.lower() for i in offer.eligible} & need.state.tags():
        problems.append(
            _(
                "The offer is open to %(eligible)s; %(state)s is not among them.",
                eligible=", ".join(offer.eligible),
                state=name(need.state),
            )
        )
    if not set(need.languages) & set(offer.languages):
        problems.append(_("The need and the offer share no language."))
    if {need.modality, offer.modality} == {Modality.IN_PERSON, Modality.REMOTE}:
        problems.append(_("One side wants in-person support and the other remote."))
    if (
        need.start
        and need.end
        and offer.start
        and offer.end
        and (offer.end < need.start or need.end < offer.start)
    ):
        problems.append(_("Their date windows do not overlap."))
    return problems


def cannot_propose_now() -> str:
    """All a State or a provider learns of a pair the focal point set aside (dismissed).

    Dismissals are the focal point's working material: the two sides are not told of them.
    """
    return _("This need and this offer cannot be proposed now.")


def _event(match: Match, actor: User | None, old: MatchStatus | None, note: str) -> MatchEvent:
    event = MatchEvent(actor_id=actor.id if actor else None, from_status=old,
                       to_status=match.status, note=note.strip()[:MAX_NOTE])  # fmt: skip
    match.events.append(event)
    return event


def _side_people(session: Session, match: Match, side: str) -> list[User]:
    """The accounts that answer for one side of the match ("state" or "provider")."""
    if side == "state":
        return state_people(session, match.need.state_id)
    return organisation_people(session, match.offer.organisation_id)


def _open_proposal(
    session: Session,
    need: Need,
    offer: Offer,
    actor: User,
    message: str,
    side: str | None,
    expected_version: int | None = None,
) -> Match:
    match = session.scalar(
        select(Match).where(Match.need_id == need.id, Match.offer_id == offer.id)
    )
    if match is not None:
        check_version(session, match, expected_version, "match", actor)
    problems = pair_problems(session, need, offer)
    if problems:
        raise _refuse("offer", " ".join(problems))
    if match is not None and side is not None and match.status in FOCAL_ONLY_STATUSES:
        raise _refuse("offer", cannot_propose_now())
    if match is not None and match.status is not MatchStatus.SUGGESTED:
        raise _refuse(
            "offer",
            _(
                "This need and this offer are already matched (%(status)s).",
                status=MATCH_STATUS_LABELS[match.status],
            ),
        )
    if match is None:
        match = Match(need=need, offer=offer, score=0.0, reasons=[], created_by_id=actor.id)
        session.add(match)
    old = match.status if match.id else None
    with guarded(session, match, "match", actor):  # from the first change to the flush
        match.status = MatchStatus.PROPOSED
        match.state_response = Response.ACCEPTED if side == "state" else Response.PENDING
        match.provider_response = Response.ACCEPTED if side == "provider" else Response.PENDING
        match.updated_by_id = actor.id
        event = _event(match, actor, old, message)
        session.flush()
    # Whoever must answer is told: both sides for the focal point's proposal, else the other;
    # the provider only once it may know of the match (a confidential need: the State first).
    asked = [s for s in ("state", "provider") if s != side]
    if not provider_knows(match):
        asked = ["state"]
    people = [u for s in asked for u in _side_people(session, match, s)]
    notify(session, PROPOSAL_RECEIVED.code, people, actor=actor, match=match.id, event=event.id)
    log.info("match %s proposed by user %s", match.id, actor.id)
    return match


def request_offer(
    session: Session, need: Need, offer: Offer, *, actor: User, message: str
) -> Match:
    """A State representative asks for an offer for one of its needs."""
    if actor.role is not Role.STATE or actor.state_id != need.state_id:
        raise _refuse("need", _("You can only request support for your own State's needs."))
    return _open_proposal(session, need, offer, actor, message, side="state")


def offer_for_need(
    session: Session, need: Need, offer: Offer, *, actor: User, message: str
) -> Match:
    """A provider proposes one of its offers for a need."""
    if actor.role is not Role.PROVIDER or actor.organisation_id != offer.organisation_id:
        raise _refuse("offer", _("You can only propose your own organisation's offers."))
    if need.confidential:
        raise _refuse(
            "need",
            _("This need is confidential: only its State or the focal point can propose it."),
        )
    return _open_proposal(session, need, offer, actor, message, side="provider")


def propose(
    session: Session,
    need: Need,
    offer: Offer,
    *,
    actor: User,
    message: str,
    expected_version: int | None = None,
) -> Match:
    """The focal point proposes a pair to both sides.

    ``expected_version`` is the version of the suggestion the focal point saw (None: no check).

    Raises:
        StaleEdit: the suggestion changed since then; nothing is written.
        ValidationFailed: the pair cannot be proposed.
    """
    if not actor.has_role(Role.FOCAL_POINT, Role.ADMIN):
        raise _refuse("offer", _("Only the focal point proposes matches to both sides."))
    return _open_proposal(session, need, offer, actor, message, None, expected_version)


def side_of(user: User, match: Match) -> str | None:
    """Which side of the match the user answers for: "state", "provider" or None.

    A provider is no side of a match on a confidential need its State has not consented to: it
    may not know of it (``policy.provider_knows``).
    """
    if user.role is Role.STATE and user.state_id == match.need.state_id:
        return "state"
    if (
        user.role is Role.PROVIDER
        and user.organisation_id == match.offer.organisation_id
        and provider_knows(match)
    ):
        return "provider"
    return None


def respond(
    session: Session,
    match: Match,
    *,
    actor: User,
    accept: bool,
    note: str,
    expected_version: int | None = None,
) -> Match:
    """Accept or decline a proposal for one's side; both accepted makes the match accepted.

    ``expected_version`` is the version the answer form was opened on. The other side's answer
    given meanwhile does not conflict with this one and is no reason to refuse; any other change
    (the match withdrawn, or this side already answered) is.

    Raises:
        StaleEdit: the match changed in a way that conflicts with this answer; nothing written.
        ValidationFailed: the answer is not allowed.
    """
    side = side_of(actor, match)
    if side is None:
        raise _refuse("decision", _("Only the State and the provider of this match can answer it."))
    mine = match.state_response if side == "state" else match.provider_response
    if match.status is not MatchStatus.PROPOSED or mine is not Response.PENDING:
        check_version(session, match, expected_version, "match", actor)
    if match.status is not MatchStatus.PROPOSED:
        raise _refuse(
            "decision",
            _(
                "This match is %(status)s; it can no longer be answered.",
                status=MATCH_STATUS_LABELS[match.status],
            ),
        )
    current = match.state_response if side == "state" else match.provider_response
    if current is not Response.PENDING:
        raise _refuse("decision", ALREADY_ANSWERED[current])
    if not accept and not note.strip():
        raise _refuse("note", _("Say why you decline, so the other side and the focal point know."))
    if accept and remaining_capacity(session, match.offer) < 1:
        raise _refuse("decision", _("The offer has no capacity left."))
    answer = Response.ACCEPTED if accept else Response.DECLINED
    old = match.status
    with guarded(session, match, "match", actor):  # from the first change to the flush
        if side == "state":
            match.state_response = answer
        else:
            match.provider_response = answer
        both = (match.state_response, match.provider_response) == (Response.ACCEPTED,) * 2
        if not accept:
            match.status = MatchStatus.DECLINED
        elif both:
            match.status = MatchStatus.ACCEPTED
        match.updated_by_id = actor.id
        event = _event(match, actor, old, f"{answer_prefix(side, accept)} {note}")
        session.flush()
    # A State's acceptance of a confidential need is its consent: the provider is asked only now.
    consent = side == "state" and accept and match.need.confidential
    consent = consent and match.status is MatchStatus.PROPOSED
    other = _side_people(session, match, "provider" if side == "state" else "state")
    if side == "state" and (consent or not provider_knows(match)):
        other = []  # asked below; or, refused before consent, it never learns of the match
    notify(
        session, PROPOSAL_ANSWERED.code, [*other, *match_followers(session, match)],
        actor=actor, match=match.id, event=event.id, side=side,
    )  # fmt: skip
    if consent:
        proposal = next(e for e in match.events if e.to_status is MatchStatus.PROPOSED)
        notify(
            session, PROPOSAL_RECEIVED.code, _side_people(session, match, "provider"),
            actor=actor, match=match.id, event=proposal.id,
        )  # fmt: skip
    return match


def matches_stmt(user: User, status: str | None = None) -> Select[Match]:
    """The matches a user follows, newest first, as a statement the inbox can page through.

    A State's representative follows its State's, a provider its organisation's, the focal point
    all. Suggestions (and dismissed suggestions) are the focal point's working material: the two
    sides never see them, and the focal point sees them in its queue unless it asks for them.
    """
    stmt = (
        select(Match).join(Need, Match.need_id == Need.id).join(Offer, Match.offer_id == Offer.id)
    )
    focal = user.has_role(Role.FOCAL_POINT, Role.ADMIN)
    if focal:
        pass
    elif user.role is Role.STATE:
        stmt = stmt.where(Need.state_id == user.state_id)
    elif user.role is Role.PROVIDER:  # a confidential need's match once its State consented
        stmt = stmt.where(
            Offer.organisation_id == user.organisation_id,
            or_(Need.confidential.is_(False), Match.state_response == Response.ACCEPTED),
        )
    else:
        stmt = stmt.where(false())
    if status and (focal or status != MatchStatus.SUGGESTED.value):
        stmt = stmt.where(Match.status == MatchStatus(status))
    else:
        stmt = stmt.where(Match.status != MatchStatus.SUGGESTED)
    if not focal:
        stmt = stmt.where(Match.status.not_in(FOCAL_ONLY_STATUSES))
    return stmt.options(
        contains_eager(Match.need).joinedload(Need.state),
        contains_eager(Match.offer).joinedload(Offer.organisation),
    ).order_by(Match.updated_at.desc(), Match.id.desc())


def awaiting(session: Session, user: User) -> list[Match]:
    """Proposals waiting for this user's side to answer."""
    if user.role is Role.STATE:
        pending = Match.state_response == Response.PENDING
    elif user.role is Role.PROVIDER:
        pending = Match.provider_response == Response.PENDING
    else:
        return []
    stmt = matches_stmt(user, MatchStatus.PROPOSED.value).where(pending)
    return list(session.scalars(stmt))
