"""Browser tests: a live cbmatch server with the demo data, driven by Playwright in Chromium.

Playwright cannot download a browser here, so it launches the system Chromium (Debian's
``chromium``). Without one the e2e tests are skipped, unless CBMATCH_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from models import db
from tests.e2e.support import DESKTOP, PHONE, new_page
from webapp import create_app

SHOTS = Path(__file__).parent / "screenshots"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
#: Screenshots are for a person to look at; CI, where nobody does, turns them off
#: (CBMATCH_SCREENSHOTS=0 in .ci/run): a full-page PNG of a long page costs about half a second.
TAKE_SHOTS = os.environ.get("CBMATCH_SCREENSHOTS", "1") != "0"


def chromium_path() -> str | None:
    """The system Chromium, or the one named by CBMATCH_CHROMIUM."""
    return (
        os.environ.get("CBMATCH_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CBMATCH_REQUIRE_BROWSER") == "1":
            pytest.fail("CBMATCH_REQUIRE_BROWSER=1 but no Chromium was found")
        pytest.skip("no Chromium on this machine (install Debian's chromium to run e2e tests)")
    from playwright.sync_api import sync_playwright

    args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> str | None:
    """A copy of the demo data for the tests of the live server; the reference data otherwise."""
    if "prepared_demo" in request.fixturenames:
        return str(request.getfixturevalue("prepared_demo"))
    return None


@pytest.fixture
def live_app(db_url: str, prepared_demo: str) -> Iterator[Flask]:
    """The app on a copy of the demo data."""
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url, "LOGIN_RATE_LIMIT": "1000 per minute"}
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(databases, prepared_demo, tmp_path_factory) -> Iterator[tuple[Flask, str]]:
    """The app on one copy of the demo data, served for the whole module (its tests share it:
    what one test writes, the next one sees)."""
    url = databases.new(tmp_path_factory.mktemp("site"), prepared_demo)
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "LOGIN_RATE_LIMIT": "1000 per minute"}
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    quiet = logging.getLogger("werkzeug")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # a line per request would bury the report
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    quiet.setLevel(level)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture
def page(browser) -> Iterator[object]:
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def screenshot() -> Callable[[object, str], list[Path]]:
    """Save full-page screenshots of the current page at desktop and phone widths (none, an
    empty list, when CBMATCH_SCREENSHOTS=0)."""

    def take(page, name: str) -> list[Path]:
        if not TAKE_SHOTS:
            return []
        SHOTS.mkdir(exist_ok=True)
        paths = []
        for label, size in WIDTHS.items():
            page.set_viewport_size(size)
            path = SHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        page.set_viewport_size(DESKTOP)
        return paths

    return take
