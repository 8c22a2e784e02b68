"""Possible duplicates: offers and needs whose texts are very close.

Two open offers are possible duplicates when their title and description are very close (TF-IDF
cosine at least ``THRESHOLD``), they reach at least one M49 region in common and their date
windows overlap (a missing date is open-ended). Two needs are when they are very close and come
from the same State. Texts go through the matcher's analyser first (accents folded, EN/FR/ES
synonyms turned into shared concept tokens), so a reworded copy is still caught.

``THRESHOLD`` sits halfway between what the demo data shows (tests/web/test_duplicates.py checks
it): no two of the demo offers or needs score above 0.42 (the closest: a French and an English
offer of judicial training on electronic evidence, not copies), while a resubmitted copy (title
reworded, one sentence of the description dropped and another added) scores 0.68 or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.text import Analyzer
from models import Need, NeedStatus, Offer, OfferStatus, Organisation, State
from webapp.services.language import column
from webapp.services.reference.regions import region_map, regions_of

THRESHOLD = 0.55


@dataclass(frozen=True)
class Record:
    """What the comparison needs to know of an offer or a need."""

    id: int
    ref: str
    title: str
    owner: str  # the offer's provider or the need's State
    text: str
    group: int = 0  # needs: the State's id
    regions: frozenset[str] = frozenset()  # offers: the regions reached
    start: date | None = None
    end: date | None = None
    text_language: str | None = None  # the language its title is written in, if known


@dataclass(frozen=True)
class Similar:
    """A stored record close to the one being written."""

    ref: str
    title: str
    owner: str
    score: float
    text_language: str | None = None


def _text(title: str, description: str) -> str:
    return f"{title}\n{description}"


def vectorise(texts: Sequence[str]) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows, fitted on ``texts`` themselves."""
    # scikit-learn takes 0.6 s to import: only the pages that compare texts pay for it, not
    # every process start (``cbmatch match`` does not need it)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=Analyzer(), sublinear_tf=True, dtype=np.float32)
    if not any(t.strip() for t in texts):
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32)
    try:
        return sparse.csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # every text is only stop words: nothing to compare
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32)


def windows_overlap(a: Record, b: Record) -> bool:
    """Whether two date windows share a day; a missing start or end is open-ended."""
    return (a.start or date.min) <= (b.end or date.max) and (b.start or date.min) <= (
        a.end or date.max
    )


def _offers_may_duplicate(a: Record, b: Record) -> bool:
    return bool(a.regions & b.regions) and windows_overlap(a, b)


def _needs_may_duplicate(a: Record, b: Record) -> bool:
    return a.group == b.group


# --- loading ----------------------------------------------------------------------------------


def open_offers(session: Session) -> list[Record]:
    """Every open offer, in id order, with the regions it reaches."""
    rm = region_map(session)
    rows = session.execute(
        select(Offer.id, Offer.ref, Offer.title, Offer.description, Offer.reach, Offer.start,
               Offer.end, Organisation.name, Offer.text_language)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.status == OfferStatus.OPEN)
        .order_by(Offer.id)
    )  # fmt: skip
    return [
        Record(i, ref, title, org, _text(title, desc), 0, rm.reached(reach), start, end, lang)
        for i, ref, title, desc, reach, start, end, org, lang in rows
    ]


def needs_in(
    session: Session, statuses: Sequence[NeedStatus], state_id: int | None
) -> list[Record]:
    """The needs in these statuses (of one State, or of all when ``state_id`` is None), by id."""
    stmt = (
        select(
            Need.id,
            Need.ref,
            Need.title,
            Need.description,
            Need.state_id,
            column(State, "name"),
            Need.text_language,
        )
        .join(State, State.id == Need.state_id)
        .where(Need.status.in_(statuses))
        .order_by(Need.id)
    )
    if state_id is not None:
        stmt = stmt.where(Need.state_id == state_id)
    return [
        Record(i, ref, title, name, _text(title, desc), sid, text_language=lang)
        for i, ref, title, desc, sid, name, lang in session.execute(stmt)
    ]


# --- one record being written -----------------------------------------------------------------


def _closest(candidates: list[Record], corpus: list[str], text: str) -> list[tuple[Record, float]]:
    """Candidates at or above the threshold, closest first; the IDF is learned on ``corpus``."""
    if not candidates:
        return []
    x = vectorise([*corpus, *(c.text for c in candidates), text])
    scores = (x[len(corpus) : -1] @ x[-1].T).toarray().ravel()
    found = [(c, float(s)) for c, s in zip(candidates, scores, strict=True) if s >= THRESHOLD]
    return sorted(found, key=lambda p: (-p[1], p[0].ref))


def _similar(found: list[tuple[Record, float]]) -> list[Similar]:
    return [Similar(r.ref, r.title, r.owner, round(s, 2), r.text_language) for r, s in found]


def similar_offers(
    session: Session,
    *,
    title: str,
    description: str,
    eligible: Sequence[str],
    start: date | None,
    end: date | None,
    exclude_id: int | None = None,
) -> list[Similar]:
    """Open offers very close to the one being written that reach a region it reaches.

    Their windows must overlap too; the offer itself, when edited, is left out.
    """
    stored = open_offers(session)
    new = Record(0, "", title, "", _text(title, description), 0,
                 regions_of(session, eligible), start, end)  # fmt: skip
    others = [o for o in stored if o.id != exclude_id]
    candidates = [o for o in others if _offers_may_duplicate(o, new)]
    rest = [o.text for o in others if not _offers_may_duplicate(o, new)]
    return _similar(_closest(candidates, rest, new.text))


def similar_needs(
    session: Session,
    *,
    state_id: int,
    title: str,
    description: str,
    exclude_id: int | None = None,
) -> list[Similar]:
    """The State's open (and draft) needs very close to the one being written (itself left out).

    Drafts count too: before its survey is submitted every need of a State is a draft.
    """
    own = [
        n
        for n in needs_in(session, (NeedStatus.OPEN, NeedStatus.DRAFT), state_id)
        if n.id != exclude_id
    ]
    if not own:
        return []
    ids = {n.id for n in own}
    corpus = [n.text for n in needs_in(session, (NeedStatus.OPEN,), None) if n.id not in ids]
    return _similar(_closest(own, corpus, _text(title, description)))
