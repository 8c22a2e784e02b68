"""The funding gap: each figure against a hand count on a small fixed world, the rates page, and
the report (CLI and dashboard download) read back as the dashboard shows it.

The world (reporting currency USD; EUR is worth 1.05 from 300 days ago, 1.0843 from 10 days ago
and 2 from tomorrow; XOF has no rate):

    need 1  Senegal (Africa)   awareness, incident-response  requires 100 000 EUR -> 108 430.00
    need 2  Fiji (Oceania)     awareness, CONFIDENTIAL       requires  50 000 USD ->  50 000.00
    need 3  Kenya (Africa)     incident-response             requires funding, no estimate
    need 4  Jamaica (Americas) awareness                     requires 1 000 000 XOF -> no rate
    need 5  Senegal            awareness                     no funding: not counted
    need 6  Kenya              incident-response             10 000 EUR, but CLOSED: not counted
    offer 1 awareness          Oceania only                  brings 30 000 USD ->  30 000.00
    offer 2 incident-response  every State                   brings 20 000 EUR ->  21 686.00
    offer 3 awareness          Western Africa                brings nothing: not counted
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import refresh
from openpyxl import load_workbook
from sqlalchemy import select

from models import AuditEntry, ExchangeRate, Need, NeedStatus, Role
from tests.cli.test_match import load
from tests.factories import make_user, need_record, offer_record
from tests.web.test_pipeline import login
from webapp.services.reports.funding import COLUMNS, funding
from webapp.services.reports.rates import Converter

SECRET = "Confidential grid review of Fiji"
TODAY = date.today()
D = Decimal


def no_funding(**kw):
    return {"funding_required": False, "funding_amount": None, "funding_currency": None, **kw}


def world(cbmatch, tmp_path, session):
    needs = [
        need_record(1, state="SEN", topics=["awareness", "incident-response"], confidential=False,
                    **no_funding(funding_required=True, funding_amount=100_000,
                                 funding_currency="EUR")),
        need_record(2, state="FJI", topics=["awareness"], confidential=True, title=SECRET,
                    **no_funding(funding_required=True, funding_amount=50_000,
                                 funding_currency="USD")),
        need_record(3, state="KEN", topics=["incident-response"], confidential=False,
                    **no_funding(funding_required=True)),
        need_record(4, state="JAM", topics=["awareness"], confidential=False,
                    **no_funding(funding_required=True, funding_amount=1_000_000,
                                 funding_currency="XOF")),
        need_record(5, state="SEN", topics=["awareness"], confidential=False, **no_funding()),
        need_record(6, state="KEN", topics=["incident-response"], confidential=False,
                    **no_funding(funding_required=True, funding_amount=10_000,
                                 funding_currency="EUR")),
    ]  # fmt: skip
    offers = [
        offer_record(1, topics=["awareness"], eligible=["Oceania"],
                     funding_amount=30_000, funding_currency="USD"),
        offer_record(2, topics=["incident-response"], eligible=[],
                     funding_amount=20_000, funding_currency="EUR"),
        offer_record(3, topics=["awareness"], eligible=["Western Africa"],
                     funding_amount=None, funding_currency=None),
    ]  # fmt: skip
    load(cbmatch, tmp_path, needs, offers)
    session.scalar(select(Need).where(Need.ref == "N-T-006")).status = NeedStatus.CLOSED
    for days, rate in ((-300, "1.05"), (-10, "1.0843"), (1, "2")):
        session.add(ExchangeRate(currency="EUR", reporting_currency="USD", rate=D(rate),
                                 valid_from=TODAY + timedelta(days=days)))  # fmt: skip
    session.commit()


def figures_of(line):
    return (line.needs, line.unestimated, line.requested, line.offers, line.offered, line.gap,
            dict(line.missing))  # fmt: skip


#: (needs, without an estimate, requested, offers, offered, gap, amounts not converted) today.
TOTAL = (4, 1, D("158430.00"), 2, D("51686.00"), D("106744.00"), {"XOF": 1})
REGIONS = {
    "Africa": (2, 1, D("108430.00"), 1, D("21686.00"), D("86744.00"), {}),
    "Americas": (1, 0, D("0.00"), 1, D("21686.00"), D("-21686.00"), {"XOF": 1}),
    "Asia": (0, 0, D("0.00"), 1, D("21686.00"), D("-21686.00"), {}),
    "Europe": (0, 0, D("0.00"), 1, D("21686.00"), D("-21686.00"), {}),
    "Oceania": (1, 0, D("50000.00"), 2, D("51686.00"), D("-1686.00"), {}),
}
TOPICS = {
    "awareness": (3, 0, D("158430.00"), 1, D("30000.00"), D("128430.00"), {"XOF": 1}),
    "incident-response": (2, 1, D("108430.00"), 1, D("21686.00"), D("86744.00"), {}),
}


def test_each_figure_is_the_hand_count_with_todays_rates(cbmatch, tmp_path, session):
    world(cbmatch, tmp_path, session)

    found = funding(session, TODAY)

    assert found.currency == "USD"
    assert figures_of(found.total) == TOTAL
    assert {line.key: figures_of(line) for line in found.regions} == REGIONS
    topics = {line.key: figures_of(line) for line in found.topics if not line.empty}
    assert topics == TOPICS
    assert all(isinstance(line.requested, Decimal) for line in (found.total, *found.regions))


def test_an_older_day_uses_the_rate_then_and_before_any_rate_eur_is_counted_apart(
    cbmatch, tmp_path, session
):
    world(cbmatch, tmp_path, session)

    then = funding(session, TODAY - timedelta(days=100)).total
    before = funding(session, TODAY - timedelta(days=400)).total

    assert (then.requested, then.offered) == (D("155000.00"), D("51000.00"))  # EUR at 1.05
    assert (before.requested, before.offered) == (D("50000.00"), D("30000.00"))
    assert before.missing == {"EUR": 2, "XOF": 1}  # need 1 and offer 2, need 4
    assert before.needs == 4  # counted, only not added up


def test_conversion_rounds_to_the_cent_half_to_even_in_decimal():
    rates = Converter(TODAY, "USD", {"EUR": D("0.125"), "JPY": D("0.0066666667")})

    assert rates.convert(1, "EUR") == D("0.12")
    assert rates.convert(3, "EUR") == D("0.38")
    assert rates.convert(3, "JPY") == D("0.02")
    assert rates.convert(7, "USD") == D("7")
    assert rates.convert(7, "XOF") is None
    assert rates.missing == {"XOF": 1}


def _dashboard_lines(page: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for key, row in re.findall(r'<tr data-funding-line="([^"]*)">(.*?)</tr>', page, re.S):
        cells = re.findall(r'data-cell="[^"]+">(.*?)</td>', row, re.S)
        text = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", c))).strip()
                for c in cells]  # fmt: skip
        out[key] = tuple(t.replace("\xa0", " ") for t in text)
    return out


def _shown(value: Decimal) -> str:
    return f"{round(value):,} USD"  # inside <bdi>, tags stripped


def test_the_dashboard_shows_every_figure_with_a_link_to_its_rows(app, cbmatch, tmp_path, session):
    world(cbmatch, tmp_path, session)
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    client = app.test_client()
    login(client, focal.email)

    page = client.get("/dashboard/").get_data(as_text=True)

    lines = _dashboard_lines(page)
    africa = lines["Africa"]
    assert africa[0].startswith("2")
    assert "1 without an estimate" in africa[0]
    assert africa[1:5] == (_shown(D("108430")), "1", _shown(D("21686")), _shown(D("86744")))
    assert lines["Oceania"][5] == "0"
    assert lines["Americas"][4] == "-21,686 USD"
    assert lines["Americas"][5] == "1 (XOF)"
    assert lines["awareness"][1] == "158,430 USD"
    assert "Asia" in lines
    assert "education" not in lines
    assert 'href="/needs/?funding=y&amp;region=Africa"' in page
    assert 'href="/offers/?funding=y&amp;topic=awareness"' in page
    assert 'href="/dashboard/rates?currency=XOF"' in page
    assert SECRET not in page

    # the linked rows are the ones counted: Africa's needs requiring funding are needs 1 and 3
    listed = client.get("/needs/?funding=y&region=Africa").get_data(as_text=True)
    assert "N-T-001" in listed
    assert "N-T-003" in listed
    assert "N-T-005" not in listed
    assert "N-T-006" not in listed
    offers = client.get("/offers/?funding=y&topic=awareness").get_data(as_text=True)
    assert "O-T-001" in offers
    assert "O-T-003" not in offers


def _csv_rows(text: str) -> dict[tuple[str, str], list[str]]:
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == list(COLUMNS)
    return {(r[0], r[1]): r[2:] for r in reader}


def _expected(figures) -> list[str]:
    needs, unestimated, requested, offers, offered, gap, missing = figures
    return ["USD", str(needs), str(unestimated), str(requested), str(offers), str(offered),
            str(gap), str(sum(missing.values())), ";".join(sorted(missing))]  # fmt: skip


def test_the_report_reads_back_as_the_dashboards_figures(app, cbmatch, tmp_path, session):
    world(cbmatch, tmp_path, session)

    result = cbmatch("report", "funding", "--format", "csv")

    assert result.code == 0, result.stderr
    rows = _csv_rows(result.stdout)
    assert rows[("total", "")] == _expected(TOTAL)
    for region, figures in REGIONS.items():
        assert rows[("region", region)] == _expected(figures)
    for topic, figures in TOPICS.items():
        assert rows[("topic", topic)] == _expected(figures)
    assert len([k for k in rows if k[0] == "topic"]) == 27  # every topic, zeros included
    assert rows[("topic", "education")][1:3] == ["0", "0"]
    assert SECRET not in result.stdout
    assert "N-T-" not in result.stdout

    out = tmp_path / "f.xlsx"
    written = cbmatch("report", "funding", "--format", "xlsx", "--output", str(out))
    assert written.code == 0, written.stderr
    cells = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    assert cells[0] == list(COLUMNS)
    by_key = {(r[0], r[1] or ""): r[2:] for r in cells[1:]}
    total = by_key[("total", "")]
    assert total[:3] == ["USD", 4, 1]
    assert D(str(total[3])) == TOTAL[2]
    assert D(str(total[6])) == TOTAL[5]
    assert D(str(by_key[("region", "Americas")][6])) == D("-21686")

    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    client = app.test_client()
    login(client, focal.email)
    download = client.get("/dashboard/reports/funding.csv")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith(
        'attachment; filename="cbmatch-funding-'
    )
    assert _csv_rows(download.get_data(as_text=True)) == rows
    later = (TODAY + timedelta(days=1)).isoformat()
    windowed = _csv_rows(client.get(f"/dashboard/reports/funding.csv?from={later}")
                         .get_data(as_text=True))  # fmt: skip
    assert windowed[("total", "")][1:4] == ["0", "0", "0.00"]
    assert client.get("/dashboard/reports/funding.xlsx").status_code == 200
    assert client.get("/dashboard/reports/funding.csv?to=2027-02-30").status_code == 400


def test_bad_report_options_are_named(cbmatch):
    backwards = cbmatch("report", "funding", "--from", "2027-02-01", "--to", "2027-01-01")
    no_file = cbmatch("report", "funding", "--format", "xlsx")

    assert (backwards.code, no_file.code) == (2, 2)
    assert "2027-01-01 is before --from 2027-02-01" in backwards.stderr
    assert "an XLSX file needs --output PATH" in no_file.stderr


def test_the_focal_point_enters_a_rate_and_the_dashboard_converts_with_it(
    app, cbmatch, tmp_path, session
):
    world(cbmatch, tmp_path, session)
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    client = app.test_client()
    login(client, focal.email)

    page = client.get("/dashboard/rates?currency=XOF").get_data(as_text=True)
    assert 'data-missing="XOF"' in page
    assert re.search(r'<option[^>]*selected[^>]*value="XOF"|<option[^>]*value="XOF"[^>]*selected',
                     page)  # fmt: skip

    saved = client.post("/dashboard/rates", data={
        "currency": "XOF", "rate": "0,0016", "valid_from": TODAY.isoformat()})  # fmt: skip
    assert saved.status_code == 302
    again = client.post("/dashboard/rates", data={
        "currency": "XOF", "rate": "0.00165", "valid_from": TODAY.isoformat()})  # fmt: skip
    assert again.status_code == 302

    rows = session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "XOF")).all()
    assert [(r.rate, r.valid_from, r.created_by_id) for r in rows] == [
        (D("0.00165"), TODAY, focal.id)]  # fmt: skip
    xof = AuditEntry.record.startswith("XOF")
    log = session.scalars(select(AuditEntry).where(AuditEntry.entity == "exchange_rate", xof)).all()
    assert [(e.action, e.actor_id) for e in log] == [("create", focal.id), ("update", focal.id)]
    assert log[1].after["rate"] == "0.00165"
    assert funding(session, TODAY).total.requested == D("158430.00") + D("1650.00")
    listing = client.get("/dashboard/rates").get_data(as_text=True)
    assert "0.00165" in listing
    in_force = re.findall(r'<tr data-rate="(\w+)">(?:(?!</tr>).)*data-in-force', listing, re.S)
    assert sorted(in_force) == ["EUR", "XOF"]  # EUR's of 10 days ago, not tomorrow's nor older
    assert 'data-missing="XOF"' not in listing


def test_a_bad_rate_is_named_kept_and_writes_nothing(app, session):
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    client = app.test_client()
    login(client, focal.email)

    cases = [
        ({"currency": "EUR", "rate": "1.2.3", "valid_from": "2026-01-01"}, "Write the rate as"),
        ({"currency": "EUR", "rate": "0", "valid_from": "2026-01-01"}, "Write the rate as"),
        ({"currency": "EUR", "rate": "-1", "valid_from": "2026-01-01"}, "Write the rate as"),
        ({"currency": "EUR", "rate": "1,000.5", "valid_from": "2026-01-01"}, "Write the rate as"),
        ({"currency": "USD", "rate": "1", "valid_from": "2026-01-01"}, "reporting currency"),
        ({"currency": "ZZZ", "rate": "1", "valid_from": "2026-01-01"}, "Not a valid choice"),
        ({"currency": "EUR", "rate": "1.1", "valid_from": "1999-12-31"}, "between 2000-01-01"),
        ({"currency": "EUR", "rate": "1.1", "valid_from": "2026-02-30"}, "date"),
        ({"currency": "EUR", "rate": "", "valid_from": "2026-01-01"}, "Enter the rate."),
    ]
    for data, message in cases:
        response = client.post("/dashboard/rates", data=data)
        text = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 422, data
        assert message in text, (data, message)
        if data["rate"]:
            assert f'value="{data["rate"]}"' in text
    assert session.scalars(select(ExchangeRate)).all() == []


def test_a_french_reader_sees_the_rate_with_a_comma(app, session):
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.add(ExchangeRate(currency="EUR", reporting_currency="USD", rate=D("1.0843"),
                             valid_from=date(2026, 1, 1)))  # fmt: skip
    session.commit()
    client = app.test_client()
    login(client, focal.email)

    assert client.post("/language", data={"language": "fr", "next": "/"}).status_code == 302
    refresh()  # the tests keep one app context: forget the reader's language
    page = client.get("/dashboard/rates").get_data(as_text=True)

    assert "1,0843" in page
    assert "Taux de change" in page
