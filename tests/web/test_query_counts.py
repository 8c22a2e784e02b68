"""Every list page runs the same number of SQL statements whatever the number of rows it shows.

Each page is requested with a small and a three times larger database; a page whose query count
grows with the rows has an N+1 (a lazy load per row) and fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from models import Match, MatchStatus, Need, Offer, Organisation, Role, db
from tests.factories import make_user, need_record, offer_record
from webapp.services.interchange.operations import import_records

PW = "correct horse battery"
SMALL, LARGE = 4, 12  # both below one page, so every row is rendered


def _fill(session, start: int, stop: int) -> None:
    """Needs and offers numbered start..stop-1, one proposed and one suggested match per need."""
    needs = [("t", need_record(i, state="SEN", confidential=False)) for i in range(start, stop)]
    offers = [
        (
            "t",
            offer_record(
                i,
                provider="Harbourline Security Ltd",
                provider_type="business",
                provider_country="GBR",
                eligible=[],
            ),
        )
        for i in range(start, stop)
    ]
    import_records(session, "needs", needs)
    import_records(session, "offers", offers)
    for i in range(start, stop):
        need = session.scalars(select(Need).where(Need.ref == f"N-T-{i:03d}")).one()
        offer = session.scalars(select(Offer).where(Offer.ref == f"O-T-{i:03d}")).one()
        status = MatchStatus.PROPOSED if i % 2 else MatchStatus.SUGGESTED
        session.add(Match(need_id=need.id, offer_id=offer.id, score=0.5, reasons=["r"],
                          status=status))  # fmt: skip
    session.flush()


@contextmanager
def counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


PAGES = [
    # (who signs in, url)
    (None, "/"),
    (None, "/needs/"),
    (None, "/needs/?q=law&sort=priority"),
    (None, "/offers/"),
    (None, "/offers/?region=Africa&topic=awareness"),
    (None, "/states/SEN"),
    ("state", "/needs/"),
    ("state", "/matches/"),
    ("state", "/survey/needs"),
    ("provider", "/offers/mine"),
    ("provider", "/matches/"),
    ("focal", "/console/queue"),
    ("focal", "/matches/"),
    ("focal", "/auth/accounts"),
    ("focal", "/dashboard/"),
    ("focal", "/dashboard/unmet"),
    ("focal", "/pipeline/"),
    ("focal", "/pipeline/?view=table"),
    ("focal", "/audit/"),
    (None, "/calendar/list"),
    (None, "/calendar?month=2027-03"),
    (None, "/directory/centres"),
    ("state", "/directory/contacts/"),
    # the personal homes: their lists, the fits of each need or offer, the header's counts
    ("state", "/home"),
    ("provider", "/home"),
    ("focal", "/home"),
]


#: Pages that rank with the app's match index: it is fitted, or brought up to date, on the first
#: use after offers changed (a cost per change, not per row shown), so they are counted on a
#: second request.
WARM = {"/home", "/dashboard/unmet"}


@pytest.fixture
def accounts(app, session):
    # the match index looks for changes made outside the request's session (this test's rows) on
    # every use: a constant two queries, rather than every 5 s, which a slow run may cross or not
    app.config["MATCH_INDEX_CHECK_SECONDS"] = 0
    make_user(session, role=Role.STATE, state_code="SEN", email="state@example.org")
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org")
    _fill(session, 0, 1)  # creates the provider's organisation
    org = session.scalars(select(Organisation).where(Organisation.name.like("Harbourline%"))).one()
    make_user(session, role=Role.PROVIDER, state_code=None, organisation=org.name,
              email="provider@example.org")  # fmt: skip
    for i in range(3):  # accounts waiting for approval, for the approval queue
        make_user(session, role=Role.STATE, state_code="FJI", email=f"p{i}@example.org",
                  status="pending")  # fmt: skip
    session.commit()


def _count(client, who: str | None, url: str) -> int:
    client.post("/auth/logout")
    if who:
        r = client.post("/auth/login", data={"email": f"{who}@example.org", "password": PW})
        assert r.status_code == 302
    if url in WARM:  # the match index catches up with the last changes on its first use
        assert client.get(url).status_code == 200
    db.session.expunge_all()  # every page starts from an empty identity map, as in production
    with counting() as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements)


@pytest.mark.usefixtures("accounts")
def test_list_pages_run_a_constant_number_of_queries(client, session):
    _fill(session, 1, SMALL)
    session.commit()
    small = {(who, url): _count(client, who, url) for who, url in PAGES}
    _fill(session, SMALL, LARGE)
    session.commit()
    large = {(who, url): _count(client, who, url) for who, url in PAGES}
    grown = {k: (small[k], large[k]) for k in PAGES if large[k] != small[k]}
    assert not grown, f"queries grew with rows ({SMALL} -> {LARGE} records): {grown}"
