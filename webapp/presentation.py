"""Helpers the templates use to show stored codes and dates in words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import Flask
from flask_babel import gettext as _

from models import MatchStatus
from webapp.services.language import Labels
from webapp.services.reference.choices import language_name
from webapp.services.vocab import (
    CONTACT_KIND_LABELS,
    MATCH_STATUS_LABELS,
    MODALITY_LABELS,
    NEED_STATUS_LABELS,
    OFFER_STATUS_LABELS,
    PRIORITY_PHRASES,
    PROVIDER_TYPE_LABELS,
)


def language_names(codes: Iterable[str]) -> str:
    """The English names of language codes, e.g. "English, French"."""
    return ", ".join(language_name(c) for c in codes)


def match_status_label(status: str) -> str:
    """A match status in words ("in progress"); the template filter ``match_status``."""
    try:
        return MATCH_STATUS_LABELS[MatchStatus(status)]
    except ValueError:
        return status


def _in_words(labels: Labels[str]) -> Any:
    def filter_(code: object) -> str:
        key = str(getattr(code, "value", code))
        return labels.get(key, key)

    return filter_


#: Filters that show a stored code (or enum) in the reader's words: ``need.status|need_status``.
FILTERS: dict[str, Labels[str]] = {
    "need_status": NEED_STATUS_LABELS,
    "offer_status": OFFER_STATUS_LABELS,
    "priority": PRIORITY_PHRASES,
    "modality": MODALITY_LABELS,
    "provider_type": PROVIDER_TYPE_LABELS,
    "contact_kind": CONTACT_KIND_LABELS,
}


def init_app(app: Flask) -> None:
    """Register the filters that show codes in words."""
    app.add_template_filter(match_status_label, "match_status")
    for name, labels in FILTERS.items():
        app.add_template_filter(_in_words(labels), name)


def window(start: date | None, end: date | None) -> str:
    """A date window in words, dates as YYYY-MM-DD."""
    if start and end:
        return str(_("%(start)s to %(end)s", start=start.isoformat(), end=end.isoformat()))
    if start:
        return str(_("from %(start)s", start=start.isoformat()))
    if end:
        return str(_("until %(end)s", end=end.isoformat()))
    return str(_("any time"))


def display_helpers() -> dict[str, Any]:
    """Names the need and offer templates use to show codes in words."""
    return {
        "language_names": language_names,
        "window": window,
        "modality_labels": MODALITY_LABELS,
        "provider_type_labels": PROVIDER_TYPE_LABELS,
    }
