"""What the browser tests of the languages share: a browser that speaks a language, signing in
whatever the page's language, and the English catalogue to tell interface text from user content.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import read_po

from tests.e2e.support import DESKTOP, click
from webapp.services.setup import DEMO_PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TRANSLATIONS = Path(__file__).parents[2] / "webapp" / "translations"
#: The browser locale whose Accept-Language asks for each language.
LOCALES = {"ar": "ar-EG", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}


def speaking(browser: Browser, language: str, viewport: dict[str, int] = DESKTOP) -> Page:
    """A page in a browser of its own whose Accept-Language asks for ``language``."""
    return browser.new_context(viewport=viewport, locale=LOCALES[language]).new_page()


def sign_in_any_language(page: Page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, whatever language it is in; lands on the personal home."""
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    click(page, "main button[type=submit]")
    assert page.url == base + "/home", f"{email} could not sign in"


def html_language(page: Page) -> tuple[str | None, str | None]:
    """The page's ``lang`` and ``dir``."""
    html = page.locator("html")
    return html.get_attribute("lang"), html.get_attribute("dir")


@cache
def english_messages() -> frozenset[str]:
    """Every English text of the interface (the msgids of the catalogue template), plural too."""
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        catalogue = read_po(f)
    texts: set[str] = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts.update(i for i in ids if i)
    return frozenset(texts)
