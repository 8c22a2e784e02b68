"""The site's navigation: each blueprint registers its own entries, shown by role."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_login import current_user

from models import Role


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


def init_app(app: Flask) -> None:
    """Expose the links to every template."""
    app.context_processor(lambda: {"nav_items": items_for_request})
