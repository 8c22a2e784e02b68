"""The kinds of notice the platform sends, who may receive each, and the default delivery."""

from __future__ import annotations

from dataclasses import dataclass

from models import Delivery, Role
from webapp.services.language import N_, Labels

STATE, PROVIDER, FOCAL, ADMIN = Role.STATE, Role.PROVIDER, Role.FOCAL_POINT, Role.ADMIN
EVERY_DELIVERY = (Delivery.IMMEDIATE, Delivery.DAILY, Delivery.OFF)


@dataclass(frozen=True)
class Kind:
    """One kind of notice. ``label`` names it on the preferences page (translated where shown)."""

    code: str
    label: str
    roles: frozenset[Role]
    default: Delivery = Delivery.IMMEDIATE
    #: What a person may choose; a kind with a single choice is always sent (not on the page).
    choices: tuple[Delivery, ...] = EVERY_DELIVERY


def _kind(code: str, label: str, *roles: Role, **more: object) -> Kind:
    return Kind(code, label, frozenset(roles), **more)  # type: ignore[arg-type]


ACCOUNT_WAITING = _kind("account_waiting", N_("A registration waits for approval"), FOCAL, ADMIN)
ACCOUNT_DECIDED = _kind(
    "account_decided", N_("Your registration was approved or refused"),
    STATE, PROVIDER, FOCAL, ADMIN, choices=(Delivery.IMMEDIATE,),
)  # fmt: skip
PROPOSAL_RECEIVED = _kind("proposal_received", N_("A proposal for you to answer"), STATE, PROVIDER)
PROPOSAL_ANSWERED = _kind(
    "proposal_answered", N_("The other side accepted or declined a proposal"),
    STATE, PROVIDER, FOCAL, ADMIN,
)  # fmt: skip
MATCH_MOVED = _kind(
    "match_moved", N_("A match moved: in progress, completed or withdrawn"),
    STATE, PROVIDER, FOCAL, ADMIN,
)  # fmt: skip
MATCH_NOTE = _kind("match_note", N_("A message written on a match"), STATE, PROVIDER, FOCAL, ADMIN)
OFFER_WITHDRAWN = _kind(
    "offer_withdrawn", N_("An offer a proposal relied on was withdrawn"), STATE, FOCAL, ADMIN
)
NEW_OFFERS = _kind(
    "new_offers", N_("New offers that fit one of your open needs"), STATE, default=Delivery.DAILY
)
NEW_NEEDS = _kind(
    "new_needs", N_("New needs that fit one of your open offers"), PROVIDER, default=Delivery.DAILY
)
WEEKLY_DIGEST = _kind(
    "weekly_digest", N_("The weekly summary: new needs and offers, waiting proposals, unmet needs"),
    FOCAL, ADMIN, choices=(Delivery.IMMEDIATE, Delivery.OFF),
)  # fmt: skip
SURVEY_REMINDER = _kind(
    "survey_reminder", N_("A reminder to update your State's survey when it is getting old"), STATE
)
OUTCOME_TO_CONFIRM = _kind(
    "outcome_to_confirm", N_("The outcome of a completed match, for your State to confirm"), STATE
)
LESSON_TO_REVIEW = _kind(
    "lesson_to_review", N_("A lesson learnt proposed for publication, to review"), FOCAL, ADMIN
)
LESSON_DECIDED = _kind(
    "lesson_decided", N_("A lesson learnt you proposed was published or refused"), STATE, PROVIDER
)

#: Every kind, in the order the preferences page lists them.
KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        ACCOUNT_WAITING,
        ACCOUNT_DECIDED,
        PROPOSAL_RECEIVED,
        PROPOSAL_ANSWERED,
        MATCH_MOVED,
        MATCH_NOTE,
        OFFER_WITHDRAWN,
        OUTCOME_TO_CONFIRM,
        LESSON_TO_REVIEW,
        LESSON_DECIDED,
        NEW_OFFERS,
        NEW_NEEDS,
        SURVEY_REMINDER,
        WEEKLY_DIGEST,
    )
}


#: Each kind's label, read in the reader's language (the audit log shows them).
KIND_LABELS: Labels[str] = Labels({code: k.label for code, k in KINDS.items()})
#: How a kind is delivered, in words (the audit log; the preferences page words its own choices).
DELIVERY_LABELS: Labels[str] = Labels({
    Delivery.IMMEDIATE.value: N_("each at once"),
    Delivery.DAILY.value: N_("in the daily summary"),
    Delivery.OFF.value: N_("off"),
})  # fmt: skip


def kinds_for(role: Role) -> list[Kind]:
    """The kinds a person of ``role`` may receive and choose about (those with a choice)."""
    return [k for k in KINDS.values() if role in k.roles and len(k.choices) > 1]
