"""The match pipeline: moves allowed and refused per role, outcomes, notes, and the match page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Match, MatchEvent, MatchStatus, Role
from tests.factories import make_need, make_offer, make_user
from tests.pipeline_world import build_world
from webapp import create_app
from webapp.services.errors import ValidationFailed
from webapp.services.proposals import operations as proposals
from webapp.services.proposals import pipeline

PW = "correct horse battery"
P = MatchStatus


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


def flashes(client) -> list[str]:
    with client.session_transaction() as s:
        return [msg for _, msg in s.get("_flashes", [])]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def sides(world, match):
    """The State representative and the provider of a match."""
    return world.reps[match.need.state.iso3], world.providers[match.offer.organisation.name]


# --- the rules, in the service ---------------------------------------------------------------


def test_either_side_starts_and_only_the_focal_point_completes_with_an_outcome(session, world):
    match = world.matches[P.ACCEPTED]
    state_rep, provider = sides(world, match)
    accepted_at = pipeline.entered_at(match, P.ACCEPTED)
    pipeline.move(session, match, P.IN_PROGRESS, actor=provider, note="Kick-off on 3 March.")
    assert match.status is P.IN_PROGRESS

    with pytest.raises(ValidationFailed, match="Only the focal point can mark a match completed"):
        pipeline.move(session, match, P.COMPLETED, actor=state_rep, note="Done.")
    with pytest.raises(ValidationFailed, match="Describe the outcome") as refused:
        pipeline.move(session, match, P.COMPLETED, actor=world.focal, note="   ")
    assert refused.value.errors[0].field == "outcome"
    assert match.status is P.IN_PROGRESS

    pipeline.move(session, match, P.COMPLETED, actor=world.focal, note="  40 teachers trained. ")
    assert match.status is P.COMPLETED
    assert match.outcome == "40 teachers trained."
    last = [(e.from_status, e.to_status, e.actor_id, e.note) for e in match.events[-2:]]
    assert last == [
        (P.ACCEPTED, P.IN_PROGRESS, provider.id, "Kick-off on 3 March."),
        (P.IN_PROGRESS, P.COMPLETED, world.focal.id, "40 teachers trained."),
    ]
    assert pipeline.entered_at(match, P.ACCEPTED) == accepted_at
    assert pipeline.entered_at(match, P.COMPLETED) == pipeline.as_utc(match.events[-1].at)


def test_an_accepted_match_can_be_completed_without_going_through_in_progress(session, world):
    match = world.matches[P.ACCEPTED]
    pipeline.move(session, match, P.COMPLETED, actor=world.focal, note="Delivered in one go.")
    assert match.status is P.COMPLETED


@pytest.mark.parametrize(
    ("status", "to", "message"),
    [
        (P.PROPOSED, P.IN_PROGRESS, "This match is proposed; only a match that is accepted can"),
        (P.PROPOSED, P.COMPLETED, "only a match that is accepted or in progress can be moved"),
        (P.COMPLETED, P.WITHDRAWN, "This match is completed; only a match that is proposed, "
                                   "accepted or in progress can be moved to withdrawn"),
        (P.DECLINED, P.IN_PROGRESS, "This match is declined"),
        (P.WITHDRAWN, P.COMPLETED, "This match is withdrawn"),
        (P.IN_PROGRESS, P.IN_PROGRESS, "This match is in progress; only a match that is accepted"),
        (P.IN_PROGRESS, P.ACCEPTED, "becomes accepted when the State and the provider answer"),
        (P.COMPLETED, P.PROPOSED, "A match cannot be moved to proposed."),
    ],
)  # fmt: skip
def test_other_moves_are_refused_with_the_reason_and_write_nothing(
    session, world, status, to, message
):
    match = world.matches[status]
    events = count(session, MatchEvent)
    with pytest.raises(ValidationFailed, match=message):
        pipeline.move(session, match, to, actor=world.focal, note="An outcome or a reason.")
    assert match.status is status
    assert count(session, MatchEvent) == events


def test_withdrawing_needs_a_reason_and_gives_the_offer_its_place_back(session, world):
    match = world.matches[P.IN_PROGRESS]
    state_rep, _ = sides(world, match)
    free = proposals.remaining_capacity(session, match.offer)
    with pytest.raises(ValidationFailed, match="Say why the match is withdrawn"):
        pipeline.move(session, match, P.WITHDRAWN, actor=state_rep, note="")
    pipeline.move(session, match, P.WITHDRAWN, actor=state_rep, note="Our minister changed.")
    assert match.status is P.WITHDRAWN
    assert proposals.remaining_capacity(session, match.offer) == free + 1
    # A proposal still waiting for answers can be withdrawn by the side that sees it too.
    proposed = world.matches[P.PROPOSED]
    _, provider = sides(world, proposed)
    pipeline.move(session, proposed, P.WITHDRAWN, actor=provider, note="Team fully booked.")
    assert proposed.status is P.WITHDRAWN


def test_strangers_can_neither_move_nor_note_a_match(session, world):
    match = world.matches[P.ACCEPTED]
    stranger = world.reps["FJI"]  # a State with another match in the pipeline
    with pytest.raises(ValidationFailed, match="Only the focal point, the State and the provider"):
        pipeline.move(session, match, P.IN_PROGRESS, actor=stranger, note="")
    with pytest.raises(ValidationFailed, match="Only the focal point, the State and the provider"):
        pipeline.add_note(session, match, actor=stranger, text="Hello")
    assert pipeline.allowed_moves(stranger, match) == []


def test_allowed_moves_per_role_and_status(world):
    accepted = world.matches[P.ACCEPTED]
    state_rep, provider = sides(world, accepted)
    targets = {u: [m.to for m in pipeline.allowed_moves(u, accepted)]
               for u in (world.focal, state_rep, provider)}  # fmt: skip
    assert targets[world.focal] == [P.IN_PROGRESS, P.COMPLETED, P.WITHDRAWN]
    assert targets[state_rep] == targets[provider] == [P.IN_PROGRESS, P.WITHDRAWN]
    for status in (P.COMPLETED, P.DECLINED, P.WITHDRAWN):
        assert pipeline.allowed_moves(world.focal, world.matches[status]) == []


def test_notes_by_all_three_keep_the_status_and_the_milestones(session, world):
    match = world.matches[P.ACCEPTED]
    state_rep, provider = sides(world, match)
    accepted_at = pipeline.entered_at(match, P.ACCEPTED)
    for who, text in ((world.focal, "Call on Monday."), (state_rep, "Venue booked."),
                      (provider, "Trainers confirmed.")):  # fmt: skip
        event = pipeline.add_note(session, match, actor=who, text=f"  {text} ")
        assert (event.from_status, event.to_status, event.note) == (P.ACCEPTED, P.ACCEPTED, text)
        assert not event.changes_status
    assert match.status is P.ACCEPTED
    assert pipeline.entered_at(match, P.ACCEPTED) == accepted_at
    with pytest.raises(ValidationFailed, match="Write the note first"):
        pipeline.add_note(session, match, actor=state_rep, text=" \n ")
    with pytest.raises(ValidationFailed, match="under 2000 characters"):
        pipeline.add_note(session, match, actor=state_rep, text="x" * 2001)


# --- the match page ---------------------------------------------------------------------------


def test_the_page_offers_each_role_only_its_moves(app, world):
    match = world.matches[P.ACCEPTED]
    state_rep, provider = sides(world, match)
    for user, expected in ((world.focal, {"Mark in progress", "Mark completed", "Withdraw"}),
                           (state_rep, {"Mark in progress", "Withdraw"}),
                           (provider, {"Mark in progress", "Withdraw"})):  # fmt: skip
        client = app.test_client()
        login(client, user.email)
        page = client.get(f"/matches/{match.id}").get_data(as_text=True)
        shown = {label for label in ("Mark in progress", "Mark completed", "Withdraw")
                 if label in page}  # fmt: skip
        assert shown == expected, user.role
        assert "Add the note" in page
        assert ("&larr;</span> Pipeline" in page) == (user is world.focal)
    client = app.test_client()
    login(client, world.focal.email)
    done = client.get(f"/matches/{world.matches[P.COMPLETED].id}").get_data(as_text=True)
    assert "What you can do now" not in done
    assert "Twelve analysts trained" in done.split('id="outcome-title"')[1]


def test_focal_point_completes_from_the_page_and_must_write_the_outcome(app, session, world):
    match = world.matches[P.IN_PROGRESS]
    client = app.test_client()
    login(client, world.focal.email)
    url = f"/matches/{match.id}/complete"
    events = count(session, MatchEvent)
    refused = client.post(url, data={"complete-outcome": "  "})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Describe the outcome: what was delivered" in page
    assert 'id="complete-outcome" aria-invalid="true"' in page or 'aria-invalid="true"' in page
    assert count(session, MatchEvent) == events
    too_long = client.post(url, data={"complete-outcome": "Trained. " + "x" * 2000})
    assert too_long.status_code == 422
    assert "Trained. xxx" in too_long.get_data(as_text=True)  # what was typed is kept

    ok = client.post(url, data={"complete-outcome": "Eight judges trained on e-evidence."})
    assert ok.status_code == 302
    assert ok.headers["Location"].endswith(f"/matches/{match.id}")
    assert "The match is completed; its outcome is recorded." in flashes(client)
    session.expire_all()
    match = session.get(Match, match.id)
    assert (match.status, match.outcome) == (P.COMPLETED, "Eight judges trained on e-evidence.")
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    history = page.split('id="history-title"')[1]
    assert "Eight judges trained on e-evidence." in history
    assert "Completed" in page.split('aria-label="Milestones"')[1].split("</dl>")[0]


def test_a_side_cannot_complete_and_a_stale_move_is_explained(app, session, world):
    match = world.matches[P.IN_PROGRESS]
    state_rep, _ = sides(world, match)
    state = app.test_client()
    login(state, state_rep.email)
    forbidden = state.post(f"/matches/{match.id}/complete", data={"complete-outcome": "Done"})
    assert forbidden.status_code == 403
    # Starting again a match that is already in progress: said plainly, nothing written.
    events = count(session, MatchEvent)
    stale = state.post(f"/matches/{match.id}/start", data={"start-note": ""})
    assert stale.status_code == 302
    assert any("This match is in progress" in m for m in flashes(state))
    assert count(session, MatchEvent) == events
    # Withdrawing needs a reason, shown beside the field.
    no_reason = state.post(f"/matches/{match.id}/withdraw", data={"withdraw-reason": ""})
    assert no_reason.status_code == 422
    assert "Say why the match is withdrawn" in no_reason.get_data(as_text=True)
    ok = state.post(f"/matches/{match.id}/withdraw", data={"withdraw-reason": "Elections."})
    assert ok.status_code == 302
    session.expire_all()
    assert session.get(Match, match.id).status is P.WITHDRAWN


def test_the_state_starts_and_both_sides_note_from_the_page(app, session, world):
    match = world.matches[P.ACCEPTED]
    state_rep, provider = sides(world, match)
    state, prov = app.test_client(), app.test_client()
    login(state, state_rep.email)
    login(prov, provider.email)
    assert state.post(f"/matches/{match.id}/start", data={"start-note": ""}).status_code == 302
    empty = prov.post(f"/matches/{match.id}/note", data={"note-text": " "})
    assert empty.status_code == 422
    assert "Write the note first." in empty.get_data(as_text=True)
    sent = prov.post(f"/matches/{match.id}/note", data={"note-text": "Slides are ready."})
    assert sent.status_code == 302
    page = state.get(f"/matches/{match.id}").get_data(as_text=True)
    history = page.split('id="history-title"')[1]
    assert "<strong>Note</strong> by" in history
    assert "Slides are ready." in history
    session.expire_all()
    assert session.get(Match, match.id).status is P.IN_PROGRESS


def test_strangers_get_404_on_a_match_and_its_actions(app, world):
    match = world.matches[P.ACCEPTED]
    stranger = app.test_client()
    login(stranger, world.reps["FJI"].email)
    for url in (f"/matches/{match.id}/start", f"/matches/{match.id}/withdraw",
                f"/matches/{match.id}/complete", f"/matches/{match.id}/note"):  # fmt: skip
        assert stranger.post(url, data={"withdraw-reason": "x"}).status_code == 404
    assert stranger.get(f"/matches/{match.id}").status_code == 404
    anonymous = app.test_client().post(f"/matches/{match.id}/note", data={"note-text": "x"})
    assert anonymous.status_code == 302
    assert "/auth/login" in anonymous.headers["Location"]


def test_a_dismissed_suggestion_stays_the_focal_points_own(app, session):
    need = make_need(session, state="FJI", languages=["en"], modality="remote")
    offer = make_offer(session, eligible=[], languages=["en"])
    make_user(session, role=Role.STATE, state_code="FJI", email="fiji@example.org")
    match = Match(need=need, offer=offer, score=0.5, reasons=[], status=P.DISMISSED)
    session.add(match)
    session.commit()
    state = app.test_client()
    login(state, "fiji@example.org")
    assert state.get(f"/matches/{match.id}").status_code == 404
    assert need.title not in state.get("/matches/?status=dismissed").get_data(as_text=True)


def test_a_move_without_the_csrf_token_is_refused(db_url):
    import re

    from models import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url})
    with app.app_context():
        world = build_world(db.session)
        db.session.commit()
        match_id, email = world.matches[P.ACCEPTED].id, world.focal.email
    client = app.test_client()
    form = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    signed_in = client.post(
        "/auth/login", data={"email": email, "password": PW, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    resp = client.post(f"/matches/{match_id}/complete", data={"complete-outcome": "Done."})
    assert resp.status_code == 400
    with app.app_context():
        assert db.session.get(Match, match_id).status is P.ACCEPTED
        db.session.remove()
        db.engine.dispose()
