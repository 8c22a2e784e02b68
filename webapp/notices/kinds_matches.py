"""The words of the match notices: a match moved, a message written on it, its offer withdrawn.

They run inside the reader's language (``letters.speaking_as``), so the services' ``_`` and
``ngettext`` (typed, unlike Flask-Babel's) speak it.

Each is read by one of the match's people (its State, its provider, the focal points following
it) and names the pair; a confidential need is named only to a reader who may see it
(``policy.can_view_need``, with the match: a provider reads it only while its State shares it),
anyone else reads "a confidential need of <State>", and no note written on the match (a note may
quote the need; the match page hides them too).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import Match, MatchEvent, MatchStatus, Need, Notice, Offer, Role, User
from webapp.mailing import site_link
from webapp.notices.compose import composer
from webapp.notices.letters import Letter
from webapp.services.language import _, ngettext
from webapp.services.language import name as place_name
from webapp.services.policy import can_view_need
from webapp.services.proposals.pipeline import follows
from webapp.services.vocab import MATCH_STATUS_LABELS, ROLE_LABELS


@dataclass(frozen=True)
class Pair:
    """A match as one reader may read it: the need (or only its State) and the offer."""

    need_ref: str  # empty when the reader may not see the need
    need_title: str  # or "a confidential need of <State>"
    state: str
    offer_ref: str
    offer_title: str
    organisation: str
    status: str
    link: str


def need_name(reader: User, need: Need, match: Match | None = None) -> str:
    """The need's title, or "a confidential need of <State>" to a reader who may not see it."""
    if can_view_need(reader, need, match):
        return need.title
    return _("a confidential need of %(state)s", state=place_name(need.state))


def pair(reader: User, match: Match) -> Pair:
    """What ``reader`` may be told of ``match``."""
    need, offer = match.need, match.offer
    return Pair(
        need_ref=need.ref if can_view_need(reader, need, match) else "",
        need_title=need_name(reader, need, match),
        state=place_name(need.state),
        offer_ref=offer.ref,
        offer_title=offer.title,
        organisation=offer.organisation.name,
        status=MATCH_STATUS_LABELS[match.status],
        link=site_link("matches.detail", match_id=match.id),
    )


def who(actor: User | None) -> str:
    """The author of an event as the match's people know them: "Awa Diop (Senegal)"."""
    if actor is None:  # the account was deleted since
        return "cbmatch"
    part = ROLE_LABELS[actor.role]
    if actor.role is Role.STATE and actor.state is not None:
        part = place_name(actor.state)
    elif actor.role is Role.PROVIDER and actor.organisation is not None:
        part = actor.organisation.name
    return _("%(name)s (%(part)s)", name=actor.name, part=part)


def plain(text: str) -> str:
    """A note as written, with the browser's CRLF line ends made plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _event(session: Session, notice: Notice, reader: User) -> MatchEvent | None:
    """The notice's event, if it is still there and its match is one the reader follows."""
    event = session.get(MatchEvent, int(notice.refs.get("event", 0)))
    if event is None or event.match_id != notice.refs.get("match"):
        return None
    return event if follows(reader, event.match) else None


def _moved_subject(to: MatchStatus, need: str) -> str:
    if to is MatchStatus.IN_PROGRESS:
        return _("A match is now in progress: %(need)s", need=need)
    if to is MatchStatus.COMPLETED:
        return _("A match is completed: %(need)s", need=need)
    return _("A match is withdrawn: %(need)s", need=need)


def _note_heading(to: MatchStatus) -> str:
    if to is MatchStatus.COMPLETED:
        return _("The outcome, as written:")
    if to is MatchStatus.WITHDRAWN:
        return _("The reason given:")
    return _("The note written with it:")


@composer("match_moved")
def match_moved(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To the match's people: who moved it, from what to what, and the note or outcome."""
    event = _event(session, notice, reader)
    if event is None or event.from_status is None:
        return None
    about = pair(reader, event.match)
    return Letter(
        subject=_moved_subject(event.to_status, about.need_title),
        template="mail/match_moved",
        link=about.link,
        values={
            "pair": about,
            "moved": _(
                "%(who)s moved the match from %(old)s to %(new)s.",
                who=who(event.actor),
                old=MATCH_STATUS_LABELS[event.from_status],
                new=MATCH_STATUS_LABELS[event.to_status],
            ),
            "note_heading": _note_heading(event.to_status),
            "note": plain(event.note) if about.need_ref else "",
        },
    )


@composer("match_note")
def match_note(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To the match's other people: the whole message, who wrote it, where to answer."""
    event = _event(session, notice, reader)
    if event is None:
        return None
    about = pair(reader, event.match)
    if not about.need_ref:  # a withdrawn confidential need: its notes are hidden from the reader
        return None
    author = who(event.actor)
    return Letter(
        subject=_("A message from %(who)s on a match: %(need)s", who=author, need=about.need_title),
        template="mail/match_note",
        link=about.link,
        values={
            "pair": about,
            "wrote": _("%(who)s wrote on the match:", who=author),
            "note": plain(event.note),
        },
    )


@composer("offer_withdrawn")
def offer_withdrawn(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To a State and the focal points: an offer their live matches relied on was withdrawn."""
    offer = session.get(Offer, int(notice.refs.get("offer", 0)))
    if offer is None:
        return None
    matches = [session.get(Match, int(i)) for i in notice.refs.get("matches", [])]
    theirs = [m for m in matches if m is not None and m.offer_id == offer.id and follows(reader, m)]
    if not theirs:
        return None
    pairs = [pair(reader, m) for m in theirs]
    count = len(pairs)
    return Letter(
        subject=_("An offer your match relied on was withdrawn: %(offer)s", offer=offer.title),
        template="mail/offer_withdrawn",
        link=pairs[0].link if count == 1 else site_link("matches.inbox"),
        values={
            "offer": offer,
            "organisation": offer.organisation.name,
            "pairs": pairs,
            "relied": ngettext(
                "This match relied on it:", "These %(num)d matches relied on it:", count
            ),
            "stays": ngettext(
                "The match stays as it is until someone moves it. Check with the provider "
                "whether the support can still be given, or withdraw the match on its page.",
                "The matches stay as they are until someone moves them. Check with the provider "
                "whether the support can still be given, or withdraw a match on its page.",
                count,
            ),
        },
    )
