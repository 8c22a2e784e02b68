"""What the browser tests do the same way on every page: open a person's own browser, sign in
through the login form, follow a link or button, and check that a page fits a phone's width.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from seed_data.loaders import DEMO_DIR
from webapp.services.setup import DEMO_PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def public_open_needs() -> list[dict[str, Any]]:
    """The demo needs a visitor sees: not confidential, and not closed by their State once served
    (a ``close_need`` step of ``matches.json``)."""
    needs = json.loads((DEMO_DIR / "needs.json").read_text(encoding="utf-8"))
    matches = json.loads((DEMO_DIR / "matches.json").read_text(encoding="utf-8"))
    closed = {m["need"] for m in matches if any(s["do"] == "close_need" for s in m["steps"])}
    return [n for n in needs if not n.get("confidential") and n["ref"] not in closed]


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def new_page(browser: Browser) -> Page:
    """A page in a browser context of its own: another person, with no cookies shared."""
    return browser.new_context(viewport=DESKTOP).new_page()


def click(page: Page, selector: str) -> None:
    """Click a link or submit button and wait for the next page to load."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page: Page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form; the person lands on its personal home, welcomed by name."""
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    click(page, "button:text-is('Sign in')")
    assert page.url == base + "/home", f"{email} could not sign in"
    assert "Signed in as" in page.locator(".flash").first.inner_text()


def person(browser: Browser, base: str, email: str, password: str = DEMO_PASSWORD) -> Page:
    """A page of its own, signed in as ``email`` (close it with ``page.context.close()``)."""
    page = new_page(browser)
    sign_in(page, base, email, password)
    return page


def fits_phone(page: Page) -> bool:
    """At 390px the page itself does not scroll sideways (a wide table may, inside its box)."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return width <= PHONE["width"]


def choose_states(page: Page, *codes: str) -> None:
    """Choose single States in an eligibility picker from the keyboard (static/js/state-picker.js):
    type each ISO3 code, then Enter adds its chip."""
    box = page.locator("#eligible_states")
    for code in codes:
        box.fill(code)
        page.locator(f"#eligible_states-options-{code}").wait_for()
        box.press("Enter")
        page.locator(f".state-chip[data-code='{code}']").wait_for()


def clear_states(page: Page) -> None:
    """Remove every chosen State by its chip."""
    while page.locator(".state-chip").count():
        page.locator(".state-chip").first.click()


def follow(page: Page, label: str) -> None:
    """Follow a link of the header's main navigation by its words, opening the menu that holds
    it first (webapp/nav.py: who sees more than six links gets some of them in menus)."""
    link = page.locator(f"nav.main-nav a:text-is('{label}')")
    menu = page.locator("nav.main-nav details", has=page.locator(f"a:text-is('{label}')"))
    if menu.count() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
    with page.expect_navigation():
        link.click()
