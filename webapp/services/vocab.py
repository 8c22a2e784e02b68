"""The platform's domain words, each defined once, with the label a reader sees."""

from __future__ import annotations

from enum import StrEnum

from models import MatchStatus, NeedStatus


class Modality(StrEnum):
    """How support is delivered (stored as its value in needs and offers)."""

    IN_PERSON = "in_person"
    REMOTE = "remote"
    HYBRID = "hybrid"
    ANY = "any"


MODALITY_LABELS: dict[str, str] = {
    Modality.IN_PERSON: "In person",
    Modality.REMOTE: "Remote",
    Modality.HYBRID: "Hybrid",
    Modality.ANY: "Any (flexible)",
}


class Priority(StrEnum):
    """How urgent a State says a need is (stored as its value in needs)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


PRIORITY_LABELS: dict[str, str] = {
    Priority.HIGH: "High",
    Priority.MEDIUM: "Medium",
    Priority.LOW: "Low",
}


PROVIDER_TYPE_LABELS = {
    "state": "State or public agency",
    "business": "Business",
    "ngo": "Non-governmental organisation",
    "academia": "Academia or research",
    "intergovernmental": "Intergovernmental body",
    "other": "Other",
}


NEED_EDITABLE = (NeedStatus.DRAFT, NeedStatus.OPEN)


NEED_CLOSABLE = (NeedStatus.OPEN,)


NEED_WITHDRAWABLE = NEED_EDITABLE


#: A match's status in words, lower case ("in progress"); capitalise it to start a line.
MATCH_STATUS_LABELS: dict[MatchStatus, str] = {
    MatchStatus.SUGGESTED: "suggested",
    MatchStatus.PROPOSED: "proposed",
    MatchStatus.ACCEPTED: "accepted",
    MatchStatus.IN_PROGRESS: "in progress",
    MatchStatus.COMPLETED: "completed",
    MatchStatus.DECLINED: "declined",
    MatchStatus.WITHDRAWN: "withdrawn",
    MatchStatus.DISMISSED: "dismissed",
}

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
