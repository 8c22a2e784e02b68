"""Learning from the focal point on a real database: decisions from the history, `cbmatch learn`,
the refresh re-ordered by the re-ranker, the queue's badge, and the schedule's one run a period."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from models import LearnedRanker, Match, MatchEvent, MatchStatus, Response, Role
from tests.factories import make_need, make_offer, make_user
from tests.survey_support import login
from webapp.services.matching import learning, operations
from webapp.services.periodic import learning as schedule

GOOD = [
    (MatchStatus.COMPLETED, Response.ACCEPTED),
    (MatchStatus.ACCEPTED, Response.ACCEPTED),
    (MatchStatus.PROPOSED, Response.PENDING),
]
BAD_NOTES = ["Not relevant to this need", "Hors sujet", "The dates do not suit"]


def decide(session, need, offer, status, answer=Response.PENDING, note="", proposed=False):
    match = Match(need=need, offer=offer, score=0.3, reasons=[], status=status,
                  provider_response=answer)  # fmt: skip
    session.add(match)
    if proposed or status is not MatchStatus.DISMISSED:
        match.events.append(MatchEvent(from_status=MatchStatus.SUGGESTED,
                                       to_status=MatchStatus.PROPOSED))  # fmt: skip
    if status in (MatchStatus.DISMISSED, MatchStatus.WITHDRAWN, MatchStatus.DECLINED):
        match.events.append(MatchEvent(from_status=MatchStatus.SUGGESTED, to_status=status,
                                       note=note))  # fmt: skip
    return match


def seed_history(session, needs=20, offers=10, start=0):
    """Pairs of the same subject (i % 5) go well; the others are dismissed or declined."""
    made_needs = [
        make_need(
            session,
            i=start + i,
            languages=["en"],
            modality="any",
            start=None,
            end=None,
            confidential=False,
        )
        for i in range(needs)
    ]
    made_offers = [make_offer(session, i=j, eligible=[], capacity=90) for j in range(offers)]
    n = 0
    for i, need in enumerate(made_needs):
        for j, offer in enumerate(made_offers):
            if (start + i) % 5 == j % 5:
                status, answer = GOOD[n % 3]
                decide(session, need, offer, status, answer)
            elif n % 4 == 3:
                decide(session, need, offer, MatchStatus.DECLINED, Response.DECLINED)
            else:
                decide(session, need, offer, MatchStatus.DISMISSED, note=BAD_NOTES[n % 3])
            n += 1
    session.flush()
    return made_needs, made_offers


def test_decisions_are_read_from_the_matches_and_their_history(session):
    needs = [make_need(session, i=i, confidential=False) for i in range(5)]
    offer = make_offer(session, i=1, eligible=[], capacity=9)
    decide(session, needs[0], offer, MatchStatus.COMPLETED, Response.ACCEPTED)
    decide(session, needs[1], offer, MatchStatus.DISMISSED, note="Delivered in English only")
    decide(session, needs[2], offer, MatchStatus.WITHDRAWN)  # proposed, then withdrawn
    decide(session, needs[3], offer, MatchStatus.DECLINED, Response.DECLINED)
    decide(session, needs[4], offer, MatchStatus.SUGGESTED)  # no decision yet
    session.flush()
    found = {d.need: d for d in learning.decisions(session)}
    assert {ref: d.kind for ref, d in found.items()} == {
        needs[0].ref: "completed",
        needs[1].ref: "dismissed",
        needs[2].ref: "proposed",
        needs[3].ref: "declined",
    }
    assert found[needs[1].ref].category == "language"
    assert found[needs[0].ref].provider_accepted is True
    assert found[needs[3].ref].provider_accepted is False
    assert found[needs[2].ref].provider_accepted is None


def test_learn_with_too_few_decisions_says_so_and_saves_an_off_fit(session, cbmatch_process):
    seed_history(session, needs=3, offers=5)
    session.commit()
    result = cbmatch_process("learn")
    assert result.code == 0, result.stderr
    assert "(15 in all: 3 positive, 12 negative)" in result.stdout
    assert "Too few decisions to learn from: 15, at least 50 needed" in result.stdout
    session.expire_all()
    assert learning.current(session) is None  # off: the refresh keeps the matcher's order


def test_learn_prints_the_figures_and_saves_the_fit(session, cbmatch_process):
    seed_history(session)
    session.commit()
    dry = cbmatch_process("learn", "--dry-run")
    assert dry.code == 0, dry.stderr
    assert "Dry run: nothing saved." in dry.stdout
    assert session.scalar(select(func.count(LearnedRanker.id))) == 0

    result = cbmatch_process("learn")
    assert result.code == 0, result.stderr
    out = result.stdout
    assert "Decisions: 13 completed, 13 accepted, 14 proposed, 40 declined, 120 dismissed" in out
    assert "(200 in all: 40 positive, 160 negative)" in out
    figures = re.search(
        r"ROC AUC: re-ranker (\d\.\d{3}), the matcher's score alone (\d\.\d{3})\.", out
    )
    assert figures is not None, out
    assert "Re-ranker: on." in out
    assert out.rstrip().endswith("Saved.")
    session.expire_all()
    row = session.scalars(select(LearnedRanker)).one()
    assert (row.labels, row.positives, row.switched_on) == (200, 40, True)
    assert f"{row.heldout_auc:.3f}" == figures.group(1)
    assert f"{row.score_auc:.3f}" == figures.group(2)


def test_the_refresh_reorders_only_the_matchers_pairs_and_marks_the_moved(session):
    seed_history(session)
    fresh = [make_need(session, i=40 + i, languages=["en"], modality="any", start=None, end=None,
                       confidential=False) for i in range(5)]  # fmt: skip
    before = operations.rank(session, top=3)
    assert before.moved == frozenset()
    report = learning.learn(session, min_labels=50)
    assert report.on
    pool = {(m.need, m.offer) for m in operations.rank(session, top=learning.POOL)} | {
        (m.need, m.offer) for m in before
    }
    after = operations.rank(session, top=3)
    assert {(m.need, m.offer) for m in after} <= pool  # nothing the matcher did not find
    assert {m.need for m in after} == {m.need for m in before}
    assert after.moved <= {(m.need, m.offer) for m in after}
    operations.save_suggestions(session, after)
    saved = session.scalars(select(Match).where(Match.status == MatchStatus.SUGGESTED)).all()
    assert {m.need.ref for m in saved} >= {n.ref for n in fresh}
    assert after.moved  # the decisions taught it something on these needs
    suggested = {(m.need.ref, m.offer.ref) for m in saved}  # pairs acted on are kept as they are
    assert after.moved & suggested
    assert {(m.need.ref, m.offer.ref) for m in saved if m.adjusted} == after.moved & suggested


def test_the_queue_says_which_suggestions_learning_moved(app, client, session):
    need = make_need(session, i=1, languages=["en"], confidential=False)
    moved = Match(need=need, offer=make_offer(session, i=1, eligible=[]), score=0.6,
                  status=MatchStatus.SUGGESTED, adjusted=True)  # fmt: skip
    kept = Match(need=need, offer=make_offer(session, i=2, eligible=[]), score=0.5,
                 status=MatchStatus.SUGGESTED)  # fmt: skip
    session.add_all([moved, kept])
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    login(client, focal)
    page = client.get("/console/queue").get_data(as_text=True)
    cards = {int(c.split('"', 1)[0]): c for c in page.split('data-match="')[1:]}
    assert "Order adjusted by learning from past decisions" in cards[moved.id]
    assert "data-adjusted" in cards[moved.id]
    assert "data-adjusted" not in cards[kept.id]
    assert "data-adjusted-note" in page


def test_the_schedule_runs_once_per_period(session):
    after = 25
    now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert not schedule.run(session, now, min_labels=50, after=after).ran  # nothing decided
    seed_history(session, needs=10, offers=10)
    session.commit()
    first = schedule.run(session, now, min_labels=50, after=after)
    assert first.ran
    assert first.report is not None
    assert first.report.labels == 100
    # a second process (or pass) at the same time, or a day later with nothing new: not due
    assert not schedule.run(session, now, min_labels=50, after=after).ran
    assert not schedule.run(session, now + timedelta(days=1), min_labels=50, after=after).ran
    # a few new decisions wait for the week; enough of them do not
    need = make_need(session, i=61, confidential=False)
    for match in session.scalars(select(Match).order_by(Match.id).limit(5)).all():
        decide(session, need, match.offer, MatchStatus.DISMISSED, note="Not relevant")
    session.commit()
    assert not schedule.run(session, now + timedelta(days=2), min_labels=50, after=after).ran
    assert schedule.run(session, now + timedelta(days=8), min_labels=50, after=after).ran
    assert session.scalar(select(func.count(LearnedRanker.id))) == 2


def test_due_rule() -> None:
    now = datetime(2027, 3, 1, tzinfo=UTC)
    assert not schedule.due(None, 0, 0, now, 25)  # no decision at all
    assert schedule.due(None, 0, 3, now, 25)  # never ran
    assert not schedule.due(now - timedelta(days=1), 10, 20, now, 25)
    assert schedule.due(now - timedelta(days=1), 10, 35, now, 25)
    assert schedule.due(now - timedelta(days=7), 10, 11, now, 25)
    assert not schedule.due(now - timedelta(days=30), 10, 10, now, 25)


def test_match_json_keeps_its_fields_when_the_reranker_is_on(session, cbmatch_process):
    seed_history(session)
    for i in range(3):
        make_need(session, i=40 + i, languages=["en"], modality="any", start=None, end=None,
                  confidential=False)  # fmt: skip
    session.commit()
    off = cbmatch_process("match", "--format", "json")
    assert learning.learn(session, min_labels=50).on
    session.commit()
    on = cbmatch_process("match", "--format", "json")
    assert off.code == 0, off.stderr
    assert on.code == 0, on.stderr
    before, after = json.loads(off.stdout)["matches"], json.loads(on.stdout)["matches"]
    assert {tuple(m) for m in after} == {("need", "offer", "rank", "score", "reasons")}
    assert {m["need"] for m in after} == {m["need"] for m in before}
    assert on.stdout != off.stdout  # re-ordered or re-scored by what was learned
