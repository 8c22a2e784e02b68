"""The fast paths of ``Matcher`` give the answers of the plain computation; ``update`` follows a
changing catalogue without a refit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher import Matcher, NeedDoc, OfferDoc
from matcher.eligibility import pair_allowed
from matcher.evaluate import load_eval_dir
from matcher.text import Analyzer
from matcher.vectors import OfferVectors, TextModel
from seed_data.reference import states
from tests.conftest import examples

STATES = states()
EVAL = load_eval_dir(
    Path(__file__).resolve().parents[1] / "data" / "eval", lambda code: STATES[code].tags()
)


def brute_force(matcher: Matcher, needs: list[NeedDoc], top: int) -> list[tuple[str, str, int]]:
    """Top-k by sorting every feasible pair's score: what ``rank`` must give.

    A need whose best feasible pair is under ``serve_score`` gets nothing; the others list their
    pairs down to ``min_score``.
    """
    scores = matcher.score_pairs(needs)
    offers = matcher.offers_
    out = []
    for i, need in enumerate(needs):
        if not need.is_open:
            continue
        row = scores[i]
        if not np.nanmax(row, initial=-1.0) >= np.float32(matcher.serve_score):
            continue
        cols = [j for j in range(len(offers)) if row[j] >= np.float32(matcher.min_score)]
        cols.sort(key=lambda j: (-row[j], j))
        out += [(need.ref, offers[j].ref, r + 1) for r, j in enumerate(cols[:top])]
    return out


def ranked(matcher: Matcher, needs: list[NeedDoc], top: int) -> list[tuple[str, str, int]]:
    return [(m.need, m.offer, m.rank) for m in matcher.rank(needs, top=top)]


def test_matcher_update_tfidf_equals_scikit_learn() -> None:
    model = TextModel(Analyzer(), concept_weight=1.0, title_weight=1)
    docs = [model.tokens(o.title, o.description) for o in EVAL.offers]
    model.fit(docs)
    ours = model.vectors(docs, count_unknown=False).matrix
    theirs = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True).fit_transform(docs)
    # the vocabulary is sorted the same way, and rows are L2-normalised on both sides
    assert list(model.vocabulary_) == sorted(model.vocabulary_)
    assert np.allclose(ours.toarray(), theirs.toarray(), atol=1e-6)


def test_matcher_update_dense_and_sparse_product_equals_plain_product() -> None:
    rng = np.random.default_rng(7)
    offers = sparse.random(300, 200, density=0.01, format="lil", dtype=np.float32, random_state=rng)
    offers[:, 3] = 0.5  # a term every offer uses goes to the dense part
    offers = sparse.csr_matrix(offers)
    needs = sparse.random(25, 200, density=0.3, format="csr", dtype=np.float32, random_state=rng)
    vectors = OfferVectors(offers[:200])
    assert 3 in vectors.dense_terms
    assert len(vectors.sparse_terms) > 0
    for lo in range(0, 300, 37):  # appended a few at a time: the dense block grows
        vectors.append(offers[lo : lo + 37])
    got = vectors.cosines(*vectors.split(needs))
    assert got.shape == (300, 25)
    assert np.allclose(got, (offers @ needs.T).toarray(), atol=1e-6)


@settings(max_examples=examples(25), deadline=None)
@given(
    st.lists(st.sampled_from(range(len(EVAL.needs))), min_size=1, max_size=12, unique=True),
    st.sampled_from([0.0, 0.1, 0.2, 0.35]),
    st.integers(1, 6),
    st.sampled_from([0.0, 0.25, 0.45]),
)
def test_matcher_update_rank_equals_brute_force(
    picks: list[int], floor: float, top: int, serve: float
) -> None:
    matcher = Matcher(min_score=floor, serve_score=serve, block_cells=97).fit(EVAL.offers)
    needs = [EVAL.needs[i] for i in picks]
    assert ranked(matcher, needs, top) == brute_force(matcher, needs, top)


def test_matcher_update_adds_replaces_and_removes_offers_without_refit() -> None:
    matcher = Matcher().fit(EVAL.offers[:40])
    vocabulary = matcher.text_.vocabulary_
    need = next(n for n in EVAL.needs if ranked(matcher, [n], 3))
    best = ranked(matcher, [need], 3)[0][1]

    twin = replace(next(o for o in EVAL.offers if o.ref == best), ref="TWIN")
    matcher.update([twin])
    assert "TWIN" in {m.offer for m in matcher.rank([need], top=5)}

    matcher.update(remove=[best])
    assert best not in {m.offer for m in matcher.rank([need], top=40)}
    assert best not in {o.ref for o in matcher.offers_}

    closed = replace(twin, is_open=False)
    matcher.update([closed])  # replaced by a closed version: never suggested
    assert "TWIN" not in {m.offer for m in matcher.rank([need], top=40)}

    assert matcher.text_.vocabulary_ is vocabulary  # no refit
    assert matcher.changes_since_fit_ == 3
    assert ranked(matcher, EVAL.needs, 5) == brute_force(matcher, list(EVAL.needs), 5)


def test_matcher_update_counts_words_the_vocabulary_does_not_know() -> None:
    matcher = Matcher().fit(EVAL.offers[:10])
    assert matcher.unknown_tokens_ == 0
    novel = replace(EVAL.offers[0], ref="NEW", title="Quokka zeppelin", description="Xylophone.")
    matcher.update([novel])
    assert matcher.unknown_tokens_ >= 3
    assert matcher.fitted_offers_ == 10
    assert matcher.fitted_tokens_ > 0


@settings(max_examples=examples(20), deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, len(EVAL.offers) - 1)), max_size=15))
def test_matcher_update_never_breaks_a_rule_nor_returns_a_removed_offer(
    steps: list[tuple[bool, int]],
) -> None:
    matcher = Matcher().fit(EVAL.offers[:30])
    live = {o.ref: o for o in EVAL.offers[:30]}
    for add, j in steps:
        offer = EVAL.offers[j]
        if add:
            matcher.update([offer])
            live[offer.ref] = offer
        else:
            matcher.update(remove=[offer.ref])
            live.pop(offer.ref, None)
    assert {o.ref for o in matcher.offers_} == set(live)
    for m in matcher.rank(EVAL.needs, top=5):
        need = next(n for n in EVAL.needs if n.ref == m.need)
        assert pair_allowed(need, live[m.offer])


def test_matcher_update_before_fit_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        Matcher().update([EVAL.offers[0]])


def test_matcher_update_offer_doc_is_hashable_for_comparison() -> None:
    # the web index compares the doc it holds with a fresh read to skip unchanged offers
    a = EVAL.offers[0]
    assert a == replace(a)
    assert a != replace(a, used=a.used + 1)
    assert isinstance(a, OfferDoc)


@settings(max_examples=examples(25), deadline=None)
@given(
    offer=st.integers(0, len(EVAL.offers) - 1),
    floor=st.sampled_from([0.0, 0.15, 0.3]),
    top=st.integers(1, 8),
)
def test_matcher_update_rank_offer_equals_the_offers_column(
    offer: int, floor: float, top: int
) -> None:
    """The needs one offer fits best: the best of its column of ``score_pairs``.

    Only pairs strong enough on their own to show their need servable are given.
    """
    matcher = Matcher(min_score=floor).fit(EVAL.offers)
    needs = list(EVAL.needs)
    ref = EVAL.offers[offer].ref
    column = matcher.score_pairs(needs)[:, [o.ref for o in matcher.offers_].index(ref)]
    cut = np.float32(max(floor, matcher.serve_score))
    rows = [i for i in range(len(needs)) if needs[i].is_open and column[i] >= cut]
    rows.sort(key=lambda i: (-column[i], needs[i].ref))
    want = [(needs[i].ref, r + 1) for r, i in enumerate(rows[:top])]

    got = matcher.rank_offer(matcher.prepare(needs), ref, top=top)
    assert [(m.need, m.rank) for m in got] == want
    assert np.allclose([m.score for m in got], [column[i] for i in rows[:top]], atol=1e-4)
    assert all(m.offer == ref and m.reasons for m in got)
    # the same pairs as rank gives them, with its scores
    by_rank = {(m.need, m.offer): m.score for m in matcher.rank(needs, top=len(EVAL.offers))}
    assert all(by_rank[(m.need, ref)] == pytest.approx(m.score, abs=1e-4) for m in got)


def test_matcher_update_rank_offer_leaves_out_what_is_not_allowed_and_unknown_offers() -> None:
    matcher = Matcher(min_score=0.0).fit(EVAL.offers)
    batch = matcher.prepare(EVAL.needs)
    ref = EVAL.offers[0].ref
    everyone = matcher.rank_offer(batch, ref, top=len(EVAL.needs))
    assert len(everyone) > 2
    allowed = np.array([n.ref != everyone[0].need for n in EVAL.needs])
    assert [m.need for m in matcher.rank_offer(batch, ref, top=2, allowed=allowed)] == [
        m.need for m in everyone[1:3]
    ]
    assert matcher.rank_offer(batch, "NO-SUCH-OFFER") == []
    matcher.update(remove=[ref])
    assert matcher.rank_offer(matcher.prepare(EVAL.needs), ref) == []
