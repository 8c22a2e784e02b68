"""The dashboard's report downloads: the same file as `cbmatch report`, for the focal point only."""

from __future__ import annotations

from models import Role
from tests.cli.test_report import rows_of, world
from tests.factories import make_user
from tests.web.test_pipeline import login


def test_the_focal_point_downloads_the_gaps_report_the_cli_writes(app, cbmatch, tmp_path, session):
    world(cbmatch, tmp_path, session)
    client = app.test_client()
    focal = make_user(session, role=Role.FOCAL_POINT, state_code=None, email="fp@example.org")
    session.commit()
    login(client, focal.email)

    page = client.get("/dashboard/").get_data(as_text=True)
    download = client.get("/dashboard/reports/gaps.csv")

    assert 'href="/dashboard/reports/gaps.csv"' in page
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith('attachment; filename="cbmatch-gaps-')
    assert rows_of(download.get_data(as_text=True)) == rows_of(cbmatch("report", "gaps").stdout)
    bad = client.get("/dashboard/reports/gaps.csv?from=2027-02-30")
    backwards = client.get("/dashboard/reports/gaps.csv?from=2027-02-01&to=2027-01-01")
    assert (bad.status_code, backwards.status_code) == (400, 400)
    assert "from: 2027-02-30 is not a date in the form YYYY-MM-DD." in bad.get_data(as_text=True)
    assert "to: 2027-01-01 is before from (2027-02-01)." in backwards.get_data(as_text=True)
