"""Helpers shared by the forms of every blueprint."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice


def choices(*pairs: tuple[str, str], optgroup: str | None = None) -> list[SelectChoice]:
    """Select/radio choices from (value, label) pairs."""
    return [SelectChoice(value=v, label=label, optgroup=optgroup) for v, label in pairs]


def grouped_choices(groups: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> list[SelectChoice]:
    """Choices in <optgroup>s from [(group label, [(value, label), ...]), ...]."""
    return [
        SelectChoice(value=v, label=label, optgroup=group)
        for group, pairs in groups
        for v, label in pairs
    ]
