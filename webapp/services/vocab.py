"""The platform's domain words, each defined once, with the label a reader sees."""

from __future__ import annotations

from models import NeedStatus

MODALITY_LABELS = {
    "in_person": "In person",
    "remote": "Remote",
    "hybrid": "Hybrid",
    "any": "Any (flexible)",
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
