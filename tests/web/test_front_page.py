"""The public front page for each visitor (issue 21, point 5).

One small world for the module, built once, read by every test: needs in four M49 areas (one
confidential, one draft and one closed beside the public ones), offers, calendar events before,
around and after today, and an account per role. The counts a visitor should see are worked out
by hand below, not by the code under test.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch

import pytest

from models import Event, NeedStatus, OfferStatus, Role, db
from tests.conftest import Databases, make_app, quick_hash
from tests.factories import make_need, make_offer, make_user
from tests.survey_support import PASSWORD

TODAY = date.today()
NOW = datetime.now(UTC)

#: (ref, State) of the public open needs, oldest first.
PUBLIC_NEEDS = [
    ("N-T-101", "SEN"),
    ("N-T-102", "KEN"),
    ("N-T-103", "JAM"),
    ("N-T-104", "FJI"),
    ("N-T-105", "SEN"),
    ("N-T-106", "GHA"),
    ("N-T-107", "JAM"),
]
#: Open public needs by area, by hand: SEN and GHA are in Western Africa, KEN in Eastern Africa,
#: JAM in the Caribbean, FJI in Melanesia. Every other area has none.
BY_AREA = {"Western Africa": 3, "Eastern Africa": 1, "Caribbean": 2, "Melanesia": 1}
SECRET = ("N-T-190", "Secret harbour radar upgrade")  # confidential, open, in Senegal
DRAFT = ("N-T-191", "Unfinished draft of a cloud plan")  # a draft of Kenya
CLOSED = ("N-T-192", "Closed need for a forensic lab")  # closed, in Senegal
OPEN_OFFERS = [f"O-T-1{i:02d}" for i in range(1, 8)]  # oldest first
CLOSED_OFFER = ("O-T-190", "Withdrawn support for a retired course")

#: Calendar events: (title, first day, last day). Only those starting today or later show.
EVENTS = [
    ("Drill that is over", TODAY - timedelta(days=10), TODAY - timedelta(days=5)),
    ("Course under way", TODAY - timedelta(days=2), TODAY + timedelta(days=2)),
    ("Workshop in a month", TODAY + timedelta(days=30), TODAY + timedelta(days=30)),
    ("Webinar tomorrow", TODAY + timedelta(days=1), TODAY + timedelta(days=1)),
    ("Briefing today", TODAY, TODAY),
    ("Seminar in a week", TODAY + timedelta(days=7), TODAY + timedelta(days=8)),
    ("Exercise in three days", TODAY + timedelta(days=3), TODAY + timedelta(days=3)),
    ("Conference in two months", TODAY + timedelta(days=60), TODAY + timedelta(days=61)),
]
DATED_OFFER = ("O-T-108", "Dated offer in twenty days", 20)  # an open offer with its dates
#: The next five activities, soonest first, by hand.
COMING = [
    "Briefing today",
    "Webinar tomorrow",
    "Exercise in three days",
    "Seminar in a week",
    "Dated offer in twenty days",
]


def _fill() -> dict[str, str]:
    """The module's records; the e-mail address of each role's account."""
    s = db.session
    made = []
    for k, (ref, iso3) in enumerate(PUBLIC_NEEDS):
        made.append(make_need(s, i=k + 1, ref=ref, state=iso3, confidential=False,
                              title=f"Public need {ref}"))  # fmt: skip
    secret = make_need(s, i=20, ref=SECRET[0], state="SEN", confidential=True, title=SECRET[1])
    draft = make_need(s, i=21, ref=DRAFT[0], state="KEN", confidential=False, title=DRAFT[1])
    closed = make_need(s, i=22, ref=CLOSED[0], state="SEN", confidential=False, title=CLOSED[1])
    draft.status, closed.status = NeedStatus.DRAFT, NeedStatus.CLOSED
    for k, need in enumerate([*made, secret, draft, closed]):  # the hidden ones are the newest
        need.created_at = NOW - timedelta(hours=100 - k)
    offers = [
        make_offer(s, i=k + 1, ref=ref, title=f"Public offer {ref}")
        for k, ref in enumerate(OPEN_OFFERS)
    ]
    ref, title, days = DATED_OFFER
    start = TODAY + timedelta(days=days)
    dated = make_offer(s, i=9, ref=ref, title=title, start=start.isoformat(),
                       end=(start + timedelta(days=2)).isoformat())  # fmt: skip
    gone = make_offer(s, i=10, ref=CLOSED_OFFER[0], title=CLOSED_OFFER[1])
    gone.status = OfferStatus.CLOSED
    for k, offer in enumerate([dated, *offers, gone]):
        offer.created_at = NOW - timedelta(hours=50 - k)
    for k, (title, first, last) in enumerate(EVENTS):
        s.add(Event(ref=f"E-T-{k:03d}", title=title, description="An activity.", starts_on=first,
                    ends_on=last, location="Dakar", eligible=[]))  # fmt: skip
    users = {
        "state": make_user(s, email="rep@front.example"),
        "provider": make_user(
            s, role=Role.PROVIDER, email="provider@front.example", organisation="Open Cyber Academy"
        ),
        "focal_point": make_user(
            s, role=Role.FOCAL_POINT, state_code=None, email="focal@front.example"
        ),
        "admin": make_user(s, role=Role.ADMIN, state_code=None, email="admin@front.example"),
    }
    s.commit()
    return {role: u.email for role, u in users.items()}


@pytest.fixture(scope="module")
def world(databases: Databases, tmp_path_factory: pytest.TempPathFactory):
    """The app on the module's database, and a test client per visitor (None: anonymous)."""
    url = databases.new(tmp_path_factory.mktemp("front"))
    app = make_app(url)
    with app.app_context():
        with patch("webapp.services.accounts.operations.generate_password_hash", quick_hash):
            emails = _fill()
        db.session.remove()
    clients = {None: app.test_client()}
    for role, email in emails.items():
        client = app.test_client()
        signed_in = client.post("/auth/login", data={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 302
        clients[role] = client
    yield app, clients
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def page(world, role: str | None = None, url: str = "/") -> str:
    response = world[1][role].get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def section(text: str, marker: str) -> str:
    """The HTML of the section holding ``marker`` (up to the section's end)."""
    start = text.index(marker)
    return text[start : text.index("</section>", start)]


def words(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def tiles(text: str, layout: str) -> dict[str, tuple[int, str, str]]:
    """area -> (count written on the tile, its link, its label) in one layout of the map."""
    start = text.index(f'data-layout="{layout}"')
    part = text[start : text.index("</svg>\n</div>", start)]
    found = re.findall(
        r'<a href="([^"]+)" class="tile tile-\d" data-area="([^"]+)" aria-label="([^"]+)">'
        r".*?data-count>([^<]+)<",
        part,
        re.S,
    )
    return {area: (int(n), html.unescape(href), label) for href, area, label, n in found}


ROLES = [None, "state", "provider", "focal_point", "admin"]
#: Where each visitor's first call to action goes.
STARTS = {
    None: ["/auth/register", "/auth/login"],
    "state": ["/survey/"],
    "provider": ["/offers/new"],
    "focal_point": ["/console/queue", "/dashboard/unmet"],
    "admin": ["/console/queue", "/dashboard/unmet", "/auth/accounts"],
}


@pytest.mark.parametrize("role", ROLES)
def test_each_visitor_sees_every_section_and_its_own_way_to_start_first(world, role):
    text = page(world, role)
    for marker in ('id="how-title"', "data-figures", 'data-latest="needs"',
                   'data-latest="offers"', "data-tile-map", "data-coming-up"):  # fmt: skip
        assert marker in text, marker
    start = section(text, "data-start")
    links = re.findall(r'href="([^"]+)"', start[: start.index("</p>")])
    assert links == STARTS[role]
    cards = re.findall(r'data-role="(\w+)"', text)
    assert sorted(cards) == ["focal_point", "provider", "state"]
    own = {None: None, "admin": "focal_point"}.get(role, role)
    if own:
        assert cards[0] == own
        assert re.search(rf'front-own" data-role="{own}"', text)
        assert text.count("Your role") == 1
    else:
        assert "front-own" not in text
        assert "Your role" not in text


def test_the_latest_needs_and_offers_are_the_newest_open_ones_first_five_only(world):
    text = page(world)
    needs = re.findall(r'href="/needs/(N-T-\d+)"', section(text, 'data-latest="needs"'))
    assert needs == [ref for ref, _ in reversed(PUBLIC_NEEDS)][:5]
    assert 'href="/needs/"' in section(text, 'data-latest="needs"')  # all open needs
    offers = re.findall(r'href="/offers/(O-T-\d+)"', section(text, 'data-latest="offers"'))
    assert offers == list(reversed(OPEN_OFFERS))[:5]  # the closed offer, newer, is left out
    assert CLOSED_OFFER[1] not in text
    latest = words(section(text, 'data-latest="needs"'))
    assert "N-T-107 · Jamaica" in latest  # ref and State
    assert "Public need N-T-107" in latest


def test_the_next_activities_begin_today_or_later_soonest_first(world):
    block = section(page(world), "data-coming-up")
    titles = [
        words(t)
        for t in re.findall(r'<a[^>]*href="/(?:calendar/events|offers)/[^"]+">(.*?)</a>', block)
    ]
    assert titles == COMING
    assert "Drill that is over" not in block
    assert "Course under way" not in block
    assert f'datetime="{TODAY.isoformat()}"' in block
    assert 'href="/calendar"' in block


def test_each_tile_counts_the_open_public_needs_of_its_area(world):
    text = page(world)
    wide, phone = tiles(text, "wide"), tiles(text, "phone")
    assert len(wide) == 22  # every M49 area of the UN member States
    assert wide == phone
    assert {area: n for area, (n, _, _) in wide.items() if n} == BY_AREA
    _n, href, label = wide["Western Africa"]
    assert href == "/needs/?region=Western+Africa"
    assert label == "Western Africa: 3 open needs"
    assert wide["Melanesia"][2] == "Melanesia: 1 open need"
    assert wide["Western Europe"][:1] == (0,)
    assert '<title id="tilemap-wide-title">' in text


def test_a_tile_opens_the_needs_list_of_its_area_showing_the_same_count(world):
    for area, (n, href, _) in tiles(page(world), "wide").items():
        if n or area == "Western Europe":
            listed = words(page(world, None, href))
            if n:
                assert f"{n} open need{'s' if n > 1 else ''} match" in listed, area
            else:
                assert "No need matches these filters" in listed


@pytest.mark.parametrize("role", ROLES)
def test_a_confidential_or_draft_need_never_shows_on_the_front_page(world, role):
    text = page(world, role)
    for ref, title in (SECRET, DRAFT, CLOSED):
        assert ref not in text, (role, ref)
        assert title not in text, (role, title)
    assert tiles(text, "wide")["Western Africa"][0] == 3  # the confidential one is not counted


def test_the_figures_link_to_their_lists(world):
    figures = section(page(world), "data-figures")
    found = {words(label): (href, int(n)) for href, n, label in re.findall(
        r'<a href="([^"]+)"><span class="fig-n">(\d+)</span> <span class="fig-label">([^<]+)<',
        figures)}  # fmt: skip
    assert found["Open needs"] == ("/needs/", 7)
    assert found["States with open needs"] == ("/states/?needs=y", 5)
    assert found["Open offers"] == ("/offers/", 8)
    assert found["Activities coming up"] == ("/calendar/list", 8)  # with the one under way
    assert "8 activities" in words(page(world, None, "/calendar/list"))
    assert "7 open needs" in words(page(world, None, "/needs/"))


def test_the_arabic_page_runs_right_to_left_with_the_phone_tiles_from_the_right(world):
    text = world[1][None].get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in text
    phone = text[text.index('data-layout="phone"') :]
    xs = re.findall(r'data-area="[^"]+".*?<svg x="([\d.]+)%', phone, re.S)
    assert float(xs[0]) > 60
    assert float(xs[1]) > 30 > float(xs[2])


def test_an_empty_platform_says_nothing_is_published_yet(client):
    text = words(client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "Nothing has been published yet." in text
    assert "No open need has been published yet." in text
    assert "No open offer has been published yet." in text
    assert "Nothing is coming up on the calendar yet." in text
    assert "Register Sign in" in text
