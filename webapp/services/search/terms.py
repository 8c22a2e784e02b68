"""What a search compares: the concept tokens and plain words of a text, and a query's units.

A record is indexed under two kinds of term: the matcher's tokens that are lexicon concepts
("CERT", "équipe de réponse aux incidents" -> ``csirt``), and every plain word, folded and made
singular (prefixed ``w:``: ``w:budapest``), since a concept swallows the words of its phrase
("Budapest Convention" -> ``budapest_convention``) and a search for "budapest" must still find it.

A query is read into units, one per token of the matcher's analyser: a concept unit is found by
its concept or by all the plain words it was written with (so "incident response" also finds
"incident response team", which the lexicon reads as ``csirt``); a plain word by that word.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from matcher.text import Analyzer, fold, singular

WORD = "w:"
_MEMO_LIMIT = 1 << 18
_WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")

_analyzer_lock = threading.Lock()
_analyzer: Analyzer | None = None


def analyzer() -> Analyzer:
    """The one analyser of this process (the matcher's, with the built-in lexicon)."""
    global _analyzer  # one compiled lexicon per process
    with _analyzer_lock:
        if _analyzer is None:
            _analyzer = Analyzer()
        return _analyzer


def words(text: str) -> list[tuple[str, int, int]]:
    """The plain words of ``text`` (folded, singular, no stop word or number), with spans."""
    stop = analyzer().stop_words
    out: list[tuple[str, int, int]] = []
    for m in _WORD_RE.finditer(text):
        for piece in fold(m.group()).split():
            if len(piece) < 2 or piece.isdigit() or piece in stop:
                continue
            out.append((singular(piece), m.start(), m.end()))
    return out


def concepts(text: str) -> list[tuple[str, int, int]]:
    """The lexicon concepts of ``text``, with the spans of the words they come from."""
    known = analyzer().lexicon.concepts
    return [s for s in analyzer().spans(text) if s[0] in known]


_plain_memo: dict[str, str] = {}


def terms(text: str) -> list[str]:
    """Every index term of ``text``: its concepts, then its plain words (``w:``).

    The plain words are those of ``words`` (the text folded once rather than word by word).
    """
    analyse = analyzer()
    known = analyse.lexicon.concepts
    found = [t for t in analyse(text) if t in known]
    memo = _plain_memo
    for piece in fold(text).split():
        term = memo.get(piece)
        if term is None:
            keep = len(piece) > 1 and not piece.isdigit() and piece not in analyse.stop_words
            term = WORD + singular(piece) if keep else ""
            if len(memo) < _MEMO_LIMIT:
                memo[piece] = term
        if term:
            found.append(term)
    return found


@dataclass(frozen=True)
class Unit:
    """One thing a query asks for: a concept (or all its words), or a plain word."""

    concept: str | None
    words: tuple[str, ...]

    @property
    def word_terms(self) -> tuple[str, ...]:
        """The plain-word index terms of the unit."""
        return tuple(WORD + w for w in self.words)


#: At most this many units of a query are searched (the old word search took 10 words).
MAX_UNITS = 10


def query_units(q: str) -> list[Unit]:
    """The distinct units of a query, in order ([] when it holds no searchable word)."""
    known = analyzer().lexicon.concepts
    out: list[Unit] = []
    spans: set[tuple[int, int]] = set()
    for tok, lo, hi in analyzer().spans(q):
        if (lo, hi) in spans:
            continue  # a part of the phrase just read ("team" of a CSIRT): the phrase is asked for
        spans.add((lo, hi))
        if tok in known:
            unit = Unit(tok, tuple(dict.fromkeys(w for w, _, _ in words(q[lo:hi]))))
        else:
            unit = Unit(None, (tok,))
        if unit not in out:
            out.append(unit)
    return out[:MAX_UNITS]
