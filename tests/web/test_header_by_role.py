"""The header by role (webapp/nav.py): at most six entries, menus holding the rest, exactly one
current link, the counts of a menu and of its links; and the dashboard heatmaps' region picker.

One copy of the demo data for the module, each role signed in once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from flask import Flask

from models import db
from tests.conftest import make_app
from webapp.services.setup import DEMO_PASSWORD

EMAILS = {
    "state": "aissatou.ndiaye@cbmatch.example",
    "provider": "moussa.traore@cbmatch.example",
    "focal": "focal.point@cbmatch.example",
    "admin": "admin@cbmatch.example",
}


class Header(HTMLParser):
    """The main navigation of a page: its entries (a link, or a menu and its links), the links
    marked aria-current, the menus marked current, and the Menu button's words."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.entries: list[dict] = []  # {"label", "menu": bool, "current": bool, "links": [...]}
        self.current: list[str] = []  # hrefs with aria-current="page" inside the main nav
        self.toggle = ""
        self._in_nav = self._in_toggle = self._in_summary = False
        self._link: dict | None = None
        self._depth = 0  # <ul> depth inside the nav
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and "main-nav" in (a.get("class") or ""):
            self._in_nav = True
        elif tag == "button" and "nav-toggle" in (a.get("class") or ""):
            self._in_toggle = True
        if tag == "span" and self._in_toggle:
            self.toggle += " "
        if not self._in_nav:
            return
        if tag == "span" and self._link is not None:  # a count: its own word, as read
            self._link["label"] += " "
        elif tag == "span" and self._in_summary:
            self.entries[-1]["label"] += " "
        if tag == "ul":
            self._depth += 1
        elif tag == "details":
            marked = "nav-group-current" in (a.get("class") or "")
            self.entries.append({"label": "", "menu": True, "links": [], "current": marked})
        elif tag == "summary":
            self._in_summary = True
        elif tag == "a":
            self._link = {"label": "", "href": a["href"]}
            if a.get("aria-current") == "page":
                self.current.append(a["href"])
            if self._depth == 1:
                self.entries.append({"label": "", "menu": False, "links": [self._link]})
            else:
                self.entries[-1]["links"].append(self._link)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "button":
            self._in_toggle = False
        elif tag == "ul" and self._in_nav:
            self._depth -= 1
        elif tag == "summary":
            self._in_summary = False
        elif tag == "a":
            if self._link is not None and self._depth == 1:
                self.entries[-1]["label"] = self._link["label"]
            self._link = None

    def handle_data(self, data):
        if self._in_toggle:
            self.toggle += data
        if self._link is not None:
            self._link["label"] += data
        elif self._in_summary:
            self.entries[-1]["label"] += data

    def labels(self) -> list[str]:
        """The entries' words without their counts ("Matching", not "Matching 3 (3 waiting)")."""
        return [plain(e["label"]) for e in self.entries]


def words(text: str) -> str:
    return " ".join(text.split())


def plain(text: str) -> str:
    """A link's or a menu's words without its count."""
    return re.sub(r"\s*\d+\s*\(.*$", "", words(text))


