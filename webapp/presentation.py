"""Helpers the templates use to show stored codes and dates in words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import gettext as _

from models import MatchStatus
from webapp.formatting import day
from webapp.services.reference.choices import language_name
from webapp.services.vocab import MATCH_STATUS_LABELS, MODALITY_LABELS, PROVIDER_TYPE_LABELS


def language_names(codes: Iterable[str]) -> str:
    """The English names of language codes, e.g. "English, French"."""
    return ", ".join(language_name(c) for c in codes)


def match_status_label(status: str) -> str:
    """A match status in words ("in progress"); the template filter ``match_status``."""
    try:
        return MATCH_STATUS_LABELS[MatchStatus(status)]
    except ValueError:
        return status


def window(start: date | None, end: date | None) -> str:
    """A date window in words, dates as the reader's language writes them."""
    if start and end:
        return str(_("%(start)s to %(end)s", start=day(start), end=day(end)))
    if start:
        return str(_("from %(start)s", start=day(start)))
    if end:
        return str(_("until %(end)s", end=day(end)))
    return str(_("any time"))


def display_helpers() -> dict[str, Any]:
    """Names the need and offer templates use to show codes in words."""
    return {
        "language_names": language_names,
        "window": window,
        "modality_labels": MODALITY_LABELS,
        "provider_type_labels": PROVIDER_TYPE_LABELS,
    }
