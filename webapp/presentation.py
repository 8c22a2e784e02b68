"""Helpers the templates use to show stored codes and dates in words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from models import MatchStatus
from webapp.services.reference.choices import language_name
from webapp.services.text_language import html_attributes
from webapp.services.vocab import MATCH_STATUS_LABELS, MODALITY_LABELS, PROVIDER_TYPE_LABELS


def language_names(codes: Iterable[str]) -> str:
    """The English names of language codes, e.g. "English, French"."""
    return ", ".join(language_name(c) for c in codes)


def written_in(record: Any) -> Markup:
    """`` lang="fr" dir="ltr"``: the attributes of the element around a need's or offer's text.

    ``record`` is a need, an offer or a display card with a ``text_language``, or the code
    itself. Unknown, it gives `` dir="auto"``, so that the browser still sets Arabic or Hebrew
    text right to left. The template global ``written_in``: ``<h1{{ written_in(need) }}>``.
    """
    code = record if record is None or isinstance(record, str) else record.text_language
    pairs = html_attributes(code).items()
    return Markup("".join(f' {name}="{escape(value)}"' for name, value in pairs))  # noqa: S704


def match_status_label(status: str) -> str:
    """A match status in words ("in progress"); the template filter ``match_status``."""
    try:
        return MATCH_STATUS_LABELS[MatchStatus(status)]
    except ValueError:
        return status


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
