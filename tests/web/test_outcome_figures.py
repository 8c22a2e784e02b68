"""The dashboard's outcome figures and the outcomes report, counted by hand on a small world.

Four completed matches and one in progress:

| need (State, region)     | offer  | W | M | n.r. | inst. | marker | State       | days |
|---------------------------|--------|---|---|------|-------|--------|-------------|------|
| N-SEN (Senegal, Africa) * | O-ALL  | 5 | 3 | 1    | 2     | 2      | confirmed 4 | 30   |
| N-KEN (Kenya, Africa)     | O-ALL  | 2 | 6 | 0    | 1     | 0      | confirmed 2 | 10   |
| N-JAM (Jamaica, Americas) | O-ALL  | 4 | 4 | 2    | 3     | 1      | not yet     | 20   |
| N-FJI (Fiji, Oceania)     | O-SIDS | no figures (completed without them)      | 5    |
| N-JAM2, in progress       | O-SIDS | 100 women: not counted, not completed    |      |

(* confidential). Completed 4, with figures 3, confirmed 2; gender marker 1 or 2: 2 of 4 (50%),
1 not screened; median of 5, 10, 20, 30 days = 15; mean rating (4 + 2) / 2 = 3.
Africa 7 women, 9 men, 1 not recorded (17), 3 institutions, 2 matches; the Americas 4, 4, 2 (10),
3, 1; Oceania 0 participants, 1 match; everyone 11, 13, 3 (27), 6, 4.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from models import Match, MatchStatus, Role
from models.base import utcnow
from tests.factories import make_need, make_offer, make_user
from tests.web.test_dashboard import Page, login
from webapp.services.proposals import operations as proposals
from webapp.services.proposals import outcomes, pipeline
from webapp.services.proposals.outcomes import OutcomeInput
from webapp.services.reports.outcomes import COLUMNS, outcome_figures

SECRET = "Confidential review of the Dakar exchange"
URL = "/dashboard/"


@dataclass
class World:
    matches: dict[str, Match]
    users: dict[str, object]


def _need(session, i, ref, iso3, days_ago, **extra):
    need = make_need(session, i=i, ref=ref, state=iso3, topics=["incident-response"],
                     start=None, end=None, languages=["en"], modality="any",
                     confidential=False, **extra)  # fmt: skip
    need.created_at = utcnow() - timedelta(days=days_ago)
    return need


def _accepted(session, need, offer, users, state_user, provider_user):
    match = proposals.propose(session, need, offer, actor=users["focal"], message="")
    proposals.respond(session, match, actor=users[state_user], accept=True, note="")
    proposals.respond(session, match, actor=users[provider_user], accept=True, note="")
    assert match.status is MatchStatus.ACCEPTED
    return match


def _complete(session, match, users, women, men, not_recorded, institutions, marker):
    values = OutcomeInput(result="Analysts trained.", women=women, men=men,
                          not_recorded=not_recorded, institutions=institutions,
                          delivered_from=date(2027, 3, 1), delivered_to=date(2027, 3, 5),
                          gender_marker=marker)  # fmt: skip
    outcomes.complete(session, match, values, actor=users["focal"])


@pytest.fixture
def world(session) -> World:
    users = {
        "focal": make_user(session, role=Role.FOCAL_POINT, state_code=None,
                           email="focal@example.org"),
        "sen": make_user(session, role=Role.STATE, state_code="SEN", email="sen@example.org"),
        "ken": make_user(session, role=Role.STATE, state_code="KEN", email="ken@example.org"),
        "jam": make_user(session, role=Role.STATE, state_code="JAM", email="jam@example.org"),
        "fji": make_user(session, role=Role.STATE, state_code="FJI", email="fji@example.org"),
    }  # fmt: skip
    all_offer = make_offer(session, i=1, ref="O-ALL", topics=["incident-response"], eligible=[],
                           capacity=9)  # fmt: skip
    sids = make_offer(session, i=2, ref="O-SIDS", topics=["incident-response"],
                      eligible=["SIDS"], capacity=9)  # fmt: skip
    users["academy"] = make_user(
        session,
        role=Role.PROVIDER,
        state_code=None,
        organisation="Open Cyber Academy",
        email="academy@example.org",
    )
    users["ghana"] = make_user(
        session,
        role=Role.PROVIDER,
        state_code=None,
        organisation="Government of Ghana",
        email="ghana@example.org",
    )
    needs = {
        "sen": _need(session, 1, "N-SEN", "SEN", 30, title=SECRET),
        "ken": _need(session, 2, "N-KEN", "KEN", 10),
        "jam": _need(session, 3, "N-JAM", "JAM", 20),
        "fji": _need(session, 4, "N-FJI", "FJI", 5),
        "jam2": _need(session, 5, "N-JAM2", "JAM", 3),
    }
    needs["sen"].confidential = True
    session.flush()
    m = {
        "sen": _accepted(session, needs["sen"], all_offer, users, "sen", "academy"),
        "ken": _accepted(session, needs["ken"], all_offer, users, "ken", "academy"),
        "jam": _accepted(session, needs["jam"], all_offer, users, "jam", "academy"),
        "fji": _accepted(session, needs["fji"], sids, users, "fji", "ghana"),
        "jam2": _accepted(session, needs["jam2"], sids, users, "jam", "ghana"),
    }
    _complete(session, m["sen"], users, 5, 3, 1, 2, 2)
    _complete(session, m["ken"], users, 2, 6, 0, 1, 0)
    _complete(session, m["jam"], users, 4, 4, 2, 3, 1)
    pipeline.move(session, m["fji"], MatchStatus.COMPLETED, actor=users["focal"], note="Done.")
    outcomes.record(session, m["jam2"], OutcomeInput(women=100, men=100), actor=users["ghana"])
    outcomes.confirm(session, m["sen"], actor=users["sen"], rating=4, comment="")
    outcomes.confirm(session, m["ken"], actor=users["ken"], rating=2, comment="")
    session.commit()
    return World(m, users)


def test_each_figure_is_the_hand_count(session, world):
    f = outcome_figures(session)

    assert (f.completed, f.with_figures, f.confirmed) == (4, 3, 2)
    assert (f.gender_targeted, f.not_screened, f.gender_share) == (2, 1, 0.5)
    assert (f.median_days, f.timed) == (15.0, 4)
    assert (f.mean_rating, f.rated) == (3.0, 2)
    regions = {r.region: (r.women, r.men, r.not_recorded, r.participants, r.institutions,
                          r.completed) for r in f.by_region}  # fmt: skip
    assert regions == {
        "Africa": (7, 9, 1, 17, 3, 2),
        "Americas": (4, 4, 2, 10, 3, 1),
        "Asia": (0, 0, 0, 0, 0, 0),
        "Europe": (0, 0, 0, 0, 0, 0),
        "Oceania": (0, 0, 0, 0, 0, 1),
    }
    t = f.total
    assert (t.women, t.men, t.not_recorded, t.participants, t.institutions, t.completed) == (
        11, 13, 3, 27, 6, 4)  # fmt: skip


def test_an_unconfirmed_change_drops_the_rating_until_the_state_confirms_again(session, world):
    ken = world.matches["ken"]
    values = OutcomeInput(result="Analysts trained.", women=3, men=6, not_recorded=0,
                          institutions=1, gender_marker=0)  # fmt: skip
    outcomes.record(session, ken, values, actor=world.users["focal"])
    session.commit()

    f = outcome_figures(session)

    assert (f.confirmed, f.mean_rating, f.rated) == (1, 4.0, 1)
    assert f.total.women == 12


def _focal(app):
    client = app.test_client()
    login(client, "focal@example.org")
    return client


def participants(html: str) -> dict[str, dict[str, tuple[str, str]]]:
    """The participants table: {row: {column: (text, href)}}."""
    table = html[html.index("data-participants") :]
    table = table[: table.index("</table>")]
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for row, body in re.findall(r'<tr data-row="([^"]+)">(.*?)</tr>', table, re.S):
        cell = r'data-column="(\w+)"(?: class="nil")?><a href="([^"]+)">([^<]+)</a>'
        cells = re.findall(cell, body)
        out[row] = {col: (text, href.replace("&amp;", "&")) for col, href, text in cells}
    return out


def test_the_dashboard_shows_each_figure_and_links_to_its_matches(app, world):
    client = _focal(app)
    html = client.get(URL).get_data(as_text=True)
    page = Page(html)

    assert page.figures["completed"][0][1] == "4"
    assert page.figures["completed"][1][1] == "3 with figures, 2 confirmed by their State"
    assert page.figures["gender-share"][0][1] == "50%"
    assert page.figures["gender-share"][1][1] == (
        "2 of 4 completed activities have a gender marker of 1 or 2; 1 not screened"
    )
    assert page.figures["median-completion"][0][1] == "15"
    assert page.figures["median-completion"][1][1] == (
        "from the need's submission to the match's completion, over 4 matches"
    )
    assert page.figures["mean-rating"][0][1] == "3 of 5"
    table = participants(html)
    assert {k: v[0] for k, v in table["Africa"].items()} == {
        "women": "7", "men": "9", "not_recorded": "1", "participants": "17",
        "institutions": "3", "completed": "2"}  # fmt: skip
    assert {k: v[0] for k, v in table["all"].items()} == {
        "women": "11", "men": "13", "not_recorded": "3", "participants": "27",
        "institutions": "6", "completed": "4"}  # fmt: skip
    assert SECRET not in html[html.index("data-outcomes") :]

    # Each link opens exactly the matches the figure counts.
    expected = {
        page.figures["completed"][0][0]: 4,
        page.figures["completed"][1][0]: 3,
        page.figures["gender-share"][0][0]: 2,
        page.figures["median-completion"][0][0]: 4,
        page.figures["mean-rating"][0][0]: 2,
        table["Africa"]["women"][1]: 2,
        table["Africa"]["completed"][1]: 2,
        table["Oceania"]["women"][1]: 0,
        table["Oceania"]["completed"][1]: 1,
        table["all"]["completed"][1]: 4,
    }
    for href, n in expected.items():
        assert parse_qs(urlsplit(href).query)["status"] == ["completed"]
        listed = client.get(href).get_data(as_text=True)
        word = "match" if n == 1 else "matches"
        assert f"{n} {word} with these filters" in listed, href
    confirmed = client.get(Page(html).figures["completed"][1][0].replace("entered", "confirmed"))
    assert "2 matches with these filters" in confirmed.get_data(as_text=True)


def test_the_pipeline_filters_by_outcome_and_marker_and_names_an_unknown_value(app, world):
    client = _focal(app)

    principal = client.get("/pipeline/?view=table&gender=2").get_data(as_text=True)
    missing = client.get("/pipeline/?view=table&outcome=missing").get_data(as_text=True)
    unknown = client.get("/pipeline/?outcome=lost&gender=7").get_data(as_text=True)

    assert "1 match with these filters" in principal  # Senegal's, confidential
    assert "N-KEN" not in principal
    # Only Fiji's match has no figures (Jamaica's second, in progress, has them).
    assert "1 match with these filters" in missing
    assert "N-FJI" in missing
    assert "This outcome filter is not known to cbmatch, so it was ignored." in unknown
    assert "This gender marker is not known to cbmatch, so it was ignored." in unknown


def rows_of(text: str) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == list(COLUMNS)
    return [dict(zip(COLUMNS, r, strict=True)) for r in reader]


def _sums(rows: list[dict[str, str]]) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for r in rows:
        names = ("women", "men", "not_recorded", "participants", "institutions")
        figures = tuple(int(r[k] or 0) for k in names)
        before = out.get(r["region"], (0,) * 6)
        out[r["region"]] = tuple(a + b for a, b in zip(before, (*figures, 1), strict=True))
    return out


def test_the_report_reads_back_as_the_dashboards_figures(app, session, world, cbmatch, tmp_path):
    f = outcome_figures(session)
    result = cbmatch("report", "outcomes")
    assert result.code == 0, result.stderr
    rows = rows_of(result.stdout)

    assert len(rows) == f.completed
    assert sum(r["confirmed"] == "yes" for r in rows) == f.confirmed
    assert sum(r["gender_marker"] in ("1", "2") for r in rows) == f.gender_targeted
    assert sum(r["gender_marker"] == "" for r in rows) == f.not_screened
    days = sorted(int(r["days_to_completion"]) for r in rows)
    assert days == [5, 10, 20, 30]
    assert (days[1] + days[2]) / 2 == f.median_days
    ratings = [int(r["rating"]) for r in rows if r["rating"]]
    assert sum(ratings) / len(ratings) == f.mean_rating
    sums = _sums(rows)
    for r in f.by_region:
        if r.completed:
            assert sums[r.region] == (r.women, r.men, r.not_recorded, r.participants,
                                      r.institutions, r.completed)  # fmt: skip
    secret = next(r for r in rows if r["need_ref"] == "confidential")
    assert (secret["need_title"], secret["state"], secret["region"]) == (
        "confidential", "confidential", "Africa")  # fmt: skip
    assert (secret["women"], secret["gender_marker"], secret["rating"]) == ("5", "2", "4")
    kenya = next(r for r in rows if r["need_ref"] == "N-KEN")
    assert (kenya["state"], kenya["topics"], kenya["offer_ref"], kenya["provider"]) == (
        "Kenya", "incident-response", "O-ALL", "Open Cyber Academy")  # fmt: skip
    assert (kenya["provider_type"], kenya["completed"]) == ("academia", date.today().isoformat())
    fiji = next(r for r in rows if r["need_ref"] == "N-FJI")
    assert (fiji["women"], fiji["participants"], fiji["confirmed"]) == ("", "", "no")
    for text in (SECRET, "N-SEN", "Senegal"):
        assert text not in result.stdout

    written = cbmatch(
        "report", "outcomes", "--format", "xlsx", "--output", str(tmp_path / "o.xlsx")
    )
    assert written.code == 0, written.stderr
    sheet = load_workbook(tmp_path / "o.xlsx").active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == list(COLUMNS)
    as_text = [["" if v is None else (v.date().isoformat() if hasattr(v, "date") else str(v))
                for v in row] for row in cells[1:]]  # fmt: skip
    assert as_text == [list(r.values()) for r in rows]
    assert not any(SECRET in str(v) for row in cells for v in row)

    download = _focal(app).get("/dashboard/reports/outcomes.csv")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith(
        'attachment; filename="cbmatch-outcomes-'
    )
    assert rows_of(download.get_data(as_text=True)) == rows


def test_the_window_keeps_the_matches_completed_in_it(session, world, cbmatch):
    event = next(e for e in world.matches["fji"].events if e.to_status is MatchStatus.COMPLETED)
    event.at = utcnow() - timedelta(days=40)
    session.commit()
    today = date.today()

    recent = rows_of(
        cbmatch("report", "outcomes", "--from", (today - timedelta(days=1)).isoformat()).stdout
    )
    old = rows_of(
        cbmatch("report", "outcomes", "--to", (today - timedelta(days=30)).isoformat()).stdout
    )
    none = rows_of(
        cbmatch("report", "outcomes", "--from", (today + timedelta(days=1)).isoformat()).stdout
    )

    assert sorted(r["need_ref"] for r in recent) == ["N-JAM", "N-KEN", "confidential"]
    assert [r["need_ref"] for r in old] == ["N-FJI"]
    assert none == []


def test_bad_days_are_named_and_only_the_focal_point_downloads(app, session, world, cbmatch):
    backwards = cbmatch("report", "outcomes", "--from", "2027-02-01", "--to", "2027-01-01")
    no_file = cbmatch("report", "outcomes", "--format", "xlsx")
    assert (backwards.code, no_file.code) == (2, 2)
    assert "2027-01-01 is before --from 2027-02-01" in backwards.stderr
    assert "an XLSX file needs --output PATH" in no_file.stderr

    client = _focal(app)
    bad = client.get("/dashboard/reports/outcomes.xlsx?to=2027-13-01")
    assert bad.status_code == 400
    assert "to: 2027-13-01 is not a date in the form YYYY-MM-DD." in bad.get_data(as_text=True)
    for email in ("sen@example.org", "academy@example.org"):
        other = app.test_client()
        login(other, email)
        assert other.get("/dashboard/reports/outcomes.csv").status_code == 403
