"""Domain exceptions that views and CLI commands turn into clear messages."""

from __future__ import annotations

from dataclasses import dataclass


class CbmatchError(Exception):
    """Base of every error a user should see as a message rather than a traceback."""


class NotFound(CbmatchError):  # noqa: N818 (names from STYLE.md)
    """A record named by the user does not exist."""


@dataclass(frozen=True)
class RecordError:
    """One problem in one input record: where (ref or line), which field, and why."""

    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.reason}"


class ValidationFailed(CbmatchError):  # noqa: N818
    """Input was refused; nothing was written."""

    def __init__(self, errors: list[RecordError], summary: str = "") -> None:
        self.errors = errors
        super().__init__(summary or f"{len(errors)} error(s); nothing was written")
