"""Topics and support types suggested from a title and description, as the matcher infers them.

The same evidence the ranking joins to declared labels (the lexicon's ``@topic`` and ``+support``
tags, section 3 of docs/MATCHER.md), ordered for a person choosing labels: by how many concept
hits support each one, a hit in the title counting twice (as the title counts twice in the
vectors), then by slug so the order is stable. One analyser is kept per process: a text of a few
thousand characters is analysed in about a millisecond.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from matcher.text import Analyzer

#: How much a concept found in the title counts against one found in the description.
TITLE_WEIGHT = 2


@cache
def _analyzer() -> Analyzer:
    return Analyzer()


def _evidence(title: str, description: str) -> tuple[Counter[str], Counter[str]]:
    """Weighted hits per topic and per support type."""
    analyzer = _analyzer()
    concepts = analyzer.lexicon.concepts
    topics: Counter[str] = Counter()
    support: Counter[str] = Counter()
    for text, weight in ((title, TITLE_WEIGHT), (description, 1)):
        for token in analyzer(text):
            concept = concepts.get(token)
            if concept is None:
                continue
            for slug in concept.topics:
                topics[slug] += weight
            for slug in concept.support_types:
                support[slug] += weight
    return topics, support


def _ordered(counts: Counter[str]) -> list[str]:
    return [slug for slug, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def suggest_tags(title: str, description: str) -> tuple[list[str], list[str]]:
    """Topic and support-type slugs the text gives evidence of, strongest first.

    Args:
        title: The record's title (its hits count ``TITLE_WEIGHT`` times).
        description: The record's description.

    Returns:
        (topic slugs, support-type slugs), each ordered by weighted hits, then slug.
    """
    topics, support = _evidence(title or "", description or "")
    return _ordered(topics), _ordered(support)
