"""The daily summary through a real SMTP server: notices a person chose to get daily wait for it;
once a day each person gets one e-mail with every item, in their language, and never the same
item twice, even when two processes run the job at once. "Off" writes no notice at all, and the
one-click unsubscribe shows as "off" on the settings page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from models import Delivery, Notice, NoticeStatus, Role, ScheduledRun, User, UserStatus, db
from tests.factories import make_user
from tests.mail.conftest import html_of, text_of, to
from tests.survey_support import is_checked, login
from webapp.notices import digest
from webapp.services.notices import preferences
from webapp.services.notices.record import focal_points, notify
from webapp.services.notices.schedule import last_run

MORNING = datetime(2027, 1, 4, 5, 0, tzinfo=UTC)  # before DAILY_DIGEST_HOUR (7)
LATER = datetime(2027, 1, 4, 8, 30, tzinfo=UTC)
PEOPLE = ("Mele Tupou", "Awa Diop", "Kai Tanaka")


@pytest.fixture
def now(monkeypatch):
    """The digest job's clock, set by the test."""
    moment = {"at": MORNING}
    monkeypatch.setattr(digest, "clock", lambda: moment["at"])
    return moment


def _world(app, *, daily=("fp.en@un.test", "fp.es@un.test")):
    """Three focal points (one reading Spanish); ``daily`` want registrations in the summary."""
    with app.app_context():
        session = db.session()
        es = make_user(session, role=Role.FOCAL_POINT, email="fp.es@un.test", name="Lucía")
        es.locale = "es"
        make_user(session, role=Role.FOCAL_POINT, email="fp.en@un.test", name="Sam")
        make_user(session, role=Role.FOCAL_POINT, email="fp.now@un.test", name="Noor")
        for user in session.scalars(select(User).where(User.email.in_(daily))):
            preferences.choose(session, user, {"account_waiting": Delivery.DAILY})
        session.commit()


def _register(app, names=PEOPLE) -> list[int]:
    """Pending accounts, each telling the focal points as a registration does."""
    ids = []
    with app.app_context():
        session = db.session()
        for name in names:
            email = name.lower().replace(" ", ".") + "@example.org"
            person = make_user(session, email=email, name=name)
            person.status = UserStatus.PENDING
            session.flush()
            notify(session, "account_waiting", focal_points(session), account=person.id)
            ids.append(person.id)
        session.commit()
    return ids


def test_daily_notices_wait_for_one_summary_per_person_in_their_language(mail_app, deliver, now):
    _world(mail_app)
    _register(mail_app)
    first = deliver()
    assert sorted(to(m) for m in first) == ["fp.now@un.test"] * 3, "only the immediate ones"
    now["at"] = LATER
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["fp.en@un.test", "fp.es@un.test"]
    by = {to(m): m for m in mails}
    english, spanish = by["fp.en@un.test"], by["fp.es@un.test"]
    assert english["Subject"] == "Your cbmatch summary for 4 January 2027"
    assert spanish["Subject"] == "Su resumen de cbmatch del 4 de enero de 2027"
    for mail in (english, spanish):
        text, html = text_of(mail), html_of(mail)
        for name in PEOPLE:
            assert name in text
            assert name in html
        assert len(re.findall(r"http://\S+/auth/accounts\b", text)) >= 3
        assert "List-Unsubscribe" not in mail, "the summary itself is not a kind to turn off"
        assert "/notifications/" in text
    assert "A registration waits for approval" in text_of(english)
    assert "A registration waits for approval" not in text_of(spanish)
    assert "Hola, Lucía" in text_of(spanish)
    assert deliver() == [], "today's summary is sent once"
    # Tomorrow: the items were marked, so nothing is told again.
    now["at"] = LATER + timedelta(days=1)
    assert deliver() == []
    with mail_app.app_context():
        told = db.session.scalars(select(Notice.status).where(Notice.delivery == Delivery.DAILY))
        assert set(told) == {NoticeStatus.DIGESTED}


def test_the_link_of_an_item_opens_its_page(mail_app, deliver, now):
    _world(mail_app)
    _register(mail_app, names=("Mele Tupou",))
    now["at"] = LATER
    mail = {to(m): m for m in deliver()}["fp.en@un.test"]
    link = re.search(r"http://[^/\s]+(/auth/accounts\S*)", text_of(mail))
    assert link
    client = mail_app.test_client()
    with mail_app.app_context():
        focal = db.session.scalars(select(User).where(User.email == "fp.en@un.test")).one()
    login(client, focal)
    assert client.get(link.group(1)).status_code == 200


