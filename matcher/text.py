"""Text normalisation: accent folding, the multilingual lexicon as one regex, and the analyser.

The pipeline for a title or description is ``fold`` (lower case, accents and punctuation
removed), then ``Lexicon.substitute`` (function words dropped, then every EN/FR/ES phrase of the
lexicon replaced by its concept token, longest phrase first, in one pass of one precompiled regex),
then a split with stop words removed and other words made singular. Concept tokens are
language-neutral, so a French need and an English offer about the same thing share vocabulary
before TF-IDF ever sees them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from matcher.lexicon import FILLERS, lexicon_text

_SPECIAL = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"), ("\u2019", "'"), ("\u2018", "'"))
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NON_WORD = re.compile(r"[\W_]+")
# a word of the original text, with any combining accents it is written with
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")

#: Folded EN/FR/ES function words and filler verbs dropped before weighting terms.
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your yours us per via within without yet among across upon whose etc
    need needs needed want wants wanted wish like looking look seek seeks seeking would-be
    new current currently already still must may might shall one two three four five six ten
    year years month months week weeks day days time times last next many much several
    including include includes well able way make makes made use used using get gets
    ai aie aient ainsi alors au aucun aussi autre autres aux avec avoir avons ayant bien c ce
    ceci cela celle celles celui ces cet cette chaque comme comment dans de des deux donc dont
    du elle elles en encore entre est et etaient etait ete etre eu fait faire ils je la le
    les leur leurs lui mais me meme mes moins mon ne ni nos notre nous on ont ou par pas peu
    peut plus pour pourrait qu quand que quel quelle quelles quels qui sa sans se ses si son
    sont sur ta te tes toi ton tous tout toute toutes tres tu un une vers vos votre vous y
    souhaitons souhaite souhaitent cherchons besoin besoins afin lors depuis dont aupres
    al algo algun alguna algunas alguno algunos ante antes aqui asi aun cada como con contra
    cual cuales cuando de del desde donde dos el ella ellas ellos en entre era eran es esa
    esas ese eso esos esta estan estar estas este esto estos fue fueron ha hace han hasta hay
    la las le les lo los mas me mi mis mucho muy ni no nos nosotros nuestra nuestras nuestro
    nuestros o otra otras otro otros para pero poco por porque que quien se ser si sin sobre
    solo su sus tambien tan tanto te tiene tienen todo todos tras tu un una unas uno unos
    usted y ya queremos quiere quieren necesitamos necesita necesitan buscamos busca hoy
    segun mediante tras ademas first second third
    """
