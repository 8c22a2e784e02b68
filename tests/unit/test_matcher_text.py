"""Folding, the multilingual lexicon and the analyser."""

from __future__ import annotations

import pytest

from matcher.text import Analyzer, Lexicon, default_lexicon, fold, singular
from seed_data.reference import taxonomy

ANALYZE = Analyzer()


def concepts(text: str) -> list[str]:
    return [t for t in ANALYZE(text) if t in default_lexicon().concepts]


def test_matcher_text_fold_strips_accents_case_and_punctuation() -> None:
    assert fold("Équipe d'Intervention — CYBERSÉCURITÉ, œuvre!") == (
        "equipe d intervention cybersecurite oeuvre"
    )
    assert fold("Ciberseguridad: niñas y niños") == "ciberseguridad ninas y ninos"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("incidents", "incident"), ("incidentes", "incidente"), ("process", "process"),
     ("analysis", "analysis"), ("status", "status"), ("dns", "dns")],
)  # fmt: skip
def test_matcher_text_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


SYNONYMS = {
    "csirt": [
        "CSIRT", "CERT", "computer incident response team", "computer emergency response team",
        "équipe de réponse aux incidents", "équipes de réponse aux incidents",
        "equipo de respuesta a incidentes", "Equipo de Respuesta ante Incidentes",
    ],
    "soc": [
        "SOC", "security operations centre", "security operations center",
        "centre des opérations de sécurité", "centro de operaciones de seguridad",
    ],
    "critical_infrastructure": [
        "critical information infrastructure", "critical infrastructure",
        "infrastructures critiques", "infraestructura crítica", "infraestructuras críticas",
        "opérateurs d'importance vitale",
    ],
    "budapest_convention": [
        "Budapest Convention", "Convention on Cybercrime", "Convention de Budapest",
        "Convenio de Budapest",
    ],
    "cybercrime_law": [
        "cybercrime law", "cybercrime legislation", "loi sur la cybercriminalité",
        "ley de ciberdelitos", "ley de delitos informáticos",
    ],
    "awareness": ["awareness", "sensibilisation", "concienciación", "sensibilización"],
    "data_protection": [
        "data protection", "protection des données personnelles", "protección de datos",
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("token", "phrase"), [(token, p) for token, phrases in SYNONYMS.items() for p in phrases]
)
def test_matcher_text_synonyms_meet_in_one_concept(token: str, phrase: str) -> None:
    assert concepts(phrase)[0] == token  # then the concepts its shorter runs name, if any


def test_matcher_text_multiword_phrase_wins_over_its_words() -> None:
    assert concepts("incident response team")[0] == "csirt"
    assert concepts("incident response")[0] == "incident_response"
    assert concepts("security operations centre")[0] == "soc"


def test_matcher_text_a_phrase_also_says_the_concepts_of_its_parts() -> None:
    """A phishing simulation is about phishing: a need that asks for phishing lessons meets it."""
    assert concepts("phishing simulation for civil servants") == [
        "phishing_simulation", "phishing", "simulation", "civil_servant",
    ]  # fmt: skip
    assert concepts("hameçonnage simulé") == ["phishing_simulation", "phishing", "simulation"]
    # the longest run first, without overlaps: "incident response", then "team"
    assert concepts("incident response team") == ["csirt", "incident_response", "team"]
    assert concepts("centre des opérations de la sécurité") == ["soc", "security"]
    assert concepts("phishing") == ["phishing"]  # a one-word phrase has no parts


def test_matcher_text_phrase_bridges_function_words_and_possessives() -> None:
    assert concepts("Fiji's computer emergency response team")[0] == "csirt"
    assert concepts("centre des opérations de la sécurité")[0] == "soc"


def test_matcher_text_analyzer_drops_stop_words_and_numbers() -> None:
    tokens = ANALYZE("We need the 2027 plan for our network and nous avons besoin de la")
    assert "2027" not in tokens
    assert not {"we", "need", "the", "our", "nous", "avons", "besoin"} & set(tokens)
    assert "network" in tokens


def test_matcher_text_lexicon_has_no_conflicts_and_valid_tags() -> None:
    lex = default_lexicon()
    assert lex.conflicts == []
    tax = taxonomy()
    topics = {t["slug"] for t in tax["topics"]}
    support = {s["slug"] for s in tax["support_types"]}
    for concept in lex.concepts.values():
        assert set(concept.topics) <= topics, concept
        assert set(concept.support_types) <= support, concept
    assert len(lex.concepts) > 250
    assert len(lex.variants) > 2000


def test_matcher_text_lexicon_parse_rejects_orphan_variants() -> None:
    with pytest.raises(ValueError, match="before any concept"):
        Lexicon.parse("cert; csirt\n= csirt")


def test_matcher_text_lexicon_tags() -> None:
    topics, support = default_lexicon().tags(["csirt", "scholarship", "unknown"])
    assert topics == {"incident-response"}
    assert support == {"fellowships", "funding"}


@pytest.mark.parametrize(
    "text",
    [
        "Fiji's national CERTs need incident response training",
        "Mise en place d'une équipe de réponse aux incidents (CSIRT) à la Sécurité",
        "Creación de un equipo de respuesta a incidentes para 2025",
        "Cybersécurité: formations & SOC 24/7 — Convention de Budapest",
        "e\u0301quipe de re\u0301ponse aux incidents",  # accents written as combining marks
        "",
        "the of 42",
    ],
)
def test_spans_give_the_analysers_tokens_and_the_words_they_come_from(text):
    analyse = Analyzer()
    spans = analyse.spans(text)
    assert [tok for tok, _, _ in spans] == analyse(text)
    for _, lo, hi in spans:
        assert text[lo:hi].strip() == text[lo:hi]
        assert text[lo:hi]


def test_spans_point_at_the_original_phrase_of_a_concept():
    text = "Support for the national CERTs of Fiji"
    found = {tok: text[lo:hi] for tok, lo, hi in Analyzer().spans(text)}
    assert found["csirt"] == "national CERTs"
    assert found["fiji"] == "Fiji"
