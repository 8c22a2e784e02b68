"""cbmatch's matching engine: rank offers of support for States' needs, and allocate them.

Plain data in, plain data out: ``NeedDoc`` and ``OfferDoc`` go in, ``Match`` and ``Assignment``
come out. Nothing here imports Flask, SQLAlchemy or the rest of the project.
"""

from __future__ import annotations

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
