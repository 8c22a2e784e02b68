"""The focal point's suggestion queue: access, refresh, filters, propose and dismiss."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Match, MatchEvent, MatchStatus, Role
from tests.factories import client_for_role, make_need, make_offer, make_user

PW = "correct horse battery"
QUEUE = "/console/queue"


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


def flashes(client) -> list[str]:
    with client.session_transaction() as s:
        return [msg for _, msg in s.get("_flashes", [])]


@pytest.fixture
def world(session):
    """Two needs (Fiji, Oceania, high; Senegal, Africa, medium) and offers for each."""
    fiji = make_need(session, i=1, state="FJI", topics=["incident-response"], priority="high",
                     languages=["en"], modality="remote", start=None, end=None,
                     confidential=True)  # fmt: skip
    sen = make_need(session, i=2, state="SEN", topics=["awareness"], priority="medium",
                    languages=["en"], modality="remote", start=None, end=None)  # fmt: skip
    # i=1 -> academia, "Open Cyber Academy"; i=2 -> state, "Government of Ghana"
    o1 = make_offer(session, i=1, topics=["incident-response"], eligible=[], capacity=3,
                    title="Support: National CSIRT malware analysis (1)")  # fmt: skip
    o2 = make_offer(session, i=2, topics=["awareness"], eligible=[], capacity=3,
                    title="Support: Awareness campaign for schools (2)")  # fmt: skip
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org")
    make_user(session, role=Role.STATE, state_code="FJI", email="fiji@example.org")
    session.commit()
    return fiji, sen, o1, o2


@pytest.fixture
def focal(app, world):
    client = app.test_client()
    login(client, "focal@example.org")
    return client


def suggested(session) -> list[Match]:
    session.expire_all()
    return list(session.scalars(select(Match).where(Match.status == MatchStatus.SUGGESTED)))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.STATE, 403), (Role.PROVIDER, 403), (Role.FOCAL_POINT, 200),
     (Role.ADMIN, 200)],
)  # fmt: skip
def test_queue_access_only_focal_point_and_admin(app, session, role, expected):
    client = client_for_role(app, session, role)
    for method, url in [("get", QUEUE), ("post", QUEUE + "/refresh"),
                        ("post", "/console/matches/1/propose"),
                        ("post", "/console/matches/1/dismiss")]:  # fmt: skip
        resp = getattr(client, method)(url)
        want = 404 if expected == 200 and "/matches/" in url else expected
        if expected == 200 and url.endswith("/refresh"):
            want = 302
        assert resp.status_code == want, (method, url)
        if expected == 302:
            assert "/auth/login" in resp.headers["Location"]
    if expected == 200:
        assert 'href="/console/queue"' in client.get("/").get_data(as_text=True)


def test_empty_queue_explains_how_to_refresh(focal):
    page = focal.get(QUEUE).get_data(as_text=True)
    assert "There are no suggestions yet" in page
    assert "Refresh suggestions" in page
    assert "it keeps the 5 best offers per need" in page  # MATCH_TOP_K, not a number in the text


def test_the_empty_queue_names_the_configured_number_of_offers_per_need(app, focal):
    app.config["MATCH_TOP_K"] = 3
    assert "it keeps the 3 best offers per need" in focal.get(QUEUE).get_data(as_text=True)


def test_refresh_creates_suggestions_best_first_including_confidential(session, focal, world):
    fiji, sen, o1, o2 = world
    resp = focal.post(QUEUE + "/refresh", data={"back": QUEUE})
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(QUEUE)
    rows = suggested(session)
    assert {(m.need_id, m.offer_id) for m in rows} >= {(fiji.id, o1.id), (sen.id, o2.id)}
    msg = flashes(focal)
    page = focal.get(QUEUE).get_data(as_text=True)
    assert any(f"{len(rows)} new, 0 updated, 0 removed, 0 kept" in m for m in msg), msg
    assert fiji.title in page  # confidential, but the focal point sees everything
    assert o1.organisation.name in page
    assert "Academia or research" in page
    scores = [float(s) for s in _scores(page)]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) == len(rows)
    assert all(m.reasons for m in rows)
    assert all(isinstance(code, str) and isinstance(values, list) for m in rows
               for code, values in m.reasons)  # fmt: skip  # stored as codes, worded when shown
    assert "Shared topic: Awareness raising" in page  # one topic: the singular
    assert "Shared topics: Incident response and CSIRTs, " in page
    assert "Capacity left when suggested: 3 of 3" in page
    again = focal.post(QUEUE + "/refresh")
    assert again.status_code == 302
    assert any("0 new" in m for m in flashes(focal))


def _scores(page: str) -> list[str]:
    import re

    return re.findall(r"data-score>([0-9.]+)<", page)


def test_filters_narrow_the_queue(session, focal, world):
    fiji, sen, o1, o2 = world
    focal.post(QUEUE + "/refresh")
    both = focal.get(QUEUE).get_data(as_text=True)
    assert fiji.title in both
    assert sen.title in both
    for args in ["region=Oceania", "region=Melanesia", "topic=incident-response",
                 "priority=high"]:  # fmt: skip
        page = focal.get(f"{QUEUE}?{args}").get_data(as_text=True)
        assert fiji.title in page, args
        assert sen.title not in page, args
    page = focal.get(f"{QUEUE}?region=Africa&priority=medium").get_data(as_text=True)
    assert sen.title in page
    assert fiji.title not in page
    page = focal.get(f"{QUEUE}?provider_type=academia").get_data(as_text=True)
    assert o1.title in page
    assert o2.title not in page
    page = focal.get(f"{QUEUE}?region=Europe").get_data(as_text=True)
    assert "No suggestion matches these filters" in page
    # Unknown values are ignored rather than failing.
    page = focal.get(f"{QUEUE}?region=Atlantis&priority=urgent&page=x")
    assert page.status_code == 200
    assert sen.title in page.get_data(as_text=True)


def _pair(session, need, offer) -> Match:
    session.expire_all()
    return session.scalars(
        select(Match).where(Match.need_id == need.id, Match.offer_id == offer.id)
    ).one()


def test_propose_turns_a_suggestion_into_a_proposal_the_state_sees(app, session, focal, world):
    fiji, _, o1, _ = world
    focal.post(QUEUE + "/refresh")
    match = _pair(session, fiji, o1)
    back = QUEUE + "?region=Oceania"
    resp = focal.post(
        f"/console/matches/{match.id}/propose",
        data={f"p{match.id}-message": "A good fit for your CSIRT.", "back": back},
    )
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(back)
    match = _pair(session, fiji, o1)
    assert match.status is MatchStatus.PROPOSED
    event = match.events[-1]
    assert (event.from_status, event.to_status) == (MatchStatus.SUGGESTED, MatchStatus.PROPOSED)
    assert event.note == "A good fit for your CSIRT."
    assert f'data-match="{match.id}"' not in focal.get(QUEUE).get_data(as_text=True)
    state = app.test_client()
    login(state, "fiji@example.org")
    inbox = state.get("/matches/").get_data(as_text=True)
    waiting = inbox.split('id="all-title"')[0]
    assert fiji.title in waiting
    # Proposing it again: a clear message, nothing changes.
    events = count(session, MatchEvent)
    again = focal.post(f"/console/matches/{match.id}/propose", data={})
    assert again.status_code == 302
    assert any("proposed now, not a suggestion" in m for m in flashes(focal))
    assert count(session, MatchEvent) == events


def test_propose_message_too_long_is_refused(session, focal, world):
    fiji, _, o1, _ = world
    focal.post(QUEUE + "/refresh")
    match = _pair(session, fiji, o1)
    resp = focal.post(f"/console/matches/{match.id}/propose",
                      data={f"p{match.id}-message": "x" * 2001})  # fmt: skip
    assert resp.status_code == 302
    assert any("2000" in m for m in flashes(focal))
    assert _pair(session, fiji, o1).status is MatchStatus.SUGGESTED


def test_dismiss_needs_a_reason_then_sticks_through_refresh(session, focal, world):
    fiji, _, o1, _ = world
    focal.post(QUEUE + "/refresh")
    match = _pair(session, fiji, o1)
    url = f"/console/matches/{match.id}/dismiss"
    for data in ({}, {f"d{match.id}-reason": "   "}):
        resp = focal.post(url, data=data)
        assert resp.status_code == 302
        assert any("Say why you dismiss" in m for m in flashes(focal))
        assert _pair(session, fiji, o1).status is MatchStatus.SUGGESTED
        assert count(session, MatchEvent) == 0

    resp = focal.post(url, data={f"d{match.id}-reason": "Provider already works there."})
    assert resp.status_code == 302
    match = _pair(session, fiji, o1)
    assert match.status is MatchStatus.DISMISSED
    (event,) = match.events
    assert (event.from_status, event.to_status) == (MatchStatus.SUGGESTED, MatchStatus.DISMISSED)
    assert event.note == "Provider already works there."
    assert f'data-match="{match.id}"' not in focal.get(QUEUE).get_data(as_text=True)

    focal.post(QUEUE + "/refresh")
    assert any("1 kept" in m for m in flashes(focal))
    assert _pair(session, fiji, o1).status is MatchStatus.DISMISSED
    assert match.id not in {m.id for m in suggested(session)}
    # Dismissing twice: a clear message; proposing a dismissed pair: refused too.
    focal.post(url, data={f"d{match.id}-reason": "again"})
    assert any("dismissed now, not a suggestion" in m for m in flashes(focal))
    focal.post(f"/console/matches/{match.id}/propose")
    assert any("dismissed now, not a suggestion" in m for m in flashes(focal))
    assert count(session, MatchEvent) == 1


def test_unknown_match_is_404(focal):
    assert focal.post("/console/matches/99999/propose").status_code == 404
    assert focal.post("/console/matches/99999/dismiss", data={"reason": "x"}).status_code == 404


def test_back_must_stay_on_the_queue(session, focal, world):
    resp = focal.post(QUEUE + "/refresh", data={"back": "https://evil.example/"})
    assert resp.headers["Location"].endswith(QUEUE)
