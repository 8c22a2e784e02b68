"""The words of the proposal notices: a proposal to answer, and the other side's answer.

A proposal is told to whoever must answer it: both sides when the focal point proposes, the
provider when a State requests its offer, the State when a provider offers for its need. An
answer is told to the other side and to the focal point's people who follow the match.

A confidential need is named (title, ref, the matcher's reasons, the notes written about it)
only to a reader who may view it (``policy.can_view_need`` with the match: a provider once the
State consented); anyone else reads "a confidential need of <State>". The focal point's proposal
of a confidential need is told to the State alone, which is asked for its consent; the provider
is asked once the State accepts (``proposals.operations.respond``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import Match, MatchEvent, MatchStatus, Notice, Response, User
from webapp.mailing import site_link
from webapp.notices.compose import composer
from webapp.notices.letters import Letter
from webapp.presentation import answer_note
from webapp.reasons import reason_text
from webapp.services.language import name as place_name
from webapp.services.policy import can_view_need, is_focal
from webapp.services.proposals.operations import side_of

#: At most this many of the matcher's reasons are quoted; the match page shows them all.
MAX_REASONS = 4


@dataclass(frozen=True)
class Pair:
    """A match's need and offer as one reader may read them."""

    need: str  # the need's title, or "a confidential need of <State>"
    need_ref: str  # "" when the need is not named
    named: bool  # whether the reader may read the need
    state: str
    offer: str
    offer_ref: str
    organisation: str

    def words(self) -> str:
        """The pair in a subject: “need” with “offer”."""
        if self.named:
            return str(_("“%(need)s” with “%(offer)s”", need=self.need, offer=self.offer))
        return str(
            _(
                "a confidential need of %(state)s with “%(offer)s”",
                state=self.state,
                offer=self.offer,
            )
        )


def _pair(match: Match, reader: User) -> Pair:
    state = place_name(match.need.state)
    named = can_view_need(reader, match.need, match)
    need = match.need.title if named else _("a confidential need of %(state)s", state=state)
    return Pair(
        need=need, need_ref=match.need.ref if named else "", named=named, state=state,
        offer=match.offer.title, offer_ref=match.offer.ref,
        organisation=match.offer.organisation.name,
    )  # fmt: skip


def _records(session: Session, notice: Notice) -> tuple[Match, MatchEvent] | None:
    match = session.get(Match, int(notice.refs.get("match", 0)))
    event = session.get(MatchEvent, int(notice.refs.get("event", 0)))
    if match is None or event is None or event.match_id != match.id:
        return None
    return match, event


def _follows(reader: User, match: Match) -> bool:
    return is_focal(reader) or side_of(reader, match) is not None


def _pending(match: Match, side: str | None) -> bool:
    answer = match.state_response if side == "state" else match.provider_response
    return side is not None and match.status is MatchStatus.PROPOSED and answer is Response.PENDING


def _reasons(match: Match, pair: Pair) -> list[str]:
    if not pair.named:  # the reasons (shared terms, topics) tell about the need
        return []
    return [reason_text(r) for r in (match.reasons or [])[:MAX_REASONS]]


