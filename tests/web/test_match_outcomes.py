"""A match's outcome: the provider reports it, the focal point completes with it, the State
confirms it."""

from __future__ import annotations

import html
import re
from datetime import date

from sqlalchemy import func, select

from models import AuditEntry, Match, MatchStatus, Outcome
from tests.web.test_pipeline import count, flashes, login, sides

P = MatchStatus


def figures(**overrides: str) -> dict[str, str]:
    """An outcome form as the provider's browser posts it."""
    data = {
        "outcome-outcome": "Twelve analysts trained; the CSIRT triages malware in-house.",
        "outcome-women": "7",
        "outcome-men": "4",
        "outcome-not_recorded": "1",
        "outcome-institutions": "3",
        "outcome-delivered_from": "2027-03-01",
        "outcome-delivered_to": "2027-03-12",
        "outcome-gender_marker": "1",
    }
    data.update(overrides)
    return data


def outcome(session, match) -> Outcome | None:
    session.expire_all()
    return session.scalar(select(Outcome).where(Outcome.match_id == match.id))


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def test_the_provider_reports_the_figures_and_everyone_following_sees_them(app, session, world):
    match = world.matches[P.IN_PROGRESS]
    rep, provider = sides(world, match)
    client = app.test_client()
    login(client, provider.email)

    response = client.post(f"/matches/{match.id}/outcome", data=figures())

    assert response.status_code == 302
    assert "The outcome is saved. The State is asked to confirm it." in flashes(client)
    row = outcome(session, match)
    assert (row.women, row.men, row.not_recorded, row.participants) == (7, 4, 1, 12)
    assert (row.institutions, row.delivered_from, row.delivered_to) == (
        3, date(2027, 3, 1), date(2027, 3, 12))  # fmt: skip
    assert row.gender_marker == 1
    assert session.get(Match, match.id).status is P.IN_PROGRESS  # only the focal point completes
    state_view = app.test_client()
    login(state_view, rep.email)
    page = text_of(state_view.get(f"/matches/{match.id}"))
    assert "Women: 7 · Men: 4 · Sex not recorded: 1 · In all: 12" in page
    assert "Significant (1)" in page
    assert "Not confirmed yet." in page
    assert count(session, AuditEntry) > 0


def test_the_focal_point_completes_with_the_reported_figures_prefilled(app, session, world):
    match = world.matches[P.IN_PROGRESS]
    _, provider = sides(world, match)
    as_provider = app.test_client()
    login(as_provider, provider.email)
    as_provider.post(f"/matches/{match.id}/outcome", data=figures())
    focal = app.test_client()
    login(focal, world.focal.email)

    page = focal.get(f"/matches/{match.id}").get_data(as_text=True)
    assert re.search(r'id="complete-women"[^>]*value="7"|value="7"[^>]*id="complete-women"', page)
    done = focal.post(f"/matches/{match.id}/complete", data={
        k.replace("outcome-", "complete-"): v for k, v in figures(**{"outcome-men": "5"}).items()
    })  # fmt: skip

    assert done.status_code == 302
    assert session.get(Match, match.id).status is P.COMPLETED
    assert (outcome(session, match).men, outcome(session, match).participants) == (5, 13)


def test_bad_figures_are_named_kept_and_nothing_moves(app, session, world):
    match = world.matches[P.IN_PROGRESS]
    focal = app.test_client()
    login(focal, world.focal.email)
    events = count(session, Outcome)

    refused = focal.post(f"/matches/{match.id}/complete", data={
        "complete-outcome": "Kept words 41", "complete-women": "-3", "complete-men": "lots",
        "complete-delivered_from": "2027-03-12", "complete-delivered_to": "2027-03-01",
        "complete-gender_marker": "5",
    })  # fmt: skip

    page = text_of(refused)
    assert refused.status_code == 422
    assert "Kept words 41" in page
    assert "lots" in page
    assert "The last day of delivery is before the first (2027-03-12)." in page
    assert "Choose 0 (not targeted), 1 (significant) or 2 (principal)." in page
    assert "Give a whole number, 0 or more." in page  # women: -3
    assert "Not a valid integer value." in page  # men: lots
    session.expire_all()
    assert session.get(Match, match.id).status is P.IN_PROGRESS
    assert count(session, Outcome) == events


def test_the_state_confirms_and_rates_and_a_later_change_asks_it_again(app, session, world):
    match = world.matches[P.IN_PROGRESS]
    rep, provider = sides(world, match)
    as_provider, as_state, focal = app.test_client(), app.test_client(), app.test_client()
    login(as_provider, provider.email)
    login(as_state, rep.email)
    login(focal, world.focal.email)
    as_provider.post(f"/matches/{match.id}/outcome", data=figures())
    early = as_state.post(f"/matches/{match.id}/outcome/confirm", data={"confirm-rating": "4"})
    assert early.status_code == 403  # not completed yet
    focal.post(f"/matches/{match.id}/complete",
               data={"complete-outcome": "Twelve analysts trained."})  # fmt: skip

    bad = as_state.post(f"/matches/{match.id}/outcome/confirm", data={"confirm-rating": "9"})
    assert bad.status_code == 422
    assert "Choose a rating from 1 to 5, or none." in text_of(bad)
    assert outcome(session, match).confirmed_at is None
    ok = as_state.post(f"/matches/{match.id}/outcome/confirm",
                       data={"confirm-rating": "4", "confirm-comment": "Useful labs."})  # fmt: skip

    assert ok.status_code == 302
    row = outcome(session, match)
    assert (row.rating, row.rating_comment, row.confirmed_by_id) == (4, "Useful labs.", rep.id)
    page = text_of(as_provider.get(f"/matches/{match.id}"))
    assert f"by {rep.name}." in page
    assert "How well the support met the need: 4 of 5." in page

    as_provider.post(f"/matches/{match.id}/outcome",
                     data=figures(**{"outcome-outcome": "Twelve analysts trained.",
                                     "outcome-women": "8"}))  # fmt: skip
    assert outcome(session, match).confirmed_at is None  # other figures: asked again
    assert outcome(session, match).rating == 4  # its earlier rating is offered again


def test_who_may_enter_and_confirm(app, session, world):
    match = world.matches[P.IN_PROGRESS]
    rep, _ = sides(world, match)
    as_state = app.test_client()
    login(as_state, rep.email)
    assert as_state.post(f"/matches/{match.id}/outcome", data=figures()).status_code == 403
    proposed = world.matches[P.PROPOSED]
    _, its_provider = sides(world, proposed)
    early = app.test_client()
    login(early, its_provider.email)
    assert early.post(f"/matches/{proposed.id}/outcome", data=figures()).status_code == 403
    assert session.scalar(select(func.count(Outcome.id))) == 0
