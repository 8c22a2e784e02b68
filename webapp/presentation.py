"""Helpers the templates use to show stored codes and dates in words."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from models import MatchStatus
from webapp.formatting import day, plural_templates
from webapp.services import language
from webapp.services.language import Labels
from webapp.services.reference.choices import language_name
from webapp.services.reference.names import area_name, group_abbreviation, group_name, stage_name
from webapp.services.text_language import html_attributes
from webapp.services.vocab import (
    ACCOUNT_STATUS_LABELS,
    CONTACT_KIND_LABELS,
    GENDER_MARKER_HINTS,
    GENDER_MARKER_LABELS,
    MATCH_STATUS_LABELS,
    MODALITY_LABELS,
    NEED_STATUS_LABELS,
    OFFER_STATUS_LABELS,
    PRIORITY_PHRASES,
    PROVIDER_TYPE_LABELS,
    ROLE_LABELS,
)


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
    return Markup("").join(Markup(' {}="{}"').format(name, value) for name, value in pairs)


#: How the services write a side's answer at the start of its history note, and its words.
ANSWERS: dict[str, Callable[[], str]] = {
    "The State accepted.": lambda: str(_("The State accepted.")),
    "The State declined.": lambda: str(_("The State declined.")),
    "The provider accepted.": lambda: str(_("The provider accepted.")),
    "The provider declined.": lambda: str(_("The provider declined.")),
}


def answer_note(note: str) -> tuple[str | None, str]:
    """A history note split into the side's answer, in the reader's words, and what it wrote.

    The services keep "The State accepted. <its note>" in the history (in English, as the audit
    log and the CLI read it); a page says the first sentence in the reader's language.
    """
    for english, words in ANSWERS.items():
        if note.startswith(english):
            return words(), note[len(english) :].strip()
    return None, note


def eligibility_words(total: int) -> dict[str, Any]:
    """The sentences static/js/eligibility.js says live, in the reader's language.

    The same messages as ``Coverage.summary`` on the server, as plural templates.
    """
    return {
        "all": ngettext("Open to all %(num)d State", "Open to all %(num)d States", total),
        "open_to": plural_templates(
            "Open to %(shown)s: %(num)d State", "Open to %(shown)s: %(num)d States"
        ),
        "more": plural_templates("%(shown)s and %(num)d more", "%(shown)s and %(num)d more"),
    }


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
    "role": ROLE_LABELS,
    "account_status": ACCOUNT_STATUS_LABELS,
}


def init_app(app: Flask) -> None:
    """Register the filters that show codes and reference data in words, and ``written_in``."""
    app.add_template_filter(match_status_label, "match_status")
    for name, labels in FILTERS.items():
        app.add_template_filter(_in_words(labels), name)
    register_filters(app)
    app.add_template_global(written_in, "written_in")
    app.add_template_global(answer_note, "answer_note")
    app.add_template_global(eligibility_words, "eligibility_words")


def window(start: date | None, end: date | None) -> str:
    """A date window in words, dates as the reader's language writes them."""
    if start and end:
        return str(_("%(start)s to %(end)s", start=day(start), end=day(end)))
    if start:
        return str(_("from %(start)s", start=day(start)))
    if end:
        return str(_("until %(end)s", end=day(end)))
    return str(_("any time"))


def highlight(text: str, spans: Iterable[tuple[int, int]] = (), limit: int | None = None) -> Markup:
    """``text`` escaped, its ``spans`` (character ranges) in ``<mark>``.

    With ``limit``, a text longer than it is cut to about ``limit`` characters, like the lists'
    ``truncate``; when the first marked word lies past the cut, the excerpt starts a little
    before it (with an ellipsis), so a match deep in a long description still shows.
    """
    spans = sorted(spans)
    lo, hi, before, after = 0, len(text), "", ""
    if limit is not None and len(text) > limit + 5:
        if spans and spans[0][1] > limit - 20:
            lo = text.rfind(" ", 0, max(spans[0][0] - 60, 0)) + 1
            before = "…" if lo else ""
        hi = min(len(text), lo + limit)
        after = "…" if hi < len(text) else ""
    out = [Markup.escape(before)]
    pos = lo
    for start, end in spans:
        start, end = max(start, pos), min(end, hi)
        if start >= end:
            continue
        out.append(Markup.escape(text[pos:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        pos = end
    out.append(Markup.escape(text[pos:hi]))
    out.append(Markup.escape(after))
    return Markup("").join(out)


def display_helpers() -> dict[str, Any]:
    """Names the need and offer templates use to show codes in words."""
    return {
        "highlight": highlight,
        "language_names": language_names,
        "window": window,
        "modality_labels": MODALITY_LABELS,
        "provider_type_labels": PROVIDER_TYPE_LABELS,
        "gender_marker_labels": GENDER_MARKER_LABELS,
        "gender_marker_hints": GENDER_MARKER_HINTS,
    }


def register_filters(app: Flask) -> None:
    """Filters that show reference data in the reader's language.

    ``state|state_name`` ("Égypte"), ``topic|label`` (topics, dimensions, support types),
    ``need.topics|map('label')|join(', ')``, ``"Western Africa"|area`` (M49 areas and groups),
    ``"SIDS"|group`` and ``"SIDS"|group_name``, ``2|stage`` (a CMM stage: "Formatif").
    """
    app.add_template_filter(language.name, "state_name")
    app.add_template_filter(language.label, "label")
    app.add_template_filter(area_name, "area")
    app.add_template_filter(group_abbreviation, "group")
    app.add_template_filter(group_name, "group_name")
    app.add_template_filter(stage_name, "stage")
