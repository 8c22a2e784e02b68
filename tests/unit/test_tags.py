"""Topics and support types suggested from a need's or offer's text (matcher.tags)."""

from __future__ import annotations

import time

import pytest

from matcher.tags import suggest_tags


@pytest.mark.parametrize(
    ("title", "description", "topic", "support"),
    [
        ("National CSIRT", "Training for our incident handlers.", "incident-response", "training"),
        ("", "Créer une équipe de réponse aux incidents et assurer la formation des analystes.",
         "incident-response", "training"),
        ("Equipo de respuesta a incidentes", "Capacitación de los analistas del CSIRT nacional.",
         "incident-response", "training"),
    ],
)  # fmt: skip
def test_english_french_and_spanish_texts_suggest_the_same_labels(
    title, description, topic, support
):
    topics, support_types = suggest_tags(title, description)

    assert topic in topics
    assert support in support_types


def test_french_incident_response_team_alone_suggests_incident_response():
    assert suggest_tags("", "équipe de réponse aux incidents")[0] == ["incident-response"]


def test_french_analyst_training_suggests_the_training_support_type():
    assert "training" in suggest_tags("", "formation des analystes")[1]


def test_the_title_outweighs_a_single_mention_in_the_description():
    # one hit each in the description: slugs tie and come alphabetically
    _, tied = suggest_tags("", "A tabletop exercise and a training course.")
    assert tied[:2] == ["exercises", "training"]
    _, titled = suggest_tags("Training course", "and a tabletop exercise")
    assert titled[:2] == ["training", "exercises"]


def test_more_hits_come_first():
    topics, _ = suggest_tags("", "Critical infrastructure: CSIRT, CERT and incident handling.")
    assert topics[0] == "incident-response"
    assert "critical-infrastructure" in topics


def test_a_text_with_no_field_vocabulary_suggests_nothing():
    assert suggest_tags("Hello", "We would like some help with our garden.") == ([], [])
    assert suggest_tags("", "") == ([], [])


def test_analysing_a_long_description_takes_a_few_milliseconds():
    text = "Our national CERT needs training in malware analysis and a crisis exercise. " * 60
    suggest_tags("warm", "up")
    start = time.perf_counter()
    for i in range(20):
        suggest_tags(f"Incident response {i}", text + str(i))
    assert (time.perf_counter() - start) / 20 < 0.02
