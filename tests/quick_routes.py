"""Werkzeug's URL builders compiled once per rule for the whole test run, not once per app.

Werkzeug turns every URL rule of an app into two small Python functions (``Rule.compile`` →
``Rule._compile_builder``: an AST, then ``compile()``). That is two thirds of making a cbmatch
app, and the tests make one per test, thousands of them, all with the same rules. The functions
depend only on what the key below holds (they read the rule itself through their ``.self``
argument at call time), so one compiled function serves every app's copy of a rule. Only the
tests install this (tests/conftest.py); the site compiles its rules once at start-up anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing.rules import Rule

_compiled: dict[tuple[Any, ...], Callable[..., tuple[str, str]]] = {}


def install() -> None:
    """Make ``Rule._compile_builder`` reuse the function built for an identical rule."""
    build = Rule._compile_builder
    if getattr(build, "_cbmatch_cached", False):
        return

    def cached(self: Rule, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        defaults = self.defaults or {}
        key = (
            self.rule,
            tuple(self._trace),
            tuple(sorted((k, repr(v)) for k, v in defaults.items())),
            # a default in the rule is written with its converter, at compile time
            tuple(sorted((k, repr(c)) for k, c in self._converters.items() if k in defaults)),
            append_unknown,
        )
        found = _compiled.get(key)
        if found is None:
            found = _compiled[key] = build(self, append_unknown)
        return found

    cached._cbmatch_cached = True  # type: ignore[attr-defined]
    Rule._compile_builder = cached  # type: ignore[method-assign]