@composer("proposal_received")
def proposal_received(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To a side asked to answer: what is proposed, by whom, and to accept or decline.

    Nothing when the proposal no longer waits for the reader's side (answered, withdrawn).
    """
    found = _records(session, notice)
    if found is None:
        return None
    match, event = found
    side = side_of(reader, match)
    if not _pending(match, side):
        return None
    pair = _pair(match, reader)
    by = event.actor.name if event.actor else "cbmatch"
    proposer = side_of(event.actor, match) if event.actor else None
    if proposer == "state":
        subject = _("%(state)s requests your offer “%(offer)s”", state=pair.state, offer=pair.offer)
        intro = _(
            "%(name)s, for %(state)s, requests your offer for one of its needs.",
            name=by, state=pair.state,
        )  # fmt: skip
        ask = _(
            "By asking, %(state)s has accepted: if you accept too, the match is accepted.",
            state=pair.state,
        )
    elif proposer == "provider":
        subject = _(
            "%(organisation)s offers “%(offer)s” for your need “%(need)s”",
            organisation=pair.organisation, offer=pair.offer, need=pair.need,
        )  # fmt: skip
        intro = _(
            "%(name)s, for %(organisation)s, offers support for one of your needs.",
            name=by, organisation=pair.organisation,
        )  # fmt: skip
        ask = _(
            "By offering, %(organisation)s has accepted: if you accept too, the match is accepted.",
            organisation=pair.organisation,
        )
    else:
        subject = _("The focal point proposes: %(pair)s", pair=pair.words())
        intro = _(
            "%(name)s, of the focal point's team, proposes to match this need with this offer.",
            name=by,
        )
        ask = _(
            "%(state)s and %(organisation)s are both asked to answer; the match is accepted "
            "when both accept.",
            state=pair.state, organisation=pair.organisation,
        )  # fmt: skip
        if match.need.confidential and side == "state":
            ask = _(
                "This need is confidential: %(organisation)s will see it, and hear of this "
                "proposal, only if you accept. If you decline, it learns nothing of it.",
                organisation=pair.organisation,
            )
        elif match.need.confidential:
            ask = _(
                "%(state)s has accepted and shares this confidential need with you for this "
                "match only: do not pass it on. If you accept too, the match is accepted.",
                state=pair.state,
            )
    return Letter(
        subject=subject,
        template="mail/proposal_received",
        link=site_link("matches.detail", match_id=match.id),
        values={
            "pair": pair, "intro": intro, "ask": ask, "reasons": _reasons(match, pair),
            "message": event.note.strip() if pair.named else "", "message_by": by,
        },
    )  # fmt: skip


@composer("proposal_answered")
def proposal_answered(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To the other side and the focal point following: who answered what, and what is next."""
    found = _records(session, notice)
    if found is None:
        return None
    match, event = found
    if not _follows(reader, match):
        return None
    pair = _pair(match, reader)
    answered = str(notice.refs.get("side", ""))
    party = pair.state if answered == "state" else pair.organisation
    by = event.actor.name if event.actor else "cbmatch"
    declined = event.to_status is MatchStatus.DECLINED
    both = event.to_status is MatchStatus.ACCEPTED
    if declined:
        subject = _("%(party)s declined: %(pair)s", party=party, pair=pair.words())
        said = _("%(name)s, for %(party)s, declined the proposal.", name=by, party=party)
        after = _("The proposal ends here: this need and this offer are not matched.")
    elif both:
        subject = _("Match accepted: %(pair)s", pair=pair.words())
        said = _("%(name)s, for %(party)s, accepted the proposal.", name=by, party=party)
        after = _(
            "%(state)s and %(organisation)s have both accepted: the match is accepted. Its page "
            "now gives each side the other's contact person and work e-mail: agree the details "
            "with each other; when the work starts, mark the match in progress there. The focal "
            "point records the outcome when it is completed.",
            state=pair.state, organisation=pair.organisation,
        )  # fmt: skip
        if is_focal(reader):
            after = _(
                "%(state)s and %(organisation)s have both accepted: the match is accepted. They "
                "now agree the details with each other; record the outcome on the match page "
                "when it is completed.",
                state=pair.state, organisation=pair.organisation,
            )  # fmt: skip
    else:
        subject = _("%(party)s accepted: %(pair)s", party=party, pair=pair.words())
        said = _("%(name)s, for %(party)s, accepted the proposal.", name=by, party=party)
        waiting = "provider" if answered == "state" else "state"
        after = ""
        if side_of(reader, match) == waiting and _pending(match, waiting):
            after = _("Your answer is still awaited: accept or decline on the match page.")
        elif is_focal(reader) and _pending(match, waiting):
            after = _(
                "%(party)s has not answered yet.",
                party=pair.organisation if waiting == "provider" else pair.state,
            )
    note = answer_note(event.note)[1]
    return Letter(
        subject=subject,
        template="mail/proposal_answered",
        link=site_link("matches.detail", match_id=match.id),
        values={
            "pair": pair, "said": said, "after": after, "declined": declined,
            "note": note if pair.named else "", "note_hidden": bool(note) and not pair.named,
            "note_by": by,
        },
    )  # fmt: skip
