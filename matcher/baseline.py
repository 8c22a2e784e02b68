"""Plain TF-IDF cosine ranking, the baseline the evaluation compares cbmatch with."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from matcher.reasons import TEXT_SIMILARITY
from matcher.types import Match, NeedDoc, OfferDoc


def baseline_rank(
    needs: Iterable[NeedDoc], offers: Iterable[OfferDoc], top: int = 5
) -> list[Match]:
    """Plain TF-IDF cosine on title and description: no lexicon, no rules, no threshold."""
    # imported here: scikit-learn's import costs about a second, and only the evaluation uses it
    from sklearn.feature_extraction.text import TfidfVectorizer

    needs, offers = list(needs), list(offers)
    if not needs or not offers or top <= 0:
        return []
    vec = TfidfVectorizer()
    try:
        xo = vec.fit_transform([f"{o.title}\n{o.description}" for o in offers])
    except ValueError:  # empty vocabulary
        return []
    xn = vec.transform([f"{n.title}\n{n.description}" for n in needs])
    sim = np.clip((xn @ xo.T).toarray(), 0.0, 1.0)
    k = min(top, len(offers))
    order = np.lexsort((np.broadcast_to(np.arange(len(offers)), sim.shape), -sim), axis=1)[:, :k]
    return [
        Match(n.ref, offers[j].ref, r + 1, round(float(sim[i, j]), 4), (TEXT_SIMILARITY,))
        for i, n in enumerate(needs)
        for r, j in enumerate(order[i])
    ]
