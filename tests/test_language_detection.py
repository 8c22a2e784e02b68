"""Detecting the language a need or offer is written in, and how its text is marked for it."""

from __future__ import annotations

import pytest

from webapp.services import text_language
from webapp.services.language import Speaker, speaking

SAMPLES = [
    ("fr", "Renforcement des capacités du CERT national",
     "Formation des analystes à la réponse aux incidents informatiques et à l'analyse des "
     "logiciels malveillants."),
    ("es", "Creación de capacidad para el equipo nacional de respuesta",
     "Formación de los analistas en la respuesta a incidentes y en el análisis forense."),
    ("ar", "بناء القدرات في مجال الاستجابة للحوادث السيبرانية",
     "تدريب المحللين في الفريق الوطني على تحليل البرمجيات الخبيثة."),
    ("zh", "国家计算机应急响应小组的能力建设",
     "培训分析人员处理网络安全事件和分析恶意软件。"),
    ("ru", "Укрепление потенциала национальной группы реагирования",
     "Обучение аналитиков реагированию на компьютерные инциденты и анализу вредоносных программ."),
    ("en", "Malware analysis for the national CERT",
     "Six analysts, no malware lab; samples go abroad and come back weeks later."),
    ("pt", "Formação da equipa nacional de resposta a incidentes",
     "Os analistas precisam de aprender a analisar programas maliciosos."),
]  # fmt: skip


@pytest.mark.parametrize(("code", "title", "description"), SAMPLES)
def test_a_clear_text_is_detected_in_its_language(code, title, description):
    assert text_language.detect(title, description) == code


@pytest.mark.parametrize("title", ["CERT", "SOC", "Hello", "PKI audit", "网络", ""])
def test_too_short_a_text_gives_no_language(title):
    assert text_language.detect(title) is None


def test_the_authors_choice_outweighs_detection():
    _, title, description = SAMPLES[0]
    assert text_language.written_in("es", title, description) == "es"
    assert text_language.written_in(None, title, description) == "fr"


def test_the_form_shows_a_stored_language_only_when_its_author_chose_it():
    _, title, description = SAMPLES[0]
    assert text_language.shown_choice("fr", title, description) == ""  # detection gives it
    assert text_language.shown_choice("es", title, description) == "es"
    assert text_language.shown_choice(None, title, description) == ""


def test_arabic_text_is_marked_right_to_left_and_an_unknown_language_left_to_the_browser():
    assert text_language.html_attributes("ar") == {"lang": "ar", "dir": "rtl"}
    assert text_language.html_attributes("fa")["dir"] == "rtl"
    assert text_language.html_attributes("zh") == {"lang": "zh", "dir": "ltr"}
    assert text_language.html_attributes(None) == {"dir": "auto"}


def test_the_languages_on_offer_are_named_in_the_readers_language():
    assert ("fr", "French") in text_language.choices()
    with speaking(Speaker(code="fr")):
        named = dict(text_language.choices())
    assert named["fr"] == "français"
    assert named["zh"] == "chinois"
    assert set(named) == set(text_language.DETECTED)
