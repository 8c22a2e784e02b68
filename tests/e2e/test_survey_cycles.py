"""Survey cycles in Chromium: a State rates its factors, accepts two suggested needs, submits,
updates its maturity six months later (a fixed clock) and sees the change on its history page;
a year on, the focal point finds it among the States that have not updated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import base
from tests.e2e.support import click, fits_phone, person, sign_in

pytestmark = pytest.mark.e2e

KENYA = "wanjiru.kamau@cbmatch.example"  # demo representative of Kenya
FOCAL = "focal.point@cbmatch.example"
START = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The live server's clock (it runs in this process): ``clock.now = ...`` moves it."""

    class Clock:
        now = START

    monkeypatch.setattr(base, "utcnow", lambda: Clock.now)
    monkeypatch.setattr("webapp.services.needs.survey.utcnow", lambda: Clock.now)
    return Clock


def shoot(page, screenshot, name: str) -> None:
    assert fits_phone(page), f"{name} is wider than 390px"
    assert all(p.stat().st_size > 5000 for p in screenshot(page, name))


def rate(page, stages: dict[str, int]) -> None:
    for factor, stage in stages.items():
        page.check(f"input[name=factor_{factor}][value='{stage}']")


def test_a_state_submits_then_updates_six_months_later_and_sees_the_change(
    page, browser, live_server, screenshot, clock
):
    base_url = live_server
    sign_in(page, base_url, KENYA)
    page.goto(base_url + "/survey/maturity")
    # One factor or more in each dimension, so that every dimension has a stage.
    rate(page, {"d1_1": 1, "d1_2": 2, "d2_1": 3, "d3_3": 3, "d4_1": 1, "d5_1": 3})
    click(page, "text=Save and continue to needs")

    cards = page.locator(".suggestion-card")
    assert [cards.nth(i).get_attribute("data-factor") for i in range(cards.count())] == [
        "D1.1", "D1.2", "D4.1"
    ]  # fmt: skip
    click(page, "#suggestion-D1\\.1 >> text=Add this need")
    assert "is saved as a draft" in page.locator(".flash").inner_text()
    click(page, "#suggestion-D4\\.1 >> text=Add this need")
    assert page.locator(".suggestion-card").count() == 1

    page.goto(base_url + "/survey/review")
    click(page, "button:has-text('Submit the survey')")
    assert "2 needs are now open to providers" in page.locator(".flash").inner_text()
    assert page.locator("[data-last-version='1']").count() == 1
    assert "submitted on 15 January 2027" in page.locator("[data-last-version]").inner_text()

    clock.now = START + timedelta(days=181)  # six months later: 15 July 2027
    page.goto(base_url + "/survey/maturity")
    rate(page, {"d1_1": 3, "d4_1": 2, "d5_1": 4})
    click(page, "text=Save and continue to needs")
    page.goto(base_url + "/survey/review")
    assert "kept as version 2, dated today" in page.locator("[data-update]").inner_text()
    shoot(page, screenshot, "survey-cycles-review-update")
    click(page, "button:has-text('Submit update')")

    assert page.url.endswith("/survey/history/KEN")
    assert (
        "Your update is submitted as version 2, dated today." in page.locator(".flash").inner_text()
    )
    changes = page.locator(".history-changes tbody tr")
    assert [changes.nth(i).get_attribute("data-factor") for i in range(changes.count())] == [
        "D1.1", "D4.1", "D5.1"
    ]  # fmt: skip
    assert page.locator("tr[data-factor='D1.1']").inner_text().split("\t")[1:] == [
        "1. Start-up", "3. Established up"
    ]  # fmt: skip
    # Each dimension's chart: a point per version at its stage (policy 1.5 -> 2, then 2.5 -> 3).
    for dim, stages in {"policy-strategy": ["2", "3"], "legal-regulatory": ["1", "2"],
                        "culture-society": ["3", "3"]}.items():  # fmt: skip
        points = page.locator(f"svg[data-dimension={dim}] .history-point")
        assert [points.nth(i).get_attribute("data-stage") for i in range(2)] == stages, dim
    assert (
        "1 stage up since the version before"
        in page.locator("figure[data-dimension=policy-strategy]").inner_text()
    )
    dates = page.locator("svg[data-dimension=policy-strategy] .history-date")
    assert [dates.nth(i).text_content() for i in range(2)] == ["15 Jan 2027", "15 Jul 2027"]
    shoot(page, screenshot, "survey-cycles-history")

    # A year after the update, the focal point sees Kenya among the States not updated.
    clock.now = START + timedelta(days=181 + 400)
    focal = person(browser, base_url, FOCAL)
    focal.goto(base_url + "/dashboard/")
    click(focal, "[data-outdated-surveys]")
    row = focal.locator("tr[data-state=KEN]")
    assert row.get_attribute("data-outdated") == "old"
    assert "Version 2, 15 July 2027" in row.inner_text()
    shoot(focal, screenshot, "survey-cycles-outdated")
    click(focal, "tr[data-state=KEN] >> text=Version 2, 15 July 2027")
    assert focal.url.endswith("/survey/history/KEN")
    focal.context.close()
