"""The focal point's whole loop in Chromium, on the demo data, through the pages only.

Dashboard -> suggestion queue filtered to one region -> propose a pair whose two sides have
accounts -> the State and the provider accept in their own browsers -> the focal point starts and
completes the match with an outcome -> the dashboard's figures have moved accordingly.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Match, MatchStatus, User, db
from tests.e2e.support import click, follow, person
from webapp.services.matching.operations import rank, save_suggestions
from webapp.services.matching.queue import QueueFilters, queue_stmt
from webapp.services.vocab import MATCHED

# CI runs it on PostgreSQL (see browser_on_postgresql in pyproject.toml)
pytestmark = [pytest.mark.e2e, pytest.mark.browser_on_postgresql]

FOCAL = "focal.point@cbmatch.example"
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


def figures(page) -> dict[str, str]:
    names = ("open-needs", "open-offers", "share-matched", "median-days")
    return {n: page.locator(f"[data-figure={n}] dd").first.inner_text().strip() for n in names}


def bars(page) -> dict[str, int]:
    out = {}
    for link in page.locator("a[data-status]").all():
        out[link.get_attribute("data-status")] = int(link.locator("[data-count]").text_content())
    return out


def region_whose_top_pair_has_both_accounts(app) -> tuple[str, int, str, str]:
    """Save the matcher's suggestions, then find a region whose queue's first page holds a
    suggestion joining a State and a provider that both have demo accounts (so both can answer
    in this test), on a need not matched yet (so that the dashboard's share moves)."""
    with app.app_context():
        s = db.session
        save_suggestions(s, rank(s, top=5))
        s.commit()
        users = list(s.scalars(select(User)))
        reps = {u.state_id: u.email for u in users if u.state_id is not None}
        providers = {u.organisation_id: u.email for u in users if u.organisation_id is not None}
        taken = set(s.scalars(select(Match.need_id).where(Match.status.in_(MATCHED))))
        for region in REGIONS:
            for pair in s.scalars(queue_stmt(QueueFilters(region=region)).limit(10)):
                state_id, org_id = pair.need.state_id, pair.offer.organisation_id
                if state_id in reps and org_id in providers and pair.need_id not in taken:
                    return region, pair.id, reps[state_id], providers[org_id]
    raise AssertionError("no region's first suggestions join two demo accounts")


def accept(browser, base, email, match_id):
    page = person(browser, base, email)
    follow(page, "Matches")
    click(page, f"a[href='/matches/{match_id}']")
    page.check("input[name=decision][value=accept]")
    click(page, "button:text-is('Send my answer')")
    assert "Your answer is recorded" in page.locator(".flash").inner_text()
    page.context.close()


def test_focal_point_takes_a_suggestion_to_completion(browser, live_app, live_server, screenshot):
    base = live_server
    region, match_id, state_rep, provider = region_whose_top_pair_has_both_accounts(live_app)

    focal = person(browser, base, FOCAL)
    follow(focal, "Dashboard")
    before, bars_before = figures(focal), bars(focal)
    assert before["open-needs"] == "56"
    assert before["share-matched"] == "26%"  # the demo's matches: 16 of 62 submitted needs
    assert bars_before["completed"] == 8

    # The queue, narrowed to one region; a pair on its first page is proposed to both sides.
    follow(focal, "Suggestions")
    total = int(focal.locator("[data-result-count]").inner_text().split()[0])
    focal.select_option("#region", region)
    click(focal, "button:text-is('Show')")
    in_region = int(focal.locator("[data-result-count]").inner_text().split()[0])
    assert 0 < in_region < total
    top = focal.locator(f".cards > .card[data-match='{match_id}']")
    top.locator("summary:text-is('Propose to both sides')").click()
    top.locator("textarea[name$='-message']").fill("You two fit well: please agree the dates.")
    click(focal, f".card[data-match='{match_id}'] button:text-is('Propose')")
    flash = focal.locator(".flash-success").inner_text()
    # A confidential need is proposed to its State first; the provider answers once it accepts.
    assert "now see it in their matches" in flash or "the State is asked first" in flash

    accept(browser, base, state_rep, match_id)
    accept(browser, base, provider, match_id)

    # The focal point follows it in the pipeline, starts it and completes it with an outcome.
    follow(focal, "Pipeline")
    click(focal, f"a[href='/matches/{match_id}']")
    assert "Accepted" in focal.locator(".badge").first.inner_text()
    click(focal, "button:text-is('Mark in progress')")
    focal.fill("textarea[name='complete-outcome']", "Twelve analysts trained; a playbook adopted.")
    click(focal, "button:text-is('Mark completed')")
    assert "Completed" in focal.locator(".badge").first.inner_text()
    assert "Twelve analysts trained" in focal.locator("main").inner_text()
    with live_app.app_context():
        match = db.session.get(Match, match_id)
        assert match.status is MatchStatus.COMPLETED
        assert [e.to_status.value for e in match.events if e.changes_status][-4:] == [
            "proposed", "accepted", "in_progress", "completed"
        ]  # fmt: skip
    screenshot(focal, "coordination-match-completed")

    follow(focal, "Dashboard")
    after, bars_after = figures(focal), bars(focal)
    assert after["share-matched"] == "27%"  # 17 of 62 submitted needs
    assert re.fullmatch(r"\d+\.\d", after["median-days"])
    assert bars_after["completed"] == bars_before.get("completed", 0) + 1
    assert bars_after.get("proposed", 0) == bars_before.get("proposed", 0)
    screenshot(focal, "coordination-dashboard-after")
