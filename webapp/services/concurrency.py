"""Concurrent edits: a save made on a version of a record that has changed since is refused.

Needs, offers and matches carry a version (``models.base.Versioned``). An edit form sends back the
version it was opened on; ``check_version`` refuses the save when the stored one has moved on, and
``guarded`` turns the database's own refusal (two saves racing past that check, StaleDataError)
into the same message. Either way nothing of the second save is written and the first stays.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import User
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.language import _
from webapp.services.querying import whole_number


class StaleEdit(ValidationFailed):
    """The record changed after the form was opened; this save wrote nothing.

    A ValidationFailed, so that a caller that knows no better still shows the message.
    """

    def __init__(self, what: str, who: str, at: datetime | None, current_version: int) -> None:
        self.what, self.who, self.at = what, who, at
        self.current_version = current_version
        message = _changed(what, who, at)
        super().__init__([RecordError(what, "record", message)], message)

    @property
    def message(self) -> str:
        """The sentence to show: who changed the record, when, and that nothing was saved."""
        return self.errors[0].reason


def _changed(what: str, who: str, at: datetime | None) -> str:
    """The refusal in the reader's language: a whole sentence for each kind of record."""
    if at is None:
        sentences = {
            "need": _("This need was changed by %(who)s since you opened it; "
                      "your changes were not saved.", who=who),
            "offer": _("This offer was changed by %(who)s since you opened it; "
                       "your changes were not saved.", who=who),
            "match": _("This match was changed by %(who)s since you opened it; "
                       "your changes were not saved.", who=who),
        }  # fmt: skip
        generic = _("This record was changed by %(who)s since you opened it; "
                    "your changes were not saved.", who=who)  # fmt: skip
        return sentences.get(what, generic)
    when = at.strftime("%Y-%m-%d %H:%M")
    sentences = {
        "need": _("This need was changed by %(who)s at %(when)s UTC since you opened it; "
                  "your changes were not saved.", who=who, when=when),
        "offer": _("This offer was changed by %(who)s at %(when)s UTC since you opened it; "
                   "your changes were not saved.", who=who, when=when),
        "match": _("This match was changed by %(who)s at %(when)s UTC since you opened it; "
                   "your changes were not saved.", who=who, when=when),
    }  # fmt: skip
    generic = _("This record was changed by %(who)s at %(when)s UTC since you opened it; "
                "your changes were not saved.", who=who, when=when)  # fmt: skip
    return sentences.get(what, generic)


def parse_version(text: Any) -> int | None:
    """The version an edit form was opened on; None when the form sent none (no check then).

    Anything but a whole number (``querying.whole_number``) counts as none.
    """
    return whole_number(str(text or "").strip())


def stale(session: Session, record: Any, what: str, actor: User | None = None) -> StaleEdit:
    """The refusal for ``record`` as it is stored now: who changed it last, and when."""
    editor = session.get(User, record.updated_by_id) if record.updated_by_id else None
    if editor is None:
        who = _("someone else (an import or another process)")
    elif actor is not None and editor.id == actor.id:
        who = _("you, in another window or tab")
    else:
        who = editor.name
    return StaleEdit(what, who, record.updated_at, record.version)


def check_version(
    session: Session, record: Any, expected: int | None, what: str, actor: User | None = None
) -> None:
    """Refuse to save over ``record`` if it is no longer at the version the form was opened on.

    Raises:
        StaleEdit: the stored version differs from ``expected`` (None skips the check).
    """
    if expected is not None and record.version != expected:
        raise stale(session, record, what, actor)


@contextmanager
def guarded(session: Session, record: Any, what: str, actor: User | None = None) -> Iterator[None]:
    """Turn a lost race inside the block (the UPDATE found a newer version) into StaleEdit.

    The session is rolled back first, as it must be after a failed flush, so that ``record`` is
    read again as the other save left it.
    """
    try:
        yield
    except StaleDataError:
        session.rollback()
        raise stale(session, record, what, actor) from None
