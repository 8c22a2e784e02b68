"""TF-IDF vectors over lexicon-normalised tokens, with concept tokens weighted up.

The TF-IDF here is scikit-learn's ``TfidfVectorizer(sublinear_tf=True, norm=None,
smooth_idf=True)`` over token lists, written out in a few lines of numpy and scipy (a unit test
checks both agree). Importing scikit-learn costs about a second of every ``cbmatch`` start (it
pulls in scipy.stats) for what, on tokens already analysed, is counting.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matcher.text import Analyzer

_MIN_TERM_SHARE = 0.005  # a term contributing less to the cosine is not worth naming
_DENSE_SHARE = 0.02  # a term found in more than this share of the offers is multiplied densely
_MAX_DENSE = 256  # at most this many dense terms (a dense row costs 4 bytes per term and offer)


@dataclass(frozen=True)
class Vectors:
    """Unit-length TF-IDF rows of some texts, and how much of their text the vocabulary missed.

    Attributes:
        matrix: One unit-length row per text (a zero row for an empty text).
        tokens: Token occurrences per text.
        unknown: Token occurrences per text that the vocabulary does not know.
    """

    matrix: sparse.csr_matrix
    tokens: np.ndarray
    unknown: np.ndarray


class TextModel:
    """Learns a vocabulary and IDF from offers; turns any text into unit-length sparse rows.

    Rows are TF-IDF (sublinear term frequency) with the columns of specific (not generic)
    concept tokens multiplied by ``concept_weight``, then L2-normalised. A need's words that no
    offer uses still count in its norm (with the largest IDF), so a need full of words nobody
    offers is not made to look close to an offer through the few words it shares.
    """

    def __init__(self, analyzer: Analyzer, *, concept_weight: float, title_weight: int) -> None:
        """Store the analyser and weights; nothing is learned until ``fit``."""
        self.analyzer = analyzer
        self.concept_weight = concept_weight
        self.title_weight = title_weight

    def tokens(self, title: str, description: str) -> list[str]:
        """Tokens of the title (counted ``title_weight`` times) and of the description.

        The title is analysed once and its tokens repeated; no lexicon phrase spans the title and
        the description.
        """
        head = self.analyzer(title)
        return head * self.title_weight + self.analyzer(description)

    def fit(self, docs: Sequence[list[str]]) -> TextModel:
        """Learn the vocabulary and IDF from token lists; returns self."""
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        terms = sorted(df)
        self.vocabulary_: dict[str, int] = {t: i for i, t in enumerate(terms)}
        self.terms_ = np.array(terms, dtype=object)
        n = len(docs)
        counts = np.array([df[t] for t in terms], dtype=np.float64)
        self.idf_ = (np.log((1.0 + n) / (1.0 + counts)) + 1.0).astype(np.float32)
        boosted = self.analyzer.lexicon.specific
        self.column_weight_ = np.array(
            [self.concept_weight if t in boosted else 1.0 for t in terms], dtype=np.float32
        )
        self._column_scale = self.idf_ * self.column_weight_
        self.oov_idf_ = float(math.log(1 + n) + 1.0)
        return self

    def transform(
        self, docs: Sequence[list[str]], *, count_unknown: bool = True
    ) -> sparse.csr_matrix:
        """Unit-length rows (zero rows for empty texts) for token lists."""
        return self.vectors(docs, count_unknown=count_unknown).matrix

    def vectors(self, docs: Sequence[list[str]], *, count_unknown: bool = True) -> Vectors:
        """Unit-length rows for token lists, with token and unknown-token counts per text.

        With ``count_unknown``, words the vocabulary does not know count in a row's norm.
        """
        n, v = len(docs), len(self.vocabulary_)
        vocab = self.vocabulary_
        indptr = np.zeros(n + 1, dtype=np.int64)
        indices: list[int] = []
        counts: list[int] = []
        n_tokens = np.zeros(n, dtype=np.int64)
        n_unknown = np.zeros(n, dtype=np.int64)
        unknown_mass = np.zeros(n, dtype=np.float64)
        concepts = self.analyzer.lexicon.specific
        for row, doc in enumerate(docs):
            n_tokens[row] = len(doc)
            missing = 0
            for tok, c in Counter(doc).items():
                j = vocab.get(tok)
                if j is not None:
                    indices.append(j)
                    counts.append(c)
                    continue
                missing += c
                if count_unknown:
                    w = (1.0 + math.log(c)) * self.oov_idf_
                    w *= self.concept_weight if tok in concepts else 1.0
                    unknown_mass[row] += w * w
            n_unknown[row] = missing
            indptr[row + 1] = len(indices)
        if v == 0:
            empty = sparse.csr_matrix((n, 0), dtype=np.float32)
            return Vectors(empty, n_tokens, n_unknown)
        cols = np.array(indices, dtype=np.int32)
        data = (1.0 + np.log(np.array(counts, dtype=np.float32))) * self._column_scale[cols]
        lengths = np.diff(indptr)
        entry_row = np.repeat(np.arange(n), lengths)
        squares = np.square(data, dtype=np.float64)
        sq = np.bincount(entry_row, weights=squares, minlength=n).astype(np.float64) + unknown_mass
        inv = np.divide(1.0, np.sqrt(sq), out=np.zeros(n, dtype=np.float64), where=sq > 0)
        data *= inv.astype(np.float32)[entry_row]
        x = sparse.csr_matrix((data, cols, indptr), shape=(n, v))
        x.sort_indices()
        return Vectors(x, n_tokens, n_unknown)

    def shared_terms(
        self,
        needs: sparse.csr_matrix,
        need_rows: np.ndarray,
        offers: sparse.csr_matrix,
        offer_rows: np.ndarray,
        k: int,
    ) -> list[list[str]]:
        """The ``k`` terms contributing most to the cosine of each pair, largest first.

        Pair p is (need row ``need_rows[p]``, offer row ``offer_rows[p]``); terms contributing
        less than 0.005 are left out.
        """
        n = len(need_rows)
        if k <= 0 or n == 0:
            return [[] for _ in range(n)]
        prod = sparse.csr_matrix(needs[need_rows].multiply(offers[offer_rows]))
        prod.eliminate_zeros()
        counts = np.diff(prod.indptr)
        entry_row = np.repeat(np.arange(n), counts)
        keep = prod.data >= _MIN_TERM_SHARE
        entry_row, cols, vals = entry_row[keep], prod.indices[keep], prod.data[keep]
        order = np.lexsort((cols, -vals, entry_row))
        entry_row, cols = entry_row[order], cols[order]
        first = np.searchsorted(entry_row, entry_row, side="left")
        top = np.arange(len(entry_row)) - first < k
        entry_row, cols = entry_row[top], cols[top]
        names = self.terms_[cols].tolist()
        bounds = np.searchsorted(entry_row, np.arange(n + 1)).tolist()
        return [names[a:b] for a, b in itertools.pairwise(bounds)]


class OfferVectors:
    """The offers' unit TF-IDF rows, kept for fast products with batches of need rows.

    A sparse product of need rows with offer rows costs, per term, the number of needs times the
    number of offers that use it: the few terms that many offers use (more than 2% of them,
    at most 256 terms) make most of that work. Those terms are kept as a dense block
    (terms x offers) multiplied by BLAS; the other terms stay sparse and their product is added
    in. The result is the same cosine, several times faster. Which terms are dense is decided
    once, from a sample of offer rows (those of the fit); rows are then added with ``append``.
    """

    def __init__(self, sample: sparse.csr_matrix) -> None:
        """Choose the dense terms from ``sample`` (offers x terms); no row is kept yet."""
        rows = sample
        n, v = rows.shape
        df = np.bincount(rows.indices, minlength=v)
        top = np.argsort(-df, kind="stable")[:_MAX_DENSE]
        self.dense_terms = np.sort(top[df[top] > _DENSE_SHARE * max(n, 1)])
        is_dense = np.zeros(v, dtype=bool)
        is_dense[self.dense_terms] = True
        self.sparse_terms = np.flatnonzero(~is_dense)
        self.rows = sparse.csr_matrix((0, v), dtype=np.float32)
        self._dense = np.zeros((len(self.dense_terms), 0), dtype=np.float32)
        self._size = 0
        self._sparse_t = sparse.csr_matrix((len(self.sparse_terms), 0), dtype=np.float32)

    def __len__(self) -> int:
        """How many offer rows are kept."""
        return self._size

    def append(self, rows: sparse.csr_matrix) -> None:
        """Add offer rows after the existing ones."""
        k = rows.shape[0]
        if k == 0:
            return
        end = self._size + k
        if end > self._dense.shape[1]:  # grow by half, so that appending one at a time is cheap
            grown = np.zeros((len(self.dense_terms), max(end, self._size * 3 // 2)), np.float32)
            grown[:, : self._size] = self._dense[:, : self._size]
            self._dense = grown
        self._dense[:, self._size : end] = rows[:, self.dense_terms].toarray().T
        self._size = end
        self.rows = sparse.csr_matrix(sparse.vstack([self.rows, rows]), dtype=np.float32)
        self._sparse_t = sparse.csr_matrix(self.rows[:, self.sparse_terms].T, dtype=np.float32)

    def split(self, needs: sparse.csr_matrix) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """Need rows cut into their dense-term and sparse-term columns, for ``cosines``."""
        return (
            sparse.csr_matrix(needs[:, self.dense_terms]),
            sparse.csr_matrix(needs[:, self.sparse_terms]),
        )

    def cosines(self, dense_part: sparse.csr_matrix, sparse_part: sparse.csr_matrix) -> np.ndarray:
        """Every offer row times the need rows (as split by ``split``): offers x needs, float32.

        Offers come first so that gathering per-offer values for all needs copies whole rows.
        """
        out = np.asarray(
            self._dense[:, : self._size].T @ dense_part.toarray().T, dtype=np.float32, order="C"
        )
        rest = sparse.csr_matrix(sparse_part @ self._sparse_t)
        if rest.nnz:
            rows = np.repeat(np.arange(rest.shape[0]), np.diff(rest.indptr))
            out[rest.indices, rows] += rest.data
        return out
