"""The interface's language: the page says which it is in, and a reader may choose another."""

from __future__ import annotations

import pytest


def test_pages_say_their_language_and_direction(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page


def test_with_english_alone_no_language_choice_is_offered(client):
    """A language is offered once its catalogue is compiled: none is yet, so no switcher."""
    assert 'name="language"' not in client.get("/").get_data(as_text=True)


def test_choosing_an_offered_language_returns_to_the_page(client):
    answer = client.post("/language", data={"language": "en", "next": "/offers/?q=csirt"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/offers/?q=csirt"


@pytest.mark.parametrize("elsewhere", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_the_language_choice_never_sends_the_reader_elsewhere(client, elsewhere):
    answer = client.post("/language", data={"language": "en", "next": elsewhere})
    assert answer.headers["Location"] == "/"


def test_a_language_that_is_not_offered_is_refused(client):
    answer = client.post("/language", data={"language": "tlh", "next": "/"})
    assert answer.status_code == 400
    assert "This language is not offered." in answer.get_data(as_text=True)
