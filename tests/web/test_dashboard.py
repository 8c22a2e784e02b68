"""The focal point's dashboard: figures read live, heatmaps, the links behind them, and access."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from models import Match, MatchEvent, MatchStatus, NeedStatus, Role, Survey, SurveyStatus
from models.base import utcnow
from tests.factories import client_for_role, make_need, make_offer, make_user
from webapp.services.proposals import operations as proposals

PW = "correct horse battery"
URL = "/dashboard/"


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


class Page(HTMLParser):
    """The dashboard's figures, bars and heatmap cells: the text and the link of each."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.figures: dict[str, list[tuple[str | None, str]]] = {}  # [(href, text)] per <dd>
        self.bars: dict[str, tuple[str, str]] = {}  # status -> (count, href)
        self.cells: dict[tuple[str, str, str], tuple[str, str]] = {}  # (map, row, region)
        self._figure = self._map = self._row = self._region = self._bar = self._href = None
        self._collect = False
        self._text: list[str] = []
        self.feed(html)

    def _start(self) -> None:
        self._collect, self._text, self._href = True, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-figure" in a:
            self._figure = a["data-figure"]
            self.figures[self._figure] = []
        elif tag == "figure" and "heatmap" in a.get("class", ""):
            self._map = a["id"]
        elif tag == "tr" and "data-row" in a:
            self._row = a["data-row"]
        elif tag == "td" and "data-region" in a:
            self._region = a["data-region"]
            self._start()
        elif tag == "dd" and self._figure:
            self._start()
        elif tag == "a" and "data-status" in a:
            self._bar, bar_href = a["data-status"], a["href"]
            self._start()
            self._href = bar_href
        elif tag == "a" and self._collect and self._href is None:
            self._href = a["href"]

    def handle_data(self, data):
        if self._collect:
            self._text.append(data)

    def handle_endtag(self, tag):
        text = " ".join("".join(self._text).split())
        if tag == "td" and self._region:
            self.cells[(self._map, self._row, self._region)] = (text, self._href)
            self._region, self._collect = None, False
        elif tag == "dd" and self._collect:
            self.figures[self._figure].append((self._href, text))
            self._collect = False
        elif tag == "a" and self._bar:
            self.bars[self._bar] = (text.split()[-1], self._href)  # "Accepted 1" -> "1"
            self._bar, self._collect = None, False
        elif tag == "dl":
            self._figure = None


@pytest.fixture
def world(session):
    """Four open needs (a confidential one) in Africa, the Americas and Oceania; three offers."""
    needs = {
        "sen": make_need(session, i=1, ref="N-SEN", state="SEN", topics=["incident-response"],
                         confidential=True, start=None, end=None, languages=["en"],
                         modality="any"),
        "jam": make_need(session, i=2, ref="N-JAM", state="JAM", topics=["incident-response"],
                         start=None, end=None, languages=["en"], modality="any"),
        "fji": make_need(session, i=3, ref="N-FJI", state="FJI", topics=["awareness"],
                         start=None, end=None, languages=["en"], modality="any"),
        "ken": make_need(session, i=4, ref="N-KEN", state="KEN", topics=["awareness"],
                         start=None, end=None, languages=["en"], modality="any"),
    }  # fmt: skip
    offers = {
        # i=1 -> Open Cyber Academy, i=2 -> Government of Ghana, i=3 -> Harbourline
        "all": make_offer(session, i=1, ref="O-ALL", topics=["incident-response"], eligible=[],
                          capacity=4),
        "sids": make_offer(session, i=2, ref="O-SIDS", topics=["awareness"], eligible=["SIDS"],
                           capacity=4),
        "west": make_offer(session, i=3, ref="O-WEST", topics=["awareness"],
                           eligible=["Western Africa", "JAM"], capacity=4),
    }  # fmt: skip
    users = {
        "focal": make_user(session, role=Role.FOCAL_POINT, state_code=None,
                           email="focal@example.org"),
        "sen": make_user(session, role=Role.STATE, state_code="SEN", email="sen@example.org"),
        "jam": make_user(session, role=Role.STATE, state_code="JAM", email="jam@example.org"),
        "fji": make_user(session, role=Role.STATE, state_code="FJI", email="fji@example.org"),
        "academy": make_user(session, role=Role.PROVIDER, state_code=None,
                             organisation="Open Cyber Academy", email="academy@example.org"),
        "ghana": make_user(session, role=Role.PROVIDER, state_code=None,
                           organisation="Government of Ghana", email="ghana@example.org"),
    }  # fmt: skip
    session.commit()
    return needs, offers, users


@pytest.fixture
def focal(app, world):
    client = app.test_client()
    login(client, "focal@example.org")
    return client


