"""Lessons learnt: a side of a completed match proposes one, the focal point publishes or refuses
it, and a published lesson shows on the pages of its need's topics."""

from __future__ import annotations

import html
import re

from models import AuditEntry, Lesson, LessonStatus, Match, MatchStatus
from tests.web.test_pipeline import count, flashes, login, sides

P = MatchStatus
TEXT = "Hands-on labs in the trainees' own language kept the whole cohort to the end."


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def lesson_of(session, match) -> Lesson | None:
    session.expire_all()
    return session.query(Lesson).filter_by(match_id=match.id).one_or_none()


def client_for(app, email):
    client = app.test_client()
    login(client, email)
    return client


def propose(client, match, text=TEXT, title="Teach in the trainees' language"):
    return client.post(f"/matches/{match.id}/lesson",
                       data={"lesson-text": text, "lesson-title": title})  # fmt: skip


def topic_url(match) -> str:
    return f"/topics/{match.need.topics[0].slug}"


def test_the_provider_proposes_and_the_focal_point_publishes_it_on_the_topic_page(
    app, session, world
):
    match = world.matches[P.COMPLETED]
    rep, provider = sides(world, match)
    as_provider = client_for(app, provider.email)
    page = text_of(as_provider.get(f"/matches/{match.id}"))
    assert "Publish as a lesson learnt" in page
    assert match.outcome in page  # the result statement is the starting text

    response = propose(as_provider, match)

    assert response.status_code == 302
    assert "the focal point reviews the lesson" in " ".join(flashes(as_provider))
    row = lesson_of(session, match)
    assert (row.side, row.status, row.text) == ("provider", LessonStatus.PROPOSED, TEXT)
    anonymous = app.test_client()
    assert TEXT not in text_of(anonymous.get(topic_url(match)))  # not before the review
    state_page = text_of(client_for(app, rep.email).get(f"/matches/{match.id}"))
    assert "Proposed by the provider; the focal point reviews it" in state_page
    assert "Send for review" not in state_page  # only the proposing side changes it

    focal = client_for(app, world.focal.email)
    queue = text_of(focal.get("/lessons/review"))
    assert TEXT in queue
    assert "(the provider)" in queue
    done = focal.post(f"/lessons/{row.id}/review", data={"decision": "publish"})

    assert done.status_code == 302
    row = lesson_of(session, match)
    assert row.status is LessonStatus.PUBLISHED
    assert row.reviewed_by_id == world.focal.id
    topic_page = text_of(anonymous.get(topic_url(match)))
    assert TEXT in topic_page
    assert "Teach in the trainees' language" in topic_page
    assert match.offer.organisation.name in topic_page
    assert rep.state.name_en in topic_page  # a public need: its State is named
    assert "Published on" in topic_page
    assert "Completed on" in topic_page
    assert "No lesson is waiting for review." in text_of(focal.get("/lessons/review"))
    assert session.query(AuditEntry).filter_by(entity="lesson").count() >= 2
    # published: nobody changes it any more from the match page
    assert propose(as_provider, match, text="Other words.").status_code == 422
    assert lesson_of(session, match).text == TEXT


def test_the_state_proposes_the_focal_point_refuses_with_a_reason_and_it_comes_back(
    app, session, world
):
    match = world.matches[P.COMPLETED]
    rep, provider = sides(world, match)
    as_state = client_for(app, rep.email)
    assert propose(as_state, match).status_code == 302
    row = lesson_of(session, match)
    assert row.side == "state"
    # the provider may not rewrite the State's proposal: named, nothing changed
    other = propose(client_for(app, provider.email), match, text="Provider's words.")
    assert other.status_code == 422
    assert "only it can change the text" in text_of(other)
    assert lesson_of(session, match).text == TEXT

    focal = client_for(app, world.focal.email)
    no_reason = focal.post(f"/lessons/{row.id}/review", data={"decision": "refuse", "reason": ""})
    assert no_reason.status_code == 422
    assert "Say why, so that the side that proposed it can improve it." in text_of(no_reason)
    assert lesson_of(session, match).status is LessonStatus.PROPOSED
    why = {"decision": "refuse", "reason": "Name the labs' language."}
    refused = focal.post(f"/lessons/{row.id}/review", data=why)
    assert refused.status_code == 302
    assert lesson_of(session, match).status is LessonStatus.REFUSED
    page = text_of(as_state.get(f"/matches/{match.id}"))
    assert "The focal point did not publish it: Name the labs' language." in page
    assert TEXT not in text_of(app.test_client().get(topic_url(match)))

    again = propose(as_state, match, text=TEXT + " In French.")
    assert again.status_code == 302
    row = lesson_of(session, match)
    assert (row.status, row.reason, row.reviewed_at) == (LessonStatus.PROPOSED, "", None)
    assert row.text.endswith("In French.")


def test_errors_are_named_the_input_kept_and_nothing_written(app, session, world):
    match = world.matches[P.COMPLETED]
    _, provider = sides(world, match)
    as_provider = client_for(app, provider.email)
    empty = propose(as_provider, match, text="   ", title="A title kept")
    assert empty.status_code == 422
    page = text_of(empty)
    assert "Write the lesson: what worked, what did not, what others can reuse." in page
    assert 'value="A title kept"' in page
    long_title = propose(as_provider, match, title="x" * 201)
    assert long_title.status_code == 422
    assert "Keep it under 200 characters." in text_of(long_title)
    too_long = propose(as_provider, match, text="y" * 2001)
    assert "Keep it under 2000 characters." in text_of(too_long)
    assert count(session, Lesson) == 0


