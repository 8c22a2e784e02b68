"""cbmatch's matching engine: rank offers of support for States' needs, and allocate them.

Plain data in, plain data out: ``NeedDoc`` and ``OfferDoc`` go in, ``Match`` and ``Assignment``
come out. Nothing here imports Flask, SQLAlchemy or the rest of the project.

The names below are loaded on first use (PEP 562), so that ``matcher.thresholds`` or
``matcher.types`` can be read without loading scipy and the ranking code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.assign import assign
    from matcher.baseline import baseline_rank
    from matcher.scoring import Matcher
    from matcher.types import (
        DEFAULT_LANGUAGE_NAMES,
        Assignment,
        Labels,
        Match,
        NeedDoc,
        OfferDoc,
        Reason,
    )

_WHERE = {
    "assign": "matcher.assign",
    "baseline_rank": "matcher.baseline",
    "Matcher": "matcher.scoring",
    "DEFAULT_LANGUAGE_NAMES": "matcher.types",
    "Assignment": "matcher.types",
    "Labels": "matcher.types",
    "Match": "matcher.types",
    "NeedDoc": "matcher.types",
    "OfferDoc": "matcher.types",
    "Reason": "matcher.types",
}

__all__ = [
    "DEFAULT_LANGUAGE_NAMES",
    "Assignment",
    "Labels",
    "Match",
    "Matcher",
    "NeedDoc",
    "OfferDoc",
    "Reason",
    "assign",
    "baseline_rank",
]


def __getattr__(name: str) -> Any:
    """Load a public name's module the first time the name is asked for."""
    if name not in _WHERE:
        raise AttributeError(f"module 'matcher' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
