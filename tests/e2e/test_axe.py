"""Every page of every role passes axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules, at 1280 and
390 px.

The pages are the app's GET routes (``tests/e2e/axe_pages.py``), opened by a visitor, Senegal's
representative, a provider, the focal point and the administrator on one copy of the demo data,
in one browser with a context per role. axe-core comes from axe-playwright-python, which ships it.
A page a role may not open (a redirection to sign in, a 403) is left to the roles that may; every
route must be checked by at least one role, and the 403, 404 and 410 pages are checked too.

To stay quick (about two minutes on two busy cores; twice that without these), the run
- asks each address first without rendering it (``context.request``), and renders and checks it
  only when its title and ``<main>`` differ from every page checked so far: the roles share many
  pages (the lists, the help) whose only difference is the header, and each role's header is
  checked on its first page;
- at 1280 px runs every rule of the WCAG tags; at 390 px lays out the same document again (no new
  request), opens the phone menu and runs only the rules whose outcome depends on layout
  (``PHONE_RULES``: contrast, target size, scrolling regions, ...), once per route and on each
  role's first page (its header and menu). The other rules read the DOM, which the width does not
  change.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.e2e.axe_pages import ROLES, Target, targets
from tests.e2e.support import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.e2e

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: The rules whose outcome depends on the width the page is laid out at.
PHONE_RULES = ["color-contrast", "target-size", "scrollable-region-focusable", "meta-viewport",
               "aria-hidden-focus", "link-in-text-block"]  # fmt: skip
#: Pages that answer with an error, checked once each by the role given.
ERROR_PAGES = [
    ("anonymous", Target("errors.404", "/needs/N-1999-999"), 404),
    ("anonymous", Target("errors.410", "/auth/reset-password/not-a-token"), 410),
    ("state", Target("errors.403", "/pipeline/"), 403),
]
CSRF = re.compile(r'name="csrf_token"[^>]*')
TITLE = re.compile(r"<title>.*?</title>", re.S)
MAIN = re.compile(r"<main[ >].*</main>", re.S)
#: axe's results, cut to what the report needs, so that little crosses from the browser.
RUN = """options => axe.run(document, options).then(results => results.violations.map(
    v => ({rule: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))})))"""


@dataclass(frozen=True)
class Finding:
    role: str
    path: str
    width: int
    rule: str
    impact: str
    nodes: tuple[str, ...]


def axe(page, rules: list[str] | None = None) -> list[dict[str, object]]:
    """The violations axe finds on the page as laid out now: every WCAG A/AA rule, or ``rules``."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": TAGS}
    return page.evaluate(RUN, {"runOnly": run_only, "resultTypes": ["violations"]})


def content_key(html: str) -> str:
    """What decides a page's results besides its header: its title and ``<main>``, without the
    per-session CSRF token."""
    parts = [m.group(0) for m in (TITLE.search(html), MAIN.search(html)) if m]
    return hashlib.sha256(CSRF.sub("", "".join(parts)).encode()).hexdigest()


def fetch(context, base: str, path: str) -> tuple[int, str, object] | None:
    """The page's status, content key and response, asked without rendering it; None for a
    redirection (to sign in: the page is not this role's)."""
    response = context.request.get(base + path, max_redirects=0)
    if 300 <= response.status < 400:
        return None
    return response.status, content_key(response.text()), response


def check(page, base: str, role: str, path: str, response, phone: bool) -> list[Finding]:
    """The page's violations at 1280 px, then (if ``phone``) at 390 px with its menu open.

    The browser shows the ``response`` already fetched, rather than asking the server again.
    """
    page.route(base + path, lambda route: route.fulfill(response=response))
    page.goto(base + path)
    page.unroute(base + path)
    found = [Finding(role, path, DESKTOP["width"], **v) for v in axe(page)]
    if phone:
        page.set_viewport_size(PHONE)
        toggle = page.locator("button.nav-toggle")
        if toggle.is_visible():
            toggle.click()
        found += [Finding(role, path, PHONE["width"], **v) for v in axe(page, PHONE_RULES)]
        page.set_viewport_size(DESKTOP)
    return found


def report(findings: list[Finding], checked: dict[str, set[str]], phoned: int = 0) -> str:
    pages = sum(len(paths) for paths in checked.values())
    by_rule: Counter[str] = Counter()
    nodes: Counter[str] = Counter()
    for f in findings:
        by_rule[f"{f.rule} ({f.impact})"] += 1
        nodes[f"{f.rule} ({f.impact})"] += len(f.nodes)
    roles = ", ".join(f"{r}: {len(p)}" for r, p in checked.items())
    lines = [f"{pages} pages checked ({roles}), {phoned} of them at 390 px too;"
             f" {len(findings)} violations (page, width, rule)"]  # fmt: skip
    lines += [f"  {rule}: on {n} page-widths, {nodes[rule]} elements" for rule, n in
              by_rule.most_common()]  # fmt: skip
    lines += [f"  {f.role} {f.path} @{f.width}: {f.rule} {' | '.join(f.nodes[:3])}"
              for f in findings[:60]]  # fmt: skip
    return "\n".join(lines)


def test_every_page_of_every_role_passes_axe_at_desktop_and_phone_widths(site, browser):
    app, base = site
    started = time.monotonic()
    findings: list[Finding] = []
    checked: dict[str, set[str]] = {}
    endpoints: set[str] = set()  # the routes some role opened
    seen: set[str] = set()  # the contents checked
    phoned = 0  # pages checked at 390 px too
    for role, email in ROLES.items():
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        if email is not None:
            sign_in(page, base, email)
        checked[role] = set()
        pages = [(t, 200) for t in targets(app, role)]
        pages += [(t, status) for r, t, status in ERROR_PAGES if r == role]
        for target, expected in pages:
            answer = fetch(context, base, target.path)
            if answer is None or (answer[0] != expected and answer[0] in {403, 404, 410}):
                continue  # not a page of this role: another role checks it
            status, key, response = answer
            assert status == expected, f"{role} {target.path}: {status}"
            first_of_role = not checked[role]  # its header and phone menu are checked here
            if key in seen and not first_of_role:
                continue  # the same page another role had, but for the header
            seen.add(key)
            phone = first_of_role or target.endpoint not in endpoints
            endpoints.add(target.endpoint)
            checked[role].add(target.path)
            findings += check(page, base, role, target.path, response, phone)
            phoned += phone
        context.close()
    elapsed = time.monotonic() - started
    print(f"axe run: {elapsed:.1f} s")
    print(report(findings, checked, phoned))
    unchecked = {t.endpoint for t in targets(app, "anonymous")} - endpoints
    assert not unchecked, f"pages no role could open (give them a demo record): {unchecked}"
    assert not findings, report(findings, checked, phoned)