def accept(session, need, offer, users, state_user, provider_user, days_ago):
    """Propose the pair, let both sides accept, the need having been submitted days ago."""
    need.created_at = utcnow() - timedelta(days=days_ago)
    match = proposals.propose(session, need, offer, actor=users["focal"], message="")
    proposals.respond(session, match, actor=users[state_user], accept=True, note="")
    proposals.respond(session, match, actor=users[provider_user], accept=True, note="")
    assert match.status is MatchStatus.ACCEPTED
    session.commit()
    return match


def move(session, match, status):
    old, match.status = match.status, status
    match.events.append(MatchEvent(from_status=old, to_status=status, note=""))
    session.commit()


def figure(page: Page, name: str) -> str:
    return page.figures[name][0][1]


def note(page: Page, name: str) -> str:
    return page.figures[name][1][1]


def test_figures_count_open_records_with_confidential_needs(focal):
    resp = focal.get(URL)
    assert resp.status_code == 200
    page = Page(resp.text)
    assert figure(page, "open-needs") == "4"  # the confidential Senegalese need is counted
    assert note(page, "open-needs") == "from 4 States; 1 confidential"
    assert note(page, "open-offers") == "from 3 providers"
    assert figure(page, "open-offers") == "3"
    assert figure(page, "share-matched") == "0%"
    assert note(page, "share-matched").startswith("0 of 4 submitted needs")
    assert "4 open still unmatched" in note(page, "share-matched")
    assert figure(page, "median-days") == "\N{EN DASH}"
    assert note(page, "median-days") == "no match accepted yet"
    assert {s: v for s, (v, _) in page.bars.items()} == {
        "proposed": "0", "accepted": "0", "in_progress": "0", "completed": "0",
        "declined": "0", "withdrawn": "0", "dismissed": "0",
    }  # fmt: skip


def test_accepting_and_completing_matches_moves_share_median_and_bars(focal, session, world):
    needs, offers, users = world
    m1 = accept(session, needs["sen"], offers["all"], users, "sen", "academy", days_ago=10)
    page = Page(focal.get(URL).text)
    assert figure(page, "share-matched") == "25%"
    assert note(page, "share-matched").startswith("1 of 4 submitted needs")
    assert "3 open still unmatched" in note(page, "share-matched")
    assert figure(page, "median-days") == "10.0"
    assert page.bars["accepted"][0] == "1"

    accept(session, needs["jam"], offers["all"], users, "jam", "academy", days_ago=4)
    accept(session, needs["fji"], offers["sids"], users, "fji", "ghana", days_ago=1)
    page = Page(focal.get(URL).text)
    assert figure(page, "share-matched") == "75%"
    assert figure(page, "median-days") == "4.0"  # the median of 10, 4 and 1 days, not the mean
    assert "over 3 needs" in note(page, "median-days")

    move(session, m1, MatchStatus.IN_PROGRESS)
    move(session, m1, MatchStatus.COMPLETED)
    page = Page(focal.get(URL).text)
    assert figure(page, "share-matched") == "75%"  # a completed match still serves its need
    assert figure(page, "median-days") == "4.0"
    assert (page.bars["accepted"][0], page.bars["completed"][0]) == ("2", "1")

    # A need closed once served stays counted as matched; a withdrawn one leaves the share.
    needs["sen"].status = NeedStatus.CLOSED
    needs["ken"].status = NeedStatus.WITHDRAWN
    session.commit()
    page = Page(focal.get(URL).text)
    assert figure(page, "share-matched") == "100%"
    assert figure(page, "open-needs") == "2"


def test_median_counts_from_survey_submission_not_draft_creation(focal, session, world):
    needs, offers, users = world
    # Drafted 10 days ago, opened when the survey was submitted 6 days ago.
    session.add(Survey(state=needs["sen"].state, status=SurveyStatus.SUBMITTED,
                       submitted_at=utcnow() - timedelta(days=6)))  # fmt: skip
    accept(session, needs["sen"], offers["all"], users, "sen", "academy", days_ago=10)
    assert figure(Page(focal.get(URL).text), "median-days") == "6.0"


def test_declined_and_suggested_matches_do_not_count_as_matched(focal, session, world):
    needs, offers, users = world
    match = proposals.propose(session, needs["jam"], offers["all"], actor=users["focal"],
                              message="")  # fmt: skip
    proposals.respond(session, match, actor=users["jam"], accept=False, note="Not now.")
    session.add(Match(need=needs["fji"], offer=offers["sids"], status=MatchStatus.SUGGESTED))
    session.commit()
    resp = focal.get(URL)
    page = Page(resp.text)
    assert figure(page, "share-matched") == "0%"
    assert page.bars["declined"][0] == "1"
    assert re.search(r"data-suggestions>1 suggestion<", resp.text)


