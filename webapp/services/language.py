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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any, Protocol

import icu

#: The six official languages of the United Nations.
CODES = ("ar", "zh", "en", "fr", "ru", "es")
DEFAULT = "en"


def _english(message: str, **values: Any) -> str:
    return message % values if values else message


def _english_plural(singular: str, plural: str, num: int, **values: Any) -> str:
    return (singular if num == 1 else plural) % {"num": num, **values}


@dataclass(frozen=True)
class Speaker:
    """One reader's language and the translators of the catalogue for it."""

    code: str = DEFAULT
    gettext: Callable[..., str] = _english
    ngettext: Callable[..., str] = _english_plural


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


def current() -> str:
    """The code of the reader's language ("en" outside a request)."""
    return _speaker.get().code


def _(message: str, **values: Any) -> str:
    """``message`` translated for the reader, with ``values`` filled into its ``%(name)s``."""
    return _speaker.get().gettext(message, **values)


def ngettext(singular: str, plural: str, num: int, **values: Any) -> str:
    """The plural form for ``num`` (filled in as ``%(num)d``), translated for the reader."""
    return _speaker.get().ngettext(singular, plural, num, **values)


def N_(message: str) -> str:  # noqa: N802 - the usual name of gettext_noop, as pybabel -k N_ finds it
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


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