STOP_WORDS = frozenset(_STOP_TEXT.split())


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, and collapse spaces (plurals are kept)."""
    text = text.lower()
    if not text.isascii():
        for old, new in _SPECIAL:
            text = text.replace(old, new)
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_WORD.sub(" ", text).strip()


def singular(word: str) -> str:
    """Strip a plural 's' from words of four letters or more not ending in -ss, -is or -us.

    Crude but symmetric: both sides of a comparison go through it, and it covers the regular
    plurals of English, French and Spanish ("incidents", "réseaux" aside, "incidentes").
    """
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "siu" and word[-2].isalnum():
        return word[:-1]
    return word


@dataclass(frozen=True)
class Concept:
    """A canonical concept token with the topics and support types it is evidence of."""

    token: str
    topics: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    generic: bool = False


class Lexicon:
    """A parsed lexicon: concepts, their folded variants and the one regex that finds them."""

    def __init__(self, concepts: Iterable[tuple[Concept, Iterable[str]]]) -> None:
        """Compile the lexicon from (concept, variants) pairs.

        Args:
            concepts: Each concept with its variants, written naturally in any language.
        """
        self.concepts: dict[str, Concept] = {}
        self.variants: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []
        for concept, variants in concepts:
            self.concepts[concept.token] = concept
            for variant in variants:
                key = self.key(variant)
                if not key:
                    continue
                known = self.variants.get(key)
                if known is None:
                    self.variants[key] = concept.token
                elif known != concept.token:
                    self.conflicts.append((key, known, concept.token))
        self.pattern = re.compile(r"\b" + _trie_regex(self.variants) + r"\b")
        self.specific = frozenset(t for t, c in self.concepts.items() if not c.generic)
        self._tagged = frozenset(t for t, c in self.concepts.items() if c.topics or c.support_types)
        self._tag_memo: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}
        self._seen: dict[str, str] = {}

    @staticmethod
    def key(phrase: str) -> str:
        """The lookup key of a phrase: folded, singular words, function words removed."""
        return " ".join(singular(w) for w in fold(phrase).split() if w not in FILLERS)

    def concept_of(self, found: str) -> str:
        """The concept token of a phrase the pattern found in folded text (itself if none)."""
        concept = self._seen.get(found)
        if concept is None:
            words = [singular(w) for w in found.split(" ")]
            concept = self.variants.get(" ".join(words), found)
            parts = self._parts(words, concept)
            if parts:
                concept = " ".join([concept, *parts])
            if len(self._seen) < _MEMO_LIMIT:
                self._seen[found] = concept
        return concept

    def _parts(self, words: list[str], whole: str) -> list[str]:
        """The concepts named by shorter runs of a phrase's words, longest first, not overlapping.

        "phishing simulation" is the concept phishing_simulation, and also says phishing.
        """
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            for j in range(n, i, -1):
                if j - i == n:
                    continue
                hit = self.variants.get(" ".join(words[i:j]))
                if hit is not None and hit != whole:
                    out.append(hit)
                    i = j
                    break
            else:
                i += 1
        return out

    def _replace(self, m: re.Match[str]) -> str:
        return self.concept_of(m.group(0))

    def substitute(self, folded: str) -> str:
        """Drop function words from folded text and replace lexicon phrases by concept tokens."""
        text = " ".join([w for w in folded.split(" ") if w not in FILLERS])
        return self.pattern.sub(self._replace, text)

    def tags(self, tokens: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
        """The topics and support types the concept tokens among ``tokens`` are evidence of."""
        tagged = self._tagged
        found = {tok for tok in tokens if tok in tagged}
        key = frozenset(found)
        hit = self._tag_memo.get(key)
        if hit is None:
            topics: set[str] = set()
            support: set[str] = set()
            for tok in found:
                topics.update(self.concepts[tok].topics)
                support.update(self.concepts[tok].support_types)
            hit = (frozenset(topics), frozenset(support))
            if len(self._tag_memo) < _MEMO_LIMIT:
                self._tag_memo[key] = hit
        return hit

    @classmethod
    def parse(cls, text: str) -> Lexicon:
        """Build a lexicon from the text format described in ``matcher.lexicon``."""
        entries: list[tuple[Concept, list[str]]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("="):
                head = line[1:].split()
                concept = Concept(
                    token=head[0],
                    topics=tuple(h[1:] for h in head[1:] if h.startswith("@")),
                    support_types=tuple(h[1:] for h in head[1:] if h.startswith("+")),
                    generic="~" in head[1:],
                )
                entries.append((concept, [concept.token.replace("_", " ")]))
            elif entries:
                entries[-1][1].extend(v.strip() for v in line.split(";") if v.strip())
            else:
                raise ValueError(f"lexicon variants before any concept header: {line!r}")
        return cls(entries)


_MEMO_LIMIT = 1 << 18

# a word may end in a plural "s" (function words are removed from the text before matching)
_SEP = "s? "


_Trie = dict[str, "_Trie"]


def _trie_regex(keys: Iterable[str]) -> str:
    """One regex (a character trie) matching any of ``keys``; each word may take a plural "s"."""
    root: _Trie = {}
    end = ""
    for k in keys:
        node = root
        for ch in k:
            node = node.setdefault(ch, {})
        node[end] = {}
    return _node_regex(root)


def _node_regex(node: _Trie) -> str:
    alts: list[str] = []
    terminal = False
    for ch in sorted(node):
        if ch == "":
            terminal = True
            continue
        child = node[ch]
        literal = [ch]
        while len(child) == 1 and "" not in child:
            (nxt,) = child
            literal.append(nxt)
            child = child[nxt]
        unit = "".join(_SEP if c == " " else re.escape(c) for c in literal)
        alts.append(unit + _node_regex(child))
    if terminal:
        alts.append(r"s?\b")
    if not alts:
        return ""
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


@cache
def default_lexicon() -> Lexicon:
    """The built-in lexicon (``matcher/data/lexicon.txt``), compiled once per process."""
    return Lexicon.parse(lexicon_text())


class Analyzer:
    """Turn a text into tokens: fold, substitute concepts, drop stop words and bare numbers."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        """Create an analyser over ``lexicon`` (the built-in one by default)."""
        self.lexicon = lexicon or default_lexicon()
        self.stop_words = frozenset(fold(w) for w in STOP_WORDS) - self.lexicon.concepts.keys()
        self._norm: dict[str, str] = {}

    def __call__(self, text: str) -> list[str]:
        """Tokens of ``text``, concept tokens included, in order."""
        norm = self._norm
        out = []
        for t in self.lexicon.substitute(fold(text)).split(" "):
            tok = norm.get(t)
            if tok is None:
                tok = self._normalise(t)
            if tok:
                out.append(tok)
        return out

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """The tokens of ``text``, each with the span of the original words it comes from.

        The tokens are those ``__call__`` gives, as ``(token, start, end)`` character offsets.

        "the national CERTs" gives ``[("national", 4, 12), ("csirt", 13, 18)]`` (with the default
        lexicon): a search can mark the words that produced a matched token.
        """
        words: list[tuple[str, int, int]] = []
        for m in _WORD.finditer(text):
            for piece in fold(m.group()).split():
                if piece not in FILLERS:
                    words.append((piece, m.start(), m.end()))
        starts: list[int] = []
        pos = 0
        for w, _, _ in words:
            starts.append(pos)
            pos += len(w) + 1
        out: list[tuple[str, int, int]] = []

        def plain(upto: int) -> None:
            while len(done) < upto:
                w, lo, hi = words[len(done)]
                done.append(w)
                tok = self._norm.get(w)
                tok = self._normalise(w) if tok is None else tok
                if tok:
                    out.append((tok, lo, hi))

        done: list[str] = []
        joined = " ".join(w for w, _, _ in words)
        for m in self.lexicon.pattern.finditer(joined):
            first = bisect_right(starts, m.start()) - 1
            last = bisect_right(starts, m.end() - 1) - 1
            plain(first)
            concept = self.lexicon.concept_of(m.group(0))
            lo, hi = words[first][1], words[last][2]
            for piece in concept.split(" ") if concept not in self.lexicon.concepts else [concept]:
                tok = self._normalise(piece)
                if tok:
                    out.append((tok, lo, hi))
            done.extend(w for w, _, _ in words[len(done) : last + 1])
        plain(len(words))
        return out

    def _normalise(self, t: str) -> str:
        """The token for a word ('' to drop it): concepts as they are, other words singular."""
        if t in self.lexicon.concepts:
            tok = t
        elif len(t) < 2 or t.isdigit() or t in self.stop_words:
            tok = ""
        else:
            tok = singular(t)
            tok = "" if tok in self.stop_words else tok
        if len(self._norm) < _MEMO_LIMIT:
            self._norm[t] = tok
        return tok
