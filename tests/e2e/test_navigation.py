"""The header in Chromium: menus by keyboard and mouse (the disclosure navigation pattern), one
line at 1280 px, the Menu button on a phone, no script needed; and the dashboard's heatmaps at
390 px. One server (the module's ``site``) and one browser for the module.
"""

from __future__ import annotations

import pytest

from tests.e2e.support import DESKTOP, PHONE, follow, new_page, sign_in
from tests.e2e.test_axe import TAGS, axe

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"
ADMIN = "admin@cbmatch.example"


@pytest.fixture(scope="module")
def focal(site, browser):
    """The focal point's page, signed in once for the module."""
    page = new_page(browser)
    sign_in(page, site[1], FOCAL)
    yield page
    page.context.close()


def focused(page) -> str:
    """What has the keyboard's focus: its tag and words."""
    return page.evaluate(
        "document.activeElement.tagName + ' ' + document.activeElement.textContent.trim()"
    )


def test_a_menu_opens_and_closes_from_the_keyboard_and_the_mouse(site, focal):
    page = focal
    page.set_viewport_size(DESKTOP)
    page.goto(site[1] + "/needs/")
    matching = page.locator("details[data-nav-group=matching]")
    explore = page.locator("details[data-nav-group=explore]")
    summary = matching.locator("summary")
    assert not page.locator("a:text-is('Suggestions')").is_visible()

    summary.focus()
    page.keyboard.press("Enter")
    assert matching.get_attribute("open") is not None
    assert page.locator("a:text-is('Suggestions')").is_visible()
    page.keyboard.press("Tab")
    assert focused(page) == "A Suggestions"
    page.keyboard.press("Tab")
    assert focused(page).startswith("A Pipeline")
    page.keyboard.press("Escape")  # closes, and the focus goes back to the menu's name
    assert matching.get_attribute("open") is None
    assert focused(page).startswith("SUMMARY Matching")

    page.keyboard.press(" ")  # Space opens it too
    assert matching.get_attribute("open") is not None
    for _ in range(4):  # through its three links, and on to the next entry
        page.keyboard.press("Tab")
    assert focused(page) == "A Dashboard"
    assert matching.get_attribute("open") is None  # the focus left it: closed

    summary.click()
    assert matching.get_attribute("open") is not None
    explore.locator("summary").click()  # one menu open at a time
    assert explore.get_attribute("open") is not None
    assert matching.get_attribute("open") is None
    page.mouse.click(DESKTOP["width"] - 20, 600)  # a click elsewhere closes it
    assert explore.get_attribute("open") is None

    summary.click()
    follow(page, "Pipeline")
    assert page.title().startswith("Pipeline")
    current = page.locator("nav.main-nav [aria-current=page]")
    assert current.count() == 1
    assert (current.text_content() or "").startswith("Pipeline")
    assert "nav-group-current" in (matching.get_attribute("class") or "")


@pytest.mark.parametrize("email", [FOCAL, ADMIN])
def test_the_focal_points_and_the_administrators_header_keep_one_line_at_1280(site, browser, email):
    page = new_page(browser)
    sign_in(page, site[1], email)
    heights = {}
    for language in ("fr", "ru", "ar", "en"):  # English last: the account keeps the choice
        page.evaluate(
            "lang => fetch('/language', {method: 'POST', body: new URLSearchParams({language: lang,"
            " csrf_token: document.querySelector('meta[name=csrf-token]').content})})",
            language,
        )
        page.goto(site[1] + "/needs/")
        assert page.locator("html").get_attribute("lang") == language
        header = page.locator(".site-header").bounding_box()
        nav = page.locator("nav.main-nav").bounding_box()
        heights[language] = (round(header["height"]), round(nav["height"]))
    assert heights["en"][0] < 70, heights  # one line (two lines: about 100 px)
    # other languages may take a second line for the account, never a broken navigation
    assert all(header < 110 and nav < 40 for header, nav in heights.values()), heights
    page.context.close()


