"""The personal home ("What needs you") of each role, the landing after sign-in, and the header's
counts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import pytest
from flask_babel import get_domain
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from models import Match, MatchEvent, MatchStatus, Role, Survey, SurveyStatus, User, db
from tests.conftest import make_app
from tests.factories import make_need, make_offer, make_user, state
from tests.survey_support import login
from webapp.services.proposals import operations as proposals

PW = "correct horse battery"


def text(page: bytes) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page.decode()).split())


def section(page: bytes, key: str) -> str:
    """The text of one section of the home (``waiting``, ``needs``, ``stalled``...)."""
    found = re.search(
        rf'<section[^>]*aria-labelledby="{key}-title">(.*?)</section>', page.decode(), re.S
    )
    assert found, f"no section {key}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


@pytest.fixture
def people(session):
    """A focal point, a representative of Senegal and a provider, with needs and offers."""
    focal = make_user(session, role=Role.FOCAL_POINT, email="focal@example.org")
    offer = make_offer(session, i=1)  # Open Cyber Academy, open to every State
    make_offer(session, i=4, provider="Open Cyber Academy", provider_type="academia",
               provider_country=None, eligible=[])  # fmt: skip
    rep = make_user(session, email="rep@example.org")
    provider = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy",
                         email="provider@example.org")  # fmt: skip
    sen = make_need(session, i=6, state="SEN", confidential=False)  # fits offer 1
    secret = make_need(session, i=1, state="FJI", confidential=True)  # fits offer 1 too
    public = make_need(session, i=11, state="JAM", confidential=False)  # fits offer 1 too
    session.commit()
    return {"focal": focal, "rep": rep, "provider": provider, "offer": offer, "sen": sen,
            "secret": secret, "public": public}  # fmt: skip


def test_sign_in_lands_on_the_personal_home(client, people):
    r = client.post("/auth/login", data={"email": "rep@example.org", "password": PW})
    assert r.status_code == 302
    assert r.headers["Location"].endswith("/home")
    assert client.get("/auth/login").headers["Location"].endswith("/home")
    assert client.get("/").status_code == 200  # the public front page is still there


def test_a_next_url_wins_over_the_home(client, people):
    r = client.post("/auth/login?next=/needs/", data={"email": "rep@example.org", "password": PW})
    assert r.headers["Location"].endswith("/needs/")


def test_the_home_asks_visitors_to_sign_in(client):
    r = client.get("/home")
    assert r.status_code == 302
    assert "/auth/login?next=/home" in r.headers["Location"]


def test_a_state_sees_its_proposals_survey_and_needs_with_their_fits(client, session, people):
    match = proposals.propose(
        session, people["sen"], people["offer"], actor=people["focal"], message=""
    )
    session.commit()
    login(client, people["rep"])
    page = client.get("/home").data
    waiting = section(page, "waiting")
    assert people["sen"].title in waiting
    assert f'/matches/{match.id}"' in page.decode()
    survey = section(page, "survey")
    assert "Your survey is not started yet." in survey
    assert "Continue your survey" in survey
    needs = section(page, "needs")
    assert people["sen"].title in needs
    assert people["offer"].title in needs  # its best fit
    assert people["secret"].ref not in page.decode()  # another State's need: not on this home
    assert people["public"].ref not in page.decode()


def test_a_submitted_survey_says_when(client, session, people):
    session.add(Survey(state_id=state(session, "SEN").id, status=SurveyStatus.SUBMITTED,
                       submitted_at=datetime(2026, 11, 3, tzinfo=UTC)))  # fmt: skip
    session.commit()
    login(client, people["rep"])
    survey = section(client.get("/home").data, "survey")
    assert "Your survey was submitted on 3 November 2026." in survey
    assert "Continue your survey" not in survey


def test_a_provider_never_sees_a_confidential_need_of_another_state(client, session, people):
    login(client, people["provider"])
    page = client.get("/home").data
    offers = section(page, "offers")
    assert people["offer"].title in offers
    assert people["public"].title in offers  # a public need it fits
    assert f'/needs/{people["public"].ref}"' in page.decode()
    assert people["secret"].ref not in page.decode()
    assert f"/needs/{people['secret'].ref}" not in page.decode()
    assert "Nothing is waiting for you." in section(page, "waiting")


def test_the_focal_point_sees_accounts_queue_and_stalled_matches(client, session, people):
    make_user(session, role=Role.STATE, state_code="FJI", name="Waiting Person",
              email="waiting@example.org", status="pending")  # fmt: skip
    session.add(Match(need_id=people["public"].id, offer_id=people["offer"].id, score=0.7,
                      reasons=[], status=MatchStatus.SUGGESTED))  # fmt: skip
    old = proposals.propose(
        session, people["sen"], people["offer"], actor=people["focal"], message=""
    )
    session.flush()
    long_ago = datetime.now(UTC) - timedelta(days=20)
    session.execute(update(MatchEvent).where(MatchEvent.match_id == old.id).values(at=long_ago))
    session.commit()
    login(client, people["focal"])
    page = client.get("/home").data
    assert "Waiting Person" in section(page, "pending")
    assert people["public"].title in section(page, "queue")
    stalled = section(page, "stalled")
    assert people["sen"].title in stalled
    assert "20 days ago" in stalled
    assert "waiting" not in re.findall(r'aria-labelledby="(\w+)-title"', page.decode())


def test_a_recent_match_is_not_stalled_and_the_setting_moves_the_line(app, client, session, people):
    proposals.propose(session, people["sen"], people["offer"], actor=people["focal"], message="")
    session.commit()
    login(client, people["focal"])
    assert "No match is stalled." in section(client.get("/home").data, "stalled")
    app.config["STALLED_AFTER_DAYS"] = 0
    stalled = section(client.get("/home").data, "stalled")
    assert people["sen"].title in stalled


def test_the_admin_sees_accounts_to_approve_only(client, session, people):
    admin = make_user(session, role=Role.ADMIN, email="admin@example.org")
    session.commit()
    login(client, admin)
    page = client.get("/home").data.decode()
    assert re.findall(r'aria-labelledby="(\w+)-title"', page) == ["pending"]
    assert "No account is waiting." in page


def test_empty_homes_say_so(client, session):
    rep = make_user(session, email="lonely@example.org", state_code="TON")
    session.commit()
    login(client, rep)
    page = client.get("/home").data
    assert "Nothing is waiting for you." in section(page, "waiting")
    assert "You have no open need." in section(page, "needs")


# --- the header's counts ------------------------------------------------------------------------


def nav_link(page: bytes, href: str) -> str:
    found = re.search(rf'<li><a href="{re.escape(href)}"[^>]*>(.*?)</a></li>', page.decode())
    assert found, href
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_the_header_counts_proposals_waiting_for_me(client, session, people):
    login(client, people["rep"])
    assert nav_link(client.get("/needs/").data, "/matches/") == "Matches"
    for need in (people["sen"], make_need(session, i=16, state="SEN", confidential=False)):
        proposals.propose(session, need, people["offer"], actor=people["focal"], message="")
    session.commit()
    link = nav_link(client.get("/needs/").data, "/matches/")
    assert link == "Matches 2 (2 proposals waiting for your answer)"
    login_as_provider = client.post("/auth/logout")
    assert login_as_provider.status_code == 302
    login(client, people["provider"])
    assert "2 proposals waiting" in nav_link(client.get("/").data, "/matches/")


def test_the_header_counts_the_focal_points_work(client, session, people):
    for i in range(3):
        make_user(session, role=Role.STATE, state_code="FJI", email=f"p{i}@example.org",
                  status="pending")  # fmt: skip
    session.add(Match(need_id=people["public"].id, offer_id=people["offer"].id, score=0.7,
                      reasons=[], status=MatchStatus.SUGGESTED))  # fmt: skip
    session.commit()
    login(client, people["focal"])
    page = client.get("/offers/").data
    assert nav_link(page, "/auth/accounts") == "Accounts to approve 3 (3 accounts to approve)"
    assert nav_link(page, "/console/queue") == "Suggestions 1 (1 suggestion in the queue)"
    assert nav_link(page, "/pipeline/") == "Pipeline"  # nothing stalled: no count
    # on a phone the links fold behind the Menu button, which says how many wait in all
    toggle = re.search(r'<button[^>]*class="nav-toggle"[^>]*>(.*?)</button>', page.decode(), re.S)
    assert toggle
    assert " ".join(re.sub(r"<[^>]+>", " ", toggle.group(1)).split()) == "Menu 4 (4 waiting)"


@pytest.fixture
def reader(db_url):
    """A second app on the same database, where each request chooses its language (see
    tests/web/test_service_words.py: the session fixture's app context keeps the first one)."""
    app = make_app(db_url)
    with app.app_context():
        get_domain().cache.clear()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", "Mises en relation 1 (1 proposition attend votre réponse)"),
        ("ar", "المطابقات 1 (اقتراح واحد في انتظار ردك)"),
    ],
)
def test_the_header_counts_speak_the_readers_language(reader, session, people, language, words):
    proposals.propose(session, people["sen"], people["offer"], actor=people["focal"], message="")
    session.commit()
    client = reader.test_client()
    client.post("/auth/login", data={"email": "rep@example.org", "password": PW})
    page = client.get("/home", headers={"Accept-Language": language})
    assert words in nav_link(page.data, "/matches/")
    assert page.status_code == 200


def test_pending_accounts_are_not_counted_for_states(client, session, people):
    make_user(session, role=Role.STATE, state_code="FJI", email="p@example.org", status="pending")
    session.commit()
    login(client, people["rep"])
    assert "/auth/accounts" not in client.get("/home").data.decode()
    assert session.scalar(select(User).where(User.email == "p@example.org")) is not None


def test_a_page_is_shown_without_counts_when_they_cannot_be_read(client, session, people):
    proposals.propose(session, people["sen"], people["offer"], actor=people["focal"], message="")
    session.commit()
    login(client, people["rep"])
    failing = OperationalError("SELECT", {}, Exception("database is locked"))
    with patch("webapp.services.home.header_counts", side_effect=failing):
        page = client.get("/needs/")
    assert page.status_code == 200
    assert nav_link(page.data, "/matches/") == "Matches"
