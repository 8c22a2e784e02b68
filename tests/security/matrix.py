"""The words of the authorization matrices: identities' groups, outcomes, rows, and verdicts.

``test_authz_matrix.py`` (every route) and ``test_authz_consent.py`` (the consent routes, in each
phase of a confidential need's match) write their rows with these; the outcomes are explained in
``test_authz_matrix.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from werkzeug.test import TestResponse

from tests.security.support import IDENTITIES, World

ANON = ("anonymous", "pending")
FOCAL = ("focal", "admin")
STATES = ("state_a", "state_b")
PROVIDERS = ("provider_x", "provider_y")
DENIALS = {"login", "401", "403", "404", "405"}
GRANTS = {"ok", "write"}
Expect = dict[str, str]


def _with(base: Expect, overrides: dict[str, str]) -> Expect:
    unknown = set(overrides) - set(IDENTITIES)
    assert not unknown, f"unknown identities {unknown}"
    return {**base, **overrides}


def everyone(outcome: str = "ok", **overrides: str) -> Expect:
    """The same outcome for every identity, signed in or not."""
    return _with(dict.fromkeys(IDENTITIES, outcome), overrides)


def signed_in(outcome: str = "ok", **overrides: str) -> Expect:
    """Any signed-in account; anonymous visitors are sent to sign in."""
    return _with({i: "login" if i in ANON else outcome for i in IDENTITIES}, overrides)


def only(outcome: str, *who: str, other: str = "403", **overrides: str) -> Expect:
    """``who`` get ``outcome``; other signed-in accounts ``other``; anonymous: sign in."""
    base = {i: "login" if i in ANON else outcome if i in who else other for i in IDENTITIES}
    return _with(base, overrides)


def visible_to(*who: str, outcome: str = "ok", other: str = "404", **overrides: str) -> Expect:
    """A public route showing a hidden record: ``who`` see it, everyone else (anonymous too) 404."""
    return _with({i: outcome if i in who else other for i in IDENTITIES}, overrides)


@dataclass(frozen=True)
class Case:
    """One route on one record, and what each identity must get."""

    method: str
    endpoint: str
    expect: Expect
    obj: str | dict[str, str] = ""
    data: Callable[[World], dict[str, Any]] | None = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.endpoint}" + (f" [{self.obj}]" if self.obj else "")


def url_of(world: World, rule_args: set[str], case: Case) -> str:
    obj = case.obj
    if isinstance(obj, str):
        assert len(rule_args) <= 1, f"{case.label}: name each argument in obj={{arg: key}}"
        names = dict.fromkeys(rule_args, obj) if obj else {}
    else:
        names = obj
    missing = rule_args - set(names)
    assert not missing, f"{case.label}: the URL needs {sorted(missing)}; set obj="
    values = {arg: getattr(world, key) for arg, key in names.items()}
    return url_for(case.endpoint, **values)


def classify(response: TestResponse, wrote: bool) -> str:
    """The outcome of one request, in the words of the EXPECTED table."""
    code = response.status_code
    location = response.headers.get("Location", "")
    if code in (301, 302, 303) and "/auth/login" in location:
        return "login"
    if code in (401, 403, 404, 405) or code >= 500:
        return str(code)
    return "write" if wrote else "ok"


def verdict(expected: str, actual: str) -> str | None:
    if expected == actual:
        return None
    if actual in GRANTS and (expected in DENIALS or (actual, expected) == ("write", "ok")):
        return "unexpected grant"
    if expected in GRANTS and (actual in DENIALS or (actual, expected) == ("ok", "write")):
        return "unexpected denial"
    return "wrong outcome"
