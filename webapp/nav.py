"""The site's navigation: each blueprint registers its own entries, shown by role."""

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
from webapp.services import home


@dataclass(frozen=True)
class NavItem:
    """One link in the header: who sees it and which endpoint it opens."""

    label: str
    endpoint: str
    roles: tuple[str, ...] = ()  # empty: everyone; "anonymous": signed-out visitors only
    order: int = 50


def register(app: Flask, label: str, endpoint: str, *roles: Role | str, order: int = 50) -> None:
    """Add a header link for the given roles (none: everyone)."""
    items = app.extensions.setdefault("cbmatch_nav", [])
    items.append(NavItem(label, endpoint, tuple(str(r) for r in roles), order))
    items.sort(key=lambda i: i.order)


def items_for_request() -> list[tuple[NavItem, bool]]:
    """The links the current user sees, each with whether it is the current section."""
    out = []
    items = current_app.extensions.get("cbmatch_nav", [])
    exact = any(i.endpoint == request.endpoint for i in items)
    for item in items:
        if item.roles:
            if not current_user.is_authenticated:
                if "anonymous" not in item.roles:
                    continue
            elif current_user.role.value not in item.roles:
                continue
        active = request.endpoint == item.endpoint or (
            not exact
            and request.blueprint is not None
            and request.blueprint == item.endpoint.split(".")[0]
            and item.endpoint.split(".")[0] != "pages"
        )
        out.append((item, active))
    return out


log = logging.getLogger(__name__)
_KEPT = "cbmatch.header_counts"

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


def waiting_total() -> tuple[int, str] | None:
    """The sum of the counts beside the links the user sees, for the phone's Menu button."""
    total = sum(found[0] for item, _ in items_for_request() if (found := badge(item)))
    if not total:
        return None
    return total, ngettext("%(count)s waiting", "%(count)s waiting", total, count=number(total))


def init_app(app: Flask) -> None:
    """Expose the links, and the counts beside them, to every template."""
    app.context_processor(
        lambda: {"nav_items": items_for_request, "nav_badge": badge, "nav_waiting": waiting_total}
    )
