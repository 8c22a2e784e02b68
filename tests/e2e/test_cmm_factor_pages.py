"""A State rates its CMM factors and answers the needs they suggest, in Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.support import click, fits_phone, sign_in

pytestmark = pytest.mark.e2e

KENYA = "wanjiru.kamau@cbmatch.example"  # demo representative of Kenya


def shoot(page, screenshot, name: str) -> None:
    assert fits_phone(page), f"{name} is wider than 390px"
    assert all(p.stat().st_size > 5000 for p in screenshot(page, name))


def test_a_state_rates_factors_and_accepts_two_suggested_needs(page, live_server, screenshot):
    base = live_server
    sign_in(page, base, KENYA)
    page.goto(base + "/survey/maturity")
    assert page.locator("fieldset.factor").count() == 23
    assert page.is_checked("input[name=factor_d4_1][value='']")  # "Not assessed" by default
    # The stage descriptions are the radio buttons' labels: a click on the words rates.
    page.click("label[for=factor_d4_1-1]")
    assert page.is_checked("input[name=factor_d4_1][value='1']")
    for factor, stage in {"d1_2": 2, "d2_4": 1, "d4_2": 3, "d5_6": 2}.items():
        page.check(f"input[name=factor_{factor}][value='{stage}']")
    shoot(page, screenshot, "cmm-maturity-factors")
    click(page, "text=Save and continue to needs")
    assert "saved as a draft" in page.locator(".flash").inner_text()

    cards = page.locator(".suggestion-card")
    assert [cards.nth(i).get_attribute("data-factor") for i in range(cards.count())] == [
        "D1.2", "D2.4", "D4.1", "D5.6"
    ]  # fmt: skip
    shoot(page, screenshot, "cmm-suggestions")

    # Accept one as it is, one after editing its title; ignore another.
    click(page, "#suggestion-D4\\.1 >> text=Add this need")
    assert "is saved as a draft" in page.locator(".flash").inner_text()
    click(page, "#suggestion-D1\\.2 >> text=Edit, then add")
    assert (
        page.input_value("#title")
        == "Training and tools for the national CSIRT and crisis exercises"
    )
    assert page.is_checked("input[name=topics][value=incident-response]")
    page.fill("#title", "Training for the Kenyan national CSIRT")
    click(page, "button[value=save]")
    assert "is saved as a draft" in page.locator(".flash").inner_text()
    click(page, "#suggestion-D5\\.6 >> text=Ignore")
    assert page.locator(".suggestion-card").count() == 1  # D2.4 is left
    needs = page.locator("main").inner_text()
    assert "Support to draft cybercrime and cybersecurity legislation" in needs
    assert "Training for the Kenyan national CSIRT" in needs

    page.goto(base + "/states/KEN")  # the derived dimensions on the chart
    legal = page.locator(".chart-row[data-dimension=legal-regulatory] .chart-bar")
    assert legal.get_attribute("data-stage") == "2"  # (1 + 3) / 2
    # Under the chart, each dimension folds its factors: a click opens one, with each stage.
    fold = page.locator("details.factor-group[data-dimension=legal-regulatory]")
    assert not fold.locator("li[data-factor='D4.1']").is_visible()
    fold.locator("summary").click()  # no navigation: the fold opens in place
    rated = fold.locator("li[data-factor='D4.1']")
    assert rated.is_visible()
    assert "1 · Start-up" in rated.inner_text()
    assert "There is no specific law on cybersecurity or cybercrime." in rated.inner_text()
    assert "Not assessed" in fold.locator("li[data-factor='D4.3']").inner_text()
    shoot(page, screenshot, "cmm-state-factors")
