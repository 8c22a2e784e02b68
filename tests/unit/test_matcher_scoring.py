"""Scores, ranking, thresholds and cross-language matching of ``Matcher``; the baseline."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from matcher import Matcher, NeedDoc, OfferDoc, baseline_rank
from matcher.lexicon import lexicon_text
from matcher.text import Lexicon
from seed_data.reference import states, taxonomy
from tests.conftest import examples

STATES = states()
TOPICS = [t["slug"] for t in taxonomy()["topics"]]
SUPPORT = [s["slug"] for s in taxonomy()["support_types"]]


def need(ref: str, title: str, description: str, **kw: object) -> NeedDoc:
    code = str(kw.pop("state", "SEN"))
    return NeedDoc(ref, code, STATES[code].tags(), title, description, **kw)  # type: ignore[arg-type]


def offer(ref: str, title: str, description: str, **kw: object) -> OfferDoc:
    return OfferDoc(ref, "Provider", "ngo", title, description, **kw)  # type: ignore[arg-type]


CATALOGUE = [
    offer(
        "csirt",
        "Setting up a national CSIRT",
        "We help governments establish a national computer security incident response team: "
        "mandate, services, incident handling procedures and training of analysts.",
        languages=("en", "fr", "es"),
    ),
    offer(
        "soc",
        "Security operations centre design",
        "Design of a government security operations centre, SIEM deployment and coaching of the "
        "first SOC analysts.",
        languages=("en", "fr", "es"),
    ),
    offer(
        "cii",
        "Critical information infrastructure protection",
        "Methodology to identify critical information infrastructure operators in energy, "
        "telecommunications and finance, and to set minimum security requirements.",
        languages=("en", "fr", "es"),
    ),
    offer(
        "law",
        "Cybercrime legislation review",
        "Legal experts review draft cybercrime laws against the Budapest Convention, including "
        "procedural powers and mutual legal assistance.",
        languages=("en", "fr", "es"),
    ),
    offer(
        "kids",
        "Child online protection campaign",
        "A public awareness campaign for children, parents and teachers about cyberbullying and "
        "online safety.",
        languages=("en", "fr", "es"),
    ),
    offer(
        "women",
        "Women in cyber fellowship",
        "Mentoring and fellowships for women starting careers in cybersecurity.",
        languages=("en", "fr", "es"),
    ),
]
FITTED = Matcher().fit(CATALOGUE)


def top1(n: NeedDoc) -> str | None:
    ranked = FITTED.rank_need(n, top=3)
    return ranked[0].offer if ranked else None


# ---------------------------------------------------------------- cross-language synonyms
@pytest.mark.parametrize(
    ("lang", "title", "description", "expected"),
    [
        (
            "fr",
            "Création du CERT national",
            "Nous voulons créer une équipe de réponse aux incidents de sécurité informatique et "
            "former ses premiers analystes.",
            "csirt",
        ),
        (
            "es",
            "Equipo de respuesta a incidentes",
            "Queremos establecer un equipo de respuesta a incidentes para el gobierno.",
            "csirt",
        ),
        (
            "fr",
            "Centre des opérations de sécurité",
            "Mettre en place un centre des opérations de sécurité pour surveiller les réseaux de "
            "l'administration.",
            "soc",
        ),
        (
            "es",
            "Centro de operaciones de seguridad",
            "Necesitamos diseñar un centro de operaciones de seguridad con un SIEM.",
            "soc",
        ),
        (
            "fr",
            "Protection des infrastructures critiques",
            "Recenser les opérateurs d'importance vitale et fixer des exigences minimales.",
            "cii",
        ),
        (
            "es",
            "Infraestructura crítica",
            "Proteger la infraestructura crítica de información de los sectores de energía.",
            "cii",
        ),
        (
            "fr",
            "Loi sur la cybercriminalité",
            "Réviser notre projet de loi sur la cybercriminalité au regard de la Convention de "
            "Budapest.",
            "law",
        ),
        (
            "es",
            "Ley de ciberdelitos",
            "Revisar el anteproyecto de ley de delitos informáticos frente al Convenio de "
            "Budapest.",
            "law",
        ),
    ],
)
def test_matcher_scoring_cross_language_finds_english_offer(
    lang: str, title: str, description: str, expected: str
) -> None:
    assert top1(need("n", title, description, languages=(lang,))) == expected


def test_matcher_scoring_nothing_relevant_gets_no_suggestion() -> None:
    n = need(
        "n",
        "Satellite ground stations",
        "Protecting satellite telemetry links against jamming in remote provinces.",
    )
    assert FITTED.rank_need(n, top=5) == []


def test_matcher_scoring_inferred_topics_count_as_topic_signal() -> None:
    text = ("National CSIRT", "We will establish a computer emergency response team.")
    plain = need("n", *text)
    with_topic = need("n", *text, topics=("incident-response",))
    score_plain = FITTED.score_pairs([plain])[0, 0]
    assert score_plain == pytest.approx(FITTED.score_pairs([with_topic])[0, 0])
    # the same concept tokens, but no topic tags: nothing is inferred, so the score drops
    tagless = Lexicon.parse(re.sub(r" [@+][a-z-]+", "", lexicon_text()))
    offers = [replace(CATALOGUE[0], topics=("incident-response",))]
    with_tags = Matcher().fit(offers).score_pairs([plain])[0, 0]
    without = Matcher(lexicon=tagless).fit(offers).score_pairs([plain])[0, 0]
    assert with_tags > without


# ---------------------------------------------------------------- ranking behaviour
def test_matcher_scoring_ranks_are_ordered_and_bounded() -> None:
    n = need("n", "CSIRT and SOC", "A national CSIRT and a security operations centre with SIEM.")
    ranked = Matcher(min_score=0.0).fit(CATALOGUE).rank([n], top=4)
    assert [m.rank for m in ranked] == [1, 2, 3, 4]
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    assert {ranked[0].offer, ranked[1].offer} == {"csirt", "soc"}


def test_matcher_scoring_rank_groups_needs_in_given_order() -> None:
    a = need("a", "Awareness", "Online safety campaign for children and parents.")
    b = need("b", "CSIRT", "Set up a national CSIRT.")
    refs = [m.need for m in FITTED.rank([b, a], top=2)]
    assert refs == sorted(refs, key=["b", "a"].index)
    assert FITTED.rank_need(b, top=2) == [m for m in FITTED.rank([b, a], top=2) if m.need == "b"]


def test_matcher_scoring_min_score_threshold() -> None:
    n = need("n", "CSIRT", "Set up a national CSIRT with incident handling procedures.")
    assert all(m.score >= 0.5 for m in Matcher(min_score=0.5).fit(CATALOGUE).rank([n], top=6))
    assert len(Matcher(min_score=0.0).fit(CATALOGUE).rank([n], top=6)) == 6


def test_matcher_scoring_priority_and_capacity_signals() -> None:
    n = need("n", "CSIRT", "Set up a national CSIRT.")
    s_high = FITTED.score_pairs([replace(n, priority="high")])[0, 0]
    s_low = FITTED.score_pairs([replace(n, priority="low")])[0, 0]
    assert s_high > s_low
    roomy = replace(CATALOGUE[0], ref="roomy", capacity=5)
    tight = replace(CATALOGUE[0], ref="tight", capacity=5, used=4)
    assert [m.offer for m in Matcher().fit([tight, roomy]).rank([n], top=2)] == ["roomy", "tight"]


def test_matcher_scoring_errors_and_edge_cases() -> None:
    n = need("n", "CSIRT", "Set up a national CSIRT.")
    with pytest.raises(RuntimeError):
        Matcher().score_pairs([n])
    with pytest.raises(ValueError, match="min_score"):
        Matcher(min_score=1.5).fit(CATALOGUE)
    with pytest.raises(ValueError, match="weights"):
        Matcher(text_weight=0, topic_weight=0, support_weight=0).fit(CATALOGUE)
    assert Matcher().fit([]).rank([n]) == []
    assert FITTED.rank([n], top=0) == []
    assert Matcher().rank([n]) == []  # not fitted, nothing to rank against


# ---------------------------------------------------------------- properties
WORDS = [
    "csirt", "incident", "response", "équipe", "réponse", "incidents", "soc", "siem", "malware",
    "forensics", "police", "training", "formation", "capacitación", "budapest", "convention",
    "ley", "ciberdelitos", "awareness", "children", "strategy", "estrategia", "nationale",
    "critical", "infrastructure", "infraestructura", "crítica", "women", "mujeres", "data",
]  # fmt: skip
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
SLUGS = st.lists(st.sampled_from(TOPICS), max_size=3, unique=True).map(tuple)
SUPPORTS = st.lists(st.sampled_from(SUPPORT), max_size=2, unique=True).map(tuple)


@st.composite
def pair_docs(draw: st.DrawFn) -> tuple[NeedDoc, OfferDoc]:
    n = need(
        "n",
        draw(TEXT),
        draw(TEXT),
        topics=draw(SLUGS),
        support_types=draw(SUPPORTS),
        priority=draw(st.sampled_from(["high", "medium", "low"])),
    )
    capacity = draw(st.integers(1, 4))
    o = offer(
        "o",
        draw(TEXT),
        draw(TEXT),
        topics=draw(SLUGS),
        support_types=draw(SUPPORTS),
        capacity=capacity,
        used=draw(st.integers(0, capacity - 1)),
    )
    return n, o


OTHERS = [replace(o, ref=f"x{i}") for i, o in enumerate(CATALOGUE)]


@settings(max_examples=examples(60), deadline=None)
@given(pair_docs())
def test_matcher_scoring_scores_within_unit_interval(docs: tuple[NeedDoc, OfferDoc]) -> None:
    n, o = docs
    scores = Matcher().fit([o, *OTHERS]).score_pairs([n])
    assert np.isfinite(scores).all()
    assert ((scores >= 0.0) & (scores <= 1.0)).all()


@settings(max_examples=examples(30), deadline=None)
@given(pair_docs())
def test_matcher_scoring_is_deterministic(docs: tuple[NeedDoc, OfferDoc]) -> None:
    n, o = docs
    first = Matcher(min_score=0.0).fit([o, *OTHERS]).rank([n, replace(n, ref="m")], top=4)
    again = Matcher(min_score=0.0).fit([o, *OTHERS]).rank([n, replace(n, ref="m")], top=4)
    assert first == again


@settings(max_examples=examples(80), deadline=None)
@given(pair_docs(), st.sampled_from(TOPICS), st.booleans())
def test_matcher_scoring_shared_topic_never_lowers_score(
    docs: tuple[NeedDoc, OfferDoc], topic: str, offer_already_has_it: bool
) -> None:
    n, o = docs
    if offer_already_has_it:
        o = replace(o, topics=(*o.topics, topic)) if topic not in o.topics else o
    assume(topic not in n.topics)
    before = Matcher().fit([o, *OTHERS]).score_pairs([n])[0, 0]
    n2 = replace(n, topics=(*n.topics, topic))
    o2 = o if topic in o.topics else replace(o, topics=(*o.topics, topic))
    after = Matcher().fit([o2, *OTHERS]).score_pairs([n2])[0, 0]
    assert after >= before - 1e-6


def test_matcher_scoring_declared_topic_adds_to_inferred_ones() -> None:
    # the need declares nothing; its text gives incident response and professional training
    n = need("n", "CSIRT professional development", "Professional development for CSIRT staff.")
    o = offer(
        "o",
        "CSIRT training",
        "Professional development for CSIRT staff.",
        topics=("incident-response", "professional-training", "gender"),
    )
    before = Matcher().fit([o, *OTHERS]).score_pairs([n])[0, 0]
    after = Matcher().fit([o, *OTHERS]).score_pairs([replace(n, topics=("gender",))])[0, 0]
    assert after >= before


# ---------------------------------------------------------------- baseline
def test_matcher_scoring_baseline_has_no_rules_and_no_threshold() -> None:
    blocked = replace(CATALOGUE[0], eligible=("Caribbean",), languages=("es",))
    n = need("n", "National CSIRT", "Set up a national CSIRT.", languages=("fr",))
    ranked = baseline_rank([n], [blocked, *CATALOGUE[1:]], top=3)
    assert [m.rank for m in ranked] == [1, 2, 3]
    assert ranked[0].offer == "csirt"
    assert baseline_rank([n], [], top=3) == []
