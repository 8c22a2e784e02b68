"""Input validated once in a request, handed on to the write that follows with its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from webapp.services.errors import RecordError, ValidationFailed

D = TypeVar("D")


@dataclass(frozen=True)
class Checked(Generic[D]):
    """What validating some input gave: ``data`` (None when invalid) and every error.

    ``key`` holds everything the validation read from its caller (the values typed and the record
    they are for). A write given a Checked with another key validates again rather than trust it,
    so a view may check once (to show the errors, or to look for duplicates) and then write
    without the reference data being read and the input validated a second time.
    """

    key: object
    data: D | None
    errors: tuple[RecordError, ...]

    def fits(self, key: object) -> bool:
        """Whether this result is for exactly that input."""
        return self.key == key


def valid_data(checked: Checked[D] | None, key: object, check: Callable[[], Checked[D]]) -> D:
    """The valid data for the input ``key``: from ``checked`` if made for it, else from ``check()``.

    Raises:
        ValidationFailed: with every problem found.
    """
    if checked is None or not checked.fits(key):
        checked = check()
    if checked.data is None:
        raise ValidationFailed(list(checked.errors))
    return checked.data
