"""The focal point's suggestion queue in Chromium: refresh, filter to a region, propose the top."""

from __future__ import annotations

import re

import pytest

from tests.e2e.support import click, fits_phone, follow, sign_in

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"


def test_focal_point_refreshes_filters_and_proposes_the_top_pair(page, live_server, screenshot):
    sign_in(page, live_server, FOCAL)

    follow(page, "Suggestions")
    assert page.title() == "Suggestions · cbmatch"
    assert (page.locator("a[aria-current=page]").text_content() or "").strip() == "Suggestions"

    click(page, "button:text-is('Refresh suggestions')")
    flash = page.locator(".flash-success").inner_text()
    assert re.search(r"Suggestions refreshed: [1-9]\d* new", flash), flash
    total = int(page.locator("[data-result-count]").inner_text().split()[0])
    assert total > 0
    scores = [float(s) for s in page.locator("[data-score]").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    screenshot(page, "console-queue")
    assert fits_phone(page)

    # Filter to one region that has suggestions: the first card's State's region.
    page.select_option("#region", "Oceania")
    click(page, "button:text-is('Show')")
    assert "region=Oceania" in page.url
    in_region = int(page.locator("[data-result-count]").inner_text().split()[0])
    assert 0 < in_region < total
    screenshot(page, "console-queue-oceania")
    assert fits_phone(page)

    top = page.locator(".cards > .card").first
    need_title = top.locator("h2").inner_text()
    top.locator("summary:text-is('Propose to both sides')").click()
    top.locator("textarea[name$='-message']").fill(
        "Both of you asked for incident response help; please talk."
    )
    with page.expect_navigation():
        top.locator("button:text-is('Propose')").click()
    assert "region=Oceania" in page.url
    assert "now see it in their matches" in page.locator(".flash-success").inner_text()
    assert int(page.locator("[data-result-count]").inner_text().split()[0]) == in_region - 1

    follow(page, "Matches")
    row = page.locator("table tr", has_text=need_title).first
    assert "proposed" in row.inner_text().lower()
