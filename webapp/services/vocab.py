"""The platform's domain words, each defined once, with the label a reader sees.

The label tables are ``Labels``: written in English, read in the reader's language.
"""

from __future__ import annotations

from enum import StrEnum

from models import ContactKind, MatchStatus, NeedStatus, OfferStatus, Role, Scope, UserStatus
from webapp.services.language import N_, Labels, pgettext


class Modality(StrEnum):
    """How support is delivered (stored as its value in needs and offers)."""

    IN_PERSON = "in_person"
    REMOTE = "remote"
    HYBRID = "hybrid"
    ANY = "any"


MODALITY_LABELS: Labels[str] = Labels(
    {
        Modality.IN_PERSON: N_("In person"),
        Modality.REMOTE: N_("Remote"),
        Modality.HYBRID: N_("Hybrid"),
        Modality.ANY: N_("Any (flexible)"),
    }
)


class Priority(StrEnum):
    """How urgent a State says a need is (stored as its value in needs)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


PRIORITY_LABELS: Labels[str] = Labels(
    {
        Priority.HIGH: N_("High"),
        Priority.MEDIUM: N_("Medium"),
        Priority.LOW: N_("Low"),
    }
)


#: A need's priority as a phrase of its own ("High priority"), for badges and card lines.
PRIORITY_PHRASES: Labels[str] = Labels(
    {
        Priority.HIGH: N_("High priority"),
        Priority.MEDIUM: N_("Medium priority"),
        Priority.LOW: N_("Low priority"),
    }
)


PROVIDER_TYPE_LABELS: Labels[str] = Labels(
    {
        "state": N_("State or public agency"),
        "business": N_("Business"),
        "ngo": N_("Non-governmental organisation"),
        "academia": N_("Academia or research"),
        "intergovernmental": N_("Intergovernmental body"),
        "other": N_("Other"),
    }
)


#: The OECD DAC gender equality policy marker of an offer (None: not screened).
GENDER_MARKER_LABELS: Labels[int] = Labels(
    {
        0: N_("Not targeted (0)"),
        1: N_("Significant (1)"),
        2: N_("Principal (2)"),
    }
)
#: What each marker means, from the OECD DAC definitions, for the offer form.
GENDER_MARKER_HINTS: Labels[int] = Labels(
    {
        0: N_("The offer was screened and does not target gender equality."),
        1: N_(
            "Gender equality is an important and deliberate objective, but not the main reason "
            "for the offer."
        ),
        2: N_("Gender equality is the main objective of the offer and shapes its design."),
    }
)


#: A need's status in words, lower case, for its badge.
NEED_STATUS_LABELS: Labels[str] = Labels(
    {
        NeedStatus.DRAFT: pgettext("need status", "draft"),
        NeedStatus.OPEN: pgettext("need status", "open"),
        NeedStatus.CLOSED: pgettext("need status", "closed"),
        NeedStatus.WITHDRAWN: pgettext("need status", "withdrawn"),
    },
    context="need status",
)

#: An offer's status in words, lower case, for its badge.
OFFER_STATUS_LABELS: Labels[str] = Labels(
    {
        OfferStatus.OPEN: pgettext("offer status", "open"),
        OfferStatus.CLOSED: pgettext("offer status", "closed"),
    },
    context="offer status",
)

#: What an account acts as, in words.
ROLE_LABELS: Labels[str] = Labels(
    {
        Role.STATE: N_("State representative"),
        Role.PROVIDER: N_("Provider"),
        Role.FOCAL_POINT: N_("Focal point"),
        Role.ADMIN: N_("Administrator"),
    }
)

#: An account's status in words, lower case, for its badge ("disabled" is said "deactivated").
ACCOUNT_STATUS_LABELS: Labels[str] = Labels(
    {
        UserStatus.ACTIVE: pgettext("account status", "active"),
        UserStatus.PENDING: pgettext("account status", "pending approval"),
        UserStatus.REFUSED: pgettext("account status", "refused"),
        UserStatus.DISABLED: pgettext("account status", "deactivated"),
    },
    context="account status",
)


#: What a personal access token lets a script do, in words (the account page's list and form).
SCOPE_LABELS: Labels[str] = Labels(
    {
        Scope.READ: N_("Read"),
        Scope.WRITE_OFFERS: N_("Write offers"),
        Scope.WRITE_NEEDS: N_("Write needs"),
        Scope.ANSWER_PROPOSALS: N_("Answer proposals"),
        Scope.PROPOSE: N_("Propose pairs"),
    }
)

#: What each scope allows, said on the form that creates a token.
SCOPE_HINTS: Labels[str] = Labels(
    {
        Scope.READ: N_(
            "Read what your account may see, confidential records of your own included."
        ),
        Scope.WRITE_OFFERS: N_("Create, change and close your organisation's offers."),
        Scope.WRITE_NEEDS: N_("Create, change, close and withdraw your State's needs."),
        Scope.ANSWER_PROPOSALS: N_("Accept or decline the proposals made to you."),
        Scope.PROPOSE: N_("Propose a need and an offer to each other, as the focal point."),
    }
)

#: Where a personal access token stands, lower case, for its badge.
TOKEN_STATUS_LABELS: Labels[str] = Labels(
    {
        "active": pgettext("token status", "active"),
        "expired": pgettext("token status", "expired"),
        "revoked": pgettext("token status", "revoked"),
    },
    context="token status",
)

#: The two kinds of a State's points of contact.
CONTACT_KIND_LABELS: Labels[str] = Labels(
    {
        ContactKind.DIPLOMATIC: N_("Diplomatic"),
        ContactKind.TECHNICAL: N_("Technical"),
    }
)


NEED_EDITABLE = (NeedStatus.DRAFT, NeedStatus.OPEN)


NEED_CLOSABLE = (NeedStatus.OPEN,)


#: A draft was never submitted, nobody else saw it: it is deleted, not withdrawn.
NEED_WITHDRAWABLE = (NeedStatus.OPEN,)


NEED_DELETABLE = (NeedStatus.DRAFT,)


#: A match's status in words, lower case ("in progress"); capitalise it to start a line.
MATCH_STATUS_LABELS: Labels[MatchStatus] = Labels(
    {
        MatchStatus.SUGGESTED: pgettext("match status", "suggested"),
        MatchStatus.PROPOSED: pgettext("match status", "proposed"),
        MatchStatus.ACCEPTED: pgettext("match status", "accepted"),
        MatchStatus.IN_PROGRESS: pgettext("match status", "in progress"),
        MatchStatus.COMPLETED: pgettext("match status", "completed"),
        MatchStatus.DECLINED: pgettext("match status", "declined"),
        MatchStatus.WITHDRAWN: pgettext("match status", "withdrawn"),
        MatchStatus.DISMISSED: pgettext("match status", "dismissed"),
    },
    context="match status",
)

#: Proposed and not ended yet: either side (or the focal point) may still withdraw it.
OPEN_STATUSES = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS)

#: The focal point's working material, never shown to the two sides: the matcher's suggestions
#: and the ones the focal point dismissed (with its reasons).
FOCAL_ONLY_STATUSES = (MatchStatus.SUGGESTED, MatchStatus.DISMISSED)

#: Statuses in which a match takes one unit of its offer's capacity.
CAPACITY_TAKEN = (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED)

#: A need counts as matched once one of its matches reached one of these statuses.
MATCHED = CAPACITY_TAKEN

#: The statuses of the pipeline, in the order of its board's columns.
PIPELINE_STATUSES = (
    MatchStatus.PROPOSED,
    MatchStatus.ACCEPTED,
    MatchStatus.IN_PROGRESS,
    MatchStatus.COMPLETED,
    MatchStatus.DECLINED,
    MatchStatus.WITHDRAWN,
)

#: The bars of the dashboard's "matches by status" chart, in the order of a match's life;
#: suggestions are the queue's working material and are counted apart.
CHART_STATUSES = (*PIPELINE_STATUSES, MatchStatus.DISMISSED)