def test_who_may_do_what(app, session, world):
    completed, running = world.matches[P.COMPLETED], world.matches[P.IN_PROGRESS]
    rep, _provider = sides(world, completed)
    focal = client_for(app, world.focal.email)
    assert propose(focal, completed).status_code == 403  # the focal point reviews, not proposes
    run_rep, run_provider = sides(world, running)
    assert propose(client_for(app, run_provider.email), running).status_code == 403
    outsider = client_for(app, run_rep.email)  # a State that is no side of the completed match
    assert run_rep.state_id != rep.state_id
    assert propose(outsider, completed).status_code == 404
    as_state = client_for(app, rep.email)
    assert as_state.get("/lessons/review").status_code == 403
    assert app.test_client().get("/lessons/review").status_code == 302  # to sign in
    assert count(session, Lesson) == 0
    propose(as_state, completed)
    row = lesson_of(session, completed)
    assert as_state.post(f"/lessons/{row.id}/review",
                         data={"decision": "publish"}).status_code == 403  # fmt: skip
    assert lesson_of(session, completed).status is LessonStatus.PROPOSED
    assert focal.post("/lessons/999999/review", data={"decision": "publish"}).status_code == 404
    assert app.test_client().get("/topics/no-such-topic").status_code == 404


def test_a_confidential_needs_lesson_proposed_by_the_provider_never_names_the_state(
    app, session, world
):
    match = world.matches[P.COMPLETED]
    rep, provider = sides(world, match)
    need = session.get(Match, match.id).need
    need.confidential = True
    session.commit()
    assert propose(client_for(app, provider.email), match).status_code == 302
    focal = client_for(app, world.focal.email)
    assert "will not name the State" in text_of(focal.get("/lessons/review"))
    focal.post(f"/lessons/{lesson_of(session, match).id}/review", data={"decision": "publish"})

    page = text_of(app.test_client().get(topic_url(match)))
    assert TEXT in page
    assert "A State with" in page
    assert rep.state.name_en not in page
    assert need.title not in page


def test_the_topic_pages_count_open_records_and_list_every_topic(app, session, world):
    match = world.matches[P.COMPLETED]
    topic = match.need.topics[0]
    page = text_of(app.test_client().get(f"/topics/{topic.slug}"))
    assert topic.label_en in page
    assert topic.dimension.label_en in page
    body = app.test_client().get(f"/topics/{topic.slug}").get_data(as_text=True)
    needs = re.search(r"data-needs>(\d+)<", body)
    offers = re.search(r"data-offers>(\d+)<", body)
    assert needs is not None
    assert offers is not None
    # the same counts as the lists they open
    listed = text_of(app.test_client().get(f"/needs/?topic={topic.slug}"))
    assert re.search(rf"\b{needs.group(1)} open needs? match", listed)
    offered = text_of(app.test_client().get(f"/offers/?topic={topic.slug}"))
    assert re.search(rf"\b{offers.group(1)} open offers? match", offered)
    assert f"/needs/?topic={topic.slug}" in page
    assert f"/offers/?topic={topic.slug}" in page
    assert "No lesson learnt on this topic yet." in page
    index = app.test_client().get("/topics/").get_data(as_text=True)
    assert f'href="/topics/{topic.slug}"' in index


def test_the_focal_point_takes_a_published_lesson_down_with_a_reason(app, session, world):
    match = world.matches[P.COMPLETED]
    _rep, provider = sides(world, match)
    as_provider = client_for(app, provider.email)
    assert propose(as_provider, match).status_code == 302
    row = lesson_of(session, match)
    focal = client_for(app, world.focal.email)
    assert focal.post(f"/lessons/{row.id}/review", data={"decision": "publish"}).status_code == 302
    url = topic_url(match)
    slug = url.rsplit("/", 1)[1]
    assert "Take down…" in text_of(focal.get(url))
    assert "Take down…" not in text_of(as_provider.get(url))  # the focal point's only

    no_reason = focal.post(f"/lessons/{row.id}/unpublish?topic={slug}", data={"reason": "  "})

    assert no_reason.status_code == 422
    page = text_of(no_reason)
    assert "Say why, so that the side that proposed it can improve it." in page
    assert TEXT in page  # the topic's page again, the lesson still on it
    assert lesson_of(session, match).status is LessonStatus.PUBLISHED

    why = "It names a trainee who did not agree."
    done = focal.post(f"/lessons/{row.id}/unpublish?topic={slug}", data={"reason": why})

    assert done.status_code == 302
    assert done.headers["Location"].endswith(url)
    assert "The lesson is taken down" in " ".join(flashes(focal))
    assert TEXT not in text_of(app.test_client().get(url))
    row = lesson_of(session, match)
    assert (row.status, row.reason) == (LessonStatus.REFUSED, why)
    assert f"The focal point did not publish it: {why}" in text_of(
        as_provider.get(f"/matches/{match.id}")
    )
    assert propose(as_provider, match, text=TEXT + " Names removed.").status_code == 302
    again = focal.post(f"/lessons/{row.id}/unpublish?topic={slug}", data={"reason": why})
    assert again.status_code == 302  # proposed again, not published: nothing to take down
    assert "This lesson is not published." in " ".join(flashes(focal))
    assert lesson_of(session, match).status is LessonStatus.PROPOSED
    assert (
        client_for(app, provider.email)
        .post(f"/lessons/{row.id}/unpublish", data={"reason": why})
        .status_code
        == 403
    )
