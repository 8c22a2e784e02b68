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


def error_sentence(label: str, reason: str) -> str:
    """A service reason ("is required", "'xx' is not ...") as a sentence about the field."""
    text = f"{label} {reason}" if reason.startswith(("is ", "must ")) else reason
    text = text.replace(" is before start ", " is before the start date, ")
    return text[:1].upper() + text[1:].rstrip(".") + "."
