"""The /pipeline page: who may open it, the board and the table, filters, sorting, and exports."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from models import MatchStatus, Role
from tests.factories import make_user

PW = "correct horse battery"
P = MatchStatus
URL = "/pipeline/"


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


@pytest.fixture
def focal(app, world):
    client = app.test_client()
    login(client, world.focal.email)
    return client


def ids(world, *statuses) -> set[int]:
    return {world.matches[s].id for s in statuses}


def table_ids(client, query="") -> list[int]:
    """The match ids of every page of the table, in order."""
    out, page = [], 1
    while True:
        html = client.get(f"{URL}?view=table&page={page}&{query}").get_data(as_text=True)
        out += [int(i) for i in re.findall(r'<tr data-match="(\d+)"', html)]
        if 'rel="next"' not in html:
            return out
        page += 1


def board_ids(html) -> set[int]:
    return {int(i) for i in re.findall(r'class="board-card" data-match="(\d+)"', html)}


def csv_rows(client, query="") -> list[list[str]]:
    resp = client.get(f"/pipeline/export.csv?{query}")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in resp.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"), newline="")))


def xlsx_rows(client, query="") -> list[list[object]]:
    resp = client.get(f"/pipeline/export.xlsx?{query}")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(resp.get_data())).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.STATE, 403), (Role.PROVIDER, 403), (Role.FOCAL_POINT, 200),
     (Role.ADMIN, 200)],
)  # fmt: skip
def test_only_the_focal_point_and_admin_open_the_pipeline_and_its_exports(
    app, session, world, role, expected
):
    client = app.test_client()
    if role is Role.STATE:
        login(client, world.reps["FJI"].email)
    elif role is Role.PROVIDER:
        login(client, next(iter(world.providers.values())).email)
    elif role is not None:
        user = make_user(session, role=role, state_code=None, email="boss@example.org")
        session.commit()
        login(client, user.email)
    for url in (URL, URL + "?view=table", "/pipeline/export.csv", "/pipeline/export.xlsx"):
        resp = client.get(url)
        assert resp.status_code == expected, url
        if expected == 302:
            assert "/auth/login" in resp.headers["Location"]
    home = client.get("/").get_data(as_text=True)
    assert ('href="/pipeline/"' in home) == (expected == 200)


def test_the_board_has_a_column_per_status_and_cards_link_to_the_match(focal, world):
    html = focal.get(URL).get_data(as_text=True)
    columns = re.findall(r'data-status="(\w+)"', html)
    assert columns == ["proposed", "accepted", "in_progress", "completed", "declined", "withdrawn"]
    assert board_ids(html) == ids(world, *world.matches)
    accepted = world.matches[P.ACCEPTED]
    column = html.split('data-status="accepted"')[1].split("</section>")[0]
    assert f'href="/matches/{accepted.id}"' in column
    assert accepted.need.title in column
    assert "6 matches." in html


def test_the_status_filter_from_a_link_shows_that_column_only(focal, world):
    html = focal.get(URL + "?status=accepted").get_data(as_text=True)
    assert re.findall(r'data-status="(\w+)"', html) == ["accepted"]
    assert board_ids(html) == ids(world, P.ACCEPTED)
    assert table_ids(focal, "status=completed") == [world.matches[P.COMPLETED].id]


@pytest.mark.parametrize(
    ("query", "statuses"),
    [
        ("region=Oceania", [P.PROPOSED, P.DECLINED]),  # Fiji, Tonga
        ("region=SIDS", [P.PROPOSED, P.IN_PROGRESS, P.DECLINED]),  # Fiji, Jamaica, Tonga
        ("region=Eastern+Africa", [P.COMPLETED]),  # Kenya
        ("state=SEN", [P.ACCEPTED]),
        ("topic=awareness", [P.ACCEPTED, P.DECLINED]),
        ("provider_type=academia", [P.ACCEPTED, P.DECLINED]),  # offer 1: Open Cyber Academy
        ("q=harbourline", [P.PROPOSED, P.COMPLETED]),  # offer 0's provider
        ("q=twelve+analysts", [P.COMPLETED]),  # words of the outcome
        ("q=N-T-004", [P.COMPLETED]),  # a need ref
        ("region=Africa&status=accepted", [P.ACCEPTED]),
        ("region=Europe", []),
    ],
)  # fmt: skip
def test_filters_narrow_board_table_and_both_exports_alike(focal, world, query, statuses):
    expected = ids(world, *statuses)
    assert board_ids(focal.get(f"{URL}?{query}").get_data(as_text=True)) == expected
    table = table_ids(focal, query)
    assert set(table) == expected
    assert [int(r[0]) for r in csv_rows(focal, query)[1:]] == table
    assert [r[0] for r in xlsx_rows(focal, query)[1:]] == table


def test_unknown_filter_values_are_reported_and_ignored(focal, world):
    resp = focal.get(URL + "?region=Atlantis&status=suggested&state=XXX&view=grid&page=x")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "This region is not known to cbmatch, so it was ignored." in html
    assert "This status is not known to cbmatch" in html
    assert board_ids(html) == ids(world, *world.matches)


def test_the_table_sorts_by_each_date_and_keeps_undated_matches_last(focal, world):
    created = [world.matches[s].id for s in world.matches]  # proposed in this order
    assert table_ids(focal, "sort=proposed&order=asc") == created
    assert table_ids(focal, "sort=proposed&order=desc") == created[::-1]
    newest_accepted = table_ids(focal, "sort=accepted&order=desc")
    ever_accepted = ids(world, P.ACCEPTED, P.IN_PROGRESS, P.COMPLETED, P.WITHDRAWN)
    assert set(newest_accepted[:4]) == ever_accepted
    assert newest_accepted[0] == world.matches[P.WITHDRAWN].id
    for order in ("asc", "desc"):
        assert table_ids(focal, f"sort=completed&order={order}")[0] == world.matches[P.COMPLETED].id
    html = focal.get(URL + "?view=table&sort=proposed&order=asc").get_data(as_text=True)
    assert 'aria-sort="ascending"' in html
    # The header link of the current column turns the order round, keeping the filters.
    assert "sort=proposed&amp;order=desc" in html


def test_the_table_pages_and_the_exports_hold_every_page(app, focal, world, monkeypatch):
    monkeypatch.setitem(app.config, "PIPELINE_PAGE_SIZE", 4)
    first = focal.get(URL + "?view=table").get_data(as_text=True)
    assert len(re.findall(r"<tr data-match=", first)) == 4
    assert "page 1 of 2" in first
    last = focal.get(URL + "?view=table&page=99").get_data(as_text=True)
    assert len(re.findall(r"<tr data-match=", last)) == 2
    table = table_ids(focal)
    assert len(table) == 6
    assert [int(r[0]) for r in csv_rows(focal)[1:]] == table
    assert [r[0] for r in xlsx_rows(focal, "view=table&page=2")[1:]] == table


def test_export_columns_and_values(focal, world):
    header, *rows = csv_rows(focal, "sort=proposed&order=asc")
    assert header == [
        "Match id", "Need ref", "Need title", "State", "Offer ref", "Offer title", "Provider",
        "Status", "Score", "Proposed at (UTC)", "Accepted at (UTC)", "Completed at (UTC)",
        "Outcome", "Region", "Groups", "Topics", "Provider type", "In progress at (UTC)",
        "Declined at (UTC)", "Withdrawn at (UTC)",
    ]  # fmt: skip
    by_status = {r[7]: r for r in rows}
    done = world.matches[P.COMPLETED]
    completed = by_status["completed"]
    assert completed[1:8] == [
        done.need.ref, done.need.title, "Kenya", done.offer.ref, done.offer.title,
        "Harbourline Security Ltd", "completed",
    ]  # fmt: skip
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", c) for c in completed[9:12])
    assert completed[12].startswith("Twelve analysts trained")
    assert by_status["proposed"][10:13] == ["", "", ""]
    assert by_status["in progress"][10]  # accepted at
    assert not by_status["in progress"][11]  # not completed

    xlsx = {r[7]: r for r in xlsx_rows(focal)[1:]}
    assert xlsx["completed"][1] == done.need.ref
    assert xlsx["completed"][12] == completed[12]
    assert xlsx["completed"][11].strftime("%Y-%m-%d %H:%M") == completed[11]
    assert xlsx["proposed"][10] is None


def test_text_that_looks_like_a_formula_stays_text(session, focal, world):
    match = world.matches[P.COMPLETED]
    match.outcome = '=HYPERLINK("http://evil.example")'
    session.commit()
    (row,) = csv_rows(focal, "status=completed")[1:]
    assert row[12] == '\'=HYPERLINK("http://evil.example")'
    resp = focal.get("/pipeline/export.xlsx?status=completed")
    cell = openpyxl.load_workbook(io.BytesIO(resp.get_data())).active["M2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example")', "s")


def test_an_empty_pipeline_says_where_matches_come_from(app, session):
    user = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="f@example.org")
    session.commit()
    client = app.test_client()
    login(client, user.email)
    html = client.get(URL).get_data(as_text=True)
    assert "No match has been proposed yet" in html
    assert 'href="/console/queue"' in html
    assert len(csv_rows(client)) == 1  # the header only
