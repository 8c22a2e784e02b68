"""The site's navigation: each blueprint registers its own entries, shown by role.

The header shows at most :data:`MAX_TOP` entries. A reader who sees that many links or fewer
(a signed-out visitor) gets them side by side; anyone who sees more gets them gathered in the
menus of :data:`GROUPS` (a menu holding one link for that reader shows as that link).

Exactly one link is the current one, by one rule (:func:`current_item`): the link to the page
itself; else the link whose ``sections`` (endpoint prefixes, such as ``"survey.need"``) cover
the page, the longest prefix winning; else none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from models import Role, db
from webapp.formatting import number
from webapp.i18n import _l
from webapp.services import home

#: The most entries side by side in the header.
MAX_TOP = 6


@dataclass(frozen=True)
class NavItem:
    """One link in the header: who sees it, which endpoint it opens, which pages it stands for."""

    label: str
    endpoint: str
    roles: tuple[str, ...] = ()  # empty: everyone; "anonymous": signed-out visitors only
    order: int = 50
    group: str = ""  # the key of the menu (GROUPS) it goes in when the header groups its links
    sections: tuple[str, ...] = ()  # endpoint prefixes of the pages it is current on


@dataclass(frozen=True)
class NavGroup:
    """A menu of the header: its words and its place among the entries."""

    key: str
    label: object
    order: int


GROUPS: dict[str, NavGroup] = {
    g.key: g
    for g in (
        NavGroup("survey", _l("My survey"), 20),
        NavGroup("matching", _l("Matching"), 40),
        NavGroup("explore", _l("Explore"), 50),
        NavGroup("directory", _l("Directory"), 60),
        NavGroup("admin", _l("Administration"), 90),
    )
}


@dataclass(frozen=True)
class NavEntry:
    """One top-level entry of the header: a link (one item) or a menu (``grouped``)."""

    key: str
    label: object
    items: tuple[NavItem, ...]
    grouped: bool
    current: NavItem | None  # the current link, if it is this entry's (or inside its menu)

    @property
    def item(self) -> NavItem:
        return self.items[0]


def register(
    app: Flask,
    label: str,
    endpoint: str,
    *roles: Role | str,
    order: int = 50,
    group: str = "",
    sections: tuple[str, ...] = (),
) -> None:
    """Add a header link for the given roles (none: everyone), in menu ``group`` when grouped."""
    if group and group not in GROUPS:
        raise ValueError(f"no header menu {group!r}")
    items = app.extensions.setdefault("cbmatch_nav", [])
    items.append(NavItem(label, endpoint, tuple(str(r) for r in roles), order, group, sections))
    items.sort(key=lambda i: i.order)


def visible(item: NavItem) -> bool:
    """Whether the current reader sees this link."""
    if not item.roles:
        return True
    if not current_user.is_authenticated:
        return "anonymous" in item.roles
    return current_user.role.value in item.roles


def current_item(items: list[NavItem], endpoint: str | None) -> NavItem | None:
    """The one link that is current on the page ``endpoint``, or None (see the module's rule)."""
    if endpoint is None:
        return None
    for item in items:
        if item.endpoint == endpoint:
            return item
    best, length = None, 0
    for item in items:
        for prefix in item.sections:
            if endpoint.startswith(prefix) and len(prefix) > length:
                best, length = item, len(prefix)
    return best


def entries_for_request() -> list[NavEntry]:
    """The header's entries for the current reader, in order (worked out once per request)."""
    kept = request.environ.get(_ENTRIES)
    if kept is not None:
        return list(kept)
    items = [i for i in current_app.extensions.get("cbmatch_nav", []) if visible(i)]
    now = current_item(items, request.endpoint)

    def link(item: NavItem) -> NavEntry:
        return NavEntry(item.endpoint, item.label, (item,), False, now if now is item else None)

    placed: list[tuple[int, NavEntry]] = []
    if len(items) <= MAX_TOP:
        placed = [(item.order, link(item)) for item in items]
    else:
        menus: dict[str, list[NavItem]] = {}
        for item in items:
            if item.group:
                menus.setdefault(item.group, []).append(item)
            else:
                placed.append((item.order, link(item)))
        for key, inside in menus.items():
            group = GROUPS[key]
            if len(inside) == 1:  # a menu of one link is that link
                entry = link(inside[0])
            else:
                mine = now if now in inside else None
                entry = NavEntry(key, group.label, tuple(inside), True, mine)
            placed.append((group.order, entry))
    entries = [entry for _, entry in sorted(placed, key=lambda p: p[0])]
    request.environ[_ENTRIES] = entries
    return list(entries)


def items_for_request() -> list[tuple[NavItem, bool]]:
    """Every link the current reader sees, each with whether it is the current one."""
    entries = entries_for_request()
    return [(item, entry.current is item) for entry in entries for item in entry.items]


log = logging.getLogger(__name__)
_KEPT = "cbmatch.header_counts"
_ENTRIES = "cbmatch.header_entries"

#: The count shown beside a header link (a key of ``home.header_counts``) and its words, the
#: number written as the reader's language writes numbers.
BADGES: dict[str, tuple[str, Callable[[int], str]]] = {
    "matches.inbox": (
        home.WAITING,
        lambda n: ngettext(
            "%(count)s proposal waiting for your answer",
            "%(count)s proposals waiting for your answer",
            n,
            count=number(n),
        ),
    ),
    "auth.accounts_queue": (
        home.PENDING,
        lambda n: ngettext(
            "%(count)s account to approve", "%(count)s accounts to approve", n, count=number(n)
        ),
    ),
    "console.queue": (
        home.SUGGESTIONS,
        lambda n: ngettext(
            "%(count)s suggestion in the queue",
            "%(count)s suggestions in the queue",
            n,
            count=number(n),
        ),
    ),
    "pipeline.index": (
        home.STALLED,
        lambda n: ngettext(
            "%(count)s stalled match", "%(count)s stalled matches", n, count=number(n)
        ),
    ),
}


def badge(item: NavItem) -> tuple[int, str] | None:
    """The count beside a header link and what it says in words, or None (nothing, or zero).

    The counts of the page come from one query, made at the first link that has one.
    """
    if item.endpoint not in BADGES or not current_user.is_authenticated:
        return None
    counts = request.environ.get(_KEPT)  # kept with the request (g may outlive it in tests)
    if counts is None:
        try:
            counts = home.header_counts(
                db.session(),
                current_user,
                stalled_after=int(current_app.config["STALLED_AFTER_DAYS"]),
            )
        except SQLAlchemyError:  # an error page about the database itself: show it, uncounted
            log.warning("the header's counts could not be read", exc_info=True)
            db.session.rollback()
            counts = {}
        request.environ[_KEPT] = counts
    key, words = BADGES[item.endpoint]
    count = int(counts.get(key, 0))
    return (count, str(words(count))) if count else None


def _waiting(total: int) -> tuple[int, str] | None:
    if not total:
        return None
    return total, ngettext("%(count)s waiting", "%(count)s waiting", total, count=number(total))


def entry_badge(entry: NavEntry) -> tuple[int, str] | None:
    """The count beside an entry: its link's own, or for a menu the sum of its links' counts."""
    if not entry.grouped:
        return badge(entry.item)
    return _waiting(sum(found[0] for item in entry.items if (found := badge(item))))


def waiting_total() -> tuple[int, str] | None:
    """The sum of the counts beside the links the user sees, for the phone's Menu button."""
    return _waiting(sum(found[0] for item, _ in items_for_request() if (found := badge(item))))


def init_app(app: Flask) -> None:
    """Expose the entries and links, and the counts beside them, to every template."""
    app.context_processor(
        lambda: {
            "nav_entries": entries_for_request,
            "nav_items": items_for_request,
            "nav_badge": badge,
            "nav_entry_badge": entry_badge,
            "nav_waiting": waiting_total,
        }
    )
