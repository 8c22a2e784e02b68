"""Topics and support types to suggest on the need and offer forms, from what the person wrote.

The matcher infers them (``matcher.tags.suggest_tags``, the lexicon's tags); this keeps those the
reference data knows, drops those already ticked, and names them in the reader's language.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.tags import suggest_tags
from models import SupportType, Topic
from webapp.services.language import label

#: The longest title and description a suggestion reads (the longest a need or offer may have).
TITLE_MAX, DESCRIPTION_MAX = 200, 5000
#: At most this many chips of each kind: the strongest evidence first.
TOPICS_SHOWN, SUPPORT_SHOWN = 6, 4


@dataclass(frozen=True)
class Suggested:
    """Suggested (slug, label) pairs, strongest first."""

    topics: list[tuple[str, str]]
    support_types: list[tuple[str, str]]

    def __bool__(self) -> bool:
        return bool(self.topics or self.support_types)

    def as_json(self) -> dict[str, list[dict[str, str]]]:
        """The JSON body of the suggestion endpoint."""
        return {
            kind: [{"slug": slug, "label": text} for slug, text in pairs]
            for kind, pairs in (("topics", self.topics), ("support_types", self.support_types))
        }


def _named(
    session: Session, model: Any, slugs: Sequence[str],
    ticked: Collection[str], shown: int,
) -> list[tuple[str, str]]:  # fmt: skip
    wanted = [s for s in slugs if s not in ticked]
    if not wanted:
        return []
    rows: dict[str, Topic | SupportType] = {
        r.slug: r for r in session.scalars(select(model).where(model.slug.in_(wanted)))
    }
    return [(s, label(rows[s])) for s in wanted if s in rows][:shown]


def suggest(
    session: Session, title: str, description: str, *,
    ticked_topics: Collection[str] = (), ticked_support: Collection[str] = (),
) -> Suggested:  # fmt: skip
    """What the text suggests and is not ticked yet; text past the records' limits is not read."""
    topics, support = suggest_tags(title[:TITLE_MAX], description[:DESCRIPTION_MAX])
    return Suggested(
        _named(session, Topic, topics, ticked_topics, TOPICS_SHOWN),
        _named(session, SupportType, support, ticked_support, SUPPORT_SHOWN),
    )
