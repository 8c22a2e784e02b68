"""The reader's language as the services see it: words, names and sort order.

Services never import Flask-Babel. The web layer tells them, once per request, which language
the page is in and how to translate (``speaking``); outside a request (the CLI, the tests'
direct calls) they speak English. In a service module:

- ``_("Text %(x)s", x=...)`` and ``ngettext(...)`` translate now, for the reader of this request;
- ``N_("Text")`` marks a constant (a label table made at import) for the catalogue without
  translating it; whoever shows it translates it then (``_(label)``, or ``{{ _(label) }}``);
- ``name(state)`` and ``label(topic)`` give reference data in the reader's language, and
  ``sort_key`` orders words as the reader's language does (ICU collation, not byte order).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import icu

#: The six official languages of the United Nations.
CODES = ("ar", "zh", "en", "fr", "ru", "es")
DEFAULT = "en"


def _english(message: str, **values: Any) -> str:
    return message % values if values else message


def _english_particular(context: str, message: str, **values: Any) -> str:
    return _english(message, **values)


def _english_plural(singular: str, plural: str, num: int, **values: Any) -> str:
    return (singular if num == 1 else plural) % {"num": num, **values}


@dataclass(frozen=True)
class Speaker:
    """One reader's language and the translators of the catalogue for it."""

    code: str = DEFAULT
    gettext: Callable[..., str] = _english
    ngettext: Callable[..., str] = _english_plural
    pgettext: Callable[..., str] = _english_particular


ENGLISH = Speaker()
_speaker: ContextVar[Speaker] = ContextVar("cbmatch_speaker", default=ENGLISH)


def begin(speaker: Speaker) -> Token[Speaker]:
    """Speak ``speaker``'s language from now on, until ``end`` (a request's start and end)."""
    return _speaker.set(speaker)


def end(token: Token[Speaker]) -> None:
    """Speak again what was spoken before ``begin`` gave ``token``."""
    _speaker.reset(token)


@contextmanager
def speaking(speaker: Speaker) -> Iterator[Speaker]:
    """Speak ``speaker``'s language inside the block."""
    token = begin(speaker)
    try:
        yield speaker
    finally:
        end(token)


def reader() -> Speaker:
    """Who is read for now: hand it to ``speaking`` in work done for this reader elsewhere."""
    return _speaker.get()


def current() -> str:
    """The code of the reader's language ("en" outside a request)."""
    return _speaker.get().code


def _(message: str, **values: Any) -> str:
    """``message`` translated for the reader, with ``values`` filled into its ``%(name)s``."""
    return _speaker.get().gettext(message, **values)


def ngettext(singular: str, plural: str, num: int, **values: Any) -> str:
    """The plural form for ``num`` (filled in as ``%(num)d``), translated for the reader."""
    return _speaker.get().ngettext(singular, plural, num, **values)


def pgettext(context: str, message: str, **values: Any) -> str:
    """``message`` translated for the reader as meant in ``context`` ("offer status": "open")."""
    return _speaker.get().pgettext(context, message, **values)


def N_(message: str) -> str:  # noqa: N802 - the usual name of gettext_noop, as pybabel -k N_ finds it
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


K = TypeVar("K")


class Labels(Mapping[K, str]):
    """A table of codes and their labels, read in the reader's language.

    Made at import with English labels marked ``N_``; ``labels[code]`` (and ``get``, ``items``)
    translates when read, so a page shows the reader's words and the CLI English. ``english``
    keeps the table as written, for texts that are translated later (form choices made at import).
    A table whose words agree with what they describe (an open offer, an open need) names its
    ``context``; its labels are then marked ``pgettext(context, "...")``, which at import (no
    reader yet) gives the English.
    """

    def __init__(self, english: Mapping[K, str], context: str | None = None) -> None:
        self.english: dict[K, str] = dict(english)
        self.context = context

    def __getitem__(self, key: K) -> str:
        if self.context is None:
            return _(self.english[key])
        return pgettext(self.context, self.english[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


class _Named(Protocol):
    def name(self, lang: str = ...) -> str: ...


class _Labelled(Protocol):
    def label(self, lang: str = ...) -> str: ...


def name(state: _Named) -> str:
    """A State's short name in the reader's language."""
    return state.name(current())


def label(item: _Labelled) -> str:
    """A topic's, dimension's, stage's or support type's label in the reader's language."""
    return item.label(current())


def column(model: Any, stem: str) -> Any:
    """The column holding ``stem`` in the reader's language: ``column(State, "name")``."""
    return getattr(model, f"{stem}_{current()}")


_collators = threading.local()  # an ICU collator is not to be shared between threads


def _collator(code: str) -> Any:
    made: dict[str, Any] = _collators.__dict__.setdefault("by_code", {})
    if code not in made:
        made[code] = icu.Collator.createInstance(icu.Locale(code))
        made[code].setStrength(icu.Collator.SECONDARY)  # case aside, accents count
    return made[code]


def sort_key(text: str) -> bytes:
    """A key that sorts texts as the reader's language does ("Égypte" before "Zambie")."""
    return bytes(_collator(current()).getSortKey(text))
