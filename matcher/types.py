"""Plain, frozen value types that cross the boundary between the matcher and its callers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

MODALITIES = ("in_person", "remote", "hybrid", "any")
PRIORITIES = ("high", "medium", "low")

#: English names of the ISO 639-1 languages most used in capacity-building work.
DEFAULT_LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "ar": "Arabic",
        "bn": "Bengali",
        "de": "German",
        "en": "English",
        "es": "Spanish",
        "fa": "Persian",
        "fr": "French",
        "hi": "Hindi",
        "id": "Indonesian",
        "it": "Italian",
        "ja": "Japanese",
        "ko": "Korean",
        "ms": "Malay",
        "nl": "Dutch",
        "pt": "Portuguese",
        "ru": "Russian",
        "sw": "Swahili",
        "th": "Thai",
        "tr": "Turkish",
        "uk": "Ukrainian",
        "ur": "Urdu",
        "vi": "Vietnamese",
        "zh": "Chinese",
    }
)

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class NeedDoc:
    """A State's need for support, as the matcher sees it."""

    ref: str
    state: str
    state_tags: frozenset[str]
    title: str
    description: str
    topics: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    modality: str = "any"
    start: date | None = None
    end: date | None = None
    priority: str = "medium"
    is_open: bool = True


@dataclass(frozen=True)
class OfferDoc:
    """An offer of support, as the matcher sees it."""

    ref: str
    provider: str
    provider_type: str
    title: str
    description: str
    topics: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    modality: str = "any"
    start: date | None = None
    end: date | None = None
    eligible: tuple[str, ...] = ()
    capacity: int = 1
    used: int = 0
    is_open: bool = True

    @property
    def remaining(self) -> int:
        """Capacity not yet taken by accepted or in-progress matches."""
        return self.capacity - self.used


@dataclass(frozen=True)
class Labels:
    """How reasons name topics, support types, languages and places.

    Attributes:
        topics: Topic slug to English label.
        support_types: Support-type slug to English label.
        languages: ISO 639-1 code to English name.
        places: Optional ISO3 code to English State name, for eligibility reasons.
    """

    topics: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    support_types: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    languages: Mapping[str, str] = field(default_factory=lambda: DEFAULT_LANGUAGE_NAMES)
    places: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    def topic(self, slug: str) -> str:
        """The label of a topic slug (a readable form of the slug when unknown)."""
        return self.topics.get(slug) or _humanise(slug)

    def support_type(self, slug: str) -> str:
        """The label of a support-type slug."""
        return self.support_types.get(slug) or _humanise(slug)

    def language(self, code: str) -> str:
        """The English name of a language code."""
        return self.languages.get(code) or DEFAULT_LANGUAGE_NAMES.get(code) or code

    def place(self, item: str) -> str:
        """How an eligibility item is named: a State name for a known ISO3 code, else the item."""
        return self.places.get(item.upper(), item) if len(item) == 3 else item


def _humanise(slug: str) -> str:
    text = slug.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class Reason(NamedTuple):
    """Why a pair fits, in no language: a code and its values (slugs, codes, ISO dates, numbers).

    ``matcher.reasons.english`` words it as the CLI prints it; the web words it in the reader's
    language. Stored as JSON it is the list ``[code, [values...]]``.
    """

    code: str
    values: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Match:
    """One suggested (need, offer) pair with its rank among the need's suggestions."""

    need: str
    offer: str
    rank: int
    score: float
    reasons: tuple[Reason, ...] = ()


@dataclass(slots=True)  # not frozen: made a million times by ``cbmatch match`` on 100k needs
class Worded:
    """A ``Match`` with its reasons in English: what ``cbmatch match`` prints, in this order."""

    need: str
    offer: str
    rank: int
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    """One allocation of needs to offers within capacity, and the open needs left without one."""

    assignments: tuple[tuple[str, str, float], ...] = ()
    unassigned: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        """The sum of the assigned pairs' scores."""
        return float(sum(s for _, _, s in self.assignments))
