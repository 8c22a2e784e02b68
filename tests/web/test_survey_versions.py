"""Survey cycles: each submission is a dated version, the history page shows how the maturity
changed, who may see it, and the focal point's list of States that have not updated."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import MaturityAudience, NsiAnswer, Role, SurveyVersion, base
from models.nsi import NsiChoice
from tests.factories import make_user, state
from tests.survey_support import add_need, login, maturity_form
from webapp.services.needs import factors as cmm
from webapp.services.needs import sharing, versions

START = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
LATER = START + timedelta(days=183)


@pytest.fixture
def clock(monkeypatch):
    """The app's clock, set by the test (``clock.now = ...``)."""

    class Clock:
        now = START

    monkeypatch.setattr(base, "utcnow", lambda: Clock.now)
    return Clock


def _submit(client, **follow):
    response = client.post("/survey/review", data={}, **follow)
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:2000]
    return response


def _versions(session, iso3="SEN"):
    session.expire_all()
    return list(
        session.scalars(
            select(SurveyVersion)
            .where(SurveyVersion.state_id == state(session, iso3).id)
            .order_by(SurveyVersion.number)
        )
    )


def _first_version(client, session, rep, stages=(2, 3, 1, 4, 3), iso3="SEN"):
    assert client.post("/survey/maturity", data=maturity_form(stages)).status_code == 302
    add_need(session, rep, iso3)
    _submit(client)


def test_the_snapshot_keeps_each_dimension_each_rated_factor_and_the_nsi_answers(session, rep):
    senegal = state(session, "SEN")
    cmm.save_factors(session, senegal, {"D1.1": 1, "D1.2": 3, "D4.1": 2}, {}, actor=rep)
    session.add(NsiAnswer(state=senegal, question="N1.1", choice=NsiChoice.PARTLY,
                          comment="Strategy of 2017, under review."))  # fmt: skip
    session.flush()
    assert versions.snapshot(session, senegal) == {
        "dimensions": {"policy-strategy": 2, "legal-regulatory": 2},
        "factors": {"D1.1": 1, "D1.2": 3, "D4.1": 2},
        "nsi": {
            "N1.1": {"choice": "partly", "text": "", "comment": "Strategy of 2017, under review."}
        },
    }


def test_each_submission_is_a_dated_version_and_the_history_shows_the_change(
    as_rep, session, rep, clock
):
    _first_version(as_rep, session, rep)
    [first] = _versions(session)
    assert (first.number, first.submitted_by_id) == (1, rep.id)
    assert first.submitted_at.replace(tzinfo=UTC) == START
    assert first.snapshot["dimensions"]["policy-strategy"] == 2

    clock.now = LATER  # six months later: policy up to 4, legal down to 3
    assert as_rep.post("/survey/maturity", data=maturity_form((4, 3, 1, 3, 3))).status_code == 302
    response = _submit(as_rep)
    assert response.headers["Location"].endswith("/survey/history/SEN")
    first, second = _versions(session)
    assert second.number == 2
    assert second.submitted_at.replace(tzinfo=UTC) == LATER
    assert first.snapshot["dimensions"]["policy-strategy"] == 2, "a version never changes"

    page = as_rep.get("/survey/history/SEN").get_data(as_text=True)
    # The chart of each dimension: a point per version at its stage, the change named.
    policy = re.search(r'<svg[^>]*data-dimension="policy-strategy".*?</svg>', page, re.S)
    assert policy is not None
    points = re.findall(r'data-version="(\d)" data-stage="(\d?)"', policy.group(0))
    assert points == [("1", "2"), ("2", "4")]
    assert "Version 1 (15 January 2027): stage 2 of 5, Formative." in policy.group(0)
    assert 'data-dimension-change="2"' in page
    assert 'data-dimension-change="-1"' in page
    assert "2 stages up since the version before" in page
    # What changed by factor: the four policy factors up, the legal ones down, nothing else.
    changed = dict(re.findall(r'<tr data-factor="([^"]+)" data-change="(\w*)"', page))
    assert changed == {**dict.fromkeys(("D1.1", "D1.2", "D1.3", "D1.4"), "up"),
                       **dict.fromkeys(("D4.1", "D4.2", "D4.3", "D4.4"), "down")}  # fmt: skip
    # The text equivalent: every dimension's stage in every version.
    legal = re.search(r'<tr data-dimension="legal-regulatory">.*?</tr>', page, re.S)
    assert legal is not None
    assert re.findall(r'data-stage="(\d)"', legal.group(0)) == ["4", "3"]


