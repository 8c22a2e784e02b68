"""Why a need gets no suggestion, and what would unlock unmet needs, in the reader's language.

The matcher gives the reasons in no language (``matcher.shortfall``: rule codes, language
codes, ISO3 codes and M49 names, ISO dates, refs); ``webapp.services.matching.shortfall``
computes them. This module words them for a State, like ``webapp.reasons`` for suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from babel.lists import format_list
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.formatting import day, formatting_locale
from webapp.presentation import window
from webapp.reasons import names
from webapp.services.reference.choices import language_name
from webapp.services.reference.names import area_name

if TYPE_CHECKING:
    from matcher.shortfall import Block, Shortfall, Unlock


def _or(items: Iterable[str]) -> str:
    return format_list(list(items), style="or", locale=formatting_locale())


def _day(iso: str) -> str:
    return day(date.fromisoformat(iso))


def _state(iso3: str) -> str:
    return names()["places"].get(iso3, iso3)


def _topic(slug: str) -> str:
    if not slug:
        return str(_("the subject of these needs"))
    return names()["topics"].get(slug) or slug.replace("-", " ")


def block_text(block: Block) -> str:
    """One rule that keeps offers from a need, as a sentence to its State."""
    n = len(block.offers)
    v = block.values
    if block.rule == "language":
        languages = _or(language_name(code) for code in v)
        return str(
            ngettext(
                "%(num)d offer covers this topic but is delivered in %(languages)s only.",
                "%(num)d offers cover this topic but are delivered in %(languages)s only.",
                n,
                languages=languages,
            )
        )
    if block.rule == "eligibility":
        return str(
            ngettext(
                "%(num)d offer covers this topic but is not open to %(state)s.",
                "%(num)d offers cover this topic but are not open to %(state)s.",
                n,
                state=_state(v[0]),
            )
        )
    if block.rule == "modality":
        if v and v[0] == "remote":
            return str(
                ngettext(
                    "%(num)d offer covers this topic but is given remotely only.",
                    "%(num)d offers cover this topic but are given remotely only.",
                    n,
                )
            )
        return str(
            ngettext(
                "%(num)d offer covers this topic but is given in person only.",
                "%(num)d offers cover this topic but are given in person only.",
                n,
            )
        )
    if block.rule == "dates":
        return _dates(n, dict(zip(v[::2], v[1::2], strict=True)))
    return str(
        ngettext(
            "%(num)d offer covers this topic but has no capacity left.",
            "%(num)d offers cover this topic but have no capacity left.",
            n,
        )
    )


def _dates(n: int, when: dict[str, str]) -> str:
    if "before" in when and "after" in when:
        return str(
            ngettext(
                "%(num)d offer covers this topic but falls outside your dates (the latest ends "
                "on %(end)s, the earliest starts on %(start)s).",
                "%(num)d offers cover this topic but fall outside your dates (the latest ends "
                "on %(end)s, the earliest starts on %(start)s).",
                n,
                end=_day(when["before"]),
                start=_day(when["after"]),
            )
        )
    if "after" in when:
        return str(
            ngettext(
                "%(num)d offer covers this topic but starts after your dates (on %(start)s).",
                "%(num)d offers cover this topic but start after your dates (the earliest "
                "starts on %(start)s).",
                n,
                start=_day(when["after"]),
            )
        )
    return str(
        ngettext(
            "%(num)d offer covers this topic but ends before your dates (on %(end)s).",
            "%(num)d offers cover this topic but end before your dates (the latest ends on "
            "%(end)s).",
            n,
            end=_day(when.get("before", "")),
        )
    )


def explain(shortfall: Shortfall) -> list[str]:
    """Every reason a need gets no suggestion, most blocking first (its page)."""
    if shortfall.nobody:
        return [str(_("Nobody offers this topic yet."))]
    return [block_text(b) for b in shortfall.blocks]


def short(shortfall: Shortfall) -> str:
    """The main reason only (the list of unmet needs)."""
    first = shortfall.first
    return block_text(first) if first else str(_("Nobody offers this topic yet."))


def unlock_text(u: Unlock) -> str:
    """What kind of new offer (or more places) the unlock asks for."""
    key = u.key
    if u.kind == "language":
        return str(
            _(
                "An offer of %(topic)s in %(language)s, open to States of %(region)s",
                topic=_topic(key[1]),
                language=language_name(key[2]),
                region=area_name(key[3]),
            )
        )
    if u.kind == "eligibility":
        return str(
            _(
                "An offer of %(topic)s open to States of %(region)s",
                topic=_topic(key[1]),
                region=area_name(key[2]),
            )
        )
    if u.kind == "modality":
        if key[2] == "remote":
            return str(_("An offer of %(topic)s given remotely", topic=_topic(key[1])))
        return str(_("An offer of %(topic)s given in person", topic=_topic(key[1])))
    if u.kind == "dates":
        start = date.fromisoformat(key[2]) if key[2] else None
        end = date.fromisoformat(key[3]) if key[3] else None
        return str(
            _(
                "An offer of %(topic)s in the period %(period)s",
                topic=_topic(key[1]),
                period=window(start, end),
            )
        )
    if u.kind == "capacity":
        offers = format_list(list(key[1:]), locale=formatting_locale())
        return str(
            ngettext(
                "More places on offer %(offers)s", "More places on offers %(offers)s",
                len(key) - 1, offers=offers,
            )
        )  # fmt: skip
    return str(
        _(
            "Any offer of %(topic)s open to States of %(region)s",
            topic=_topic(key[1]),
            region=area_name(key[2]),
        )
    )
