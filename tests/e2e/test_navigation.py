"""The header in Chromium: on a phone the links fold behind a Menu button."""

from __future__ import annotations

import pytest

from tests.e2e.support import DESKTOP, PHONE, click, sign_in

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"


def test_on_a_phone_the_links_fold_behind_a_menu_button(page, live_server, screenshot):
    sign_in(page, live_server, FOCAL)
    page.set_viewport_size(PHONE)
    button = page.locator("button.nav-toggle")
    links = page.locator("nav.main-nav a")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not links.first.is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] < 120  # 205 px with all the links listed
    screenshot(page, "header-phone-closed")  # at both widths, then back to the desktop's

    page.set_viewport_size(PHONE)
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert links.count() == 12  # the personal home first
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    screenshot(page, "header-phone-open")
    page.set_viewport_size(PHONE)
    click(page, "nav.main-nav a:text-is('Pipeline')")
    assert page.title().startswith("Pipeline")
    assert not page.locator("nav.main-nav a").first.is_visible()  # folded again on the new page

    page.set_viewport_size(DESKTOP)
    assert not page.locator("button.nav-toggle").is_visible()
    assert page.locator("nav.main-nav a:text-is('Dashboard')").is_visible()


def test_without_scripts_the_links_stay_listed(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    assert not page.locator("button.nav-toggle").is_visible()
    assert page.locator("nav.main-nav a:text-is('Offers')").is_visible()
    context.close()
