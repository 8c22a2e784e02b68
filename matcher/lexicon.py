"""Multilingual (EN/FR/ES) vocabulary of ICT-security capacity building, mapped to concept tokens.

Each entry starts with a header line ``= token @topic-slug +support-slug`` followed by lines of
variants separated by ``;``. Variants are written naturally, with accents, articles and hyphens;
``matcher.text`` folds them (lower case, no accents, no punctuation, simple plurals) and drops the
function words listed in ``FILLERS`` between the words of a phrase, so "Convenio de Budapest",
"Budapest Convention" and "convention de Budapest" all become the token ``budapest_convention``.

Topic tags (``@``) say which taxonomy topics a concept is evidence of; they are used to infer the
topics of a record from its text. Support tags (``+``) do the same for support types. Tags are kept
for concepts that are specific enough: "training" names a support type, not the "professional
training" topic. A ``~`` marks a generic concept (government, national, framework, ...): it still
joins languages, but it is not weighted up like the specific field concepts are. Keep entries
general field vocabulary, never wording copied from one record.

The entries live in ``matcher/data/lexicon.txt``, a data file shipped with the package that
``lexicon_text`` reads on first use, so importing ``matcher`` stays cheap. Lines starting with
``#`` are comments.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

#: Function words skipped between the words of a phrase (folded EN/FR/ES articles and particles;
#: "s" is what is left of an English possessive once the apostrophe is gone).
_FILLER_TEXT = """
    a an the of and for to on in with by its their s
    de des du la le les d l aux au et pour en sur dans par un une
    del el los las al y para con lo
    """
FILLERS = frozenset(_FILLER_TEXT.split())


@cache
def lexicon_text() -> str:
    """The built-in lexicon, ``matcher/data/lexicon.txt``, read on first use and kept."""
    return (files("matcher") / "data" / "lexicon.txt").read_text(encoding="utf-8")