def test_on_a_phone_the_links_fold_behind_a_menu_button_its_menus_open_in_place(site, focal):
    page = focal
    page.goto(site[1] + "/needs/")
    page.set_viewport_size(PHONE)
    button = page.locator("button.nav-toggle")
    entries = page.locator("nav.main-nav .nav-top > li")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not entries.first.is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] < 120  # 205 px with all the links listed

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert entries.count() == 6
    assert all(entries.nth(i).is_visible() for i in range(6))
    page.locator("details[data-nav-group=directory] summary").click()
    contacts = page.locator("nav.main-nav a:text-is('Contacts')")
    assert contacts.is_visible()
    box = contacts.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["width"]  # in place, not off the screen
    contacts.focus()
    page.keyboard.press("Escape")  # closes the menu, then the list
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert focused(page).startswith("BUTTON Menu")
    page.set_viewport_size(DESKTOP)
    assert not button.is_visible()


def test_without_scripts_the_links_stay_listed_and_the_menus_still_open(site, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site[1] + "/")
    assert not page.locator("button.nav-toggle").is_visible()
    assert page.locator("nav.main-nav a:text-is('Offers')").is_visible()
    page.goto(site[1] + "/auth/login")
    page.fill("#email", FOCAL)
    page.fill("#password", "cbmatch-demo-2026")
    page.locator("main button[type=submit]").click()
    page.set_viewport_size(DESKTOP)
    page.goto(site[1] + "/needs/")
    page.locator("details[data-nav-group=explore] summary").click()
    assert page.locator("nav.main-nav a:text-is('Calendar')").is_visible()
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_open_menus_pass_axe_at_both_widths(site, browser, language):
    context = browser.new_context(viewport=DESKTOP, locale=language)
    page = context.new_page()
    page.goto(site[1] + "/auth/login")
    page.fill("#email", FOCAL)
    page.fill("#password", "cbmatch-demo-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(site[1] + "/home")
    page.locator("details[data-nav-group=matching] summary").click()
    found = axe(page)
    page.set_viewport_size(PHONE)
    page.goto(site[1] + "/home")
    page.locator("button.nav-toggle").click()
    page.locator("details[data-nav-group=admin] summary").click()
    found += axe(page)
    assert found == [], (TAGS, found)
    context.close()


def test_the_heatmaps_show_the_picked_region_beside_a_sticky_first_column_at_390(site, focal):
    page = focal
    page.set_viewport_size(PHONE)
    page.goto(site[1] + "/dashboard/")
    scroller = page.locator("#demand .table-scroll")
    first = page.locator("#demand tbody th[scope=row]").first
    before = first.bounding_box()
    scroller.evaluate("box => box.scrollBy({left: 400})")  # every region: scroll sideways
    after = first.bounding_box()
    assert before is not None
    assert after is not None
    assert abs(after["x"] - before["x"]) < 1, "the rows' names should stay in view"

    page.select_option("#heat-region", "Oceania")
    assert page.url.endswith("/dashboard/?region=Oceania")
    for table in ("#demand", "#supply"):
        heading = page.locator(f"{table} thead th[data-region=Oceania]")
        box = heading.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], "the picked region is cut off"
        assert not page.locator(f"{table} thead th[data-region=Africa]").is_visible()
        fits = page.locator(f"{table} .table-scroll").evaluate(
            "box => box.scrollWidth <= box.clientWidth"
        )
        assert fits, f"{table} still scrolls sideways with one region"
        counts = page.locator(f"{table} td[data-region=Oceania] a")
        assert counts.count() > 10
        assert "region=Oceania" in (counts.first.get_attribute("href") or "")
    page.set_viewport_size(DESKTOP)
    assert page.locator("#demand thead th[data-region=Africa]").is_visible()  # all on wide
    assert not page.locator("[data-region-pick]").is_visible()
