"""Who may use each view: decorators that declare it.

Every view carries an ``access`` attribute set by one of these decorators; a test walks the
URL map and fails for a view without one. Anonymous users are sent to the sign-in page; signed-in
users without the role get 403. Rules for single records are in ``webapp.services.policy``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import abort, redirect, request, url_for
from flask_login import current_user

from models import Role

F = TypeVar("F", bound=Callable[..., Any])


def public(view: F) -> F:
    """Anyone, signed in or not."""
    view.access = "public"  # type: ignore[attr-defined]
    return view


def _to_login() -> Any:
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def login_required(view: F) -> F:
    """Any signed-in account."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _to_login()
        return view(*args, **kwargs)

    wrapper.access = "login"  # type: ignore[attr-defined]
    return cast(F, wrapper)


def requires(*roles: Role) -> Callable[[F], F]:
    """Signed-in accounts holding one of ``roles``."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _to_login()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = tuple(r.value for r in roles)  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate
