"""The matcher's reasons in the reader's language: the one place that words them for the web.

The matcher gives each reason as a code and its values (``matcher.reasons``); a saved match
keeps them as ``[code, [values...]]``. Matches saved before reasons were structured hold English
sentences: they are shown as they are (the next refresh of the suggestions rewrites the
suggested ones; a match already acted on keeps the words it was accepted with).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal

from babel import Locale
from babel.lists import format_list
from flask import g
from flask_babel import get_locale, ngettext, pgettext
from flask_babel import gettext as _

from models import db
from webapp.formatting import day
from webapp.services.matching.docs import reader_names
from webapp.services.reference.names import area_name


def names() -> dict[str, dict[str, str]]:
    """The reader's names of topics, support types and States, read once per request."""
    key = f"reason_names_{_locale()}"
    names: dict[str, dict[str, str]] | None = g.get(key)
    if names is None:
        names = reader_names(db.session())
        setattr(g, key, names)
    return names


def _locale() -> Locale:
    return get_locale() or Locale("en")


def _listed(items: Iterable[str], style: Literal["standard", "or"] = "standard") -> str:
    """The items as a list in the reader's language: "A, B and C" (or "A, B or C")."""
    return format_list(list(items), style=style, locale=_locale())


def _humanise(slug: str) -> str:
    text = slug.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _language(code: str) -> str:
    return str(_locale().languages.get(code) or code)


def _date(iso: str) -> str:
    """A day as every page writes it ("1 May 2027", the ``|day`` filter), not "May 1, 2027"."""
    return day(date.fromisoformat(iso))


def _topics(v: Sequence[Any]) -> str:
    known = names()["topics"]
    items = _listed(known.get(s) or _humanise(s) for s in v)
    return str(ngettext("Shared topic: %(items)s", "Shared topics: %(items)s", len(v), items=items))


def _support(v: Sequence[Any]) -> str:
    known = names()["support_types"]
    items = _listed(known.get(s) or _humanise(s) for s in v)
    return str(ngettext("Support type: %(items)s", "Support types: %(items)s", len(v), items=items))


def _terms(v: Sequence[Any]) -> str:
    items = _listed(str(t).replace("_", " ") for t in v)
    return str(
        ngettext("Key shared term: %(items)s", "Key shared terms: %(items)s", len(v), items=items)
    )


def _languages(v: Sequence[Any]) -> str:
    return str(_("Delivered in %(languages)s", languages=_listed(map(_language, v), "or")))


def place_name(item: str) -> str:
    """An eligibility item in words: a State's name for its ISO3 code, an area's or group's name.

    The template filter ``place`` (``offer.eligible|map('place')``): never a bare code.
    """
    return names()["places"].get(item) or area_name(item)  # "LDC" is a group, not a State


def _open_to(v: Sequence[Any]) -> str:
    places = names()["places"]
    named = (places.get(i.upper(), i) if len(i) == 3 else area_name(i) for i in v)
    # the offer is open: its own context, for languages where the word agrees with "offer"
    return str(pgettext("offer", "Open to %(places)s", places=_listed(named)))


def _format(v: Sequence[Any]) -> str:
    if v[0] == "in_person":
        return str(_("Delivery: in person"))
    return str(_("Delivery: remote"))


def _format_hybrid(v: Sequence[Any]) -> str:
    if v[0] == "in_person":
        return str(_("Delivery: hybrid, fits an in-person need"))
    return str(_("Delivery: hybrid, fits a remote need"))


def _capacity(v: Sequence[Any]) -> str:
    left, total = int(v[0]), int(v[1])
    return str(
        ngettext(
            "Capacity left when suggested: %(num)d of %(total)d",
            "Capacity left when suggested: %(num)d of %(total)d",
            left,
            total=total,
        )
    )


_WORDERS: dict[str, Callable[[Sequence[Any]], str]] = {
    "shared_topics": _topics,
    "support_types": _support,
    "key_terms": _terms,
    "languages": _languages,
    "open_to_all": lambda v: str(_("Open to all States")),
    "open_to": _open_to,
    "window": lambda v: str(
        _("Windows overlap: %(start)s to %(end)s", start=_date(v[0]), end=_date(v[1]))
    ),
    "window_from": lambda v: str(_("Windows overlap: from %(start)s", start=_date(v[0]))),
    "window_until": lambda v: str(_("Windows overlap: until %(end)s", end=_date(v[0]))),
    "format": _format,
    "format_hybrid": _format_hybrid,
    "high_priority": lambda v: str(_("High-priority need")),
    "capacity": _capacity,
    "text_similarity": lambda v: str(_("Text similarity")),
}


def reason_text(reason: Any) -> str:
    """One reason in the reader's language; the template filter ``reason``.

    ``reason`` is a ``matcher.Reason``, its saved form ``[code, [values...]]``, or an English
    sentence saved before reasons were structured (shown as it is). An unknown code is shown as
    its code rather than hiding the reason.
    """
    if isinstance(reason, str):
        return reason
    code, values = reason
    worder = _WORDERS.get(code)
    return worder(values) if worder else str(code)
