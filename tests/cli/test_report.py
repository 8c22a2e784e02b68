"""`cbmatch report gaps`: one row per topic and M49 region, as counted by hand on a small world."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from models import Match, MatchStatus, Need, Offer
from tests.cli.test_match import load
from tests.factories import need_record, offer_record

COLUMNS = ["topic", "region", "open_needs", "unmet_needs", "open_offers"]
SECRET = "Confidential breach review of the Fiji grid"


def world(cbmatch, tmp_path, session):
    needs = [
        need_record(1, state="SEN", topics=["awareness", "incident-response"]),
        need_record(2, state="FJI", topics=["awareness"], confidential=True, title=SECRET),
        need_record(3, state="KEN", topics=["incident-response"]),
    ]
    offers = [
        offer_record(1, topics=["awareness"], eligible=["Oceania"]),
        offer_record(2, topics=["incident-response"], eligible=[]),
    ]
    load(cbmatch, tmp_path, needs, offers)
    kenya = session.scalar(select(Need).where(Need.ref == needs[2]["ref"]))
    course = session.scalar(select(Offer).where(Offer.ref == offers[1]["ref"]))
    session.add(Match(need=kenya, offer=course, status=MatchStatus.ACCEPTED, score=0.5))
    session.commit()


def rows_of(text: str) -> dict[tuple[str, str], tuple[int, int, int]]:
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == COLUMNS
    return {(t, r): (int(a), int(b), int(c)) for t, r, a, b, c in reader}


def test_gaps_count_each_topic_in_each_region_as_a_person_would(
    cbmatch, cbmatch_process, tmp_path, session
):
    world(cbmatch, tmp_path, session)

    result = cbmatch_process("report", "gaps", "--format", "csv")

    assert result.code == 0, result.stderr
    rows = rows_of(result.stdout)
    regions = {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    assert {r for _, r in rows} == regions
    assert len(rows) == 27 * 5  # every topic in every region, zeros included
    assert rows[("awareness", "Africa")] == (1, 1, 0)
    assert rows[("awareness", "Oceania")] == (1, 1, 1)  # the confidential need is counted
    assert rows[("incident-response", "Africa")] == (2, 1, 1)  # Kenya's is matched: not unmet
    for region in regions - {"Africa"}:
        assert rows[("incident-response", region)] == (0, 0, 1)  # open to all States
    others = {k: v for k, v in rows.items() if k[0] not in ("awareness", "incident-response")}
    assert set(others.values()) == {(0, 0, 0)}
    assert SECRET not in result.stdout
    assert "N-T-" not in result.stdout  # counts only, no need is named


def test_the_window_and_the_xlsx_file_read_back_as_the_csv(cbmatch, tmp_path, session):
    world(cbmatch, tmp_path, session)
    today = date.today()
    later = (today + timedelta(days=1)).isoformat()

    empty = rows_of(cbmatch("report", "gaps", "--from", later).stdout)
    kept = rows_of(cbmatch("report", "gaps", "--to", today.isoformat()).stdout)
    assert set(empty.values()) == {(0, 0, 0)}
    assert kept[("incident-response", "Africa")] == (2, 1, 1)

    written = cbmatch("report", "gaps", "--format", "xlsx", "--output", str(tmp_path / "g.xlsx"))
    assert written.code == 0, written.stderr
    sheet = load_workbook(tmp_path / "g.xlsx").active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == COLUMNS
    assert {(t, r): (a, b, c) for t, r, a, b, c in cells[1:]} == kept


def test_bad_options_are_named_and_nothing_is_written(cbmatch, tmp_path):
    backwards = cbmatch("report", "gaps", "--from", "2027-02-01", "--to", "2027-01-01")
    no_file = cbmatch("report", "gaps", "--format", "xlsx")
    bad_day = cbmatch("report", "gaps", "--from", "2027-02-30")

    assert (backwards.code, no_file.code, bad_day.code) == (2, 2, 2)
    assert "2027-01-01 is before --from 2027-02-01" in backwards.stderr
    assert "an XLSX file needs --output PATH" in no_file.stderr
    assert "'2027-02-30' is not a date in the form YYYY-MM-DD" in bad_day.stderr
    assert "Traceback" not in backwards.stderr + no_file.stderr + bad_day.stderr