def test_an_update_with_nothing_changed_is_a_new_version_that_confirms_the_survey(
    as_rep, session, rep, clock
):
    _first_version(as_rep, session, rep)
    clock.now = LATER
    review = as_rep.get("/survey/review").get_data(as_text=True)
    assert "Submit update" in review
    assert "kept as version 2, dated today" in review
    response = _submit(as_rep, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Your update is submitted as version 2, dated today." in page
    assert "No factor changed since version 1" in page
    assert [v.number for v in _versions(session)] == [1, 2]
    assert _versions(session)[1].snapshot == _versions(session)[0].snapshot


def test_the_overview_names_the_last_version_and_links_the_history(as_rep, session, rep, clock):
    assert "/survey/history/SEN" not in as_rep.get("/survey/").get_data(as_text=True)
    _first_version(as_rep, session, rep)
    page = as_rep.get("/survey/").get_data(as_text=True)
    assert 'data-last-version="1"' in page
    assert "/survey/history/SEN" in page
    assert "Review and submit update" in page
    assert "/survey/history/SEN" in as_rep.get("/states/SEN").get_data(as_text=True)


def test_a_state_that_never_submitted_has_no_versions_to_show(as_rep):
    page = as_rep.get("/survey/history/SEN")
    assert page.status_code == 200
    assert "data-no-versions" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("audience", "seen_by"),
    [
        (None, {"focal", "own"}),  # never chose: the focal point only
        (MaturityAudience.FOCAL_POINT, {"focal", "own"}),
        (MaturityAudience.PROVIDERS, {"focal", "own", "provider"}),
        (MaturityAudience.PUBLIC, {"focal", "own", "provider", "other_state", "anonymous"}),
    ],
)
def test_the_history_is_seen_only_by_whom_the_state_shows_its_maturity(
    app, as_rep, session, rep, provider, audience, seen_by
):
    _first_version(as_rep, session, rep)
    if audience is not None:
        sharing.set_audience(session, state(session, "SEN"), audience.value, actor=rep)
        session.commit()
    people = {
        "focal": make_user(session, role=Role.FOCAL_POINT, email="fp@un.test"),
        "provider": provider,
        "other_state": make_user(session, state_code="FJI", email="rep@fiji.test"),
    }
    session.commit()
    clients = {"own": as_rep, "anonymous": app.test_client()}
    for who, user in people.items():
        clients[who] = app.test_client()
        login(clients[who], user)
    for who, client in clients.items():
        response = client.get("/survey/history/SEN")
        expected = 200 if who in seen_by else 404
        assert response.status_code == expected, who
        if expected == 404:
            assert "Version 1" not in response.get_data(as_text=True)


def test_a_draft_maturity_has_no_public_history_even_when_the_state_chose_public(app, session, rep):
    sharing.set_audience(session, state(session, "SEN"), "public", actor=rep)
    session.commit()
    assert app.test_client().get("/survey/history/SEN").status_code == 404
    assert app.test_client().get("/survey/history/XYZ").status_code == 404


def test_the_focal_point_sees_the_states_that_have_not_updated(app, client, session, rep, clock):
    app.config["SURVEY_REMIND_DAYS"] = 180
    login(client, rep)
    _first_version(client, session, rep)  # Senegal: version 1 on START
    make_user(session, state_code="FJI", email="rep@fiji.test")  # never submitted
    kenya = make_user(session, state_code="KEN", email="rep@kenya.test")
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@un.test")
    session.commit()
    clock.now = START + timedelta(days=100)
    kenya_client = app.test_client()
    login(kenya_client, kenya)
    _first_version(kenya_client, session, kenya, iso3="KEN")  # Kenya: version 1, 100 days after
    as_focal = app.test_client()
    login(as_focal, focal)

    clock.now = START + timedelta(days=200)  # Senegal's survey is 200 days old, Kenya's 100
    assert 'href="/survey/outdated"' in as_focal.get("/dashboard/").get_data(as_text=True)
    page = as_focal.get("/survey/outdated").get_data(as_text=True)
    listed = re.findall(r'<tr data-state="(\w+)" data-outdated="(\w+)"', page)
    assert listed == [("FJI", "never"), ("SEN", "old")]
    assert "Version 1, 15 January 2027" in page
    assert client.get("/survey/outdated").status_code == 403  # not for a State


def test_the_same_maturity_submitted_twice_on_one_day_is_kept_once(as_rep, session, rep, clock):
    _first_version(as_rep, session, rep)
    review = as_rep.get("/survey/review").get_data(as_text=True)
    assert "already kept as version 1, submitted today" in review
    _submit(as_rep)  # a second click, the same day
    assert [v.number for v in _versions(session)] == [1]
    as_rep.post("/survey/maturity", data=maturity_form((3, 3, 1, 4, 3)))
    _submit(as_rep)  # changed the same day: a new version
    assert [v.number for v in _versions(session)] == [1, 2]
