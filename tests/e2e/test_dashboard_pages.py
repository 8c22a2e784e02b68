"""The dashboard in Chromium: figures that follow a match, heatmap links, duplicate warnings."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Match, MatchEvent, MatchStatus, Need, Offer, Organisation, State, User, db
from tests.e2e.support import click, fits_phone, follow, person
from webapp.services.proposals import operations as proposals
from webapp.services.vocab import MATCHED

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"
PROVIDER = "priya.raman@cbmatch.example"  # Harbourline Security Ltd


def figure(page, name):
    return page.locator(f"[data-figure={name}] dd").first.inner_text().strip()


def bar(page, status):
    return int(page.locator(f"a[data-status={status}] [data-count]").text_content())


def cell(page, heatmap, row, region):
    return page.locator(f"#{heatmap} tr[data-row='{row}'] td[data-region='{region}'] a")


def proposable_pair(app):
    """A demo need and offer, both with demo accounts, that can be proposed to each other."""
    with app.app_context():
        s = db.session
        users = list(s.scalars(select(User)))
        reps = {u.state_id: u.email for u in users if u.state_id is not None}
        providers = {u.organisation_id: u.email for u in users if u.organisation_id is not None}
        needs = s.scalars(select(Need).where(Need.state_id.in_(reps)).order_by(Need.ref))
        offers = list(s.scalars(select(Offer).where(Offer.organisation_id.in_(providers))
                                .order_by(Offer.ref)))  # fmt: skip
        # the demo's own matches: a need not served yet, a pair never tried
        served = set(s.scalars(select(Match.need_id).where(Match.status.in_(MATCHED))))
        tried = {(n, o) for n, o in s.execute(select(Match.need_id, Match.offer_id))}
        for need in needs:
            if not need.topics or need.confidential or need.id in served:
                continue
            for offer in offers:
                if (need.id, offer.id) in tried:
                    continue
                if not proposals.pair_problems(s, need, offer):
                    focal = s.scalar(select(User).where(User.email == FOCAL))
                    match = proposals.propose(s, need, offer, actor=focal, message="Please talk.")
                    s.commit()
                    return (match.id, reps[need.state_id], providers[offer.organisation_id],
                            need.topics[0].slug, need.state.region)  # fmt: skip
    raise AssertionError("no proposable pair in the demo data")


def answer(browser, base, email, match_id):
    page = person(browser, base, email)
    page.goto(f"{base}/matches/{match_id}")
    page.check("input[name=decision][value=accept]")
    click(page, "button:text-is('Send my answer')")
    assert "Your answer is recorded" in page.locator(".flash").inner_text()
    page.context.close()


def complete(app, match_id):
    """Start and complete the match (the pipeline's buttons do this once it exists)."""
    with app.app_context():
        match = db.session.get(Match, match_id)
        for status in (MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED):
            old, match.status = match.status, status
            match.events.append(MatchEvent(from_status=old, to_status=status, note=""))
        db.session.commit()


def test_dashboard_figures_follow_a_match_to_completion(browser, live_app, live_server, screenshot):
    base = live_server
    match_id, rep, provider, topic, region = proposable_pair(live_app)

    focal = person(browser, base, FOCAL)
    entries = focal.locator("nav.main-nav .nav-top > li > a").all_inner_texts()
    assert "Dashboard" in entries  # an entry of its own, not in a menu
    follow(focal, "Dashboard")
    assert focal.title() == "Dashboard · cbmatch"
    # the demo's own matches: 16 of 62 submitted needs matched, 6 proposed, 8 completed
    assert figure(focal, "open-needs") == "56"
    assert figure(focal, "share-matched") == "26%"
    assert re.fullmatch(r"\d+\.\d", figure(focal, "median-days"))
    assert (bar(focal, "proposed"), bar(focal, "accepted"), bar(focal, "completed")) == (7, 5, 8)
    unmet_before = int(cell(focal, "demand", topic, region).inner_text())
    assert unmet_before >= 1
    screenshot(focal, "dashboard-before")

    # Both sides accept in their own browsers; the focal point's figures move on reload.
    answer(browser, base, rep, match_id)
    answer(browser, base, provider, match_id)
    focal.reload()
    assert figure(focal, "share-matched") == "27%"  # 17 of 62
    assert "17 of 62 submitted needs" in focal.locator("[data-figure=share-matched]").inner_text()
    assert re.fullmatch(r"\d+\.\d", figure(focal, "median-days"))
    assert (bar(focal, "proposed"), bar(focal, "accepted")) == (6, 6)
    assert int(cell(focal, "demand", topic, region).inner_text()) == unmet_before - 1

    complete(live_app, match_id)
    focal.reload()
    assert figure(focal, "share-matched") == "27%"
    assert (bar(focal, "accepted"), bar(focal, "completed")) == (5, 9)
    screenshot(focal, "dashboard-after")
    assert fits_phone(focal)

    # A demand cell opens the unmet needs behind it; a supply cell, the offers list.
    target = cell(focal, "demand", topic, region)
    count = target.inner_text()
    click(focal, f"#demand tr[data-row='{topic}'] td[data-region='{region}'] a")
    assert focal.locator("[data-result-count]").inner_text().startswith(f"{count} unmet need")
    screenshot(focal, "dashboard-unmet")
    assert fits_phone(focal)
    focal.go_back()
    count = cell(focal, "supply", topic, "Oceania").inner_text()
    click(focal, f"#supply tr[data-row='{topic}'] td[data-region='Oceania'] a")
    assert "region=Oceania" in focal.url
    assert focal.locator("[data-result-count]").inner_text().startswith(f"{count} open offer")

    focal.goto(base + "/dashboard/?by=dimension")
    screenshot(focal, "dashboard-dimensions")
    assert fits_phone(focal)


def test_a_resubmitted_offer_is_flagged_and_saved_only_when_confirmed(
    browser, live_app, live_server, screenshot
):
    base = live_server
    with live_app.app_context():
        estonia = db.session.scalar(
            select(Offer).join(Organisation).where(Organisation.country.has(State.iso3 == "EST"))
            .order_by(Offer.ref)
        )  # fmt: skip
        original = (estonia.ref, estonia.title, estonia.description)

    provider = person(browser, base, PROVIDER)
    provider.goto(base + "/offers/new")
    provider.fill("#title", "Advisers to draft and cost national cybersecurity strategies")
    provider.fill("#description", original[2] + " Requests are welcome all year.")
    provider.check("input[name=topics][value=national-strategy]")
    provider.check("input[name=support_types][value=advisory]")
    click(provider, "button:text-is('Publish the offer')")
    warning = provider.locator("#duplicates")
    assert "looks like one that is already open" in warning.inner_text()
    assert warning.locator(f"a[href='/offers/{original[0]}']").inner_text().endswith(original[1])
    assert provider.input_value("#title").startswith("Advisers to draft")  # input kept
    screenshot(provider, "offer-duplicate-warning")
    assert fits_phone(provider)

    provider.check("#not_duplicate")
    click(provider, "button:text-is('Publish the offer')")
    flash = provider.locator(".flash-success").inner_text()
    new_ref = re.search(r"O-\d{4}-\d{3,}", flash).group(0)

    focal = person(browser, base, FOCAL)
    focal.goto(base + "/dashboard/")
    pairs = focal.locator("#offer-duplicates").inner_text()
    assert original[0] in pairs
    assert new_ref in pairs
