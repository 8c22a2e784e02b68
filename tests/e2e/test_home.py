"""The front page and the error pages, as a visitor sees them in Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.support import click, fits_phone, public_open_needs

pytestmark = pytest.mark.e2e


def test_front_page_shows_the_public_figures_of_the_demo_data(page, live_server, screenshot):
    public = public_open_needs()

    page.goto(live_server + "/")

    assert page.title() == "Home · cbmatch"
    figure = page.locator("[data-figures] a:has(.fig-label:text-is('Open needs')) .fig-n")
    assert figure.inner_text() == str(len(public))
    providers = page.locator("[data-figures] a:has(.fig-label:text-is('Providers')) .fig-n")
    assert providers.inner_text() != "0"
    shots = screenshot(page, "home")
    assert all(p.stat().st_size > 5000 for p in shots)
    # Phone width: nothing wider than the screen.
    assert fits_phone(page)


def test_unknown_page_gives_a_friendly_404_with_a_way_back(page, live_server, screenshot):
    response = page.goto(live_server + "/no-such-page")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    click(page, "text=Back to the home page")
    assert page.url == live_server + "/"
    page.goto(live_server + "/no-such-page")
    screenshot(page, "error-404")
