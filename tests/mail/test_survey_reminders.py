"""The survey reminder through a real SMTP server: a State whose last survey is older than
SURVEY_REMIND_DAYS is reminded once per period, each representative in their language, unless
they turned it off (the one-click unsubscribe link too); a State that updated is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import Delivery, Role, SurveyVersion, base, db
from tests.factories import make_user, state
from tests.mail.conftest import html_of, text_of, to
from webapp.services.notices.preferences import choose

START = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
DAYS = 180


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = START + timedelta(days=DAYS + 20)

    monkeypatch.setattr(base, "utcnow", lambda: Clock.now)
    return Clock


def _version(session, iso3: str, at: datetime, number: int = 1) -> None:
    session.add(SurveyVersion(state_id=state(session, iso3).id, number=number, submitted_at=at,
                              snapshot={"dimensions": {}, "factors": {}}))  # fmt: skip


@pytest.fixture
def world(mail_app):
    """Senegal submitted on START (two representatives, French and English, and one who turned
    the reminders off); Kenya submitted 30 days before the clock; Fiji never submitted."""
    mail_app.config["SURVEY_REMIND_DAYS"] = DAYS
    with mail_app.app_context():
        s = db.session
        fr = make_user(s, email="awa@sen.test", name="Awa")
        fr.locale = "fr"
        make_user(s, email="moussa@sen.test", name="Moussa")
        quiet = make_user(s, email="quiet@sen.test", name="Quiet")
        choose(s, quiet, {"survey_reminder": Delivery.OFF})
        make_user(s, state_code="KEN", email="wanjiru@ken.test")
        make_user(s, state_code="FJI", email="mele@fji.test")
        make_user(s, role=Role.FOCAL_POINT, email="fp@un.test")
        _version(s, "SEN", START)
        _version(s, "KEN", START + timedelta(days=DAYS - 10))
        s.commit()


def test_an_old_survey_reminds_each_representative_once_in_their_language(
    mail_app, deliver, world, clock
):
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["awa@sen.test", "moussa@sen.test"]
    by = {to(m): m for m in mails}
    english, french = by["moussa@sen.test"], by["awa@sen.test"]
    assert english["Subject"] == "cbmatch: time to update the needs survey of Senegal"
    assert "was last submitted on 15 January 2027 (version 1)" in text_of(english)
    assert "/survey/history/SEN" in text_of(english)
    assert "/survey/" in html_of(english)
    assert "Sénégal" in french["Subject"]
    assert "15 janvier 2027" in text_of(french)
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert deliver() == [], "the job runs once a day"
    clock.now += timedelta(days=2)
    assert deliver() == [], "a State is reminded once per period"
    clock.now += timedelta(days=DAYS)  # a period later: Senegal again, and Kenya's is old now
    assert sorted(to(m) for m in deliver()) == [
        "awa@sen.test", "moussa@sen.test", "wanjiru@ken.test"
    ]  # fmt: skip


def test_a_state_that_updated_is_not_reminded_and_unsubscribing_stops_the_reminders(
    mail_app, deliver, world, clock
):
    mails = {to(m): m for m in deliver()}
    link = str(mails["moussa@sen.test"]["List-Unsubscribe"]).strip("<>")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    done = mail_app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200

    clock.now += timedelta(days=DAYS + 1)  # Kenya's survey is now old too
    assert sorted(to(m) for m in deliver()) == ["awa@sen.test", "wanjiru@ken.test"]

    with mail_app.app_context():
        _version(db.session, "SEN", clock.now, number=2)  # Senegal updates
        _version(db.session, "KEN", clock.now, number=2)
        db.session.commit()
    clock.now += timedelta(days=DAYS - 1)
    assert deliver() == [], "both updated within the period"
    clock.now += timedelta(days=2)
    assert sorted(to(m) for m in deliver()) == ["awa@sen.test", "wanjiru@ken.test"]


def test_a_reminder_written_before_the_state_updated_is_not_sent(mail_app, deliver, world, clock):
    from webapp.notices.kinds_survey import run_reminders

    with mail_app.app_context():
        outcome = run_reminders(db.session, force=True)  # the notices, not yet composed
        assert (outcome.states, outcome.notices) == (1, 2)
        _version(db.session, "SEN", clock.now, number=2)
        db.session.commit()
        db.session.remove()
    assert deliver() == []


def test_the_cli_writes_the_reminders_now_and_the_sender_sends_them(
    cbmatch, mail_app, smtp, world, clock, monkeypatch
):
    from tests.mail.conftest import FAST

    for name, value in {**FAST, "MAIL_URL": smtp.url, "SURVEY_REMIND_DAYS": DAYS}.items():
        monkeypatch.setenv(f"CBMATCH_{name}", str(value))
    first = cbmatch("mail", "survey-reminders")
    assert first.code == 0, first.stderr
    assert first.stdout.strip() == (
        "Surveys older than 180 days: States reminded: 1; reminders: 2; e-mails written: 2 "
        "(sent by `cbmatch mail send`)."
    )
    again = cbmatch("mail", "survey-reminders")
    assert "States reminded: 0; reminders: 0" in again.stdout
    assert cbmatch("mail", "send").stdout.strip() == "Sent 2, failed 0, left 0."
    assert sorted(to(m) for m in smtp.inbox.received) == ["awa@sen.test", "moussa@sen.test"]
