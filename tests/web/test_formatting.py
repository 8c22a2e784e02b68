"""Dates, numbers and the calendar's weeks as the reader's language writes them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from webapp import formatting


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "3 December 2026"),
        ("fr", "3 décembre 2026"),
        ("es", "3 de diciembre de 2026"),
        ("ru", "3 декабря 2026\u202fг."),
        ("zh", "2026年12月3日"),
        ("ar", "3 ديسمبر 2026"),
    ],
)
def test_a_date_is_written_as_the_reader_writes_it(app, language, written):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert formatting.day(date(2026, 12, 3)) == written


def test_scores_periods_and_times_follow_the_reader(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert formatting.score(0.8712) == "0,87"
        assert formatting.percent(0.87) == "87\xa0%"
        assert formatting.span(date(2027, 3, 3), date(2027, 3, 5)) == "3–5 mars 2027"
        assert formatting.span(date(2027, 9, 3), date(2027, 9, 3)) == "3 sept. 2027"  # as a period
        assert formatting.month(date(2027, 3, 1)) == "mars 2027"
        assert formatting.moment(datetime(2026, 12, 3, 14, 5)) == "3 déc. 2026, 14:05"


def _weekday_headers(client, language: str) -> list[str]:
    page = client.get("/calendar?month=2027-03", headers={"Accept-Language": language}).text
    head = page.split('<table class="cal-grid"', 1)[1].split("</thead>", 1)[0]
    return [cell.split('title="', 1)[1].split('"', 1)[0] for cell in head.split("<abbr")[1:]]


def test_the_calendar_week_starts_where_the_readers_week_starts(client):
    assert _weekday_headers(client, "fr")[0] == "lundi"
    assert _weekday_headers(client, "en")[0] == "Monday"
    arabic = _weekday_headers(client, "ar")
    assert arabic[0] == "السبت"  # Saturday, as in most Arabic-speaking States
    assert arabic[-1] == "الجمعة"


def test_the_calendar_month_is_named_in_the_readers_language(client):
    page = client.get("/calendar?month=2027-03", headers={"Accept-Language": "es"}).text
    assert '<h2 id="cal-month">marzo de 2027</h2>' in page


def test_a_sides_answer_in_the_history_is_said_in_the_readers_language(app):
    from webapp.presentation import answer_note

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert answer_note("The State accepted. Merci, nous sommes prêts.") == (
            "L'État a accepté.",
            "Merci, nous sommes prêts.",
        )
        assert answer_note("The provider declined.") == ("Le prestataire a refusé.", "")
        assert answer_note("Une note libre.") == (None, "Une note libre.")