def test_heatmaps_count_unmet_demand_by_region_and_supply_by_reach(focal, session, world):
    needs, offers, users = world
    page = Page(focal.get(URL).text)
    demand = {k[1:]: v[0] for k, v in page.cells.items() if k[0] == "demand"}
    supply = {k[1:]: v[0] for k, v in page.cells.items() if k[0] == "supply"}
    assert demand[("incident-response", "Africa")] == "1"  # Senegal, confidential
    assert demand[("incident-response", "Americas")] == "1"
    assert demand[("awareness", "Oceania")] == "1"
    assert demand[("awareness", "Africa")] == "1"
    assert demand[("awareness", "Europe")] == "0"
    assert demand[("all", "Africa")] == "2"
    # O-ALL is open to everyone; O-SIDS reaches every region with a SIDS (not Europe);
    # O-WEST reaches Africa and, through Jamaica, the Americas.
    regions = ("Africa", "Americas", "Asia", "Europe", "Oceania")
    assert [supply[("incident-response", r)] for r in regions] == ["1"] * 5
    assert [supply[("awareness", r)] for r in regions] == ["2", "2", "1", "0", "1"]
    assert supply[("all", "Europe")] == "1"
    assert supply[("all", "Africa")] == "3"

    accept(session, needs["sen"], offers["all"], users, "sen", "academy", days_ago=2)
    page = Page(focal.get(URL).text)
    assert page.cells[("demand", "incident-response", "Africa")][0] == "0"
    assert page.cells[("demand", "all", "Africa")][0] == "1"
    assert page.cells[("supply", "incident-response", "Africa")][0] == "1"  # capacity left


def test_heatmap_by_cmm_dimension(focal):
    page = Page(focal.get(URL + "?by=dimension").text)
    # incident-response and awareness sit in different CMM dimensions
    rows = {k[1] for k in page.cells if k[0] == "demand"}
    assert "policy-strategy" in rows
    assert "incident-response" not in rows
    total = sum(int(v[0]) for k, v in page.cells.items() if k[0] == "demand" and k[1] != "all")
    assert total == 4
    href = page.cells[("supply", "culture-society", "Oceania")][1]
    assert parse_qs(urlsplit(href).query) == {"dimension": ["culture-society"],
                                              "region": ["Oceania"]}  # fmt: skip


def test_every_figure_and_cell_links_to_the_list_behind_it(focal):
    page = Page(focal.get(URL).text)
    assert page.figures["open-needs"][0][0] == "/needs/"
    assert page.figures["open-offers"][0][0] == "/offers/"
    assert page.figures["share-matched"][1][0] == "/dashboard/unmet"
    assert {href for _, href in page.bars.values()} == {
        f"/pipeline/?status={status}" for status in page.bars
    }
    assert page.figures["median-days"][0][0] == "/pipeline/?status=accepted"

    text, href = page.cells[("demand", "awareness", "Africa")]
    listed = focal.get(href)
    assert listed.status_code == 200
    assert "N-KEN" in listed.text
    assert "N-FJI" not in listed.text
    assert re.search(rf"data-result-count>\s*{text} unmet need\b", listed.text)

    text, href = page.cells[("supply", "awareness", "Americas")]
    assert parse_qs(urlsplit(href).query) == {"topic": ["awareness"], "region": ["Americas"]}
    listed = focal.get(href)
    assert re.search(rf"data-result-count>\s*{text} open offers match", listed.text)

    count, href = page.cells[("demand", "all", "Africa")]
    listed = focal.get(href)
    assert "N-SEN" in listed.text
    assert "N-KEN" in listed.text
    assert re.search(rf"data-result-count>\s*{count} unmet needs", listed.text)


def test_unmet_list_drops_unknown_filters_with_a_note(focal):
    resp = focal.get("/dashboard/unmet?topic=no-such-topic&region=Atlantis")
    assert resp.status_code == 200
    assert "This topic is not known to cbmatch" in resp.text
    assert "This region is not known to cbmatch" in resp.text
    assert re.search(r"data-result-count>\s*4 unmet needs", resp.text)


@pytest.mark.parametrize("path", [URL, "/dashboard/unmet"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.STATE, 403), (Role.PROVIDER, 403), (Role.FOCAL_POINT, 200),
     (Role.ADMIN, 200)],
)  # fmt: skip
def test_only_the_focal_point_and_admin_see_the_dashboard(app, session, path, role, expected):
    client = client_for_role(app, session, role)
    resp = client.get(path)
    assert resp.status_code == expected
    if role is None:
        assert "/auth/login" in resp.headers["Location"]


def test_the_dashboard_is_a_header_entry_of_its_own_for_the_focal_point_only(app, focal, world):
    nav = re.search(r'<nav class="main-nav".*?</nav>', focal.get("/").text, re.S).group(0)
    assert '<li><a href="/dashboard/">Dashboard</a></li>' in nav  # not inside a menu
    assert nav.index(">Dashboard<") < nav.index("<summary>Explore")
    state = app.test_client()
    login(state, "sen@example.org")
    assert ">Dashboard<" not in state.get("/").text