def test_items_with_nothing_left_to_tell_are_left_out_and_no_item_means_no_mail(
    mail_app, deliver, now
):
    _world(mail_app, daily=("fp.en@un.test",))
    ids = _register(mail_app, names=("Mele Tupou", "Awa Diop"))
    deliver()
    with mail_app.app_context():  # one registration is decided before the summary
        db.session.execute(update(User).where(User.id == ids[0]).values(status=UserStatus.ACTIVE))
        db.session.commit()
    now["at"] = LATER
    mails = deliver()
    assert [to(m) for m in mails] == ["fp.en@un.test"]
    assert "Awa Diop" in text_of(mails[0])
    assert "Mele Tupou" not in text_of(mails[0])
    assert "1 item" in text_of(mails[0])
    # Everything decided: the next day's summary has nothing to say, so it is not sent.
    (kai,) = _register(mail_app, names=("Kai Tanaka",))
    with mail_app.app_context():
        db.session.execute(update(User).where(User.id == kai).values(status=UserStatus.ACTIVE))
        db.session.commit()
    now["at"] = LATER + timedelta(days=1)
    assert deliver() == []
    with mail_app.app_context():
        statuses = db.session.scalars(select(Notice.status).where(Notice.delivery == "daily"))
        assert NoticeStatus.PENDING not in set(statuses)


def test_two_processes_running_the_job_at_once_send_each_summary_once(
    mail_app, deliver, now, monkeypatch
):
    _world(mail_app)
    _register(mail_app)
    deliver()
    now["at"] = LATER
    real_claim = digest.claim
    other_ran = []

    def claim_after_the_other(session, name, when, mark=None):
        if not other_ran:  # the other process found it due too, and claims first
            other_ran.append(True)
            other = sessionmaker(bind=db.engine)()
            try:
                other_ran.append(digest.daily_digest(other))
            finally:
                other.close()
        return real_claim(session, name, when, mark)

    monkeypatch.setattr(digest, "claim", claim_after_the_other)
    with mail_app.app_context():
        last_run(db.session(), digest.DAILY)
        db.session.commit()
        mine = sessionmaker(bind=db.engine)()
        try:
            assert digest.daily_digest(mine) == 0, "the claim was taken: this process stops"
        finally:
            mine.close()
    assert other_ran == [True, 2]
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["fp.en@un.test", "fp.es@un.test"]


def test_off_writes_no_notice_at_all(mail_app, deliver, now):
    _world(mail_app, daily=())
    with mail_app.app_context():
        session = db.session()
        sam = session.scalars(select(User).where(User.email == "fp.en@un.test")).one()
        preferences.choose(session, sam, {"account_waiting": Delivery.OFF})
        session.commit()
        sam_id = sam.id
    _register(mail_app, names=("Mele Tupou",))
    with mail_app.app_context():
        assert db.session.scalars(select(Notice).where(Notice.user_id == sam_id)).all() == []
    now["at"] = LATER
    assert sorted(to(m) for m in deliver()) == ["fp.es@un.test", "fp.now@un.test"]


def test_one_click_unsubscribe_shows_as_off_on_the_settings_page(mail_app, deliver, now):
    _world(mail_app, daily=())
    _register(mail_app, names=("Mele Tupou",))
    mail = {to(m): m for m in deliver()}["fp.now@un.test"]
    url = str(mail["List-Unsubscribe"]).strip("<>")
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    done = mail_app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    with mail_app.app_context():
        noor = db.session.scalars(select(User).where(User.email == "fp.now@un.test")).one()
    client = mail_app.test_client()
    login(client, noor)
    page = client.get("/notifications/").get_data(as_text=True)
    assert is_checked(page, "account_waiting", "off")
    assert not is_checked(page, "account_waiting", "immediate")
    assert is_checked(page, "match_note", "immediate"), "the other kinds are untouched"


def test_the_summary_waits_for_its_hour_each_day(mail_app, now):
    with mail_app.app_context():
        session = db.session()
        assert not digest.due(session, MORNING)
        assert digest.due(session, LATER)
        session.merge(ScheduledRun(name=digest.DAILY, last_run_at=LATER, mark={}))
        session.commit()
        assert not digest.due(session, LATER + timedelta(hours=3))
        assert not digest.due(session, MORNING + timedelta(days=1))
        assert digest.due(session, LATER + timedelta(days=1))