@pytest.fixture(scope="module")
def demo_app(databases, prepared_demo, tmp_path_factory) -> Iterator[Flask]:
    url = databases.new(tmp_path_factory.mktemp("navigation"), prepared_demo)
    app = make_app(url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture(scope="module")
def people(demo_app):
    """A test client per role, each signed in once ("anonymous": signed out)."""
    clients = {"anonymous": demo_app.test_client()}
    for role, email in EMAILS.items():
        client = demo_app.test_client()
        answer = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
        assert answer.status_code == 302, role
        clients[role] = client
    return clients


def header(people, role: str, path: str) -> Header:
    answer = people[role].get(path)
    assert answer.status_code == 200, (role, path, answer.status_code)
    return Header(answer.get_data(as_text=True))


# Each role's entries, "▾" marking a menu: six at most, and the same on every page.
ENTRIES = {
    "anonymous": ["Needs", "Offers", "Calendar", "States", "Centres"],
    "state": ["What needs you", "My survey ▾", "Matches", "Explore ▾", "Directory ▾"],
    "provider": ["What needs you", "My offers", "Matches", "Explore ▾", "Directory ▾"],
    "focal": ["What needs you", "Matching ▾", "Dashboard", "Explore ▾", "Directory ▾",
              "Administration ▾"],
    "admin": ["What needs you", "Matching ▾", "Dashboard", "Explore ▾", "Directory ▾",
              "Administration ▾"],
}  # fmt: skip
MENUS = {
    "state": {"My survey": ["Survey", "My needs"], "Explore": ["Needs", "Offers", "Calendar"],
              "Directory": ["States", "Centres", "Contacts"]},
    "provider": {"Explore": ["Needs", "Offers", "Calendar"], "Directory": ["States", "Centres"]},
    "focal": {"Matching": ["Suggestions", "Pipeline", "Matches"],
              "Directory": ["States", "Centres", "Contacts"],
              "Administration": ["Accounts to approve", "Audit log"]},
    "admin": {"Administration": ["Accounts to approve", "Accounts", "Audit log"]},
}  # fmt: skip


@pytest.mark.parametrize("role", list(ENTRIES))
def test_each_role_sees_at_most_six_entries_the_rest_in_menus(people, role):
    page = header(people, role, "/needs/")
    shown = [f"{plain(e['label'])} ▾" if e["menu"] else plain(e["label"]) for e in page.entries]
    assert shown == ENTRIES[role]
    assert len(shown) <= 6
    menus = {
        plain(e["label"]): [plain(link["label"]) for link in e["links"]]
        for e in page.entries
        if e["menu"]
    }
    for name, links in MENUS.get(role, {}).items():
        assert menus[name] == links, (role, name)


def state_need_refs(people) -> tuple[str, str]:
    """A need of the State's list with an edit page, and one on the public list."""
    mine = people["state"].get("/survey/needs").get_data(as_text=True)
    edit = re.search(r'href="/survey/needs/([^"/]+)/edit"', mine)
    public = re.search(r'href="/needs/([^"/?]+)"', people["state"].get("/needs/").text)
    assert edit
    assert public
    return edit.group(1), public.group(1)


# (role, page, the one current link; None: no link is current there)
PAGES = [
    ("anonymous", "/", None), ("anonymous", "/needs/", "/needs/"),
    ("anonymous", "/calendar", "/calendar"), ("anonymous", "/help/", None),
    ("state", "/home", "/home"), ("state", "/survey/", "/survey/"),
    ("state", "/survey/maturity", "/survey/"), ("state", "/survey/review", "/survey/"),
    ("state", "/survey/needs", "/survey/needs"), ("state", "/survey/needs/new", "/survey/needs"),
    ("state", "EDIT", "/survey/needs"), ("state", "/needs/", "/needs/"),
    ("state", "NEED", "/needs/"), ("state", "/matches/", "/matches/"),
    ("state", "/states/SEN", "/states/"), ("state", "/directory/contacts/", "/directory/contacts/"),
    ("state", "/auth/password", None), ("state", "/notifications/", None),
    ("provider", "/offers/mine", "/offers/mine"), ("provider", "/offers/new", "/offers/mine"),
    ("provider", "/offers/", "/offers/"), ("provider", "/directory/centres", "/directory/centres"),
    ("focal", "/home", "/home"), ("focal", "/dashboard/", "/dashboard/"),
    ("focal", "/dashboard/unmet", "/dashboard/"), ("focal", "/console/queue", "/console/queue"),
    ("focal", "/pipeline/", "/pipeline/"), ("focal", "/matches/", "/matches/"),
    ("focal", "/auth/accounts", "/auth/accounts"), ("focal", "/audit/", "/audit/"),
    ("focal", "/states/", "/states/"), ("focal", "/account/tokens/", None),
    ("admin", "/admin/accounts", "/admin/accounts"), ("admin", "/audit/", "/audit/"),
    ("admin", "/calendar/list", "/calendar"),
]  # fmt: skip


def test_exactly_one_link_is_current_and_its_menu_is_marked(people):
    edit, need = state_need_refs(people)
    seen = []
    for role, path, expected in PAGES:
        path = {"EDIT": f"/survey/needs/{edit}/edit", "NEED": f"/needs/{need}"}.get(path, path)
        page = header(people, role, path)
        assert page.current == ([expected] if expected else []), (role, path)
        marked = [e for e in page.entries if e["menu"] and e["current"]]
        holding = [e for e in page.entries if expected in [lk["href"] for lk in e["links"]]]
        if expected and holding[0]["menu"]:
            assert marked == holding, (role, path)  # the menu holding it, and it alone
        else:
            assert marked == [], (role, path)
        seen.append(path)
    assert len(seen) == len(PAGES)


def count(text: str) -> int:
    found = re.search(r"\s(\d+)\s\(", words(text))
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("role", ["state", "focal", "admin"])
def test_a_menu_counts_what_waits_in_its_links_and_the_menu_button_counts_all(people, role):
    page = header(people, role, "/needs/")
    total = 0
    for entry in page.entries:
        if entry["menu"]:
            inside = sum(count(link["label"]) for link in entry["links"])
            assert count(entry["label"]) == inside, entry["label"]
            if inside:
                assert f"{inside} ({inside} waiting)" in words(entry["label"])
        total += count(entry["label"])
    assert total, f"the demo leaves something waiting for {role}"
    assert words(page.toggle) == f"Menu {total} ({total} waiting)"


def test_the_focal_points_counts_keep_their_own_words_inside_a_menu(people):
    page = header(people, "focal", "/needs/")
    matching = next(e for e in page.entries if e["menu"] and e["label"].startswith("Matching"))
    pipeline = next(lk for lk in matching["links"] if lk["href"] == "/pipeline/")
    stalled = count(pipeline["label"])
    assert stalled
    expected = f"{stalled} stalled match" if stalled == 1 else f"{stalled} stalled matches"
    assert words(pipeline["label"]) == f"Pipeline {stalled} ({expected})"


def test_the_heatmaps_show_one_region_on_a_phone_when_picked(people):
    full = people["focal"].get("/dashboard/").get_data(as_text=True)
    regions = re.findall(r'<option value="([A-Z][^"]+)"', full.split("data-region-pick")[1])
    assert {"Africa", "Europe", "Oceania"} <= set(regions)
    assert "heat-other" not in full  # every column, as on a wide screen

    picked = people["focal"].get("/dashboard/?region=Europe&by=dimension").get_data(as_text=True)
    assert '<option value="Europe" selected>' in picked
    assert '<input type="hidden" name="by" value="dimension">' in picked  # the rows kept
    tags = re.findall(r'(<t[dh][^>]*data-region="([^"]+)"[^>]*>)', picked)
    assert len(tags) > 20
    for tag, region in tags:
        assert ("heat-other" in tag) == (region != "Europe"), tag
    assert picked.count('class="heatmap heat-demand heat-one"') == 1
    assert picked.count('class="heatmap heat-supply heat-one"') == 1
    # every count is still a link to its list, the ones a phone hides too
    europe = re.findall(r'data-region="Europe"><a href="([^"]+)"', picked)
    africa = re.findall(r'data-region="Africa"(?: class="heat-other")?><a href="([^"]+)"', picked)
    assert len(europe) == len(africa) > 10
    assert all("region=Europe" in href for href in europe)
    assert all("region=Africa" in href for href in africa)

    unknown = people["focal"].get("/dashboard/?region=TUV").get_data(as_text=True)
    assert "This region is not known to cbmatch, so it was ignored." in unknown
    assert "heat-other" not in unknown
