"""The outcome and lesson notices through a real SMTP server.

An outcome entered on a completed match asks its State's representatives to confirm it (and
nobody else); a lesson learnt proposed by one side reaches the focal points; the focal point's
decision reaches the side that proposed it, with the reason of a refusal. Each in its reader's
language, with a link that opens for them, and none left to send once it is out of date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from models import Match, Role, User, db
from tests.factories import make_need, make_offer, make_user
from tests.mail.conftest import html_of, text_of, to
from tests.mail.test_match_notices import opens, signed_in
from webapp.services import lessons
from webapp.services.lessons import LessonInput
from webapp.services.proposals import operations as proposals
from webapp.services.proposals import outcomes
from webapp.services.proposals.outcomes import OutcomeInput

RESULT = "Forty analysts trained in incident handling."
LESSON = "Send the exercise scenario two weeks ahead: teams came prepared."


@dataclass(frozen=True)
class World:
    match: int
    title: str


def build(app) -> World:
    with app.app_context():
        s = db.session()
        offer = make_offer(s, i=1, eligible=[], capacity=5, languages=["en"], modality="any")
        org = offer.organisation.name
        focal = make_user(s, role=Role.FOCAL_POINT, state_code=None, email="fp@un.test")
        fr = make_user(s, role=Role.FOCAL_POINT, state_code=None, email="fp.fr@un.test")
        fr.locale = "fr"
        awa = make_user(s, email="awa@sen.test", name="Awa Diop")
        awa.locale = "ru"
        make_user(s, email="moussa@sen.test", name="Moussa Sarr")
        make_user(s, email="rep@fji.test", state_code="FJI")
        ana = make_user(s, role=Role.PROVIDER, state_code=None, organisation=org,
                        email="ana@academy.test", name="Ana Lima")  # fmt: skip
        make_user(s, role=Role.PROVIDER, state_code=None, organisation=org,
                  email="ben@academy.test")  # fmt: skip
        need = make_need(s, i=3, state="SEN", confidential=False, languages=["en"],
                         modality="any", start=None, end=None)  # fmt: skip
        match = proposals.propose(s, need, offer, actor=focal, message="")
        proposals.respond(s, match, actor=awa, accept=True, note="")
        proposals.respond(s, match, actor=ana, accept=True, note="")
        s.commit()
        return World(match.id, need.title)


@pytest.fixture
def world(mail_app, deliver) -> World:
    built = build(mail_app)
    deliver()  # the proposal's own notices: not these tests' concern
    return built


def complete(app, world, **figures):
    with app.app_context():
        s = db.session()
        match = s.get(Match, world.match)
        focal = s.scalar(db.select(User).filter_by(email="fp@un.test"))
        values = OutcomeInput(result=RESULT, women=12, men=9, not_recorded=1, institutions=3,
                              delivered_from=date(2027, 3, 1), delivered_to=date(2027, 3, 5),
                              gender_marker=1, **figures)  # fmt: skip
        outcomes.complete(s, match, values, actor=focal)
        s.commit()


def test_an_entered_outcome_asks_the_state_and_only_the_state_to_confirm(mail_app, deliver, world):
    complete(mail_app, world)
    mails = deliver()
    asks = {to(m): m for m in mails if "confirm the outcome" in m["Subject"].lower()
            or "подтвердите" in m["Subject"].lower()}  # fmt: skip

    assert sorted(asks) == ["awa@sen.test", "moussa@sen.test"]
    english = asks["moussa@sen.test"]
    assert english["Subject"] == f"Please confirm the outcome of a match: {world.title}"
    body = text_of(english)
    assert RESULT in body
    assert "Women: 12 · Men: 9 · Sex not recorded: 1 · Institutions: 3" in body
    assert "Delivered: 1 March 2027 – 5 March 2027" in body
    assert RESULT in html_of(english)
    russian = asks["awa@sen.test"]
    assert re.search("[А-Яа-я]", russian["Subject"])
    assert 'lang="ru"' in html_of(russian)
    assert opens(mail_app, english, "moussa@sen.test") == f"/matches/{world.match}"
    assert deliver() == []


def test_an_outcome_confirmed_before_the_mail_goes_asks_nothing(mail_app, deliver, world):
    complete(mail_app, world)
    moussa = signed_in(mail_app, "moussa@sen.test")
    confirmed = moussa.post(f"/matches/{world.match}/outcome/confirm",
                            data={"confirm-rating": "4", "confirm-comment": ""})  # fmt: skip
    assert confirmed.status_code == 302

    subjects = [m["Subject"] for m in deliver()]

    assert not [s for s in subjects if "confirm the outcome" in s.lower()]


def test_a_changed_outcome_asks_the_state_again(mail_app, deliver, world):
    complete(mail_app, world)
    deliver()
    moussa = signed_in(mail_app, "moussa@sen.test")
    moussa.post(f"/matches/{world.match}/outcome/confirm", data={"confirm-rating": "5"})
    with mail_app.app_context():
        s = db.session()
        match = s.get(Match, world.match)
        ana = s.scalar(db.select(User).filter_by(email="ana@academy.test"))
        outcomes.record(s, match, OutcomeInput(result=RESULT, women=14, men=9, not_recorded=1,
                                               institutions=3), actor=ana)  # fmt: skip
        s.commit()

    asked = sorted(to(m) for m in deliver() if "confirm the outcome" in m["Subject"].lower())

    assert asked == ["moussa@sen.test"]  # Awa reads Russian: her subject is in Russian
    with mail_app.app_context():
        row = outcomes.outcome_of(db.session(), db.session.get(Match, world.match))
        assert row.confirmed_at is None


def test_a_proposed_lesson_reaches_the_focal_points_and_the_decision_the_side_that_proposed_it(
    mail_app, deliver, world
):
    complete(mail_app, world)
    deliver()
    with mail_app.app_context():
        s = db.session()
        match = s.get(Match, world.match)
        ana = s.scalar(db.select(User).filter_by(email="ana@academy.test"))
        lesson = lessons.propose(s, match, LessonInput(text=LESSON, title="Prepare"), actor=ana)
        s.commit()
        lesson_id = lesson.id

    review = {to(m): m for m in deliver()}

    assert sorted(review) == ["fp.fr@un.test", "fp@un.test"]
    english = review["fp@un.test"]
    assert english["Subject"] == f"A lesson learnt to review: {world.title}"
    assert "Ana Lima (" in text_of(english)
    assert LESSON in text_of(english)
    assert LESSON in html_of(english)
    assert 'lang="fr"' in html_of(review["fp.fr@un.test"])
    assert opens(mail_app, english, "fp@un.test", r"/lessons/review") == "/lessons/review"

    focal = signed_in(mail_app, "fp@un.test")
    reason = "Name the exercise, please."
    refused = focal.post(
        f"/lessons/{lesson_id}/review", data={"decision": "refuse", "reason": reason}
    )
    assert refused.status_code == 302
    told = {to(m): m for m in deliver()}

    assert sorted(told) == ["ana@academy.test", "ben@academy.test"]
    body = text_of(told["ana@academy.test"])
    assert told["ana@academy.test"]["Subject"] == (
        f"Your lesson learnt was not published: {world.title}"
    )
    assert "Name the exercise, please." in body
    assert "You may change it and propose it again." in body

    with mail_app.app_context():
        s = db.session()
        match = s.get(Match, world.match)
        ana = s.scalar(db.select(User).filter_by(email="ana@academy.test"))
        lessons.propose(s, match, LessonInput(text=LESSON + " Name it.", title=""), actor=ana)
        s.commit()
    deliver()
    focal.post(f"/lessons/{lesson_id}/review", data={"decision": "publish", "reason": ""})
    published = {to(m): m for m in deliver()}

    assert sorted(published) == ["ana@academy.test", "ben@academy.test"]
    assert published["ben@academy.test"]["Subject"] == (
        f"Your lesson learnt is published: {world.title}"
    )
    assert "now shows on the pages of the need's topics" in text_of(published["ben@academy.test"])

    down = focal.post(f"/lessons/{lesson_id}/unpublish", data={"reason": "It names a trainee."})
    assert down.status_code == 302
    taken = {to(m): m for m in deliver()}

    assert sorted(taken) == ["ana@academy.test", "ben@academy.test"]
    assert taken["ana@academy.test"]["Subject"] == (
        f"Your lesson learnt was taken down: {world.title}"
    )
    assert "It names a trainee." in text_of(taken["ana@academy.test"])
